"""Postings of the browser index, encoded while the documents are walked once in number order.

Each term's postings are appended to its byte string as documents come, so nothing
holds a Python object per posting: at a hundred thousand articles that is tens of
millions of postings. The bytes are the format `export.py` documents and
`static/js/search-engine.js` decodes: a count, then per document the delta of its
number, title and body term frequencies, length code and filter group, as varints.
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


_SMALL = _varint_table(1 << 14)  # every value below 16384 (two varint bytes) precomputed


def varint(value: int) -> bytes:
    if value < len(_SMALL):
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


def _doc_tails(docs: Sequence[SearchDoc]) -> list[bytes]:
    """Per document, the end every one of its postings shares: length code and filter group."""
    return [varint(doc.length_code) + varint(doc.group) for doc in docs]


def exact_postings(docs: Sequence[SearchDoc]) -> dict[str, TermPostings]:
    """Exact terms with postings, slot positions and completion rank; `docs` in number order."""
    table: dict[str, TermPostings] = {}
    tails = _doc_tails(docs)
    for doc in docs:
        a, number, tail = doc.analysis, doc.number, tails[doc.number]
        ends, data = a.position_ends, a.positions
        start = 0
        for index, term in enumerate(a.terms):
            entry = table.get(term)
            if entry is None:
                entry = table[term] = TermPostings()
            title_tf, body_tf = a.title_tf[index], a.body_tf[index]
            entry.data += varint(number - entry.last) + varint(title_tf) + varint(body_tf) + tail
            entry.last = number
            entry.count += 1
            entry.rank += (title_tf > 0) + (body_tf > 0)
            end = ends[index]
            entry.positions += data[start:end]
            start = end
    return table


def stem_postings(docs: Sequence[SearchDoc]) -> dict[str, TermPostings]:
    """Stems with postings (title and body counts of every term with that stem)."""
    table: dict[str, TermPostings] = {}
    tails = _doc_tails(docs)
    for doc in docs:
        number, tail = doc.number, tails[doc.number]
        for term, title_tf, body_tf in doc.analysis.stem_counts():
            entry = table.get(term)
            if entry is None:
                entry = table[term] = TermPostings()
            entry.data += varint(number - entry.last) + varint(title_tf) + varint(body_tf) + tail
            entry.last = number
            entry.count += 1
    return table
