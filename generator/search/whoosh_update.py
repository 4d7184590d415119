"""Keeping the whoosh index up to date: only changed articles are deleted and added again.

The side file (`META_FILE`) records each article's content key (`ArticleAnalysis.key`)
and which path each document of each whoosh segment holds. A build compares keys:
documents of removed and changed articles are deleted, changed and new ones added,
in one writer and one commit. No change touches nothing. A side file that is missing,
unreadable or of another format, or that does not describe the index beside it, means
the index is rebuilt from scratch; a stale record is never trusted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.filedb.filestore import FileStorage

from .analysis import ArticleAnalysis
from .documents import Collection, SearchDoc, collect_analyses
from .whoosh_fields import count_values, slot_values
from .whoosh_index import INDEX_NAME, META_FILE, META_FORMAT, read_meta, schema, whoosh_numbers

WRITER_MEMORY_MB = 1024  # whoosh sorts postings in memory up to this before spilling runs to disk


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


def update_whoosh_index(analyses: Sequence[ArticleAnalysis], index_dir: Path) -> WhooshUpdate:
    """Make the command-line index in `index_dir` describe exactly `analyses` (one per article).

    Query results are the same as from a fresh index: the source maps whoosh's document
    numbers to the collection's and counts only live documents.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    collection = collect_analyses(analyses)
    meta = read_meta(index_dir)
    if meta is not None and not _matches(index_dir, meta):
        meta = None
    if meta is None:
        return _rebuild(collection, index_dir)
    old: dict[str, list[Any]] = meta["articles"]
    new = {doc.path: doc.analysis.key for doc in collection.docs}
    stale = sorted(path for path, record in old.items() if new.get(path) != record[0])
    fresh = [doc for doc in collection.docs if old.get(doc.path, [None])[0] != doc.analysis.key]
    segments: dict[str, list[str | None]] = meta["segments"]
    if stale or fresh:
        ix = _Storage(str(index_dir)).open_index(INDEX_NAME)
        with ix.writer(limitmb=WRITER_MEMORY_MB) as writer:
            for path in stale:
                writer.delete_by_term("path", path)
            for doc in fresh:
                _add(writer, doc)
        segments = _segment_paths(ix, segments, set(stale))
    _write_meta(index_dir, collection, segments, meta)
    return WhooshUpdate(False, len(fresh), len(stale))


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


def _rebuild(collection: Collection, index_dir: Path) -> WhooshUpdate:
    ix = _Storage(str(index_dir)).create_index(schema(), indexname=INDEX_NAME)
    with ix.writer(limitmb=WRITER_MEMORY_MB) as writer:
        for doc in collection.docs:
            _add(writer, doc)
    segments = _segment_paths(ix, {}, set())
    _write_meta(index_dir, collection, segments, None)
    return WhooshUpdate(True, len(collection.docs), 0)


def _add(writer: Any, doc: SearchDoc) -> None:
    a = doc.analysis
    runs = [a.field_positions(i) for i in range(len(a.terms))]
    writer.add_document(
        path=a.path, url=a.url, title=slot_values(a.terms, a.title_tf, [r[0] for r in runs]), _stored_title=a.title,
        body=slot_values(a.terms, a.body_tf, [r[1] for r in runs]),
        title_stem=count_values(a.stems, a.stem_title_tf), body_stem=count_values(a.stems, a.stem_body_tf),
        outlet=a.outlet, author=a.author, tags=", ".join(a.tags), lang=a.lang, date=a.date, snippet=a.snippet,
    )


def _segment_paths(ix: Any, known: dict[str, list[str | None]], deleted: set[str]) -> dict[str, list[str | None]]:
    """Per segment now in the index, the path of each document (None once deleted).

    Segments seen before keep their record; new ones (written or merged by this commit)
    are read from their stored `path` fields.
    """
    out: dict[str, list[str | None]] = {}
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.segment() is None:  # an index of no documents has an empty reader, not a segment
                continue
            segment = leaf.segment().segment_id()
            if segment in known:
                out[segment] = [None if p in deleted else p for p in known[segment]]
            else:
                out[segment] = [None if leaf.is_deleted(i) else leaf.stored_fields(i)["path"]
                                for i in range(leaf.doc_count_all())]
    return out


def _write_meta(index_dir: Path, collection: Collection, segments: dict[str, list[str | None]],
                previous: dict[str, Any] | None) -> None:
    meta = {
        "format": META_FORMAT, "avg_length": collection.avg_length, "groups": [list(g) for g in collection.groups],
        "articles": {d.path: [d.analysis.key, d.number, d.length_code, d.group] for d in collection.docs},
        "segments": segments,
    }
    if meta == previous:
        return  # nothing changed: the side file is not rewritten either
    file = index_dir / META_FILE
    temporary = file.with_suffix(".tmp")
    temporary.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    temporary.replace(file)
