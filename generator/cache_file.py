"""Opening and saving the build cache's file (cache.py holds its rows).

Opening checks the file before anything is used: one that does not load, fails a checksum,
was made by other code or configuration, or describes another output folder gives an empty
index and store, and the build starts clean. Saving is one transaction.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .cache import CACHE_FILE, CATALOG, ROWS, STATE, CacheCorrupt, CacheStore, open_for_writing, unpack, write_rows
from .cache_index import CacheIndex, read_index, write_index
from .cache_parts import write_state
from .sources import Readings


def load_cache(cache_dir: Path, fingerprint: str, out_dir: Path,
               spill: tuple[int, int] = (0, 0)) -> tuple[CacheIndex, CacheStore, str | None]:
    """The cache's index and rows if sound and made for this code and output; else empty ones and why.
    `spill` is the store's (spill_rows, spill_window)."""
    empty = CacheIndex(fingerprint, str(out_dir.absolute()))
    file = cache_dir / CACHE_FILE
    if not file.exists():
        return empty, CacheStore(file, False, *spill), None
    try:
        connection = sqlite3.connect(file, timeout=60)
        try:
            index = read_index(connection, unpack, fingerprint)
        finally:
            connection.close()
    except (sqlite3.Error, CacheCorrupt, KeyError):
        return empty, CacheStore(file, False, *spill), "the build cache is corrupt or unreadable; rebuilding"
    if not isinstance(index, CacheIndex):
        return empty, CacheStore(file, False, *spill), "the build cache is of an unknown format; rebuilding"
    if index.fingerprint != fingerprint:
        return empty, CacheStore(file, False, *spill), None  # other code or configuration: nothing can be trusted
    if index.out_dir != empty.out_dir:
        return empty, CacheStore(file, False, *spill), None
    store = CacheStore(file, True, *spill)
    try:
        store.readings_in_file = _read_readings(file)
    except (sqlite3.Error, CacheCorrupt):
        return empty, CacheStore(file, False, *spill), "the build cache is corrupt or unreadable; rebuilding"
    return dataclasses.replace(index, readings=Readings(dict(store.readings_in_file))), store, None


def _read_readings(file: Path) -> dict[str, Any]:
    connection = sqlite3.connect(file, timeout=60)
    try:
        return {key: unpack(crc, data, key) for key, crc, data in connection.execute(
            "SELECT key, crc, data FROM readings")}
    finally:
        connection.close()


def save_cache(cache_dir: Path, index: CacheIndex, store: CacheStore, texts: Iterable[str],
               analyses: Iterable[str], state: object = None, files: Iterable[str] | None = None,
               articles: Iterable[str] = ()) -> None:
    """Write the index, the rows this build added, and drop rows no longer referred to.

    `texts` and `analyses` are the keys the index refers to; `state` is the browser export's
    state when this build made a new one, and `files` the hashes of the files it names;
    `articles`, the keys of the articles whose catalog lines are kept.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    file = cache_dir / CACHE_FILE
    if not store.usable and file.exists():
        file.unlink()  # the old rows are someone else's: start the file again
        store.readings_in_file = {}
    connection = open_for_writing(file)
    try:
        with connection:
            for table in ROWS:
                write_rows(connection, table, [(k, v) for k, v in store.rows[table].items()
                                                if k not in store.saved[table]])
            if state is not None:
                write_state(connection, store.parts, STATE, state)
            _keep_only(connection, store, "texts", set(texts))
            _keep_only(connection, store, "analyses", set(analyses))
            _keep_only(connection, store, CATALOG, set(articles))
            if files is not None:
                _keep_only(connection, store, "files", set(files))
            _write_readings(connection, store.readings_in_file, index.readings.by_path)
            write_index(connection, index, write_rows)
    finally:
        connection.close()
    store.all_saved(index.readings.by_path)  # only once the transaction holds


def _write_readings(connection: sqlite3.Connection, in_file: dict[str, Any], readings: dict[str, Any]) -> None:
    """Rows for the readings that are not, as they are, in the file already; none for sources gone."""
    write_rows(connection, "readings", [(rel, r) for rel, r in readings.items() if in_file.get(rel) is not r])
    connection.executemany("DELETE FROM readings WHERE key = ?", [(rel,) for rel in in_file if rel not in readings])


def _keep_only(connection: sqlite3.Connection, store: CacheStore, table: str, keys: set[str]) -> None:
    present = {row[0] for row in connection.execute(f"SELECT key FROM {table}")}
    connection.executemany(f"DELETE FROM {table} WHERE key = ?", [(key,) for key in present - keys])
    for key in set(store.rows[table]) - keys:  # memory follows the file, so a row comes back only re-written
        del store.rows[table][key]
        store.saved[table].discard(key)
