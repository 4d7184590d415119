"""Search indexing from cached analyses, and the whoosh index updated in place, equal clean builds."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest
from search_factory import make_article, seed_articles, synthetic_articles
from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import NO_MERGE

from generator.config import SiteConfig
from generator.search import (
    analyse_article,
    analyse_articles,
    build_static_index,
    build_static_index_from,
    query_index,
    update_whoosh_index,
    whoosh_update,
    write_whoosh_index,
)
from generator.search.whoosh_fields import analysed_fields, plain_fields
from generator.search.whoosh_index import INDEX_NAME, META_FILE, schema
from generator.search.whoosh_segment import adding, write_segment

QUERIES = ["داعش", "پوتین", "المقاتلين الأجانب", '"المقاتلين الأجانب"', "المقا", "الرق", "داعش -سوريا",
           "می خواهم", "۲۰۱۷", "اروپا", "قبل", "xyz"]


def _articles() -> list:
    return [*seed_articles(), *synthetic_articles(40)]


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


def _results(index_dir: Path) -> dict[str, list]:
    return {q: query_index(index_dir, q, limit=100) for q in QUERIES}


def test_static_index_from_cached_analyses_is_byte_identical() -> None:
    articles, config = _articles(), SiteConfig()
    cached = pickle.loads(pickle.dumps([analyse_article(a) for a in reversed(articles)]))
    assert build_static_index_from(cached, config) == build_static_index(articles, config)


def test_cached_analyses_are_reused_only_while_their_article_is_unchanged() -> None:
    articles = _articles()[:3]
    first = analyse_articles(articles)
    changed = dataclasses.replace(articles[0], body_text=articles[0].body_text + " كلمة")
    again = analyse_articles([changed, *articles[1:]], {a.key: a for a in first})
    assert again[1] is first[1] and again[2] is first[2]
    assert again[0].key != first[0].key and "كلمه" in again[0].terms


def _segment_ids(folder: Path) -> set[str]:
    with index.open_dir(str(folder), indexname=INDEX_NAME).reader() as reader:
        return {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers()}


@pytest.fixture(params=["one segment", "segments from two processes"])
def segments(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Jobs for a cold build; with two, segments small enough that a few dozen articles make several."""
    if request.param == "one segment":
        return 1
    monkeypatch.setattr(whoosh_update, "SEGMENT_DOCS", 12)
    monkeypatch.setattr(whoosh_update, "PARALLEL_DOCS", 10)
    monkeypatch.setattr(whoosh_update, "SMALL_SEGMENT", 5)
    return 2


def test_whoosh_update_equals_a_fresh_index(tmp_path: Path, segments: int) -> None:
    articles = _articles()
    live = tmp_path / "live"
    assert update_whoosh_index(analyse_articles(articles), live, segments).rebuilt
    cold = _segment_ids(live)
    assert len(cold) == (1 if segments == 1 else 4)
    before = _snapshot(live)
    unchanged = update_whoosh_index(analyse_articles(articles), live)
    assert (unchanged.added, unchanged.deleted, unchanged.rebuilt) == (0, 0, False)
    assert _snapshot(live) == before  # no change touches nothing

    edited = dataclasses.replace(articles[3], body_text=articles[3].body_text + "\nالمقاتلين الأجانب في الرقة")
    renamed = dataclasses.replace(articles[10], path="renamed/" + articles[10].path)
    changed = [a for i, a in enumerate(articles) if i not in (3, 10, 20)] + [edited, renamed]
    for step in (changed, changed[5:], changed[:-7]):  # edit, rename, delete; then re-add and delete
        update = update_whoosh_index(analyse_articles(step), live)
        assert not update.rebuilt
        fresh = tmp_path / f"fresh-{len(step)}"
        write_whoosh_index(step, fresh)
        assert _results(live) == _results(fresh)
    if segments > 1:  # edits merged small segments only; a cold one stays unless edits deleted most of it
        with index.open_dir(str(live), indexname=INDEX_NAME).reader() as reader:
            kept = {leaf.segment().segment_id(): leaf.segment() for leaf, _ in reader.leaf_readers()}
        assert len(cold & set(kept)) >= 2
        assert all(s.doc_count() >= whoosh_update.WORN_SHARE * s.doc_count_all()
                   for s in kept.values() if s.doc_count_all() >= whoosh_update.SMALL_SEGMENT)


def _deleted_documents(folder: Path) -> int:
    with index.open_dir(str(folder), indexname=INDEX_NAME).reader() as reader:
        return reader.doc_count_all() - reader.doc_count()


def test_a_segment_mostly_deleted_by_edits_is_written_again_without_its_deleted_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh_update, "SEGMENT_DOCS", 20)
    monkeypatch.setattr(whoosh_update, "SMALL_SEGMENT", 10)
    articles = synthetic_articles(40)
    live = tmp_path / "live"
    update_whoosh_index(analyse_articles(articles), live)
    segment = next(iter(json.loads((live / META_FILE).read_text(encoding="utf-8"))["segments"].values()))
    assert len(segment) == 20
    order = sorted(articles, key=lambda a: a.path not in segment)  # the segment's articles first
    for count in range(1, 12):  # the segment's articles edited one build at a time
        edited = [dataclasses.replace(a, body_text=a.body_text + " منقح") for a in order[:count]]
        step = [*edited, *order[count:]]
        update_whoosh_index(analyse_articles(step), live)
        deleted = _deleted_documents(live)
        assert deleted == (count if count <= 10 else 0)  # past half of it the segment is written again
        fresh = tmp_path / f"fresh-{count}"
        write_whoosh_index(step, fresh)
        assert _results(live) == _results(fresh)


def test_several_processes_give_the_results_of_one(tmp_path: Path, segments: int) -> None:
    analyses = analyse_articles(_articles())
    update_whoosh_index(analyses, tmp_path / "one", 1)
    update_whoosh_index(analyses, tmp_path / "several", segments)
    assert _results(tmp_path / "one") == _results(tmp_path / "several")


def test_stems_match_only_in_the_language_they_were_stemmed_for(tmp_path: Path) -> None:
    # "کتابتر" stems to "کتاب" in a Persian article; an Arabic article keeps it whole.
    articles = [make_article("fa.md", "عنوان", "کتابتر را خواندم", lang="fa"),
                make_article("ar.md", "عنوان", "کتابتر هنا", lang="ar")]
    write_whoosh_index(articles, tmp_path)
    assert [r["path"] for r in query_index(tmp_path, "کتاب ")] == ["fa.md"]  # a space: no prefix matching


def _contents(folder: Path) -> tuple[dict, list]:
    """Every term's postings (document, weight, value) per field, and every document's stored fields."""
    with index.open_dir(str(folder), indexname=INDEX_NAME).reader() as reader:
        postings = {}
        for field, text in reader.all_terms():
            matcher, rows = reader.postings(field, text), []
            while matcher.is_active():
                rows.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[field, text] = rows
        return postings, [reader.stored_fields(i) for i in range(reader.doc_count_all())]


def test_segment_written_from_analyses_equals_whooshs_own(tmp_path: Path) -> None:
    analyses = analyse_articles(_articles())
    own = FileStorage(str(tmp_path / "own")).create().create_index(schema(), indexname=INDEX_NAME)
    with own.writer() as writer:
        for a in analyses:
            writer.add_document(**plain_fields(a), **analysed_fields(a))
    direct = FileStorage(str(tmp_path / "direct")).create().create_index(schema(), indexname=INDEX_NAME)
    segment = write_segment(direct.storage, schema(), INDEX_NAME, analyses)
    direct.writer().commit(mergetype=adding([segment], NO_MERGE))
    expected = _contents(tmp_path / "own")
    assert len(expected[0]) > 1000 and len(expected[1]) == len(analyses)
    assert _contents(tmp_path / "direct") == expected


def test_corrupt_side_file_means_a_rebuild(tmp_path: Path) -> None:
    articles = _articles()[:10]
    write_whoosh_index(articles, tmp_path)
    (tmp_path / META_FILE).write_text("{not json", encoding="utf-8")
    assert update_whoosh_index(analyse_articles(articles), tmp_path).rebuilt
    expected = _results(tmp_path)
    (tmp_path / META_FILE).write_text('{"format": 2, "articles": {}, "segments": {}}', encoding="utf-8")
    assert update_whoosh_index(analyse_articles(articles), tmp_path).rebuilt  # a record of another index
    assert _results(tmp_path) == expected
