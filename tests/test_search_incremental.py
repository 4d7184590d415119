"""Search indexing from cached analyses, and the whoosh index updated in place, equal clean builds."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from search_factory import seed_articles, synthetic_articles

from generator.config import SiteConfig
from generator.search import (
    analyse_article,
    analyse_articles,
    build_static_index,
    build_static_index_from,
    query_index,
    update_whoosh_index,
    write_whoosh_index,
)
from generator.search.whoosh_index import META_FILE

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


def test_whoosh_update_equals_a_fresh_index(tmp_path: Path) -> None:
    articles = _articles()
    live = tmp_path / "live"
    assert update_whoosh_index(analyse_articles(articles), live).rebuilt
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


def test_corrupt_side_file_means_a_rebuild(tmp_path: Path) -> None:
    articles = _articles()[:10]
    write_whoosh_index(articles, tmp_path)
    (tmp_path / META_FILE).write_text("{not json", encoding="utf-8")
    assert update_whoosh_index(analyse_articles(articles), tmp_path).rebuilt
    expected = _results(tmp_path)
    (tmp_path / META_FILE).write_text('{"format": 2, "articles": {}, "segments": {}}', encoding="utf-8")
    assert update_whoosh_index(analyse_articles(articles), tmp_path).rebuilt  # a record of another index
    assert _results(tmp_path) == expected
