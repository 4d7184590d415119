"""Gather the whole archive before anything is rendered: every file read, parsed, extracted
and made an Article, or accounted for as unpublished with its reason.

Cross-archive decisions live here too, because they need every article at once:
duplicate texts become copies of one page, and two files that claim one permalink
are both reported and separated deterministically.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .articles import Unpublished
from .config import SiteConfig
from .duplicates import group_by_key
from .model import Article, Copy, Diagnostic
from .progress import Progress, no_progress
from .reader import Inventory, discover
from .slugs import source_name
from .sources import Keep, Readings, as_read, read_sources


@dataclass(frozen=True)
class Gathered:
    articles: tuple[Article, ...]
    unpublished: tuple[Unpublished, ...]
    diagnostics: tuple[Diagnostic, ...]
    readings: Readings = field(default_factory=Readings)


def gather(content_dir: Path, config: SiteConfig, previous: Readings | None = None, jobs: int = 1,
           progress: Progress = no_progress, keep: Keep = as_read, inventory: Inventory | None = None) -> Gathered:
    """Every file of the archive accounted for. `previous` holds the last build's readings; `keep`
    is given each new reading as it arrives and returns what to hold of it (see sources.Keep);
    `inventory` is the content folder's, if the caller has discovered it already."""
    if inventory is None:
        inventory = discover(content_dir)
    readings = read_sources(content_dir, inventory, config, previous or Readings(), jobs, progress, keep)
    diagnostics: list[Diagnostic] = list(inventory.skipped)
    articles: list[Article] = []
    unpublished: list[Unpublished] = []
    for rel in inventory.articles:
        reading = readings.by_path[rel]
        diagnostics += reading.diagnostics
        (articles if isinstance(reading.result, Article) else unpublished).append(reading.result)
    diagnostics += _orphan_sidecars(inventory.articles, inventory.sidecars)
    articles, collisions = _separate_permalinks(articles)
    diagnostics += collisions
    articles, copies = _fold_duplicates(articles, {rel: r.text_key for rel, r in readings.by_path.items()})
    unpublished += copies
    diagnostics += [Diagnostic("info", "copy", u.path, f"same text as {u.copy_of}; listed on its page as a copy")
                    for u in copies]
    return Gathered(tuple(articles), tuple(unpublished), tuple(diagnostics), readings)


def _orphan_sidecars(articles: Sequence[str], sidecars: frozenset[str]) -> list[Diagnostic]:
    stems = {a.rsplit(".", 1)[0] for a in articles}
    return [Diagnostic("warning", "sidecar-orphan", s, "sidecar has no article beside it",
                       "name it like its article: NAME.yml beside NAME.txt or NAME.md")
            for s in sorted(sidecars) if s.rsplit(".", 1)[0] not in stems]


def _fold_duplicates(articles: list[Article], text_keys: dict[str, str | None]
                     ) -> tuple[list[Article], list[Unpublished]]:
    """Same text under several files: the first path keeps the page, the rest become its copies."""
    by_path = {a.path: a for a in articles}
    groups = group_by_key([(a.path, text_keys.get(a.path)) for a in articles])
    copies: list[Unpublished] = []
    for group in groups:
        primary, *others = sorted(group)
        listed = tuple(Copy(p, by_path[p].sha256, by_path[primary].url + f"copies/{i}/" + source_name(p))
                       for i, p in enumerate(others, start=1))
        by_path[primary] = replace(by_path[primary], copies=listed)
        for copy in listed:
            article = by_path.pop(copy.path)
            copies.append(Unpublished(copy.path, article.sha256, article.encoding, f"same text as {primary}",
                                      "copy", primary, copy.source_url))
    return sorted(by_path.values(), key=lambda a: a.path), copies


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
