"""`build.py check`: read and extract the whole archive, write nothing, print what a reviewer needs.

Per file: the metadata found and where it came from, the lines removed from display,
and what needs a person's eye.
"""

from __future__ import annotations

from pathlib import Path

from .config import SiteConfig
from .gather import gather
from .model import METADATA_FIELDS, Article
from .report import sorted_diagnostics


def describe_article(article: Article) -> list[str]:
    lines = [f"{article.path}  ({article.lang}, {article.encoding}, sha256 {article.sha256[:12]}…)"]
    values = {
        "title": article.title, "published": article.published.isoformat() if article.published else None,
        "lang": article.lang, "outlet": article.outlet, "author": article.author,
        "original_url": article.original_url, "tags": ", ".join(article.tags) or None,
    }
    for name in METADATA_FIELDS:
        origin = article.provenance.get(name, "missing")
        lines.append(f"  {name:<13} [{origin}] {values[name] if values[name] is not None else '—'}")
    if article.place:
        lines.append(f"  {'place':<13} [extracted] {article.place}")
    for removal in article.removals:
        lines.append(f"  removed line {removal.line} ({removal.rule}): {removal.text[:80]}")
    for copy in article.copies:
        lines.append(f"  copy: {copy.path} (sha256 {copy.sha256[:12]}…)")
    for note in article.review:
        lines.append(f"  needs review: {note}")
    return lines


def run_check(content_dir: Path, config: SiteConfig) -> int:
    gathered = gather(content_dir, config)
    for article in gathered.articles:
        print("\n".join(describe_article(article)))
    for item in gathered.unpublished:
        print(f"{item.path}  not published ({item.status}): {item.reason}")
    for diagnostic in sorted_diagnostics(gathered.diagnostics):
        print(diagnostic.format())
    errors = sum(1 for d in gathered.diagnostics if d.severity == "error")
    print(f"{len(gathered.articles)} articles ready, {len(gathered.unpublished)} files without a page, {errors} errors")
    return 1 if errors else 0
