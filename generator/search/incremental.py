"""The browser index re-exported after a change, re-encoding only what the change touched.

Documents are numbered in (date, path) order, so while no article is added, removed,
moved or re-dated, every number stays and a changed article can only alter: the
postings of the terms and stems it had or has, the shards holding those, the
result-data chunk holding it, and the manifest (average length). `ExportState` keeps
what the last export computed, every term's encoded postings and every shard's file
bytes, so the next export re-encodes those parts and takes the rest as they were.
Whenever numbering or filter groups change, it falls back to the full export; either
way the files are byte for byte those of `build_static_index_from`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import SiteConfig
from ..model import OutputFile
from . import engine
from .analysis import ArticleAnalysis
from .codec import scripts
from .documents import Collection, collect_analyses
from .export import (
    DOC_CHUNK,
    FORMAT_VERSION,
    ROOT,
    ExactEntry,
    Shard,
    doc_chunk,
    exact_entries,
    export_shards,
    full_entries,
    manifest_file,
    shard_files,
    sorted_terms,
)
from .postings import exact_postings, stem_postings

STATE_VERSION = 1  # bump when the state or the format changes: an old state then means a full export


@dataclass(frozen=True)
class ExportState:
    """What one export leaves for the next: picklable; the analyses are those the build cache keeps."""

    version: int
    groups: tuple[tuple[str, str], ...]
    analyses: tuple[ArticleAnalysis, ...]  # in document-number order
    exact: dict[str, ExactEntry]
    stems: dict[str, bytes]
    terms: list[str]  # sorted as the shards are
    stem_terms: list[str]
    shards: dict[str, list[Shard]]
    chunks: list[bytes]  # the result-data files, by chunk number


def build_static_index_incremental(analyses: Sequence[ArticleAnalysis], config: SiteConfig,
                                   previous: ExportState | None) -> tuple[list[OutputFile], ExportState]:
    """The files of `build_static_index_from(analyses, config)` and the state for the next export."""
    collection = collect_analyses(analyses)
    ordered = tuple(doc.analysis for doc in collection.docs)
    if previous is None or not _same_numbering(previous, collection, ordered):
        exact, stems = full_entries(collection)
        shards = export_shards(sorted_terms(exact), sorted_terms(stems), exact, stems, None, None, None)
        chunks = scripts([(f"d/{n}", doc_chunk(collection, n)) for n in range(_chunk_count(collection))])
        state = ExportState(STATE_VERSION, collection.groups, ordered, exact, stems,
                            sorted_terms(exact), sorted_terms(stems), shards, chunks)
        return _files(collection, config, state), state
    changed = [n for n, (new, old) in enumerate(zip(ordered, previous.analyses, strict=True)) if new.key != old.key]
    if not changed:
        state = ExportState(STATE_VERSION, collection.groups, ordered, previous.exact, previous.stems,
                            previous.terms, previous.stem_terms, previous.shards, previous.chunks)
        return _files(collection, config, state), state
    hit_terms = {t for n in changed for a in (ordered[n], previous.analyses[n]) for t in a.terms}
    hit_stems = {s for n in changed for a in (ordered[n], previous.analyses[n]) for s in a.stems}
    fresh = exact_entries(exact_postings(collection.docs, hit_terms))
    fresh_stems = {s: e.encoded() for s, e in stem_postings(collection.docs, hit_stems).items()}
    exact, terms = _merge(previous.exact, previous.terms, fresh, hit_terms)
    stems, stem_terms = _merge(previous.stems, previous.stem_terms, fresh_stems, hit_stems)
    shards = export_shards(terms, stem_terms, exact, stems, hit_terms, hit_stems, previous.shards)
    chunks = list(previous.chunks)
    numbers = sorted({n // DOC_CHUNK for n in changed})
    for number, made in zip(numbers, scripts([(f"d/{n}", doc_chunk(collection, n)) for n in numbers]), strict=True):
        chunks[number] = made
    state = ExportState(STATE_VERSION, collection.groups, ordered, exact, stems, terms, stem_terms, shards, chunks)
    return _files(collection, config, state), state


def _same_numbering(previous: ExportState, collection: Collection, ordered: tuple[ArticleAnalysis, ...]) -> bool:
    """Same documents under the same numbers and the same filter groups: the incremental path applies."""
    if previous.version != STATE_VERSION or previous.groups != collection.groups:
        return False
    if len(previous.analyses) != len(ordered):
        return False
    return all(old.key == new.key or (old.date, old.path) == (new.date, new.path)
               for old, new in zip(previous.analyses, ordered, strict=True))


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


def _chunk_count(collection: Collection) -> int:
    return (len(collection.docs) + DOC_CHUNK - 1) // DOC_CHUNK


def _files(collection: Collection, config: SiteConfig, state: ExportState) -> list[OutputFile]:
    files = shard_files(state.shards)
    files += [OutputFile(f"{ROOT}d/{n}.js", data) for n, data in enumerate(state.chunks)]
    files.append(manifest_file(collection, config, state.shards))
    return sorted(files, key=lambda f: f.path)


__all__ = ["FORMAT_VERSION", "ExportState", "build_static_index_incremental"]
