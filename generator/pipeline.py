"""The one composer: read → parse/extract → model → plan → render → index → write.

Each stage is a module of its own; this file only calls them in order and collects
their diagnostics. It reads like the site map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .articles import Unpublished
from .catalog import catalog_files
from .config import SiteConfig
from .feeds import feeds, robots, sitemap
from .gather import gather
from .i18n import load_catalogs
from .listings import paginate, plan_site
from .model import Article, Diagnostic, OutputFile
from .originals import original_files
from .render import Renderer, make_environment, render_pages
from .report import report_file
from .staticfiles import static_files
from .writer import write_site


@dataclass(frozen=True)
class Paths:
    content: Path
    out: Path
    templates: Path
    static: Path
    index: Path | None = None  # where the command-line search index goes; None skips it


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    unpublished: tuple[Unpublished, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_written: int = 0
    outputs: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def build_site(paths: Paths, config: SiteConfig) -> BuildResult:
    """Build the whole site into `paths.out`, atomically. Raises only for whole-build failures."""
    gathered = gather(paths.content, config)
    files, diagnostics = render_site(gathered.articles, gathered.unpublished, paths, config)
    all_diagnostics = (*gathered.diagnostics, *diagnostics)
    files.append(report_file(gathered.articles, gathered.unpublished, all_diagnostics))
    written = write_site(paths.out, files)
    if paths.index is not None:
        from .search import write_whoosh_index

        write_whoosh_index(gathered.articles, paths.index)
    return BuildResult(gathered.articles, gathered.unpublished, all_diagnostics, written,
                       tuple(sorted(f.path for f in files)))


def render_site(
    articles: Sequence[Article], unpublished: Sequence[Unpublished], paths: Paths, config: SiteConfig
) -> tuple[list[OutputFile], list[Diagnostic]]:
    site = plan_site(articles, config)
    catalogs = load_catalogs(paths.templates / "i18n")
    term_links = {(listing.kind, listing.key): listing.base for listing in site.listings}
    renderer = Renderer(make_environment(paths.templates), config, catalogs, site, term_links)
    pages = [page for listing in site.listings for page in paginate(listing, config.page_size)]
    files = render_pages(renderer, articles, pages, config)
    files += original_files(paths.content, articles, unpublished)
    files += feeds(articles, config)
    files.append(sitemap(articles, [p.path for p in pages] + [i.path for i in site.term_indexes], config,
                         site.translations))
    files.append(robots(config))
    files += catalog_files(articles, unpublished)
    files += static_files(paths.static)
    files += _search_files(articles, config)
    return files, list(site.diagnostics)


def _search_files(articles: Sequence[Article], config: SiteConfig) -> list[OutputFile]:
    from .search import build_static_index

    return build_static_index(articles, config)
