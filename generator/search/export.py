"""The browser's index: sharded, compressed, and only fetched where a query needs it.

Layout under `search/index/` (every file a script, see codec.py):
- `manifest.js`: counts, ranking constants, filter groups, year ranges, shard boundaries (JSON, compressed).
- `t/N.js`: exact terms in sorted ranges with postings (document delta, title and body
  term frequencies, length code, filter group), each followed by where its query stems
  are, with the stem lists it is the reference of (stem_refs.py); `p/N.js`: the positions
  for the terms of `t/N.js`, fetched only for quoted phrases.
- `s/N.js`: each stem's reference term (or, for a stem no term stands for, its list).
  `x/N.js`: terms with a rank, for completing the word being typed without fetching
  the postings of every candidate.
- `d/N.js`: result data (title, url, date, outlet, language, text for snippets) for
  `DOC_CHUNK` consecutive documents, fetched only for results on screen.
A query fetches the manifest once, then one `t/` shard per word, and an `s/` shard only
for a stem its word's entry does not hold.

`export_files` does the work for both the full export and the incremental one
(incremental.py): it is given every term's encoded postings and, optionally, the
last export's shards, and encodes only the shards whose contents differ from those.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..config import SiteConfig
from ..model import Article, OutputFile, StoredFile
from . import engine
from .analysis import ArticleAnalysis, analyse_articles
from .codec import GLOBAL, iter_scripts, script, varint, write_terms_header, write_varint
from .documents import Collection, SearchDoc, length_table
from .kept_files import FileData, FileStore, bytes_of, kept, site_file
from .layout import carried_sizes, layout, target, term_bytes
from .postings import TermPostings, exact_postings, stem_diffs
from .query import MIN_PREFIX
from .splice import Marks
from .stem_refs import QueryStems, StemTable, candidates, choose_refs

FORMAT_VERSION = 2
DOC_CHUNK = 1  # results on one page are scattered: a neighbour in a chunk is rarely shown with it
SHARD_BYTES = 12_000  # uncompressed postings per shard, about (layout.py)
COMPLETION_BYTES = 6_000
ROOT = "search/index/"
KINDS = ("t", "s", "x")

Slots = tuple[list[int], list[int]]  # (title slots, body slots)
ExactEntry = tuple[bytes, bytes, int]  # a term's encoded postings, its positions, its completion rank
Parts = Callable[[str], tuple[bytes, ...]]  # a name's parts of a shard's payloads (see _payloads)


@dataclass(frozen=True)
class Shard:
    """One encoded shard: its term range, to recognise it in the next export, and its files."""

    first: str
    last: str
    count: int
    files: tuple[FileData, ...]  # t: (t file, p file); s and x: one file


def sorted_terms(table: Iterable[str]) -> list[str]:
    return sorted(table, key=engine.utf16_key)


def _payloads(terms: Sequence[str], parts: Sequence[Sequence[bytes]]) -> list[bytes]:
    """A shard's payloads: count and front-coded terms, each followed by its first part; then the rest."""
    main = bytearray()
    write_varint(main, len(terms))
    previous = b""
    for term, encoded in zip(terms, parts, strict=True):
        key = term.encode("utf-8")
        write_terms_header(main, previous, key)
        previous = key
        main += encoded[0]
    return [bytes(main), *(b"".join(p[n] for p in parts) for n in range(1, len(parts[0]) if parts else 1))]


def doc_chunk(collection: Collection, number: int) -> bytes:
    """The payload of result-data chunk `number`."""
    analyses = [d.analysis for d in collection.docs[number * DOC_CHUNK : (number + 1) * DOC_CHUNK]]
    rows = [[a.title, a.url, a.date, a.outlet, a.lang, a.snippet] for a in analyses]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


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
    from .incremental import build_static_index_incremental  # it builds on this module: import late

    return build_static_index_incremental(analyses, config, None)[0]


Encoded = TypeVar("Encoded")


def drained(table: dict[str, TermPostings], encode: Callable[[TermPostings], Encoded]) -> dict[str, Encoded]:
    """`encode` of every entry, each entry dropped from `table` once encoded: encoding copies the
    bytes, and with the whole table alive until the end the archive's postings were held twice
    (the export's peak memory, 79 MB against 40 MB kept at 10,000 articles)."""
    return {term: encode(table.pop(term)) for term in list(table)}


def full_entries(collection: Collection) -> tuple[dict[str, ExactEntry], dict[str, Marks], StemTable,
                                                  dict[str, Marks]]:
    """Every exact term's encoded entry and marks (splice.py), and the stems' table and marks."""
    exact = exact_postings(collection.docs)
    stem_df: dict[str, int] = {}
    for doc in collection.docs:
        for name in doc.analysis.stems:
            stem_df[name] = stem_df.get(name, 0) + 1
    query = QueryStems()
    cands = candidates(exact, query)
    refs = choose_refs(stem_df, cands, {t: e.count for t, e in exact.items()})
    exact_marks = {t: e.marks.tobytes() for t, e in exact.items()}
    entries = drained(exact, lambda e: (e.encoded(), bytes(e.positions), e.rank))
    diffs = stem_diffs(collection.docs, refs)
    stem_marks = {s: e.marks.tobytes() for s, e in diffs.items()}
    stems = StemTable(stem_df, cands, refs, drained(diffs, TermPostings.encoded), query)
    return entries, exact_marks, stems, stem_marks


Sizes = dict[str, array]  # kind -> each of its names' bytes in a shard, in the names' order (layout.py)


def export_shards(terms: list[str], stem_terms: list[str], exact: dict[str, ExactEntry], stems: StemTable,
                  changed: set[str] | None, changed_stems: set[str] | None,
                  previous: dict[str, list[Shard]] | None, store: FileStore | None = None,
                  last: tuple[list[str], list[str], Sizes] | None = None) -> tuple[dict[str, list[Shard]], Sizes]:
    """The shards of every kind, and their names' sizes; a shard equal in range to one of `previous`
    and holding no changed name is taken over as it is (None for `changed`: everything changed). `last`
    is the last export's terms, stems and sizes: only changed and new names are measured again. With
    `store`, the files are kept there and named by hash."""
    old_terms, old_stems, old_sizes = last if last is not None else (None, None, {})

    def entry(t: str) -> tuple[bytes, bytes]:
        # A term's entry is its postings and then its section; joined only for the shards encoded, as
        # joining every term's at once would hold a second copy of every posting of the archive.
        return exact[t][0] + stems.section(t), exact[t][1]

    def t_size(t: str) -> int:
        return len(exact[t][0]) + len(stems.section(t)) + term_bytes(t)  # measured without joining

    # A shard's size counts its terms too: in the completion shards they are most of the bytes.
    sizes = {
        "t": carried_sizes(terms, t_size, changed, old_terms, old_sizes.get("t")),
        "s": carried_sizes(stem_terms, lambda s: len(stems.stem_entry(s)) + term_bytes(s), changed_stems, old_stems,
                           old_sizes.get("s")),
        "x": carried_sizes(terms, lambda t: len(varint(exact[t][2])) + term_bytes(t), changed, old_terms,
                           old_sizes.get("x")),
    }
    plans = {
        "t": (terms, target(sum(len(exact[t][0]) for t in terms), SHARD_BYTES), changed, entry),
        "s": (stem_terms, target(sum(sizes["s"]), SHARD_BYTES), changed_stems, lambda s: (stems.stem_entry(s),)),
        "x": (terms, target(len(terms) * 12, COMPLETION_BYTES), changed, lambda t: (varint(exact[t][2]),)),
    }
    shards: dict[str, list[Shard]] = {}
    pending: list[tuple[str, int, Sequence[str], Parts]] = []  # (kind, shard number, names, parts) to encode
    for kind, (names, size, hit, parts) in plans.items():
        old = {shard.first: (number, shard) for number, shard in enumerate((previous or {}).get(kind, []))}
        hit_sorted = sorted(engine.utf16_key(t) for t in hit) if hit is not None else None
        shards[kind] = []
        for start, end in layout(names, sizes[kind], size):
            first, last_name = names[start], names[end - 1]
            number, reused = old.get(first, (None, None))
            if (reused is not None and hit_sorted is not None and reused.last == last_name
                    and reused.count == end - start and not _any_between(hit_sorted, first, last_name)):
                here = len(shards[kind])
                shards[kind].append(reused if number == here else _renumbered(reused, kind, here, store))
                continue
            pending.append((kind, len(shards[kind]), names[start:end], parts))
            shards[kind].append(Shard(first, last_name, end - start, ()))
    _encode_into(shards, pending, store)
    return shards, sizes


def _renumbered(shard: Shard, kind: str, number: int, store: FileStore | None) -> Shard:
    """A shard taken over under another number (a shard before it came or went): a file names its
    own id before the payload, so only that name is written anew, not the payload compressed again."""
    ids = _file_ids(kind, number)
    return dataclasses.replace(shard, files=tuple(kept(_named(bytes_of(data, store), i), store)
                                                  for data, i in zip(shard.files, ids, strict=True)))


def _named(data: bytes, file_id: str) -> bytes:
    head = f'{GLOBAL}.load("'.encode()
    assert data.startswith(head)
    return head + file_id.encode() + data[data.index(b'",', len(head)):]


def _any_between(sorted_keys: list[bytes], first: str, last: str) -> bool:
    """Whether a changed name (by sort key) falls within [first, last]."""
    index = bisect.bisect_left(sorted_keys, engine.utf16_key(first))
    return index < len(sorted_keys) and sorted_keys[index] <= engine.utf16_key(last)


def _encode_into(shards: dict[str, list[Shard]], pending: list[tuple[str, int, Sequence[str], Parts]],
                 store: FileStore | None) -> None:
    """The files of the pending shards, made as `iter_scripts` takes their payloads, so only a batch
    of shards is ever held uncompressed (and, with `store`, compressed)."""
    def payloads() -> Iterator[tuple[str, bytes]]:
        for kind, number, names, parts in pending:
            yield from zip(_file_ids(kind, number), _payloads(names, [parts(n) for n in names]), strict=True)

    made = iter_scripts(payloads())
    for kind, number, _, _ in pending:
        old = shards[kind][number]
        files = tuple(kept(next(made), store) for _ in _file_ids(kind, number))
        shards[kind][number] = Shard(old.first, old.last, old.count, files)


def _file_ids(kind: str, number: int) -> tuple[str, ...]:
    return (f"t/{number}", f"p/{number}") if kind == "t" else (f"{kind}/{number}",)


def shard_files(shards: dict[str, list[Shard]], store: FileStore | None = None) -> list[OutputFile | StoredFile]:
    return [site_file(f"{ROOT}{file_id}.js", data, store) for kind, listed in shards.items()
            for number, shard in enumerate(listed)
            for file_id, data in zip(_file_ids(kind, number), shard.files, strict=True)]


def manifest_file(collection: Collection, config: SiteConfig, shards: dict[str, list[Shard]]) -> OutputFile:
    bounds = {kind: [shard.first for shard in shards[kind]] for kind in KINDS}
    # Compressed like the shards: its shard boundaries are sorted words, which zlib shrinks well.
    text = json.dumps(_manifest(collection, config, bounds), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return OutputFile(f"{ROOT}manifest.js", script("manifest", text.encode()))


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

