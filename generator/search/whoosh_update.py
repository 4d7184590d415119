"""Keeping the whoosh index up to date: only changed articles are deleted and added again.

The side file (`META_FILE`) records each article's content key (`ArticleAnalysis.key`)
and which path each document of each whoosh segment holds. A build compares keys:
documents of removed and changed articles are deleted, changed and new ones written
as a new segment (whoosh_segment.py), in one commit. No change touches nothing. A side
file that is missing, unreadable or of another format, or that does not describe the
index beside it, means the index is rebuilt from scratch; a stale record is never trusted.

A cold build writes segments of at most `SEGMENT_DOCS` articles, in several processes
when the build has several jobs, and never merges them: memory stays bounded by one
segment per process. An edit's commit merges small segments only (whoosh's own policy
among them), so an edit does not rewrite the cold build's segments, except one that
edits have left mostly deleted: whoosh keeps a deleted document's postings until its
segment is merged, so such a segment's live documents are written again and it is dropped.

The stem table lists, per language, each term indexed from that language's articles
with its stem. New articles add their terms; deleted articles leave theirs listed,
which changes no result: a stem's postings are read from the articles of that
language that hold the term now.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import MERGE_SMALL

from ..textnorm import stem
from .analysis import ArticleAnalysis
from .documents import Analyses, Collection, SearchDoc, collect_analyses
from .whoosh_index import INDEX_NAME, META_FILE, META_FORMAT, read_meta, schema, whoosh_numbers
from .whoosh_segment import adding, write_segments

SEGMENT_DOCS = 5000  # articles per segment a cold build writes: what one process holds in memory at once
PARALLEL_DOCS = 1000  # fewer articles are written in one process: starting others costs more than it saves
SMALL_SEGMENT = 500  # segments below this many documents are merged by whoosh's policy; larger ones never
WORN_SHARE = 0.5  # a larger segment with fewer live documents than this share of it is written again


class _Storage(FileStorage):
    """A folder store that remembers which files exist.

    While writing postings, whoosh asks once per posting whether a field-length column
    exists, and remembers only the columns it finds; our fields keep no lengths, so each
    posting cost a stat() (half of a cold build). Answers are kept until this store
    creates, renames or deletes a file.
    """

    def __init__(self, path: str):
        super().__init__(path)
        self._exists: dict[str, bool] = {}

    def file_exists(self, name: str) -> bool:
        if name not in self._exists:
            self._exists[name] = super().file_exists(name)
        return self._exists[name]

    def create_file(self, name: str, **kwargs: Any) -> Any:
        self._exists.clear()
        return super().create_file(name, **kwargs)

    def delete_file(self, name: str) -> None:
        self._exists.clear()
        super().delete_file(name)

    def rename_file(self, source: str, target: str, safe: bool = False) -> None:
        self._exists.clear()
        super().rename_file(source, target, safe)


@dataclass(frozen=True)
class WhooshUpdate:
    rebuilt: bool  # the index was made from scratch
    added: int
    deleted: int


Segments = dict[str, list[str | None]]  # segment id -> path of each of its documents (None once deleted)
Stems = dict[str, dict[str, str]]  # language -> term -> stem


def update_whoosh_index(analyses: Sequence[ArticleAnalysis] | Analyses, index_dir: Path,
                        jobs: int = 1) -> WhooshUpdate:
    """Make the command-line index in `index_dir` describe exactly `analyses` (one per article);
    only the changed articles' whole analyses are read.

    Query results are the same as from a fresh index: the source maps whoosh's document
    numbers to the collection's and counts only live documents. `jobs` processes may
    write the new segments.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    collection = collect_analyses(analyses)
    meta = read_meta(index_dir)
    if meta is not None and not _matches(index_dir, meta):
        meta = None
    if meta is None:
        return _rebuild(collection, index_dir, jobs)
    old: dict[str, list[Any]] = meta["articles"]
    new = {doc.path: doc.key for doc in collection.docs}
    segments: Segments = meta["segments"]
    changed = {path for path, record in old.items() if new.get(path) != record[0]}
    again = _worn(segments, changed)
    stale = sorted(changed | again)
    fresh = [doc for doc in collection.docs if old.get(doc.path, [None])[0] != doc.key or doc.path in again]
    stems: Stems = meta["stems"]
    if stale or fresh:
        ix = _Storage(str(index_dir)).open_index(INDEX_NAME)
        written = _write(index_dir, fresh, jobs)
        writer = ix.writer()
        try:
            for path in stale:
                writer.delete_by_term("path", path)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=adding([segment for _, segment in written.values()], _merge_small))
        gone = set(stale)
        segments = {s: [None if p in gone else p for p in paths] for s, paths in segments.items()}
        segments = _segment_paths(ix, {**segments, **{s: paths for s, (paths, _) in written.items()}})
        stems = _stems(fresh, stems)
    _write_meta(index_dir, collection, segments, stems, meta)
    return WhooshUpdate(False, len(fresh), len(stale))


def _worn(segments: Segments, gone: set[str]) -> set[str]:
    """The live documents of the large segments that will be mostly deleted once `gone` is."""
    again: set[str] = set()
    for paths in segments.values():
        if len(paths) >= SMALL_SEGMENT:
            live = [path for path in paths if path is not None and path not in gone]
            if len(live) < WORN_SHARE * len(paths):
                again.update(live)
    return again


def _merge_small(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh's merge policy among the small segments; the others stay as they are, unless none of
    their documents is left (its files are then removed with it)."""
    small = [s for s in segments if s.doc_count_all() < SMALL_SEGMENT]
    large = [s for s in segments if s.doc_count_all() >= SMALL_SEGMENT and s.doc_count() > 0]
    return large + MERGE_SMALL(writer, small)


def _write(index_dir: Path, docs: Sequence[SearchDoc], jobs: int) -> dict[str, tuple[list[str | None], Any]]:
    """New segments of `docs`, in order: per segment id, its documents' paths and the segment."""
    count = math.ceil(len(docs) / SEGMENT_DOCS)
    if jobs > 1 and len(docs) >= PARALLEL_DOCS:
        count = max(count, jobs)
    size = math.ceil(len(docs) / count) if docs else 0
    parts = [_Analysed(docs[i:i + size]) for i in range(0, len(docs), size)] if docs else []
    written = write_segments(index_dir, schema(), INDEX_NAME, parts, jobs)
    return {seg.segment_id(): ([d.path for d in part.docs], seg) for seg, part in zip(written, parts, strict=True)}


@dataclass(frozen=True)
class _Analysed:
    """A segment's documents, their analyses read one at a time as it is written (in its worker)."""

    docs: Sequence[SearchDoc]

    def __iter__(self) -> Iterator[ArticleAnalysis]:
        return (doc.analysis for doc in self.docs)


def _stems(docs: Sequence[SearchDoc], known: Stems) -> Stems:
    """`known` with the terms of `docs` that it lacks, each stemmed for its article's language."""
    vocabulary: dict[str, set[str]] = {}
    for doc in docs:
        vocabulary.setdefault(doc.lang, set()).update(doc.analysis.terms)
    out = {lang: dict(table) for lang, table in known.items()}
    for lang, terms in vocabulary.items():
        table = out.setdefault(lang, {})
        for term in terms.difference(table):
            table[term] = stem(term, lang)
    return out


def _matches(index_dir: Path, meta: dict[str, Any]) -> bool:
    """Whether the side file describes the index beside it: every segment known, every article once."""
    try:
        if not index.exists_in(str(index_dir), indexname=INDEX_NAME):
            return False
        ix = index.open_dir(str(index_dir), indexname=INDEX_NAME)
        with ix.reader() as reader:
            numbers = whoosh_numbers(reader, meta["segments"], {p: a[1] for p, a in meta["articles"].items()})
            live = reader.doc_count()
    except Exception:  # a damaged index raises many kinds of errors; all mean "rebuild"
        return False
    return live == len(meta["articles"]) == sum(n >= 0 for n in numbers)


def _rebuild(collection: Collection, index_dir: Path, jobs: int) -> WhooshUpdate:
    ix = _Storage(str(index_dir)).create_index(schema(), indexname=INDEX_NAME)
    written = _write(index_dir, collection.docs, jobs)  # in collection order: whoosh's numbers are the collection's
    ix.writer().commit(mergetype=adding([segment for _, segment in written.values()]))
    segments = {segment: paths for segment, (paths, _) in written.items()}
    _write_meta(index_dir, collection, segments, _stems(collection.docs, {}), None)
    return WhooshUpdate(True, len(collection.docs), 0)


def _segment_paths(ix: Any, known: Segments) -> Segments:
    """Per segment now in the index, the path of each document (None once deleted).

    Segments seen or written before keep their record (`known`, deletions applied);
    those merged by this commit are read from their stored `path` fields.
    """
    out: Segments = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.segment() is None:  # an index of no documents has an empty reader, not a segment
                continue
            segment = leaf.segment().segment_id()
            if segment in known:
                out[segment] = known[segment]
            else:
                out[segment] = [None if leaf.is_deleted(i) else leaf.stored_fields(i)["path"]
                                for i in range(leaf.doc_count_all())]
    return out


def _write_meta(index_dir: Path, collection: Collection, segments: Segments, stems: Stems,
                previous: dict[str, Any] | None) -> None:
    meta = {
        "format": META_FORMAT, "avg_length": collection.avg_length, "groups": [list(g) for g in collection.groups],
        "articles": {d.path: [d.key, d.number, d.length_code, d.group] for d in collection.docs},
        "segments": segments, "stems": stems,
    }
    if meta == previous:
        return  # nothing changed: the side file is not rewritten either
    file = index_dir / META_FILE
    temporary = file.with_suffix(".tmp")
    temporary.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    temporary.replace(file)
