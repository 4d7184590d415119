"""Postings of the browser index, encoded while the documents are walked once in number order.

Each term's postings are appended to its byte string as documents come, so nothing
holds a Python object per posting: at a hundred thousand articles that is tens of
millions of postings. The bytes are the format `export.py` documents and
`static/js/search-engine.js` decodes: a count, then per document the delta of its
number, title and body term frequencies, length code and filter group, as varints.

This loop runs once per posting, so it avoids function calls there: varints of values
below `SMALL_LIMIT` come from a table of ready-made bytes, and the rest take the slow path.
An incremental export passes `only`, the terms it must re-encode: documents without
any of them are skipped by one set operation in C.
"""

from __future__ import annotations

from collections.abc import Sequence

from .codec import write_varint
from .documents import SearchDoc


def _varint_table(size: int) -> list[bytes]:
    table = []
    for value in range(size):
        out = bytearray()
        write_varint(out, value)
        table.append(bytes(out))
    return table


SMALL_LIMIT = 1 << 14
_SMALL = _varint_table(SMALL_LIMIT)  # every value below 16384 (two varint bytes) precomputed


def varint(value: int) -> bytes:
    if value < SMALL_LIMIT:
        return _SMALL[value]
    out = bytearray()
    write_varint(out, value)
    return bytes(out)


class TermPostings:
    """One term's postings so far: count, last document number, encoded bytes (and positions, rank)."""

    __slots__ = ("count", "last", "data", "positions", "rank")

    def __init__(self) -> None:
        self.count = 0
        self.last = 0
        self.data = bytearray()
        self.positions = bytearray()
        self.rank = 0  # documents with the term in the title plus documents with it in the body

    def encoded(self) -> bytes:
        return varint(self.count) + self.data


def _tail(doc: SearchDoc) -> bytes:
    """The end every posting of a document shares: length code and filter group."""
    return varint(doc.length_code) + varint(doc.group)


def _indices(names: tuple[str, ...], only: set[str] | None) -> list[int] | None:
    """Indices of the names to encode: all (None), or those in `only`; an empty list skips the document."""
    if only is None:
        return None
    if only.isdisjoint(names):  # most documents, when few terms changed: one pass in C
        return []
    return [index for index, name in enumerate(names) if name in only]


def exact_postings(docs: Sequence[SearchDoc], only: set[str] | None = None) -> dict[str, TermPostings]:
    """Exact terms with postings, slot positions and completion rank; `docs` in number order."""
    table: dict[str, TermPostings] = {}
    small, limit = _SMALL, SMALL_LIMIT
    for doc in docs:
        a = doc.analysis
        chosen = _indices(a.terms, only)
        if chosen is not None and not chosen:
            continue
        number, tail, data = doc.number, _tail(doc), a.positions
        rows = zip(a.terms, a.title_tf, a.body_tf, a.position_ends, strict=True)
        if chosen is not None:
            ends = a.position_ends
            rows = [(a.terms[i], a.title_tf[i], a.body_tf[i], ends[i], ends[i - 1] if i else 0) for i in chosen]
        start = 0
        for term, title_tf, body_tf, end, *begin in rows:
            entry = table.get(term)
            if entry is None:
                entry = table[term] = TermPostings()
            delta = number - entry.last
            if delta < limit and title_tf < limit and body_tf < limit:
                entry.data += small[delta] + small[title_tf] + small[body_tf] + tail
            else:
                entry.data += varint(delta) + varint(title_tf) + varint(body_tf) + tail
            entry.last = number
            entry.count += 1
            entry.rank += (title_tf > 0) + (body_tf > 0)
            if begin:  # a chosen term: its run starts where the previous term's ended, not where the last chosen did
                start = begin[0]
            entry.positions += data[start:end]
            start = end
    return table


def stem_postings(docs: Sequence[SearchDoc], only: set[str] | None = None) -> dict[str, TermPostings]:
    """Stems with postings (title and body counts of every term with that stem)."""
    table: dict[str, TermPostings] = {}
    small, limit = _SMALL, SMALL_LIMIT
    for doc in docs:
        a = doc.analysis
        chosen = _indices(a.stems, only)
        if chosen is not None and not chosen:
            continue
        number, tail = doc.number, _tail(doc)
        rows = zip(a.stems, a.stem_title_tf, a.stem_body_tf, strict=True)
        if chosen is not None:
            rows = [(a.stems[i], a.stem_title_tf[i], a.stem_body_tf[i]) for i in chosen]
        for term, title_tf, body_tf in rows:
            entry = table.get(term)
            if entry is None:
                entry = table[term] = TermPostings()
            delta = number - entry.last
            if delta < limit and title_tf < limit and body_tf < limit:
                entry.data += small[delta] + small[title_tf] + small[body_tf] + tail
            else:
                entry.data += varint(delta) + varint(title_tf) + varint(body_tf) + tail
            entry.last = number
            entry.count += 1
    return table
