"""The browser index re-exported from the last export's state equals a full export, byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from search_factory import make_article, seed_articles, synthetic_articles

from generator.cache_file import load_cache
from generator.config import SiteConfig
from generator.fingerprint import code_fingerprint, digest
from generator.model import OutputFile, StoredFile
from generator.pipeline import Paths, build_site
from generator.search import analyse_articles, build_static_index_from, codec, export, incremental
from generator.search.analysis import ArticleAnalysis, analyse_article
from generator.search.codec import SMALL_LIMIT, Reader, _varint_table, varint
from generator.search.documents import Analyses, DocHead, length_code
from generator.search.engine import utf16_key
from generator.search.export import SHARD_BYTES
from generator.search.incremental import ExportState, build_static_index_incremental
from generator.search.static_source import _slots
from generator.textnorm import normalize, stem


def _articles() -> list:
    return [*seed_articles(), *synthetic_articles(120)]


# Every analysis made here, by key, as the build cache keeps them: an incremental export reads the
# analyses the changed articles had before from it.
_KEPT: dict[str, ArticleAnalysis] = {}


def _analysed(articles: list) -> Analyses:
    analyses = analyse_articles(articles)
    _KEPT.update((a.key, a) for a in analyses)
    return Analyses(tuple(DocHead.of(a) for a in analyses), _KEPT.__getitem__)


def _state(articles: list) -> ExportState:
    files, state = build_static_index_incremental(_analysed(articles), SiteConfig(), None)
    assert files == build_static_index_from(analyse_articles(articles), SiteConfig())
    return pickle.loads(pickle.dumps(state))  # as the build cache keeps it


def _check(articles: list, state: ExportState) -> ExportState:
    analyses = _analysed(articles)
    files, after = build_static_index_incremental(analyses, SiteConfig(), state)
    full_files, full = build_static_index_incremental(analyses, SiteConfig(), None)
    assert files == full_files
    assert after.stems.query.keys() == after.exact.keys()  # each term's stems kept, no gone term's
    assert after.sizes == full.sizes  # the sizes carried over are those measured afresh
    return after


def _edit(article, text: str):  # type: ignore[no-untyped-def]
    return dataclasses.replace(article, body_text=article.body_text + text)


@pytest.mark.parametrize("change", [
    "body", "body-new-words", "body-words-removed", "title", "date", "add", "delete", "outlet", "nothing", "two",
])
def test_incremental_export_equals_full_export(change: str) -> None:
    articles = _articles()
    state = _state(articles)
    index = len(articles) // 2
    target = articles[index]
    if change == "body":
        articles[index] = _edit(target, " المقاتلين الأجانب")
    elif change == "body-new-words":
        articles[index] = _edit(target, " زززفريدة كلمةلمتكنقط xyzzyunique")
    elif change == "body-words-removed":
        articles[index] = dataclasses.replace(target, body_text="نص قصير جدا")
    elif change == "title":
        articles[index] = dataclasses.replace(target, title=target.title + " عنوان")
    elif change == "date":
        articles[index] = dataclasses.replace(target, published=dt.date(1999, 1, 1))
    elif change == "add":
        added = make_article("new/one.md", "مقال جديد", "نص جديد عن داعش واروپا", published=dt.date(2020, 5, 5))
        articles.append(added)
    elif change == "delete":
        del articles[index]
    elif change == "outlet":
        articles[index] = dataclasses.replace(target, outlet="منفذ جديد تماما")
    elif change == "two":
        articles[index] = _edit(target, " كلمة")
        articles[3] = _edit(articles[3], " أخرى")
    _check(articles, state)


def test_a_chain_of_incremental_exports_stays_equal() -> None:
    articles = _articles()
    state = _state(articles)
    for step in range(4):
        articles[step * 7] = _edit(articles[step * 7], f" خطوة{step} داعش")
        state = _check(articles, state)
    articles[7] = dataclasses.replace(articles[7], body_text="")  # its words leave the index
    state = _check(articles, state)
    for step in range(3):  # several articles at once, near each other and far apart
        for index in (1, 2, 60 + step, len(articles) - 1):
            articles[index] = _edit(articles[index], f" معا{step} داعش سوريا")
        state = _check(articles, state)
    articles[1] = dataclasses.replace(articles[1], body_text="")
    articles[2] = _edit(articles[2], " " + articles[1].title)
    _check(articles, state)


def test_a_change_that_moves_shard_boundaries_stays_equal() -> None:
    articles = _articles()
    state = _state(articles)
    long_text = " ".join(f"داعش{n} سوريا" for n in range(SHARD_BYTES // 4))
    articles[10] = _edit(articles[10], long_text)
    state = _check(articles, state)
    articles[10] = _edit(articles[10], "")
    _check(_articles(), state)


def test_an_edit_stems_only_the_words_new_to_the_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.search import stem_refs

    articles = _articles()
    state = _state(articles)
    stemming, stemmed = stem_refs.query_stems, []
    monkeypatch.setattr(stem_refs, "query_stems", lambda term: stemmed.append(term) or stemming(term))
    for words, new in ((" المقاتلين داعش", []), (" زززفريدة", ["زززفريده"])):  # known words, then a new one
        articles[5] = _edit(articles[5], words)
        analyses = _analysed(articles)
        stemmed.clear()
        files, state = build_static_index_incremental(analyses, SiteConfig(), pickle.loads(pickle.dumps(state)))
        assert stemmed == new
        assert files == build_static_index_from(analyses, SiteConfig())


# Three articles with one stem, بلورق: two have the term البلورق (its reference), one بلورق.
FAMILY = [
    make_article("family/a.txt", "مقال أول", "البلورق البلورق في النص", published=dt.date(2015, 3, 1)),
    make_article("family/b.txt", "مقال ثان", "البلورق مرة أخرى", published=dt.date(2015, 3, 2)),
    make_article("family/c.txt", "مقال ثالث", "بلورق مرة ثالثة", published=dt.date(2015, 3, 3)),
]
NEW_WORD = "كلمةجديدةتماما"
NEW_STEM = stem(normalize(NEW_WORD), "ar")


def _no_full_export(*_: object) -> None:
    raise AssertionError("the change was exported in full")


def _check_incremental(articles: list, state: ExportState, monkeypatch: pytest.MonkeyPatch) -> ExportState:
    """As `_check`, and the export took the incremental path and encoded only some t/ shards again."""
    analyses = _analysed(articles)
    with monkeypatch.context() as patch:
        patch.setattr(incremental, "full_entries", _no_full_export)
        files, after = build_static_index_incremental(analyses, SiteConfig(), state)
    assert files == build_static_index_from(analyses, SiteConfig())
    before = {shard.files[0] for shard in state.shards["t"]}
    encoded = [shard for shard in after.shards["t"] if shard.files[0] not in before]
    assert 0 < len(encoded) < len(after.shards["t"]) / 2
    return after


@pytest.mark.parametrize("change", ["new-word", "new-word-removed", "reference-changes", "stem-gained", "stem-lost"])
def test_a_change_to_the_stems_is_exported_incrementally(change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [*_articles(), *FAMILY]
    state = _state(articles)
    index = len(articles) // 2
    persian = next(n for n, a in enumerate(articles) if a.lang == "fa")
    original = list(articles)
    if change.startswith("new-word"):  # the word, and so its stem, is new to the archive
        articles[index] = _edit(articles[index], f" {NEW_WORD}")
        after = _check_incremental(articles, state, monkeypatch)
        assert NEW_STEM not in state.stems.df and NEW_STEM in after.stems.df
        if change == "new-word-removed":  # its last use goes, and its stem with it
            assert NEW_STEM not in _check_incremental(original, after, monkeypatch).stems.df
    elif change == "reference-changes":  # بلورق is now in more documents than البلورق
        articles[-3] = dataclasses.replace(articles[-3], body_text="بلورق في النص")
        after = _check_incremental(articles, state, monkeypatch)
        assert (state.stems.refs["بلورق"], after.stems.refs["بلورق"]) == ("البلورق", "بلورق")
    else:  # a Persian document has البلورق: its Persian stem (the word itself) was in no document
        articles[persian] = _edit(articles[persian], " البلورق")
        after = _check_incremental(articles, state, monkeypatch)
        assert "البلورق" not in state.stems.df and after.stems.refs["البلورق"] == "البلورق"
        if change == "stem-lost":
            assert "البلورق" not in _check_incremental(original, after, monkeypatch).stems.df


def test_shards_after_a_new_one_keep_their_bytes_under_their_new_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    small = make_article("small.md", "قصير", "نص", published=dt.date(2016, 1, 1))
    articles = [*_articles(), small]
    state = _state(articles)
    # A word longer than a shard, sorting just before the first word of a shard in the middle, gets a
    # shard of its own: the shards after it hold the same words as before, each under the next number.
    middle = state.shards["t"][len(state.shards["t"]) // 2]
    before = state.terms[state.terms.index(middle.first) - 1]
    articles[-1] = _edit(small, " " + before + "ش" * SHARD_BYTES * 2)
    analyses = _analysed(articles)
    with monkeypatch.context() as patch:
        patch.setattr(incremental, "full_entries", _no_full_export)
        files, after = build_static_index_incremental(analyses, SiteConfig(), state)
    assert files == build_static_index_from(analyses, SiteConfig())
    payloads = {shard.files[0].split(b",", 1)[1]: number for number, shard in enumerate(state.shards["t"])}
    moved = [n for n, shard in enumerate(after.shards["t"]) if payloads.get(shard.files[0].split(b",", 1)[1]) == n - 1]
    assert len(moved) >= 2


class _Files:
    """A file store in memory, as the build cache is one on disk; counts what is read back."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.reads = 0

    def keep_file(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.kept[sha] = data
        return sha

    def read_file(self, sha256: str) -> bytes:
        self.reads += 1
        return self.kept[sha256]


def _read(files: list[OutputFile | StoredFile]) -> list[OutputFile]:
    return [f if isinstance(f, OutputFile) else OutputFile(f.path, f.read()) for f in files]


def test_with_a_file_store_the_state_names_its_files_by_hash_and_reads_none_back_for_an_edit() -> None:
    articles = _articles()
    store = _Files()
    files, state = build_static_index_incremental(_analysed(articles), SiteConfig(), None, store)
    assert _read(files) == build_static_index_from(analyse_articles(articles), SiteConfig())
    named = [data for listed in state.shards.values() for shard in listed for data in shard.files] + state.chunks
    assert all(isinstance(data, str) for data in named) and state.file_hashes() == set(store.kept)
    state = pickle.loads(pickle.dumps(state))
    word = articles[7].body_text.split()[3]  # a word it has already: no shard comes or goes
    articles[7] = _edit(articles[7], f" {word}")
    store.reads = 0
    files, after = build_static_index_incremental(_analysed(articles), SiteConfig(), state, store)
    assert store.reads == 0  # unchanged files go by hash, and the new ones were just made
    assert [f.path for f in files if not isinstance(f, StoredFile)] == ["search/index/manifest.js"]
    assert 0 < len(after.file_hashes() - state.file_hashes()) < len(state.file_hashes()) / 4
    assert _read(files) == build_static_index_from(analyse_articles(articles), SiteConfig())


def test_with_a_file_store_a_shard_under_a_new_number_is_read_back_and_renamed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    small = make_article("small.md", "قصير", "نص", published=dt.date(2016, 1, 1))
    articles = [*_articles(), small]
    store = _Files()
    _, state = build_static_index_incremental(_analysed(articles), SiteConfig(), None, store)
    middle = state.shards["t"][len(state.shards["t"]) // 2]  # as in the test above: the shards after it move
    articles[-1] = _edit(small, " " + state.terms[state.terms.index(middle.first) - 1] + "ش" * SHARD_BYTES * 2)
    with monkeypatch.context() as patch:
        patch.setattr(incremental, "full_entries", _no_full_export)
        files, _ = build_static_index_incremental(_analysed(articles), SiteConfig(), state, store)
    assert store.reads >= 2
    assert _read(files) == build_static_index_from(analyse_articles(articles), SiteConfig())


def test_a_new_word_in_an_article_of_the_same_length_code_keeps_the_shards_of_its_other_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    articles = _articles()
    state = _state(articles)
    longest = max(range(len(articles)), key=lambda n: len(articles[n].body_text))
    articles[longest] = _edit(articles[longest], f" {NEW_WORD}")
    after = _check_incremental(articles, state, monkeypatch)
    number = next(n for n, head in enumerate(after.heads) if head.path == articles[longest].path)
    assert length_code(after.heads[number].length) == length_code(state.heads[number].length)
    # Its words keep their postings but for the new word and the outlet (placed after the body, so its
    # position moved): every shard before the new word's holding neither is taken over as the same
    # object, not encoded again (after it, boundaries may shift: shards are filled in order).
    differ = {utf16_key(t) for t in after.exact if after.exact[t] != state.exact.get(t)}
    assert differ == {utf16_key(normalize(NEW_WORD)), utf16_key(normalize(articles[longest].outlet))}
    old = {id(shard) for shard in state.shards["t"]}
    before = [shard for shard in after.shards["t"] if utf16_key(shard.last) < max(differ)
              and not any(utf16_key(shard.first) <= key <= utf16_key(shard.last) for key in differ)]
    assert before and all(id(shard) in old for shard in before)


def test_varint_table_matches_the_general_encoding() -> None:
    table = _varint_table(SMALL_LIMIT)
    for value in (0, 1, 127, 128, 300, SMALL_LIMIT - 1):
        assert varint(value) == table[value]
    assert varint(SMALL_LIMIT) == bytes([0x80, 0x80, 0x01])


def test_index_files_are_compressed_a_batch_of_payloads_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large archive's index is never held whole uncompressed: `scripts` takes payloads as it goes."""
    monkeypatch.setattr(codec, "SCRIPT_BATCH", 16)
    real_script = codec.script
    taken = 0
    taken_at_each_file: list[int] = []

    def payloads() -> Iterator[tuple[str, bytes]]:
        nonlocal taken
        for number in range(100):
            taken += 1
            yield f"t/{number}", bytes([number]) * 50

    def script(file_id: str, payload: bytes) -> bytes:
        taken_at_each_file.append(taken)
        return real_script(file_id, payload)

    monkeypatch.setattr(codec, "script", script)
    made = list(codec.iter_scripts(payloads()))
    assert made == [real_script(f"t/{number}", bytes([number]) * 50) for number in range(100)]
    assert max(taken - done for done, taken in enumerate(sorted(taken_at_each_file))) <= 16


def test_large_term_frequencies_take_the_general_path() -> None:
    from generator.search.static_source import StaticSource

    article = make_article("big.md", "كلمة", " ".join(["تكرار"] * (SMALL_LIMIT + 5)), published=dt.date(2020, 1, 1))
    source = StaticSource(build_static_index_from(analyse_articles([article]), SiteConfig()))
    assert source.exact("تكرار")[0].body_tf == SMALL_LIMIT + 5


def test_the_build_keeps_the_export_state_and_rebuilds_equal_a_clean_build(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "content", tmp_path / "out", ROOT / "templates", ROOT / "static", None, tmp_path / "cache")
    shutil.copytree(CONTENT, paths.content)
    build_site(paths, SiteConfig())
    source = sorted(paths.content.glob("*.txt"))[2]
    fingerprint = digest(code_fingerprint(), SiteConfig())
    for step in range(2):  # the second edit starts from the state the first one left
        source.write_text(source.read_text(encoding="utf-8") + f"\nجملة {step} عن داعش.\n", encoding="utf-8")
        build_site(paths, SiteConfig())
        store = load_cache(paths.cache, fingerprint, paths.out)[1]
        assert isinstance(store.get("blobs", "search-state"), ExportState)
    clean = Paths(paths.content, tmp_path / "clean", ROOT / "templates", ROOT / "static")
    build_site(clean, SiteConfig())
    index = sorted((clean.out / "search" / "index").rglob("*.js"))
    assert index and all((paths.out / p.relative_to(clean.out)).read_bytes() == p.read_bytes() for p in index)


def test_an_edit_with_a_new_word_rewrites_only_the_shards_around_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Shards small against the entries, as at 10,000 articles against the real size: there, laying
    # shards out by accumulated bytes gave a new word a shard of its own and renumbered every later one.
    monkeypatch.setattr(export, "SHARD_BYTES", 64)
    articles = synthetic_articles(400)
    state = _state(articles)
    before = {f.path: f.data for f in build_static_index_from(analyse_articles(articles), SiteConfig())}
    shards = [path for path in before if "/t/" in path]
    assert len(shards) > 100, "the test should span many shards"
    longest = max(range(len(articles)), key=lambda n: len(articles[n].body_text))  # its length code stays
    articles[longest] = _edit(articles[longest], f" {NEW_WORD}")
    _check_incremental(articles, state, monkeypatch)
    after = {f.path: f.data for f in build_static_index_from(analyse_articles(articles), SiteConfig())}
    rewritten = [path for path in shards if after.get(path) != before[path]]
    assert len(rewritten) <= 5, f"{len(rewritten)} of {len(shards)} t/ files rewritten"


def test_an_edit_reads_only_the_edited_articles_analyses() -> None:
    articles = _articles()
    state = _state(articles)
    index = len(articles) // 3
    old_key = _analysed([articles[index]]).heads[0].key
    articles[index] = _edit(articles[index], " المقاتلين الأجانب")
    source = _analysed(articles)
    read: list[str] = []

    def load(key: str) -> ArticleAnalysis:
        read.append(key)
        return _KEPT[key]

    files, _ = build_static_index_incremental(Analyses(source.heads, load), SiteConfig(), state)
    assert files == build_static_index_from(source, SiteConfig())
    assert set(read) == {old_key, source.heads[index].key}


def test_analysis_positions_are_the_word_slots_also_past_the_varint_table() -> None:
    filler = " ".join(["حشو"] * (SMALL_LIMIT + 100))
    body = f"نادرة أولى {filler} نادرة ثانية {filler} وحيدة"
    analysis = analyse_article(make_article("far.md", "نادرة في العنوان", body, published=dt.date(2020, 1, 1)))
    terms = {term: n for n, term in enumerate(analysis.terms)}

    def slots(term: str, field: int) -> tuple[int, ...]:  # field 0: title, 1: body
        n = terms[term]
        return _slots(Reader(analysis.field_positions(n)[field]), (analysis.title_tf, analysis.body_tf)[field][n])

    gap = SMALL_LIMIT + 100  # body slots count from 0: نادرة 0, أولى 1, filler 2.., نادرة gap + 2
    assert slots("نادره", 0) == (0,)
    assert slots("نادره", 1) == (0, gap + 2)
    assert slots("وحيده", 1) == (2 * gap + 4,)
    assert slots("حشو", 1)[:2] == (2, 3) and len(slots("حشو", 1)) == 2 * gap


def test_analyses_read_back_from_the_cache_are_equal_and_share_their_words() -> None:
    import sys

    first = analyse_article(make_article("a.md", "عنوان أول", "كلمات مشتركة في نص أول", published=dt.date(2020, 1, 1)))
    second = analyse_article(make_article("b.md", "عنوان ثان", "كلمات مشتركة في نص ثان", published=dt.date(2021, 1, 1)))
    title_size = sys.getsizeof(first.title)
    read = [pickle.loads(pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)) for a in (first, second)]
    assert read == [first, second]
    shared = [next(t for t in a.terms if t == "مشترك" or t.startswith("مشترك")) for a in read]
    assert shared[0] is shared[1]  # one string for the archive's word, not one per analysis
    assert sys.getsizeof(first.title) == title_size  # saving left no UTF-8 copy inside the title
    for words in ((), ("",), ("", "")):  # no word and empty words stay apart
        odd = dataclasses.replace(first, terms=words, stems=words)
        assert pickle.loads(pickle.dumps(odd)) == odd
