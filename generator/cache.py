"""The build cache: what the last build read and wrote, so the next one redoes only what changed.

Keys are content hashes: of each source with its sidecar (reading and extraction),
and of every input a page was rendered from together with the templates, the
configuration and the generator's own code (rendering). A cache that does not load,
does not pass its checksum, was made by other code, or describes another output
folder is discarded and the build starts clean; it is never trusted blindly.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .sources import Readings

CACHE_FILE = "build-cache.pickle"
_MAGIC = b"rtl-archive-cache-1\n"


@dataclass(frozen=True)
class BuildCache:
    fingerprint: str  # the generator's code and the configuration: what a reading depends on
    out_dir: str
    readings: Readings = field(default_factory=Readings)
    outputs: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # job -> (key, {path: sha256})
    analyses: dict[str, object] = field(default_factory=dict)  # search analyses by content key
    search_state: object = None  # the browser index export's state, for re-encoding only what changed


def fingerprint_files(*folders: Path, suffixes: tuple[str, ...] = ()) -> str:
    """One hash over every file below the folders (path and bytes), in sorted order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.exists():
            continue
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for file in files:
            if suffixes and file.suffix not in suffixes:
                continue
            digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def code_fingerprint() -> str:
    """The generator's own source: any change to the code invalidates every cached result."""
    package = Path(__file__).resolve().parent
    return fingerprint_files(package, suffixes=(".py", ".yml"))


def load_cache(cache_dir: Path, fingerprint: str, out_dir: Path) -> tuple[BuildCache, str | None]:
    """The cache if it is sound and made for this code and output; else an empty one and why."""
    empty = BuildCache(fingerprint, str(out_dir.absolute()))
    file = cache_dir / CACHE_FILE
    if not file.exists():
        return empty, None
    try:
        blob = file.read_bytes()
        if not blob.startswith(_MAGIC):
            return empty, "the build cache is of an unknown format; rebuilding"
        checksum, payload = blob[len(_MAGIC):len(_MAGIC) + 64], blob[len(_MAGIC) + 65:]
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            return empty, "the build cache is corrupt (checksum mismatch); rebuilding"
        cache = pickle.loads(payload)
    except Exception:  # a damaged pickle can raise almost anything; all mean "start clean"
        return empty, "the build cache could not be read; rebuilding"
    if not isinstance(cache, BuildCache):
        return empty, "the build cache is of an unknown format; rebuilding"
    if cache.out_dir != empty.out_dir:
        return empty, None
    if cache.fingerprint != fingerprint:
        return empty, None  # other code or configuration: no reading or page can be trusted
    return cache, None


def save_cache(cache_dir: Path, cache: BuildCache) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(cache, protocol=pickle.HIGHEST_PROTOCOL)
    blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    temporary = cache_dir / f"{CACHE_FILE}.tmp-{os.getpid()}"
    temporary.write_bytes(blob)
    os.replace(temporary, cache_dir / CACHE_FILE)
