"""Read every source file into an Article (or a reason it has none), reusing the last build's
readings for files that did not change, and spreading the rest over processes.

A file is unchanged when its size, modification time and inode match the cached
ones (as git does), or else when the hash of its bytes and its sidecar's match.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .articles import ArticleError, Unpublished, build_article, read_sidecar
from .config import SiteConfig
from .duplicates import normalised_key
from .model import Article, CuratedMeta, Diagnostic
from .parallel import parallel_map
from .progress import Progress, no_progress
from .reader import DecodeError, Inventory, read_source

ERROR_HINT_DECODE = "save the file as UTF-8 (or UTF-16 with a byte-order mark) and build again"


@dataclass(frozen=True, slots=True)
class Reading:
    stat_key: tuple[int, ...]  # size, mtime and inode of the source and its sidecar
    content_key: str  # sha256 over the source's and the sidecar's bytes
    result: Article | Unpublished
    diagnostics: tuple[Diagnostic, ...]
    text_key: str | None = None  # the displayed text's duplicate key (see duplicates.py), kept with the reading

    def __reduce__(self) -> tuple[object, ...]:
        # By its constructor: a slotted dataclass's own pickling sets each field from Python, slower.
        return Reading, (self.stat_key, self.content_key, self.result, self.diagnostics, self.text_key)


@dataclass(frozen=True)
class Readings:
    by_path: dict[str, Reading] = field(default_factory=dict)
    reused: int = 0  # how many came from the last build unchanged


def sidecar_for(rel: str, sidecars: frozenset[str]) -> str | None:
    stem = rel.rsplit(".", 1)[0]
    return next((s for s in (f"{stem}.yml", f"{stem}.yaml") if s in sidecars), None)


# What a build holds of each new reading, given it as it arrives: the build keeps article bodies
# aside (in its cache) instead of holding a whole archive's texts until every file is read.
Keep = Callable[["Reading"], "Reading"]


def as_read(reading: Reading) -> Reading:
    return reading


def read_sources(content_dir: Path, inventory: Inventory, config: SiteConfig, previous: Readings,
                 jobs: int = 1, progress: Progress = no_progress, keep: Keep = as_read) -> Readings:
    readings: dict[str, Reading] = {}
    todo: list[tuple[str, str | None, tuple[int, ...]]] = []
    for rel in inventory.articles:
        sidecar = sidecar_for(rel, inventory.sidecars)
        key = inventory.stats.get(rel, (-1, -1, -1)) + (inventory.stats[sidecar] if sidecar else ())
        cached = previous.by_path.get(rel)
        if cached is not None and cached.stat_key == key:
            readings[rel] = cached
        else:
            todo.append((rel, sidecar, key))
    reused = len(readings)
    for done, (rel, reading) in enumerate(_read_many(content_dir, todo, config, previous, jobs), start=1):
        readings[rel] = keep(reading)
        progress("reading", done, len(todo))
    return Readings({rel: readings[rel] for rel in inventory.articles}, reused)


def _read_many(content_dir: Path, todo: Sequence[tuple[str, str | None, tuple[int, ...]]], config: SiteConfig,
               previous: Readings, jobs: int) -> Iterator[tuple[str, Reading]]:
    args = [(content_dir, rel, sidecar, key, config, previous.by_path.get(rel)) for rel, sidecar, key in todo]
    yield from parallel_map(_read_one_packed, args, jobs)


def _read_one_packed(args: tuple) -> tuple[str, Reading]:
    return _read_one(*args)


def _read_one(content_dir: Path, rel: str, sidecar: str | None, key: tuple[int, ...], config: SiteConfig,
              cached: Reading | None) -> tuple[str, Reading]:
    content_key = _content_key(content_dir, rel, sidecar)
    if cached is not None and cached.content_key == content_key:
        return rel, replace(cached, stat_key=key)  # touched, not changed
    result, diagnostics = one_article(content_dir, rel, sidecar, config)
    text_key = normalised_key(result.body_text) if isinstance(result, Article) else None
    return rel, Reading(key, content_key, result, tuple(diagnostics), text_key)


def _content_key(content_dir: Path, rel: str, sidecar: str | None) -> str:
    digest = hashlib.sha256()
    for name in (rel, sidecar):
        if name is None:
            continue
        try:
            digest.update((content_dir / name).read_bytes())
        except OSError as exc:
            digest.update(f"unreadable: {exc}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def one_article(
    content_dir: Path, rel: str, sidecar: str | None, config: SiteConfig
) -> tuple[Article | Unpublished, list[Diagnostic]]:
    try:
        source = read_source(content_dir, rel)
    except DecodeError as exc:
        return _failed(content_dir, rel, f"cannot be decoded: {exc}", "decode", exc.hint or ERROR_HINT_DECODE)
    except OSError as exc:
        return _failed(content_dir, rel, f"cannot be read: {exc.strerror or exc}", "read",
                       "check the file's permissions")
    messages: list[Diagnostic] = []
    try:
        curated = _read_sidecar(content_dir, sidecar, messages)
        article, warnings = build_article(source, curated, config)
    except ArticleError as exc:
        d = exc.diagnostic
        return Unpublished(rel, source.sha256, source.encoding, d.message, "error"), [*messages, d]
    return article, messages + warnings


def _read_sidecar(content_dir: Path, sidecar: str | None, messages: list[Diagnostic]) -> CuratedMeta | None:
    if sidecar is None:
        return None
    try:
        text = (content_dir / sidecar).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(Diagnostic("error", "sidecar", sidecar, f"cannot be read as UTF-8: {exc}",
                                      "save the sidecar as UTF-8")) from exc
    meta, warnings = read_sidecar(sidecar, text)
    messages += warnings
    return meta


def _failed(content_dir: Path, rel: str, message: str, code: str, hint: str) -> tuple[Unpublished, list[Diagnostic]]:
    try:
        digest = hashlib.sha256((content_dir / rel).read_bytes()).hexdigest()
    except OSError:
        digest = ""
    return Unpublished(rel, digest, "", message, "error"), [Diagnostic("error", code, rel, message, hint)]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
