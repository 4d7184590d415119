"""The search export's state in the build cache: its large byte strings as rows of their own.

The state holds every term's encoded postings and positions (about 25 MB at 10,000
articles; its files are rows of their own, see search/kept_files.py), and an edit changes
a small part of it. Pickled whole, every edit wrote all of it again. Here each byte
string of at least `PART_BYTES` is pickled as a reference to a row of the "parts" table
named by its hash: a save writes the core and the parts that are new. The strings a
state was loaded with are remembered by object, so those the next state still holds are
neither hashed nor written again.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sqlite3
import zlib
from collections.abc import Callable
from typing import Any

# Smaller strings stay inside the state's own row. Small enough for a result-data file (about 2 KB
# each, one per article): held inline, they were most of a core written again on every edit (26 MB at
# 10,000 articles, 4 MB without them; saving the cache after an edit 0.37 -> 0.25 s).
PART_BYTES = 1024


class Parts:
    """The large byte strings the cache file holds, by the object that holds each in memory."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[str, bytes]] = {}  # id(bytes) -> (its row's key, the bytes)

    def keys(self) -> set[str]:
        return {key for key, _ in self.known.values()}


def dump_state(value: Any, parts: Parts) -> tuple[memoryview, dict[str, bytes]]:
    """`value` pickled with its large byte strings as references, and the strings not known yet.

    Afterwards `parts` knows exactly the strings this state refers to."""
    new: dict[str, bytes] = {}
    seen: dict[int, tuple[str, bytes]] = {}

    class _Pickler(pickle.Pickler):
        def persistent_id(self, obj: Any) -> str | None:
            if type(obj) is not bytes or len(obj) < PART_BYTES:
                return None
            known = parts.known.get(id(obj))
            if known is None or known[1] is not obj:
                known = (hashlib.blake2b(obj, digest_size=16).hexdigest(), obj)
                new[known[0]] = obj
            seen[id(obj)] = known
            return known[0]

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    parts.known = seen
    return buffer.getbuffer(), new  # not a copy: at 100,000 articles the core alone is a quarter of a GB


def load_state(data: bytes, read_parts: Callable[[], dict[str, bytes]], parts: Parts) -> Any:
    """The value `dump_state` pickled (or any plain pickle); `read_parts` gives every part row, read once,
    when the first reference is met. Raises KeyError for a part that is missing."""
    table: dict[str, bytes] | None = None

    class _Unpickler(pickle.Unpickler):
        def persistent_load(self, pid: Any) -> bytes:
            nonlocal table
            if table is None:
                table = read_parts()
            obj = table[pid]
            parts.known[id(obj)] = (pid, obj)
            return obj

    return _Unpickler(io.BytesIO(data)).load()


def write_state(connection: sqlite3.Connection, parts: Parts, key: str, state: Any) -> None:
    """The state's row (in "blobs") and its new parts; parts it no longer refers to are dropped."""
    data, new = dump_state(state, parts)
    present = {row[0] for row in connection.execute("SELECT key FROM parts")}
    connection.executemany("INSERT INTO parts (key, crc, data) VALUES (?, ?, ?)",
                           ((name, zlib.crc32(part), part) for name, part in new.items() if name not in present))
    connection.executemany("DELETE FROM parts WHERE key = ?", [(name,) for name in present - parts.keys()])
    connection.execute("INSERT OR REPLACE INTO blobs (key, crc, data) VALUES (?, ?, ?)", (key, zlib.crc32(data), data))
