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
import dataclasses
from array import array
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
    export_shards,
    full_entries,
    manifest_file,
    shard_files,
    sorted_terms,
)
from .postings import diff_posting, varint
from .splice import Posting, splice
from .stem_refs import StemTable, count, reference, stems_of

STATE_VERSION = 2  # bump when the state or the format changes: an old state then means a full export


@dataclass(frozen=True)
class ExportState:
    """What one export leaves for the next: picklable; the analyses are those the build cache keeps."""

    version: int
    groups: tuple[tuple[str, str], ...]
    analyses: tuple[ArticleAnalysis, ...]  # in document-number order
    exact: dict[str, ExactEntry]
    stems: StemTable
    exact_marks: dict[str, array]  # see splice.py
    stem_marks: dict[str, array]  # of the stems' difference lists
    terms: list[str]  # sorted as the shards are
    stem_terms: list[str]
    shards: dict[str, list[Shard]]
    chunks: list[bytes]  # the result-data files, by chunk number


def build_static_index_incremental(analyses: Sequence[ArticleAnalysis], config: SiteConfig,
                                   previous: ExportState | None) -> tuple[list[OutputFile], ExportState]:
    """The files of `build_static_index_from(analyses, config)` and the state for the next export."""
    collection = collect_analyses(analyses)
    ordered = tuple(doc.analysis for doc in collection.docs)
    if not isinstance(previous, ExportState) or not _same_numbering(previous, collection, ordered):
        exact, exact_marks, stems, stem_marks = full_entries(collection)
        terms, stem_terms = sorted_terms(exact), sorted_terms(stems.df)
        shards = export_shards(terms, stem_terms, exact, stems, None, None, None)
        chunks = scripts([(f"d/{n}", doc_chunk(collection, n)) for n in range(_chunk_count(collection))])
        state = ExportState(STATE_VERSION, collection.groups, ordered, exact, stems, exact_marks, stem_marks,
                            terms, stem_terms, shards, chunks)
        return _files(collection, config, state), state
    changed = [n for n, (new, old) in enumerate(zip(ordered, previous.analyses, strict=True)) if new.key != old.key]
    if not changed:
        state = dataclasses.replace(previous, analyses=ordered)
        return _files(collection, config, state), state
    hit_terms: dict[str, list[int]] = {}  # term -> changed documents that had or have it
    hit_stems: dict[str, list[int]] = {}
    for n in changed:
        for a in (ordered[n], previous.analyses[n]):
            for term in a.terms:
                hit_terms.setdefault(term, []).append(n)
            for name in a.stems:
                hit_stems.setdefault(name, []).append(n)
    exact_marks, fresh = _spliced(previous.exact, previous.exact_marks, hit_terms,
                                  _new_postings(collection, changed), True)
    exact, terms = _merge(previous.exact, previous.terms, fresh, set(hit_terms))
    updated = _update_stems(previous, collection, changed, exact, set(hit_terms), set(hit_stems))
    if updated is None:  # a stem appeared, went, or changed its reference term: start afresh
        return build_static_index_incremental(analyses, config, None)
    stems, stem_marks, touched_terms, touched_stems = updated
    stem_terms = previous.stem_terms
    shards = export_shards(terms, stem_terms, exact, stems, set(hit_terms) | touched_terms, touched_stems,
                           previous.shards)
    chunks = list(previous.chunks)
    numbers = sorted({n // DOC_CHUNK for n in changed})
    for number, made in zip(numbers, scripts([(f"d/{n}", doc_chunk(collection, n)) for n in numbers]), strict=True):
        chunks[number] = made
    state = ExportState(STATE_VERSION, collection.groups, ordered, exact, stems, exact_marks, stem_marks,
                        terms, stem_terms, shards, chunks)
    return _files(collection, config, state), state


def _same_numbering(previous: ExportState, collection: Collection, ordered: tuple[ArticleAnalysis, ...]) -> bool:
    """Same documents under the same numbers and the same filter groups: the incremental path applies."""
    if previous.version != STATE_VERSION or previous.groups != collection.groups:
        return False
    if len(previous.analyses) != len(ordered):
        return False
    return all(old.key == new.key or (old.date, old.path) == (new.date, new.path)
               for old, new in zip(previous.analyses, ordered, strict=True))


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


def _update_stems(previous: ExportState, collection: Collection, changed: list[int], exact: dict[str, ExactEntry],
                  hit_terms: set[str], hit_stems: set[str]) -> tuple[StemTable, dict[str, array], set[str],
                                                                      set[str]] | None:
    """The stem table after the change, its marks, and the terms and stems whose entries changed; None
    when a stem appeared or went or its reference term changed (the full export handles those)."""
    old = previous.stems
    df = dict(old.df)
    for n in changed:
        for name in previous.analyses[n].stems:
            df[name] -= 1
        for name in collection.docs[n].analysis.stems:
            df[name] = df.get(name, 0) + 1
    cands = dict(old.cands)
    for term in hit_terms:
        if (term in exact) != (term in previous.exact):
            for name in stems_of(term):
                kept = [t for t in cands.get(name, []) if t != term] + ([term] if term in exact else [])
                cands[name] = kept
    affected = hit_stems | {name for term in hit_terms for name in stems_of(term)}
    for name in affected:
        if (old.df.get(name, 0) > 0) != (df.get(name, 0) > 0):
            return None
        if df.get(name, 0) > 0:
            names = cands.get(name, [])
            if reference(names, {t: count(exact[t][0]) for t in names}) != old.refs.get(name):
                return None
    diffs, marks = dict(old.diffs), dict(previous.stem_marks)
    for name in affected:
        if df.get(name, 0) > 0:
            diffs[name], marks[name] = _spliced_diff(name, old.refs.get(name), diffs[name], marks[name],
                                                     collection, changed)
    stems = StemTable({s: d for s, d in df.items() if d > 0}, cands, old.refs, diffs)
    touched = {old.refs[s] for s in affected if s in old.refs}
    return stems, marks, touched, {s for s in affected if s not in old.refs}


def _spliced_diff(name: str, ref: str | None, encoded: bytes, marks: array, collection: Collection,
                  changed: list[int]) -> tuple[bytes, array]:
    """A stem's difference list with the changed documents' entries set anew, last document first."""
    for n in sorted(changed, reverse=True):
        doc = collection.docs[n]
        a = doc.analysis
        stem_tf = next(((t, b) for s, t, b in a.stem_counts() if s == name), None)
        ref_tf = None
        if ref is not None and ref in a.terms:
            index = a.terms.index(ref)
            ref_tf = (a.title_tf[index], a.body_tf[index])
        entry = diff_posting(doc, stem_tf, ref_tf)
        result = splice(encoded, None, 0, marks, n, (entry, b"", 0) if entry is not None else None)
        encoded, marks = (result[0], result[3]) if result is not None else (varint(0), array("q"))
    return encoded, marks


def _spliced(entries: dict[str, ExactEntry], marks: dict[str, array], hit: dict[str, list[int]],
             new: dict[tuple[str, int], Posting],
             with_positions: bool) -> tuple[dict[str, array], dict[str, ExactEntry]]:
    """The hit names' entries with the changed documents' postings spliced in (absent: none left), and
    all marks. Documents go last to first, so each splice leaves the offsets of earlier ones valid."""
    empty: ExactEntry = (varint(0), b"" if with_positions else None, 0)  # type: ignore[assignment]
    all_marks = dict(marks)
    fresh: dict[str, ExactEntry] = {}
    for name, numbers in hit.items():
        encoded, positions, rank = entries.get(name, empty)
        name_marks = marks.get(name, array("q"))
        for n in sorted(set(numbers), reverse=True):
            result = splice(encoded, positions, rank, name_marks, n, new.get((name, n)))
            encoded, positions, rank = result[:3] if result is not None else empty  # type: ignore[assignment]
            name_marks = result[3] if result is not None else array("q")
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


def _chunk_count(collection: Collection) -> int:
    return (len(collection.docs) + DOC_CHUNK - 1) // DOC_CHUNK


def _files(collection: Collection, config: SiteConfig, state: ExportState) -> list[OutputFile]:
    files = shard_files(state.shards)
    files += [OutputFile(f"{ROOT}d/{n}.js", data) for n, data in enumerate(state.chunks)]
    files.append(manifest_file(collection, config, state.shards))
    return sorted(files, key=lambda f: f.path)


__all__ = ["FORMAT_VERSION", "ExportState", "build_static_index_incremental"]
