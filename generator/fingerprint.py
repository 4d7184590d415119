"""Hashes that key cached results: of values (`digest`), and of the generator's own code, which every
cached result depends on besides its inputs."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest(*parts: object) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


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
