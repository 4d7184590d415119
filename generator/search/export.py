"""The browser's index: sharded, compressed, and only fetched where a query needs it.

Layout under `search/index/` (every file a script, see codec.py):
- `manifest.js`: counts, ranking constants, filter groups, year ranges, shard boundaries.
- `t/N.js`: exact terms in sorted ranges with postings (document delta, title and body
  term frequencies, length code, filter group); `p/N.js`: the positions for the terms of
  `t/N.js`, fetched only for quoted phrases.
- `s/N.js`: stems, laid out like `t/`. `x/N.js`: terms with a rank, for completing the
  word being typed without fetching the postings of every candidate.
- `d/N.js`: result data (title, url, date, outlet, language, text for snippets) for
  `DOC_CHUNK` consecutive documents, fetched only for results on screen.
A query fetches the manifest once, then one `t/` and one `s/` shard per word.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence

from ..config import SiteConfig
from ..model import Article, OutputFile
from . import engine
from .analysis import ArticleAnalysis, analyse_articles
from .codec import json_script, script, write_terms_header, write_varint
from .documents import Collection, SearchDoc, collect_analyses, length_table
from .postings import exact_postings, stem_postings, varint
from .query import MIN_PREFIX

FORMAT_VERSION = 1
DOC_CHUNK = 2  # results on one page are scattered; small chunks keep their download small
SHARD_BYTES = 12_000  # uncompressed postings per shard before a new one starts
COMPLETION_BYTES = 6_000
MAX_SHARDS = 4_000  # on a huge archive shards grow instead, so the manifest stays small
ROOT = "search/index/"

Slots = tuple[list[int], list[int]]  # (title slots, body slots)


def _sorted_terms(table: Iterable[str]) -> list[str]:
    return sorted(table, key=engine.utf16_key)


def _shards(terms: list[str], encode: Callable[[str], tuple[bytes, ...]], target: int) -> list[tuple[str, list]]:
    """Group sorted terms into ranges of about `target` bytes: [(first term, [encoded…])]."""
    shards: list[tuple[str, list]] = []
    size = target
    for term in terms:
        encoded = encode(term)
        if size + len(encoded[0]) > target and (not shards or shards[-1][1]):
            shards.append((term, []))
            size = 0
        shards[-1][1].append((term, encoded))
        size += len(encoded[0])
    return shards


def _term_files(kind: str, shards: list[tuple[str, list]], positions_kind: str | None) -> list[OutputFile]:
    files = []
    for number, (_, entries) in enumerate(shards):
        main, extra = bytearray(), bytearray()
        write_varint(main, len(entries))
        previous = b""
        for term, encoded in entries:
            key = term.encode("utf-8")
            write_terms_header(main, previous, key)
            previous = key
            main.extend(encoded[0])
            if positions_kind:
                extra.extend(encoded[1])
        files.append(OutputFile(f"{ROOT}{kind}/{number}.js", script(f"{kind}/{number}", bytes(main))))
        if positions_kind:
            files.append(OutputFile(f"{ROOT}{positions_kind}/{number}.js",
                                    script(f"{positions_kind}/{number}", bytes(extra))))
    return files


def _target(total: int, minimum: int) -> int:
    return max(minimum, total // MAX_SHARDS + 1)


def _doc_files(collection: Collection) -> list[OutputFile]:
    files = []
    docs = collection.docs
    for start in range(0, len(docs), DOC_CHUNK):
        rows = [[d.title, d.url, d.date, d.outlet, d.lang, d.snippet_source] for d in docs[start : start + DOC_CHUNK]]
        payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
        number = start // DOC_CHUNK
        files.append(OutputFile(f"{ROOT}d/{number}.js", script(f"d/{number}", payload)))
    return files


def _years(docs: Sequence[SearchDoc]) -> list[list[int]]:
    """[year, first document number] for each year; documents are in date order."""
    years: list[list[int]] = []
    for doc in docs:
        if doc.year is not None and (not years or years[-1][0] != doc.year):
            years.append([doc.year, doc.number])
    return years


def build_static_index(articles: Sequence[Article], config: SiteConfig) -> list[OutputFile]:
    """Every file of the browser's search index, under `search/index/`. Same input, same bytes."""
    return build_static_index_from(analyse_articles(articles), config)


def build_static_index_from(analyses: Sequence[ArticleAnalysis], config: SiteConfig) -> list[OutputFile]:
    """`build_static_index` from precomputed analyses (one per article, any order): the same bytes."""
    collection = collect_analyses(analyses)
    docs = collection.docs
    exact, stems = exact_postings(docs), stem_postings(docs)
    encoded_exact = {term: (entry.encoded(), bytes(entry.positions)) for term, entry in exact.items()}
    terms, stem_terms = _sorted_terms(exact), _sorted_terms(stems)
    total = sum(len(e[0]) for e in encoded_exact.values())
    t_shards = _shards(terms, encoded_exact.__getitem__, _target(total, SHARD_BYTES))
    s_shards = _shards(stem_terms, lambda s: (stems[s].encoded(),), _target(total, SHARD_BYTES))
    x_shards = _shards(terms, lambda t: (varint(exact[t].rank),), _target(len(terms) * 4, COMPLETION_BYTES))
    files = _term_files("t", t_shards, "p") + _term_files("s", s_shards, None) + _term_files("x", x_shards, None)
    files += _doc_files(collection)
    files.append(OutputFile(f"{ROOT}manifest.js", json_script("manifest", _manifest(collection, config, {
        "t": [first for first, _ in t_shards], "s": [first for first, _ in s_shards],
        "x": [first for first, _ in x_shards]}))))
    return sorted(files, key=lambda f: f.path)


def completion_rank(postings: Iterable[Slots]) -> int:
    """Documents with the term in the title plus documents with it in the body (as whoosh counts)."""
    return sum((len(title) > 0) + (len(body) > 0) for title, body in postings)


def _manifest(collection: Collection, config: SiteConfig, bounds: dict[str, list[str]]) -> dict[str, object]:
    digits = {code: lang.digits for code, lang in sorted(config.languages.items())}
    return {
        "version": FORMAT_VERSION, "docs": len(collection.docs), "avgLength": collection.avg_length,
        "lengths": length_table(), "groups": [list(g) for g in collection.groups],
        "years": _years(collection.docs), "chunk": DOC_CHUNK, "shards": bounds, "digits": digits,
        "rank": {"k1": engine.K1, "b": engine.B, "title": engine.TITLE_BOOST, "exact": engine.WEIGHT_EXACT,
                 "stem": engine.WEIGHT_STEM, "prefix": engine.WEIGHT_PREFIX, "expansions": engine.PREFIX_EXPANSIONS,
                 "scale": engine.SCORE_SCALE, "minPrefix": MIN_PREFIX},
    }
