"""The build cache's index: every output's key and file hashes, and every article's search head.

Every build reads the index whole, and every build writes it again. Pickled as one row,
it was one string as large as itself held beside it while the cache was saved: the last
rise of a large build's peak memory (about 180 MB at 100,000 articles). Its two large
mappings are therefore rows of PIECE_ITEMS entries each, pickled one at a time as
SQLite takes them; the index's own row holds the rest and how many pieces there are.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .sources import Readings

INDEX = "index"  # the index's own row in the "blobs" table; its pieces' keys start with PIECES
PIECES = "index:"
PIECE_ITEMS = 4096
_MAPPINGS = ("outputs", "analysis_heads")


@dataclass(frozen=True)
class CacheIndex:
    fingerprint: str  # the generator's code and the configuration: what a reading depends on
    out_dir: str
    # Articles without their bodies (see Article.partial); kept in rows of their own, not in the index row.
    readings: Readings = field(default_factory=Readings)
    outputs: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # job -> (key, {path: sha256})
    # article key (outputs.article_keys) -> the head of its search analysis (search.documents.DocHead)
    analysis_heads: dict[str, Any] = field(default_factory=dict)
    whoosh_mark: tuple = ()  # the command-line index as the last build left it (see indexing.whoosh_mark)


WriteRows = Callable[[sqlite3.Connection, str, Iterable[tuple[str, Any]]], None]  # (connection, table, rows)


def write_index(connection: sqlite3.Connection, index: CacheIndex, write_rows: WriteRows) -> None:
    """Put `index` in place of the one the file holds (a smaller index has fewer pieces)."""
    connection.execute("DELETE FROM blobs WHERE substr(key, 1, ?) = ?", (len(PIECES), PIECES))
    write_rows(connection, "blobs", index_rows(index))


def index_rows(index: CacheIndex) -> Iterator[tuple[str, Any]]:
    """The index's rows for the "blobs" table, made as they are taken: its own, then its pieces."""
    counts = {name: -(-len(getattr(index, name)) // PIECE_ITEMS) for name in _MAPPINGS}
    yield INDEX, (dataclasses.replace(index, readings=Readings(), outputs={}, analysis_heads={}), counts)
    for name in _MAPPINGS:
        items = iter(getattr(index, name).items())
        for number in range(counts[name]):
            yield f"{PIECES}{name}:{number}", dict(islice(items, PIECE_ITEMS))


Unpack = Callable[[int, bytes, str], Any]  # (checksum, data, row key) -> the row's value; raises if unsound


def read_index(connection: sqlite3.Connection, unpack: Unpack, fingerprint: str) -> CacheIndex | None:
    """The index the rows hold, or None for none or one of another format. One made for other code
    or configuration than `fingerprint` comes without its pieces: it is of no use, so they are not
    read. A missing piece raises KeyError."""
    row = connection.execute("SELECT crc, data FROM blobs WHERE key = ?", (INDEX,)).fetchone()
    head = unpack(row[0], row[1], INDEX) if row else None
    if not (isinstance(head, tuple) and len(head) == 2 and isinstance(head[0], CacheIndex)):
        return None
    index, counts = head
    if index.fingerprint != fingerprint:
        return index
    mappings: dict[str, dict[str, Any]] = {}
    for name in _MAPPINGS:
        whole = mappings[name] = {}
        for number in range(counts[name]):
            key = f"{PIECES}{name}:{number}"
            piece = connection.execute("SELECT crc, data FROM blobs WHERE key = ?", (key,)).fetchone()
            if piece is None:
                raise KeyError(key)
            whole.update(unpack(piece[0], piece[1], key))
    return dataclasses.replace(index, **mappings)
