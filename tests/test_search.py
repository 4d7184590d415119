"""Search on hand-built articles: the issue's promises, the export round trip, the CLI text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from search_factory import make_article, seed_articles, synthetic_articles

from generator.config import SiteConfig
from generator.search import analyse_articles, build_static_index, cli_search, engine, query_index, write_whoosh_index
from generator.search.query import parse_query
from generator.search.static_source import StaticSource
from generator.search.whoosh_index import WhooshSource
from generator.textnorm import query_stems

ARABIC_SEEDS = {"001_bf4fdc5bbe916684.txt", "002_7bdff688ace681d8.txt", "003_8fd63c14d31d5337.txt",
                "004_5f292ea16519a414.txt"}
ALL_SEEDS = ARABIC_SEEDS | {"000_29e0669f1e92bf8a.txt"}


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("whoosh")
    write_whoosh_index(seed_articles(), folder)
    return folder


def paths(index: Path, query: str, **kwargs: object) -> set[str]:
    return {r["path"] for r in query_index(index, query, **kwargs)}


def test_persian_spelling_with_arabic_ye(seed_index: Path) -> None:
    assert paths(seed_index, "پوتین") == {"000_29e0669f1e92bf8a.txt"}  # the seed writes پوتين


def test_tatweel_finds_every_seed(seed_index: Path) -> None:
    assert paths(seed_index, "داعـش") == ALL_SEEDS


def test_diacritics_find_the_arabic_seeds(seed_index: Path) -> None:
    assert paths(seed_index, "المُقاتِلين") == ARABIC_SEEDS


@pytest.mark.parametrize("year", ["۲۰۱۷", "٢٠١٧", "2017"])
def test_every_digit_system_finds_2017(seed_index: Path, year: str) -> None:
    assert paths(seed_index, year) == {"001_bf4fdc5bbe916684.txt", "004_5f292ea16519a414.txt"}


def test_quoted_phrase_needs_the_words_adjacent(seed_index: Path) -> None:
    apart = "003_8fd63c14d31d5337.txt"  # has المقاتلين and الأجانب, but not next to each other
    assert apart in paths(seed_index, "المقاتلين الأجانب")
    phrase = paths(seed_index, '"المقاتلين الأجانب"')
    assert phrase and apart not in phrase


def test_excluded_word_and_language_filter(seed_index: Path) -> None:
    assert paths(seed_index, "داعش -سوريا") == {"000_29e0669f1e92bf8a.txt", "001_bf4fdc5bbe916684.txt"}
    assert paths(seed_index, "داعش", lang="fa") == {"000_29e0669f1e92bf8a.txt"}


def test_exact_form_ranks_above_a_stem_match(tmp_path: Path) -> None:
    articles = [make_article("a.txt", "خبر", "المقاتلين في الرقة"), make_article("b.txt", "خبر", "مقاتلون في الرقة")]
    write_whoosh_index(articles, tmp_path)
    assert [r["path"] for r in query_index(tmp_path, "المقاتلين ")] == ["a.txt", "b.txt"]


def test_title_outweighs_body(tmp_path: Path) -> None:
    articles = [make_article("a.txt", "عنوان", "الرقة تقرير طويل"), make_article("b.txt", "الرقة", "تقرير طويل عن")]
    write_whoosh_index(articles, tmp_path)
    assert [r["path"] for r in query_index(tmp_path, "الرقة ")][0] == "b.txt"


def test_zwnj_spellings_find_each_other(tmp_path: Path) -> None:
    texts = {"zwnj.txt": "من می‌خواهم بروم", "space.txt": "من می خواهم بروم", "joined.txt": "من میخواهم بروم"}
    write_whoosh_index([make_article(p, "عنوان", t, "fa") for p, t in texts.items()], tmp_path)
    for query in ("می‌خواهم", "می خواهم", "میخواهم"):
        assert paths(tmp_path, query + " ") == set(texts), query


def test_prefix_of_the_word_being_typed(seed_index: Path) -> None:
    assert paths(seed_index, "المقات") == ARABIC_SEEDS
    assert paths(seed_index, "المقات ") == set()  # a finished word is not a prefix


def test_cli_json_and_text(seed_index: Path) -> None:
    rows = json.loads(cli_search(seed_index, "داعش", 2, None, True))
    assert len(rows) == 2 and {"path", "url", "title", "score"} <= set(rows[0])
    assert "داعش" in cli_search(seed_index, "داعش", 1, None, False) or rows
    assert cli_search(seed_index, "کلمه‌ای‌که‌نیست", 5, None, False) == "no results"


def test_missing_index_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build"):
        query_index(tmp_path / "nothing", "داعش")


def test_export_round_trip_gives_whoosh_postings(tmp_path: Path) -> None:
    articles = synthetic_articles(300)
    write_whoosh_index(articles, tmp_path)
    files = build_static_index(articles, SiteConfig())
    static = StaticSource(files)
    assert len(static.manifest["shards"]["t"]) > 1, "test should span several shards"
    whoosh = WhooshSource(tmp_path)
    try:
        terms = [t.decode() if isinstance(t, bytes) else t for t in whoosh.reader.lexicon("body")]
        for term in terms[:: max(1, len(terms) // 150)]:
            assert static.exact(term) == whoosh.exact(term), term
            assert static.positions(term) == whoosh.positions(term), term
            assert sorted(static.completions(term[:3])) == sorted(whoosh.completions(term[:3]))
        stems = sorted({s for a in analyse_articles(articles) for s in a.stems})
        for term in stems[:: max(1, len(stems) // 100)]:
            assert static.stem(term) == whoosh.stem(term), term
        for term in terms[:: max(1, len(terms) // 100)]:  # stems met through a term's entry first
            fresh = StaticSource(files)
            fresh.exact(term)
            for name in query_stems(term):
                assert fresh.stem(name) == whoosh.stem(name), (term, name)
    finally:
        whoosh.close()


def test_export_is_deterministic_and_bounded() -> None:
    articles = synthetic_articles(200)
    first = build_static_index(articles, SiteConfig())
    again = build_static_index(list(reversed(articles)), SiteConfig())
    assert [(f.path, f.data) for f in first] == [(f.path, f.data) for f in again]
    assert all(f.path.startswith("search/index/") and f.path.endswith(".js") for f in first)
    manifest = next(f for f in first if f.path.endswith("manifest.js"))
    assert len(manifest.data) < 20_000


def test_one_word_query_fetches_only_its_shards() -> None:
    static = StaticSource(build_static_index(synthetic_articles(400), SiteConfig()))
    engine.run(static, parse_query("داعش "))
    # The word's entry holds its stems' postings too: no stem shard, no second copy of a long list.
    assert {name.split("/")[0] for name in static.fetched} == {"manifest", "t"}
    assert len(static.fetched) == 2


def test_hostile_titles_stay_text_in_the_index() -> None:
    article = make_article("x.txt", '<img src=x onerror="alert(1)">', "<script>alert(1)</script> داعش")
    static = StaticSource(build_static_index([article], SiteConfig()))
    assert static.result(0)["title"] == '<img src=x onerror="alert(1)">'
