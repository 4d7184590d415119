"""The build cache: what the last build read and wrote, so the next one redoes only what changed.

Keys are content hashes: of each source with its sidecar (reading and extraction),
and of every input a page was rendered from together with the templates, the
configuration and the generator's own code (rendering). A cache that does not load,
fails a checksum, was made by other code, or describes another output folder is
discarded and the build starts clean; it is never trusted blindly.

It is one SQLite file, so that a build loads only what it uses: a small index (every
output's key and file hashes) and every source's reading without its body (a row per
source) are read on every build; article bodies, search analyses, the browser index's
export state and its files are rows read one by one, only when a page is re-rendered or
the search index changes (a file, only when the site needs it written). Saving writes the
index and the rows that are new or changed, in one transaction: an edit to one article
writes that article's reading, not the archive's. This module holds the rows; cache_file.py
opens the file and saves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from .cache_body import StoredBody
from .cache_parts import Parts, load_state
from .memory import release_freed_memory
from .model import Article

CACHE_FILE = "build-cache.sqlite"
_TABLES = ("texts", "analyses", "blobs", "readings", "parts", "files", "catalog")
STATE = "search-state"  # the blobs row of the browser export's state, its large strings in "parts"
CATALOG = "catalog"  # each article's lines of the catalog files, by article key (outputs.article_keys)
ROWS = ("texts", "analyses", "files", CATALOG)  # the tables of rows a build adds as it goes (CacheStore.put)
# Tables whose rows stay in memory once read: both search indexes read each changed analysis, and the
# export state is read once. A body is read once per page: kept, a template change at 100,000 articles
# held the bodies of every page a worker made, 2.4 GB in one process.
KEPT_ONCE_READ = ("analyses", "blobs")
# Bytes of files (the browser index's) a large archive holds before they go to the cache file: its
# shards are few but large, and a window of them by count was the peak of its export.
SPILL_BYTES = 16 << 20


class CacheCorrupt(Exception):
    """A row of the cache failed its checksum or could not be read: the build starts again clean."""


class CacheStore:
    """Rows of the cache by key, read when asked, plus what this build adds, written by `save`.

    With `spill_rows`, a table's new rows are written to the file as soon as that many are
    held, and from then on that table's rows are read back when used instead of kept: the
    bodies and analyses of a large archive then never sit in memory all at once. An archive
    known to be large (`expect`), or a table that has spilled, spills every `spill_window`
    rows, or SPILL_BYTES of bytes values, whichever comes first.
    Safe to use from forked worker processes: each opens its own connection.
    """

    def __init__(self, file: Path | None, usable: bool = True, spill_rows: int = 0, spill_window: int = 0) -> None:
        self.file = file
        self.spill_rows = spill_rows if file is not None else 0
        self.spill_window = spill_window or self.spill_rows
        self.spilled: set[str] = set()  # tables whose rows are no longer kept in memory
        self.large = False  # see `expect`
        self._pending: dict[str, list[str]] = {table: [] for table in _TABLES}  # new keys not yet written
        self._pending_bytes = dict.fromkeys(_TABLES, 0)  # their size, where they are bytes
        self.usable = usable and file is not None  # False: the file's rows belong to other code or are unsound
        self.rows: dict[str, dict[str, Any]] = {table: {} for table in _TABLES}  # rows in memory: made or read
        self.saved: dict[str, set[str]] = {table: set() for table in _TABLES}  # keys of `new` already in the file
        self._known: dict[str, set[str]] | None = None
        self.readings_in_file: dict[str, Any] = {}  # path -> the Reading object its row holds
        self.parts = Parts()  # the export state's large strings the file holds (cache_parts.py)
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_connection": None, "_pid": 0}

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            assert self.file is not None
            # Read-only: a reader must never create the file (it may have been deleted meanwhile).
            # Any thread: `serve` finishes a build in a thread of its own, and the next build waits for it.
            self._connection = sqlite3.connect(f"{self.file.absolute().as_uri()}?mode=ro", uri=True, timeout=60,
                                               check_same_thread=False)
            self._pid = os.getpid()
        return self._connection

    def has(self, table: str, key: str) -> bool:
        if key in self.rows[table]:
            return True
        if not self.usable:
            return False
        if self._known is None and not (self.file and self.file.exists()):
            self._known = {name: set() for name in _TABLES}  # deleted since: what is in memory is all there is
        if self._known is None:
            try:
                self._known = {name: {row[0] for row in self._db().execute(f"SELECT key FROM {name}")}
                               for name in _TABLES}
            except sqlite3.Error as exc:
                raise CacheCorrupt(f"the build cache could not be read ({exc})") from exc
        return key in self._known[table]

    def get(self, table: str, key: str) -> Any:
        if key in self.rows[table]:
            return self.rows[table][key]
        if not self.usable:
            raise KeyError(key)
        try:
            row = self._db().execute(f"SELECT crc, data FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise CacheCorrupt(f"the build cache could not be read ({exc})") from exc
        if row is None:
            raise KeyError(key)
        # Only the export state (in "blobs") refers to parts; reading them costs a class per row.
        value = unpack(row[0], row[1], key, self if table == "blobs" else None)
        if table in KEPT_ONCE_READ and table not in self.spilled:
            self.rows[table][key] = value
            self.saved[table].add(key)
        return value

    def get_many(self, table: str, keys: Collection[str]) -> dict[str, Any]:
        """The rows of `table` the cache has among `keys`. Many are read in one pass over the table
        (10,000 queries of a row each took 0.3 s) and not kept in memory afterwards; a few, as `get`."""
        rows = self.rows[table]
        found = {key: rows[key] for key in keys if key in rows}
        wanted = {key for key in keys if key not in found and self.has(table, key)}
        if len(wanted) < 64:
            return found | {key: self.get(table, key) for key in wanted}
        try:
            for key, crc, data in self._db().execute(f"SELECT key, crc, data FROM {table}"):
                if key in wanted:
                    found[key] = unpack(crc, data, key)
        except sqlite3.Error as exc:
            raise CacheCorrupt(f"the build cache could not be read ({exc})") from exc
        return found

    def _read_parts(self) -> dict[str, bytes]:
        try:
            rows = self._db().execute("SELECT key, crc, data FROM parts").fetchall()
        except sqlite3.Error as exc:
            raise CacheCorrupt(f"the build cache could not be read ({exc})") from exc
        for key, crc, data in rows:
            _check(crc, data, key)
        return {key: data for key, _, data in rows}

    def expect(self, sources: int) -> None:
        """The archive has `sources` files. More than `spill_rows` make it a large one, which holds no
        more than `spill_window` new rows of a table from its first: filling `spill_rows` before the
        first spill was the peak of its reading and analysis stages."""
        self.large = bool(self.spill_rows) and sources > self.spill_rows

    def put(self, table: str, key: str, value: Any) -> None:
        if key not in self.rows[table]:
            self._pending[table].append(key)
            self._pending_bytes[table] += len(value) if type(value) is bytes else 0
        self.rows[table][key] = value
        windowed = table in self.spilled or self.large
        limit = self.spill_window if windowed else self.spill_rows
        if limit and (len(self._pending[table]) >= limit or windowed and self._pending_bytes[table] >= SPILL_BYTES):
            self.spill(table)

    def spill(self, table: str) -> None:
        """Write this build's new rows of `table` to the file now, and hold them there only."""
        assert self.file is not None
        if not self.usable:  # the file's rows are someone else's: start it again, as saving would
            self.file.unlink(missing_ok=True)
            self.usable, self._known, self.readings_in_file = True, {name: set() for name in _TABLES}, {}
        rows = self.rows[table]
        keys = [k for k in self._pending[table] if k in rows and k not in self.saved[table]]
        # Each row leaves memory as it is written, not after the last: pickling a text makes Python keep
        # a UTF-8 copy of it beside it, and 16,384 articles' bodies twice over took 0.35 GB more.
        written = ((key, rows.pop(key)) for key in keys)
        connection = open_for_writing(self.file)
        try:
            with connection:
                write_rows(connection, table, written)
        finally:
            connection.close()
        for key in self._pending[table]:
            self.rows[table].pop(key, None)
            if self._known is not None:
                self._known[table].add(key)
        self.written(table)
        self.spilled.add(table)
        release_freed_memory()  # the rows just written: else the next window is allocated beside them

    def written(self, table: str) -> None:
        """This build's new rows of `table` are in the file: none is pending any more."""
        self._pending[table], self._pending_bytes[table] = [], 0

    def all_saved(self, readings: dict[str, Any]) -> None:
        """The file now holds these readings and every row this store holds (cache_file.save_cache)."""
        self.readings_in_file = dict(readings)
        for table in ROWS:
            self.saved[table].update(self.rows[table])
            self.written(table)
        self.usable, self._known = True, None

    def whole(self, article: Article, content_key: str) -> Article:
        """`article` with its body, read back from the cache when the record is partial."""
        if not article.partial:
            return article
        try:
            stored: StoredBody = self.get("texts", content_key)
        except KeyError as exc:
            raise CacheCorrupt(f"the build cache has no body for {article.path}") from exc
        return article.with_body(stored.body, stored.text)

    def put_body(self, article: Article, content_key: str) -> None:
        if not self.has("texts", content_key):
            self.put("texts", content_key, StoredBody(article.body, article.body_text))

    def keep_file(self, data: bytes) -> str:
        """Keep a file of the browser index (search/kept_files.py); its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        if not self.has("files", sha):
            self.put("files", sha, data)
        return sha

    def read_file(self, sha256: str) -> bytes:
        try:
            return self.get("files", sha256)
        except KeyError as exc:
            raise CacheCorrupt(f"the build cache has no search index file {sha256[:12]}") from exc


def write_rows(connection: sqlite3.Connection, table: str, rows: Iterable[tuple[str, Any]]) -> None:
    packed = (_pack(key, value) for key, value in rows)
    connection.executemany(f"INSERT OR REPLACE INTO {table} (key, crc, data) VALUES (?, ?, ?)", packed)


def open_for_writing(file: Path) -> sqlite3.Connection:
    file.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(file, timeout=60)
    # No flush to the disk at each commit: the journal still protects the file from a build that is
    # stopped, and a file a system crash damages fails its checks and is built again (see CacheCorrupt).
    connection.execute("PRAGMA synchronous = OFF")
    with connection:
        for table in _TABLES:
            connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, crc INTEGER, data BLOB)")
    return connection


def _pack(key: str, value: Any) -> tuple[str, int, bytes]:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return key, zlib.crc32(data), data


def _check(crc: int, data: bytes, key: str) -> None:
    if zlib.crc32(data) != crc:
        raise CacheCorrupt(f"the build cache row '{key}' fails its checksum")


def unpack(crc: int, data: bytes, key: str, store: CacheStore | None = None) -> Any:
    """A row's value; with `store`, references to parts (only the export state has them) are resolved."""
    _check(crc, data, key)
    try:
        return load_state(data, store._read_parts, store.parts) if store else pickle.loads(data)
    except CacheCorrupt:
        raise
    except Exception as exc:  # a damaged pickle or a missing part can raise almost anything: "start clean"
        raise CacheCorrupt(f"the build cache row '{key}' cannot be read") from exc
