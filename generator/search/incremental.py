"""The browser index re-exported after a change, re-encoding only what the change touched.

Documents are numbered in (date, path) order, so while no article is added, removed,
moved or re-dated, every number stays and a changed article can only alter: the
postings of the terms and stems it had or has, the shards holding those, the
result-data chunk holding it, and the manifest (average length). `ExportState` keeps
what the last export computed, every term's encoded postings and every shard's and chunk's
file (by hash, given a file store: kept_files.py), so the next export re-encodes those
parts and takes the rest as they were.
A word new to the archive, or a word's last use removed, can make a stem appear or
go or pick another reference term (stem_refs.py): those stems are brought up to date
from the changed documents too. Only when numbering or filter groups change does it
fall back to the full export; either way the files are byte for byte those of
`build_static_index_from`.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..config import SiteConfig
from ..memory import release_freed_memory
from ..model import OutputFile, StoredFile
from . import engine
from .analysis import ArticleAnalysis
from .codec import iter_scripts, varint
from .documents import Analyses, Collection, DocHead, collect_analyses
from .export import (
    DOC_CHUNK,
    FORMAT_VERSION,
    ROOT,
    ExactEntry,
    Shard,
    Sizes,
    doc_chunk,
    export_shards,
    full_entries,
    manifest_file,
    shard_files,
    sorted_terms,
)
from .kept_files import FileData, FileStore, kept, site_file
from .splice import Marks, Posting, splice
from .stem_refs import Change, StemTable, update_stems

STATE_VERSION = 6  # bump when the state or the format changes: an old state then means a full export


@dataclass(frozen=True)
class ExportState:
    """What one export leaves for the next: picklable, and holding no analysis, only their heads: the
    next export reads the analyses of the documents that changed (before and after), no others."""

    version: int
    groups: tuple[tuple[str, str], ...]
    heads: tuple[DocHead, ...]  # in document-number order
    exact: dict[str, ExactEntry]
    stems: StemTable
    exact_marks: dict[str, Marks]  # see splice.py
    stem_marks: dict[str, Marks]  # of the stems' difference lists
    terms: list[str]  # sorted as the shards are
    stem_terms: list[str]
    shards: dict[str, list[Shard]]
    chunks: list[FileData]  # the result-data files, by chunk number
    sizes: Sizes  # each term's and stem's bytes in its shard, as `terms` and `stem_terms` are ordered

    def file_hashes(self) -> set[str]:
        """The files this state names by hash: a store keeping them may let go of any other."""
        named = [data for listed in self.shards.values() for shard in listed for data in shard.files]
        return {data for data in (*named, *self.chunks) if isinstance(data, str)}


def build_static_index_incremental(analyses: Sequence[ArticleAnalysis] | Analyses, config: SiteConfig,
                                   previous: ExportState | None, store: FileStore | None = None,
                                   ) -> tuple[list[OutputFile | StoredFile], ExportState]:
    """The files of `build_static_index_from(analyses, config)` and the state for the next export.

    With `Analyses`, the changed documents' analyses before the change are read with its `load`
    (by the keys `previous` names); where one cannot be, the export is done in full. With `store`,
    the state names its files by hash, and the files it gives are `StoredFile`s (kept_files.py)."""
    collection = collect_analyses(analyses)
    ordered = tuple(doc.head for doc in collection.docs)
    if not isinstance(previous, ExportState) or not _same_numbering(previous, collection, ordered):
        return _files(collection, config, state := _full_state(collection, ordered, store), store), state
    changed = [n for n, (new, old) in enumerate(zip(ordered, previous.heads, strict=True)) if new.key != old.key]
    if not changed:
        state = dataclasses.replace(previous, heads=ordered)
        return _files(collection, config, state, store), state
    load = collection.docs[0].load
    try:
        before = {n: load(previous.heads[n].key) for n in changed}
    except KeyError:  # the analysis an article had is no longer kept: its old postings cannot be undone
        state = _full_state(collection, ordered, store)
    else:
        state = _changed_state(previous, collection, ordered, before, store)
    return _files(collection, config, state, store), state


def _full_state(collection: Collection, ordered: tuple[DocHead, ...], store: FileStore | None) -> ExportState:
    """Every entry and file encoded from the documents: the first export, or numbering changed."""
    exact, exact_marks, stems, stem_marks = full_entries(collection)
    release_freed_memory()  # the postings as they were gathered, before the shards are made
    terms, stem_terms = sorted_terms(exact), sorted_terms(stems.df)
    shards, sizes = export_shards(terms, stem_terms, exact, stems, None, None, None, store)
    chunks = list(_chunk_files(collection, range(_chunk_count(collection)), store))
    return ExportState(STATE_VERSION, collection.groups, ordered, exact, stems, exact_marks, stem_marks,
                       terms, stem_terms, shards, chunks, sizes)


def _changed_state(previous: ExportState, collection: Collection, ordered: tuple[DocHead, ...],
                   before: dict[int, ArticleAnalysis], store: FileStore | None) -> ExportState:
    """The last state with the entries of the terms and stems the changed documents (`before`: their
    analyses before the change) had or have brought up to date, and only the shards and result chunks
    holding those encoded again."""
    changed = sorted(before)
    hit_terms: dict[str, list[int]] = {}  # term -> changed documents that had or have it
    for n in changed:
        for a in (collection.docs[n].analysis, before[n]):
            for term in a.terms:
                hit_terms.setdefault(term, []).append(n)
    exact_marks, fresh = _spliced(previous.exact, previous.exact_marks, hit_terms,
                                  _new_postings(collection, changed), True)
    exact, terms = _merge(previous.exact, previous.terms, fresh, set(hit_terms))
    stems = update_stems(previous.stems, previous.stem_marks, previous.stem_terms,
                         Change(collection.docs, before, previous.exact, exact, set(hit_terms)))
    # A term the edit left as it was (same counts, positions and length code) keeps its shard as it is.
    differ = {term for term in hit_terms if exact.get(term) != previous.exact.get(term)}
    last = (previous.terms, previous.stem_terms, previous.sizes)
    shards, sizes = export_shards(terms, stems.names, exact, stems.table, differ | stems.terms, stems.stems,
                                  previous.shards, store, last)
    chunks = list(previous.chunks)
    numbers = sorted({n // DOC_CHUNK for n in changed})
    for number, made in zip(numbers, _chunk_files(collection, numbers, store), strict=True):
        chunks[number] = made
    return ExportState(STATE_VERSION, collection.groups, ordered, exact, stems.table, exact_marks, stems.marks,
                       terms, stems.names, shards, chunks, sizes)


def _same_numbering(previous: ExportState, collection: Collection, ordered: tuple[DocHead, ...]) -> bool:
    """Same documents under the same numbers and the same filter groups: the incremental path applies."""
    if previous.version != STATE_VERSION or previous.groups != collection.groups:
        return False
    if len(previous.heads) != len(ordered):
        return False
    return all(old.key == new.key or (old.date, old.path) == (new.date, new.path)
               for old, new in zip(previous.heads, ordered, strict=True))


def _new_postings(collection: Collection, changed: list[int]) -> dict[tuple[str, int], Posting]:
    """(term, document) -> the changed document's new posting: bytes after the delta, positions, rank."""
    found: dict[tuple[str, int], Posting] = {}
    for n in changed:
        doc = collection.docs[n]
        a, tail = doc.analysis, varint(doc.length_code) + varint(doc.group)
        for index, (term, title_tf, body_tf) in enumerate(zip(a.terms, a.title_tf, a.body_tf, strict=True)):
            found[term, n] = (varint(title_tf) + varint(body_tf) + tail, a.term_positions(index),
                              (title_tf > 0) + (body_tf > 0))
    return found


def _spliced(entries: dict[str, ExactEntry], marks: dict[str, Marks], hit: dict[str, list[int]],
             new: dict[tuple[str, int], Posting],
             with_positions: bool) -> tuple[dict[str, Marks], dict[str, ExactEntry]]:
    """The hit names' entries with the changed documents' postings spliced in (absent: none left), and
    all marks. Documents go last to first, so each splice leaves the offsets of earlier ones valid."""
    empty: ExactEntry = (varint(0), b"" if with_positions else None, 0)  # type: ignore[assignment]
    all_marks = dict(marks)
    fresh: dict[str, ExactEntry] = {}
    for name, numbers in hit.items():
        encoded, positions, rank = entries.get(name, empty)
        name_marks = marks.get(name, b"")
        for n in sorted(set(numbers), reverse=True):
            result = splice(encoded, positions, rank, name_marks, n, new.get((name, n)))
            encoded, positions, rank = result[:3] if result is not None else empty  # type: ignore[assignment]
            name_marks = result[3] if result is not None else b""
        if encoded != empty[0]:
            fresh[name] = (encoded, positions, rank)  # type: ignore[assignment]
            all_marks[name] = name_marks
        else:
            all_marks.pop(name, None)
    return all_marks, fresh


def _merge(old: dict, names: list[str], fresh: dict, hit: set[str]) -> tuple[dict, list[str]]:
    """The old table with the hit names re-encoded (`fresh`) or dropped, and its sorted names to match."""
    table = dict(old)
    gone = [name for name in hit if name in old and name not in fresh]
    added = sorted((name for name in fresh if name not in old), key=engine.utf16_key)
    for name in gone:
        del table[name]
    table.update(fresh)
    if not gone and not added:
        return table, names
    dropped = set(gone)
    names = [name for name in names if name not in dropped]
    for name in added:  # a few names into a long sorted list: bisect, not a new sort
        names.insert(bisect.bisect_left(names, engine.utf16_key(name), key=engine.utf16_key), name)
    return table, names


def _chunk_files(collection: Collection, numbers: Iterable[int], store: FileStore | None) -> Iterator[FileData]:
    """The result-data files of these chunk numbers, in order, each kept as it is made."""
    for data in iter_scripts((f"d/{n}", doc_chunk(collection, n)) for n in numbers):
        yield kept(data, store)


def _chunk_count(collection: Collection) -> int:
    return (len(collection.docs) + DOC_CHUNK - 1) // DOC_CHUNK


def _files(collection: Collection, config: SiteConfig, state: ExportState,
           store: FileStore | None) -> list[OutputFile | StoredFile]:
    files = shard_files(state.shards, store)
    files += [site_file(f"{ROOT}d/{n}.js", data, store) for n, data in enumerate(state.chunks)]
    files.append(manifest_file(collection, config, state.shards))
    return sorted(files, key=lambda f: f.path)


__all__ = ["FORMAT_VERSION", "ExportState", "build_static_index_incremental"]
