"""One document's posting replaced, inserted or removed in a term's encoded postings, in place.

Re-encoding a common term means walking every document that has it, in Python, once
per posting; a term's postings only change at the edited document, so the bytes
before it and (but for one delta) after it are copied instead. `marks` make finding
that document cheap: every `MARK_EVERY`th posting's (document, offset in the postings,
offset in the positions), so the walk starts at most that many postings before it.
"""

from __future__ import annotations

import bisect
from array import array

from .codec import varint

Posting = tuple[bytes, bytes, int]  # the bytes after the delta (frequencies, length, group), positions, rank
# A term's marks as kept between builds: the bytes of an array("q") of (document, offset, positions
# offset) triples. Bytes, not arrays: a real archive has tens of thousands of terms, and pickling
# an array goes through Python (82,000 terms' marks took 0.42 s to save and as long to load).
Marks = bytes


def _read(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def _skip(data: bytes, pos: int, count: int) -> int:
    for _ in range(count):
        while data[pos] >= 0x80:
            pos += 1
        pos += 1
    return pos


def splice(encoded: bytes, positions: bytes | None, rank: int, kept_marks: Marks, number: int,
           new: Posting | None) -> tuple[bytes, bytes | None, int, Marks] | None:
    """The term's (encoded postings, positions, rank, marks) with document `number`'s posting
    set to `new` (None: removed); None when no posting is left. `positions` None: a stem's."""
    marks = array("q")
    marks.frombytes(kept_marks)
    count, start = _read(encoded, 0)
    body = encoded[start:]
    docs = marks[0::3]
    at = bisect.bisect_right(docs, number) - 1
    pos, ppos, prev = 0, 0, 0
    if at >= 0:
        pos, ppos = marks[3 * at + 1], marks[3 * at + 2]
        prev = marks[3 * at] - _read(body, pos)[0]
    doc = None
    while pos < len(body):  # walk to the first posting at or after `number`
        delta, after = _read(body, pos)
        doc = prev + delta
        if doc >= number:
            break
        title_tf, after = _read(body, after)
        body_tf, after = _read(body, after)
        pos = _skip(body, after, 2)
        if positions is not None:
            ppos = _skip(positions, ppos, title_tf + body_tf)
        prev, doc = doc, None
    head, phead = body[:pos], positions[:ppos] if positions is not None else None
    gone_mark = {number}
    if doc == number:  # the document had the term: cut its posting out
        title_tf, after = _read(body, _read(body, pos)[1])
        body_tf, after = _read(body, after)
        end = _skip(body, after, 2)
        pend = _skip(positions, ppos, title_tf + body_tf) if positions is not None else 0
        rank -= (title_tf > 0) + (body_tf > 0)
        count -= 1
        doc = None
        if end < len(body):
            delta, _ = _read(body, end)
            doc = number + delta
        rest, prest = body[end:], positions[pend:] if positions is not None else None
    else:
        rest, prest = body[pos:], positions[ppos:] if positions is not None else None
    # `rest` starts with the next document's posting (if any), whose delta is from `number`'s or `prev`.
    middle, pmiddle = b"", b""
    last = prev
    if new is not None:
        middle, pmiddle = varint(number - prev) + new[0], new[1]
        rank += new[2]
        count += 1
        last = number
    if doc is not None:
        delta, after = _read(rest, 0)
        rest = varint(doc - last) + rest[after:]
        gone_mark.add(doc)
    if count == 0:
        return None
    new_body = head + middle + rest
    new_positions = phead + pmiddle + prest if positions is not None and prest is not None else None
    shift = len(new_body) - len(body)
    pshift = (len(new_positions) - len(positions)) if new_positions is not None and positions is not None else 0
    kept = array("q")
    for index in range(0, len(marks), 3):
        mark_doc = marks[index]
        if mark_doc in gone_mark:
            continue  # its offset moved within the edit: marks are only hints, drop it
        if mark_doc > number:
            kept.extend((mark_doc, marks[index + 1] + shift, marks[index + 2] + pshift))
        else:
            kept.extend(marks[index : index + 3])
    return varint(count) + new_body, new_positions, rank, kept.tobytes()


def frequencies(encoded: bytes) -> dict[int, tuple[int, int]]:
    """Document -> (title, body) fields of every posting of an encoded list, for the few lists an
    edit makes worth rebuilding whole (a stem whose reference term changed)."""
    count, pos = _read(encoded, 0)
    found: dict[int, tuple[int, int]] = {}
    doc = 0
    for _ in range(count):
        delta, pos = _read(encoded, pos)
        doc += delta
        title_tf, pos = _read(encoded, pos)
        body_tf, pos = _read(encoded, pos)
        pos = _skip(encoded, pos, 2)
        found[doc] = (title_tf, body_tf)
    return found
