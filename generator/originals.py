"""Publish every original unchanged beside its page, and the manifest of their hashes.

The archive's files are evidence: each is copied byte for byte, and
`manifest-sha256.txt` lets anyone check them with `sha256sum -c`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from .articles import Unpublished
from .model import Article, OutputFile
from .slugs import path_slug

MANIFEST = "manifest-sha256.txt"


def unpublished_source_url(item: Unpublished) -> str:
    """Where an original without a page of its own is published."""
    return item.source_url or f"originals/{path_slug(item.path)}.{item.path.rsplit('.', 1)[-1].lower()}"


def original_files(content_dir: Path, articles: Sequence[Article], unpublished: Sequence[Unpublished]) -> list[OutputFile]:
    sources: list[tuple[str, str]] = [(a.source_url, a.path) for a in articles]
    sources += [(unpublished_source_url(u), u.path) for u in unpublished if u.sha256]
    files = []
    manifest_lines = []
    for url, rel in sorted(sources):
        data = (content_dir / rel).read_bytes()
        files.append(OutputFile(url, data))
        manifest_lines.append(f"{_sha256(data)}  {url}")
    files.append(OutputFile(MANIFEST, ("\n".join(manifest_lines) + "\n").encode()))
    return files


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
