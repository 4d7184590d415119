"""Gather the whole archive before anything is rendered: every file read, parsed, extracted
and made an Article, or accounted for as unpublished with its reason.

Cross-archive decisions live here too, because they need every article at once:
duplicate texts become copies of one page, and two files that claim one permalink
are both reported and separated deterministically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .articles import ArticleError, Unpublished, build_article, read_sidecar
from .config import SiteConfig
from .duplicates import find_duplicate_groups
from .model import Article, Copy, CuratedMeta, Diagnostic
from .reader import DecodeError, discover, read_source

ERROR_HINT_DECODE = "save the file as UTF-8 (or UTF-16 with a byte-order mark) and build again"


@dataclass(frozen=True)
class Gathered:
    articles: tuple[Article, ...]
    unpublished: tuple[Unpublished, ...]
    diagnostics: tuple[Diagnostic, ...]


def gather(content_dir: Path, config: SiteConfig) -> Gathered:
    inventory = discover(content_dir)
    diagnostics: list[Diagnostic] = list(inventory.skipped)
    articles: list[Article] = []
    unpublished: list[Unpublished] = []
    for rel in inventory.articles:
        result, messages = _one_article(content_dir, rel, inventory.sidecars, config)
        diagnostics += messages
        (articles if isinstance(result, Article) else unpublished).append(result)
    diagnostics += _orphan_sidecars(inventory.articles, inventory.sidecars)
    articles, collisions = _separate_permalinks(articles)
    diagnostics += collisions
    articles, copies = _fold_duplicates(articles)
    unpublished += copies
    diagnostics += [Diagnostic("info", "copy", u.path, f"same text as {u.copy_of}; listed on its page as a copy")
                    for u in copies]
    return Gathered(tuple(articles), tuple(unpublished), tuple(diagnostics))


def _sidecar_for(rel: str, sidecars: frozenset[str]) -> str | None:
    stem = rel.rsplit(".", 1)[0]
    return next((s for s in (f"{stem}.yml", f"{stem}.yaml") if s in sidecars), None)


def _one_article(
    content_dir: Path, rel: str, sidecars: frozenset[str], config: SiteConfig
) -> tuple[Article | Unpublished, list[Diagnostic]]:
    try:
        source = read_source(content_dir, rel)
    except DecodeError as exc:
        return _failed(content_dir, rel, f"cannot be decoded: {exc}", "decode", ERROR_HINT_DECODE)
    except OSError as exc:
        return _failed(content_dir, rel, f"cannot be read: {exc.strerror or exc}", "read",
                       "check the file's permissions")
    messages: list[Diagnostic] = []
    try:
        sidecar = _read_sidecar(content_dir, _sidecar_for(rel, sidecars), messages)
        article, warnings = build_article(source, sidecar, config)
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


def _orphan_sidecars(articles: Sequence[str], sidecars: frozenset[str]) -> list[Diagnostic]:
    stems = {a.rsplit(".", 1)[0] for a in articles}
    return [Diagnostic("warning", "sidecar-orphan", s, "sidecar has no article beside it",
                       "name it like its article: NAME.yml beside NAME.txt or NAME.md")
            for s in sorted(sidecars) if s.rsplit(".", 1)[0] not in stems]


def _fold_duplicates(articles: list[Article]) -> tuple[list[Article], list[Unpublished]]:
    """Same text under several files: the first path keeps the page, the rest become its copies."""
    by_path = {a.path: a for a in articles}
    groups = find_duplicate_groups([(a.path, a.body_text) for a in articles])
    copies: list[Unpublished] = []
    for group in groups:
        primary, *others = sorted(group)
        listed = tuple(Copy(p, by_path[p].sha256, by_path[primary].url + f"copies/{i}/" + _source_name(p))
                       for i, p in enumerate(others, start=1))
        by_path[primary] = replace(by_path[primary], copies=listed)
        for copy in listed:
            article = by_path.pop(copy.path)
            copies.append(Unpublished(copy.path, article.sha256, article.encoding, f"same text as {primary}",
                                      "copy", primary, copy.source_url))
    return sorted(by_path.values(), key=lambda a: a.path), copies


def _source_name(path: str) -> str:
    return "source." + path.rsplit(".", 1)[-1].lower()


def _separate_permalinks(articles: list[Article]) -> tuple[list[Article], list[Diagnostic]]:
    """Two files claiming one address: the first by path keeps it, the next get -2, -3…; all reported."""
    taken: dict[str, str] = {}
    result, diagnostics = [], []
    for article in sorted(articles, key=lambda a: a.path):
        url, number = article.url, 1
        while url in taken:
            number += 1
            url = f"{article.url.rstrip('/')}-{number}/"
        if url != article.url:
            diagnostics.append(Diagnostic(
                "warning", "permalink-collision", article.path,
                f"claims the address {article.url}, already used by {taken[article.url]}; published at {url}",
                "give one of them another 'slug' in its metadata"))
            suffix = article.source_url.rsplit("/", 1)[-1]
            article = replace(article, url=url, source_url=url + suffix)
        taken[url] = article.path
        result.append(article)
    return result, diagnostics
