"""The browser index's files as an export keeps them from one build to the next: as bytes, or, given
a file store (the build cache), as the SHA-256 the store keeps their bytes under.

The files of an export are most of its state (at 10,000 articles, 50 MB of shards and result
chunks beside 25 MB of postings) and an edit changes a handful. Held as bytes, every build loaded them all and
carried them through to the next. Named by hash, a file's bytes are read only when it must be
written (its hash is not the one the site has), and the store keeps new ones on disk past a window.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol

from ..model import OutputFile, StoredFile

FileData = bytes | str  # a file's bytes, or the SHA-256 of those a FileStore keeps


class FileStore(Protocol):
    def keep_file(self, data: bytes) -> str:
        """Keep `data`; its SHA-256, by which `read_file` gives it back."""
        ...

    def read_file(self, sha256: str) -> bytes: ...


def kept(data: bytes, store: FileStore | None) -> FileData:
    return data if store is None else store.keep_file(data)


def bytes_of(data: FileData, store: FileStore | None) -> bytes:
    if isinstance(data, bytes):
        return data
    assert store is not None, "a file kept by hash needs its store"
    return store.read_file(data)


def site_file(path: str, data: FileData, store: FileStore | None) -> OutputFile | StoredFile:
    if isinstance(data, bytes):
        return OutputFile(path, data)
    assert store is not None, "a file kept by hash needs its store"
    return StoredFile(path, data, partial(store.read_file, data))
