"""Writing a whoosh segment straight from documents, without whoosh's posting pool.

whoosh's own writer takes every posting through `add_document` into a pool that
sorts them all, then hands them one call at a time to its postings writer: pure
Python, most of a cold build. Here the documents are walked once, each term's
postings gathered in arrays, and each term's blocks written whole through whoosh's
own W3 codec classes (so the files are whoosh's format, read by whoosh unchanged).
A segment written here holds the same terms, postings and stored fields as one
written by `add_document` with the same values (tests/test_search_incremental.py).
"""

from __future__ import annotations

import pickle
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter, W3Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage, Storage
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte
from whoosh.writing import NO_MERGE

from ..parallel import forked_map
from .analysis import ArticleAnalysis
from .whoosh_fields import plain_fields

PICKLE_PROTOCOL = 4
# whoosh reads blocks of any zlib level: 1 compresses several times faster than whoosh's default 3,
# for about the same size once the blocks are pickled with protocol 4.
ZLIB_LEVEL = 1
_PACKED = [pack_uint(n) for n in range(256)]  # whoosh's count prefix of a positions value, for common counts


class _Term:
    """One term's postings so far: document numbers, weights, and all values in one byte string."""

    __slots__ = ("ids", "weights", "values", "ends")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values = bytearray()
        self.ends = array("I")

    def value_list(self) -> list[bytes]:
        values, ends, start = self.values, self.ends, 0
        out = []
        for end in ends:
            out.append(bytes(values[start:end]))
            start = end
        return out


class _BlockPostings(W3PostingsWriter):
    """whoosh's postings writer, fed a whole term at once.

    Blocks keep whoosh's layout (length, pickled block info, pickled and compressed ids,
    weights and values) but are pickled with protocol 4, not 2: whoosh's reader unpickles
    either, and protocol 2 turns every value's bytes into a string and back, which made
    pickling cost as much as compressing.
    """

    def add_term(self, term: _Term) -> None:
        limit, ids, weights, values = self._blocklimit, term.ids, term.weights, term.value_list()
        for start in range(0, len(ids), limit):
            self._ids = ids[start:start + limit]
            self._weights = weights[start:start + limit]
            self._values = values[start:start + limit]
            self._maxweight = max(self._weights)
            self._write_block(last=start + limit >= len(ids))

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = pickle.dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), PICKLE_PROTOCOL)
        compression = self._compression
        if compression:
            data = zlib.compress(data, compression)
        ids = self._ids
        info = pickle.dumps((len(ids), ids[-1], self._maxweight, compression, length_to_byte(self._minlength),
                             length_to_byte(self._maxlength)), PICKLE_PROTOCOL)
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)  # negative: the term's last block
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class _FieldWriter(W3FieldWriter):
    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        codec = self._codec
        self._postwriter = _BlockPostings(self._postfile, blocklimit=codec._blocklimit,
                                          compression=codec._compression, inlinelimit=codec._inlinelimit)

    def add_term(self, btext: bytes, term: _Term) -> None:
        self.start_term(btext)
        self._postwriter.add_term(term)
        self.finish_term()


def write_segment(storage: Storage, schema: Schema, indexname: str, analyses: Iterable[ArticleAnalysis],
                  segment_id: str | None = None, compression: int = ZLIB_LEVEL) -> W3Segment:
    """A new segment of the analysed articles, its files written to `storage`; not yet part of the index.

    Commit a writer whose merge policy adds it (`adding`).
    """
    codec = W3Codec(compression=compression)
    segment = W3Segment(codec, indexname, segid=segment_id)
    perdoc = codec.per_document_writer(storage, segment)
    terms: dict[str, dict[str, _Term]] = {name: {} for name in schema.names() if schema[name].indexed}
    count = 0
    for docnum, analysis in enumerate(analyses):
        perdoc.start_doc(docnum)
        for name, value in plain_fields(analysis).items():
            field = schema[name]
            if field.indexed:
                _index(field, value, terms[name], docnum)
            perdoc.add_field(name, field, value if field.stored else None, 0)
        perdoc.add_field("title", schema["title"], analysis.title, 0)  # body is not stored
        _index_runs(analysis, docnum, terms["title"], terms["body"])
        perdoc.finish_doc()
        count = docnum + 1
    perdoc.close()
    segment.set_doc_count(count)
    _write_terms(codec, storage, segment, schema, terms)
    return segment


def _index(field: Any, value: Any, table: dict[str, _Term], docnum: int) -> None:
    """Add one plain field value's postings to `table`, as whoosh's own field code makes them."""
    if field.scorable:
        raise ValueError("fields written here keep no lengths; make them unscorable")
    for btext, _, weight, vbytes in field.index(value):
        term = table.get(btext.decode("utf-8"))
        if term is None:
            term = table[btext.decode("utf-8")] = _Term()
        term.ids.append(docnum)
        term.weights.append(weight)
        term.values += vbytes
        term.ends.append(len(term.values))


def _index_runs(analysis: ArticleAnalysis, docnum: int, title: dict[str, _Term], body: dict[str, _Term]) -> None:
    """The title and body postings of one article: what `AnalysedText.index` makes, without a call per term."""
    positions, terms, packed = analysis.positions, analysis.terms, _PACKED
    ends = analysis.position_ends
    for table, tfs, starts, stops in ((title, analysis.title_tf, chain((0,), ends[:-1]), analysis.body_starts),
                                      (body, analysis.body_tf, analysis.body_starts, ends)):
        get = table.get
        # One posting per term present: this loop is most of the work, so it stays inline.
        for term, tf, start, stop in zip(terms, tfs, starts, stops, strict=True):
            if tf:
                postings = get(term)
                if postings is None:
                    postings = table[term] = _Term()
                postings.ids.append(docnum)
                postings.weights.append(tf)
                values = postings.values
                values += packed[tf] if tf < 256 else pack_uint(tf)
                values += positions[start:stop]
                postings.ends.append(len(values))


def _write_terms(codec: W3Codec, storage: Storage, segment: W3Segment, schema: Schema,
                 terms: dict[str, dict[str, _Term]]) -> None:
    writer = _FieldWriter(codec, storage, segment)
    for name in sorted(terms):  # whoosh's term file wants keys in increasing order: field, then term bytes
        table = terms[name]
        if not table:
            continue
        writer.start_field(name, schema[name])
        # Code point order is UTF-8 byte order, so str keys sort as whoosh's bytes do.
        for text in sorted(table):
            writer.add_term(text.encode("utf-8"), table.pop(text))
        writer.finish_field()
    writer.close()


AddSegments = Callable[[Any, list[W3Segment]], list[W3Segment]]


def adding(segments: list[W3Segment], policy: AddSegments = NO_MERGE) -> AddSegments:
    """A merge policy for `writer.commit(mergetype=...)`: `policy` on the existing segments, then `segments` added."""
    return lambda writer, existing: [*policy(writer, existing), *segments]


def write_segments(folder: Path, schema: Schema, indexname: str, parts: Sequence[Iterable[ArticleAnalysis]],
                   jobs: int = 1) -> list[W3Segment]:
    """One new segment per part, in order, written by up to `jobs` processes."""
    ids = [W3Segment._random_id() for _ in parts]  # made here: forked workers would draw the same random names
    if jobs <= 1 or len(parts) <= 1:
        storage = FileStorage(str(folder))
        return [write_segment(storage, schema, indexname, part, ids[i]) for i, part in enumerate(parts)]
    # Forked workers inherit the analyses instead of receiving them pickled.
    return list(forked_map(_write_part, (folder, schema, indexname, parts, ids), len(parts), min(jobs, len(parts))))


def _write_part(work: tuple[Path, Schema, str, Sequence[Iterable[ArticleAnalysis]], list[str]],
                number: int) -> W3Segment:
    folder, schema, indexname, parts, ids = work
    return write_segment(FileStorage(str(folder)), schema, indexname, parts[number], ids[number])
