"""Publish every original unchanged beside its page, and the manifest of their hashes.

The archive's files are evidence: each is copied byte for byte, and
`manifest-sha256.txt` lets anyone check them with `sha256sum -c`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .articles import Unpublished
from .model import Article, OutputFile
from .slugs import path_slug, source_name

MANIFEST = "manifest-sha256.txt"


def unpublished_source_url(item: Unpublished) -> str:
    """Where an original without a page of its own is published: one folder per source path.

    Slugs fold case and punctuation, so `a b.txt` and `a-b.txt` would meet; a path its
    slug does not spell exactly gets a short hash of the path, keeping every address apart.
    """
    if item.source_url:
        return item.source_url
    suffix = item.path.rsplit(".", 1)[-1].lower()  # articles are .txt or .md
    slug = path_slug(item.path)
    if f"{slug}.{suffix}" != item.path:
        slug += "-" + hashlib.sha256(item.path.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"originals/{slug}/{source_name(item.path)}"


def original_sources(articles: Sequence[Article], unpublished: Sequence[Unpublished]) -> list[tuple[str, str, str]]:
    """(published path, source path, sha256) of every original that could be read, sorted."""
    sources = [(a.source_url, a.path, a.sha256) for a in articles]
    sources += [(unpublished_source_url(u), u.path, u.sha256) for u in unpublished if u.sha256]
    return sorted(sources)


def manifest_file(sources: Sequence[tuple[str, str, str]]) -> OutputFile:
    lines = "".join(f"{sha256}  {url}\n" for url, _, sha256 in sources)
    return OutputFile(MANIFEST, lines.encode())
