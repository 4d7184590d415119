"""Postings of the browser index, encoded while the documents are walked once in number order.

Exact terms' postings are appended to its byte string as documents come, so nothing
holds a Python object per posting: at a hundred thousand articles that is tens of
millions of postings. The bytes are the format `export.py` documents and
`static/js/search-engine.js` decodes: a count, then per document the delta of its
number, title and body term frequencies, length code and filter group, as varints.
Stems get lists of their differences from a reference term in the same shape (`stem_diffs`).

This loop runs once per posting, so it avoids function calls there: varints of values
below `SMALL_LIMIT` come from a table of ready-made bytes, and the rest take the slow path.
Marks, every `MARK_EVERY`th posting's offsets, let an incremental export splice one
document's posting into the bytes without walking them from the start (splice.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from .codec import SMALL_LIMIT, SMALL_VARINTS, varint
from .documents import SearchDoc

MARK_EVERY = 64  # postings between marks (see splice.py)


class TermPostings:
    """One term's postings so far: count, last document number, encoded bytes (and positions, rank, marks)."""

    __slots__ = ("count", "last", "data", "positions", "rank", "marks")

    def __init__(self) -> None:
        self.count = 0
        self.last = 0
        self.data = bytearray()
        self.positions = bytearray()
        self.rank = 0  # documents with the term in the title plus documents with it in the body
        self.marks = array("q")  # (document, offset in data, offset in positions) of every MARK_EVERYth posting

    def encoded(self) -> bytes:
        return varint(self.count) + self.data


def _tail(doc: SearchDoc) -> bytes:
    """The end every posting of a document shares: length code and filter group."""
    return varint(doc.length_code) + varint(doc.group)


def exact_postings(docs: Sequence[SearchDoc]) -> dict[str, TermPostings]:
    """Exact terms with postings, slot positions and completion rank; `docs` in number order."""
    table: dict[str, TermPostings] = {}
    small, limit = SMALL_VARINTS, SMALL_LIMIT
    for doc in docs:
        a = doc.analysis
        number, tail, data = doc.number, _tail(doc), a.positions
        rows = zip(a.terms, a.title_tf, a.body_tf, a.position_ends, strict=True)
        start = 0
        for term, title_tf, body_tf, end in rows:
            entry = table.get(term)
            if entry is None:
                entry = table[term] = TermPostings()
            if not entry.count % MARK_EVERY:
                entry.marks.extend((number, len(entry.data), len(entry.positions)))
            delta = number - entry.last
            if delta < limit and title_tf < limit and body_tf < limit:
                entry.data += small[delta] + small[title_tf] + small[body_tf] + tail
            else:
                entry.data += varint(delta) + varint(title_tf) + varint(body_tf) + tail
            entry.last = number
            entry.count += 1
            entry.rank += (title_tf > 0) + (body_tf > 0)
            entry.positions += data[start:end]
            start = end
    return table


# A stem's postings are stored as its differences from its reference term's (see export.py):
# a document where they differ gets (title count + 1, body count, length code, group), one the
# reference has but the stem lacks gets zeros. Same shape as a posting, so splice.py applies.
ABSENT = bytes(4)


def diff_posting(doc: SearchDoc, stem_tf: tuple[int, int] | None, ref_tf: tuple[int, int] | None) -> bytes | None:
    """A document's entry in a stem's difference list (after the delta); None where none is needed."""
    if stem_tf is None:
        return ABSENT if ref_tf is not None else None
    if stem_tf == ref_tf:
        return None
    return varint(stem_tf[0] + 1) + varint(stem_tf[1]) + _tail(doc)


def stem_diffs(docs: Sequence[SearchDoc], refs: dict[str, str]) -> dict[str, TermPostings]:
    """Every stem's difference list from its reference term (all its postings where it has none);
    `docs` in number order. Stems present in a document but equal to their reference get an empty list."""
    by_ref: dict[str, list[str]] = {}
    for name, ref in refs.items():
        by_ref.setdefault(ref, []).append(name)
    table = {name: TermPostings() for name in refs}  # a reference's document may come before the stem's
    for doc in docs:
        a, number = doc.analysis, doc.number
        term_number = {term: n for n, term in enumerate(a.terms)}
        title_tf, body_tf = a.title_tf, a.body_tf
        for name, stem_title, stem_body in zip(a.stems, a.stem_title_tf, a.stem_body_tf, strict=True):
            # Most stems of a document are their reference term alone: nothing to store, so that test
            # comes first and costs two lookups (this loop runs for every stem of every document).
            n = term_number.get(refs.get(name, ""))
            if n is not None and title_tf[n] == stem_title and body_tf[n] == stem_body:
                continue
            entry = table.get(name)
            if entry is None:
                entry = table[name] = TermPostings()
            ref_tf = (title_tf[n], body_tf[n]) if n is not None else None
            append_diff(entry, number, diff_posting(doc, (stem_title, stem_body), ref_tf))
        refs_here = by_ref.keys() & term_number.keys()
        if refs_here:
            stems_here = set(a.stems)
            for term in refs_here:  # a reference term here whose stem is not: the stem is absent
                for name in by_ref[term]:
                    if name not in stems_here:
                        append_diff(table[name], number, ABSENT)
    return table


def append_diff(entry: TermPostings, number: int, rest: bytes | None) -> None:
    """Add document `number`'s difference entry (none if None) after the last one's."""
    if rest is None:
        return
    if not entry.count % MARK_EVERY:
        entry.marks.extend((number, len(entry.data), 0))
    entry.data += varint(number - entry.last) + rest
    entry.last = number
    entry.count += 1
