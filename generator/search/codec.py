"""Bytes of the static index: varints, front-coded terms, zlib, base64 in a script file.

Every index file is a classic script, `window.__archiveSearch.load("<id>", <payload>)`,
so the browser can load it with a `<script>` element: that works on any static host
and from `file://`, where `fetch()` is refused. Data payloads are zlib-compressed
and base64-encoded; browsers inflate them with the built-in `DecompressionStream`.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

GLOBAL = "window.__archiveSearch"
SCRIPT_BATCH = 256  # files compressed together by `iter_scripts`
_SCRIPT = re.compile(r'^window\.__archiveSearch\.load\("([^"]+)",(.*)\);\n$', re.S)


def write_varint(out: bytearray, value: int) -> None:
    """Seven bits a byte, low bits first, high bit set while more bytes follow (as protobuf)."""
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _varint_table(size: int) -> list[bytes]:
    table = []
    for value in range(size):
        out = bytearray()
        write_varint(out, value)
        table.append(bytes(out))
    return table


SMALL_LIMIT = 1 << 14
# Every value below 16384 (two varint bytes) ready-made: the index's hot loops encode one or
# more varints per posting and per word slot, and a list lookup is far cheaper than a call.
SMALL_VARINTS = _varint_table(SMALL_LIMIT)


def varint(value: int) -> bytes:
    if value < SMALL_LIMIT:
        return SMALL_VARINTS[value]
    out = bytearray()
    write_varint(out, value)
    return bytes(out)


class Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def raw(self, length: int) -> bytes:
        chunk = self.data[self.pos : self.pos + length]
        self.pos += length
        return chunk


def write_terms_header(out: bytearray, previous: bytes, term: bytes) -> None:
    """Front coding: bytes shared with the previous term, then the rest."""
    shared, most = 0, min(len(previous), len(term))  # once per term of every shard: no call in the loop
    while shared < most and previous[shared] == term[shared]:
        shared += 1
    write_varint(out, shared)
    write_varint(out, len(term) - shared)
    out.extend(term[shared:])


def read_terms_header(reader: Reader, previous: bytes) -> bytes:
    shared = reader.varint()
    return previous[:shared] + reader.raw(reader.varint())


def script(file_id: str, payload: bytes) -> bytes:
    """A data file: compressed payload, base64, wrapped in a call. Deterministic bytes."""
    encoded = base64.b64encode(zlib.compress(payload, 9)).decode("ascii")
    return f'{GLOBAL}.load("{file_id}","{encoded}");\n'.encode("ascii")


def iter_scripts(items: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """`script` for many files, in order, as they are made. zlib releases the GIL while it
    compresses, so two threads use two cores; level 9 stays, so the bytes are the same as one at
    a time. Items are taken SCRIPT_BATCH at a time: given a generator, only that many payloads
    exist at once, not a whole index uncompressed (nor, if the caller lets each file go, compressed)."""
    pending = iter(items)
    with ThreadPoolExecutor(max_workers=2) as pool:  # its threads start with the first batch of 8 or more
        while batch := list(islice(pending, SCRIPT_BATCH)):
            if len(batch) < 8:
                yield from (script(file_id, payload) for file_id, payload in batch)
            else:
                yield from pool.map(lambda item: script(*item), batch, chunksize=16)


def unwrap(data: bytes) -> tuple[str, object]:
    """The id and payload of an index file: bytes for data files, a value for JSON files."""
    match = _SCRIPT.match(data.decode("utf-8"))
    if not match:
        raise ValueError("not a search index file")
    file_id, body = match.groups()
    value = json.loads(body)
    return file_id, zlib.decompress(base64.b64decode(value)) if isinstance(value, str) else value


def iter_varints(reader: Reader, count: int) -> Iterator[int]:
    for _ in range(count):
        yield reader.varint()
