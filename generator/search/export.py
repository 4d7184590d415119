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
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from ..config import SiteConfig
from ..model import Article, OutputFile
from . import engine
from .codec import json_script, script, write_terms_header, write_varint
from .documents import Collection, SearchDoc, collect, length_table, stems_of
from .query import MIN_PREFIX

FORMAT_VERSION = 1
DOC_CHUNK = 2  # results on one page are scattered; small chunks keep their download small
SHARD_BYTES = 12_000  # uncompressed postings per shard before a new one starts
COMPLETION_BYTES = 6_000
MAX_SHARDS = 4_000  # on a huge archive shards grow instead, so the manifest stays small
ROOT = "search/index/"

Slots = tuple[list[int], list[int]]  # (title slots, body slots)


def exact_postings(docs: Sequence[SearchDoc]) -> dict[str, dict[int, Slots]]:
    table: dict[str, dict[int, Slots]] = defaultdict(dict)
    for doc in docs:
        for field, tokens in ((0, doc.title_tokens), (1, doc.body_tokens)):
            for token in tokens:
                table[token.term].setdefault(doc.number, ([], []))[field].append(token.slot)
    return table


def stem_postings(docs: Sequence[SearchDoc]) -> dict[str, dict[int, list[int]]]:
    table: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for doc in docs:
        for field, tokens in ((0, doc.title_tokens), (1, doc.body_tokens)):
            for stem in stems_of(tokens, doc.lang):
                table[stem].setdefault(doc.number, [0, 0])[field] += 1
    return table


def _sorted_terms(table: Iterable[str]) -> list[str]:
    return sorted(table, key=engine.utf16_key)


def _posting_bytes(docs: Sequence[SearchDoc], postings: dict[int, list[int]]) -> bytearray:
    out = bytearray()
    write_varint(out, len(postings))
    previous = 0
    for number in sorted(postings):
        doc = docs[number]
        title_tf, body_tf = postings[number]
        for value in (number - previous, title_tf, body_tf, doc.length_code, doc.group):
            write_varint(out, value)
        previous = number
    return out


def _position_bytes(postings: dict[int, Slots]) -> bytearray:
    out = bytearray()
    for number in sorted(postings):
        for slots in postings[number]:
            previous = 0
            for slot in slots:
                write_varint(out, slot - previous)
                previous = slot
    return out


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
    collection = collect(articles)
    docs = collection.docs
    exact, stems = exact_postings(docs), stem_postings(docs)

    def encode_exact(term: str) -> tuple[bytes, bytes]:
        tfs = {n: [len(s[0]), len(s[1])] for n, s in exact[term].items()}
        return bytes(_posting_bytes(docs, tfs)), bytes(_position_bytes(exact[term]))

    def encode_rank(term: str) -> tuple[bytes]:
        out = bytearray()
        write_varint(out, completion_rank(exact[term].values()))
        return (bytes(out),)

    terms, stem_terms = _sorted_terms(exact), _sorted_terms(stems)
    encoded_exact = {t: encode_exact(t) for t in terms}
    total = sum(len(e[0]) for e in encoded_exact.values())
    t_shards = _shards(terms, encoded_exact.__getitem__, _target(total, SHARD_BYTES))
    s_shards = _shards(stem_terms, lambda s: (bytes(_posting_bytes(docs, stems[s])),), _target(total, SHARD_BYTES))
    x_shards = _shards(terms, encode_rank, _target(len(terms) * 4, COMPLETION_BYTES))
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
