"""The one composer: read → parse/extract → model → plan → render → index → write.

Each stage is a module of its own; this file only calls them in order and collects
their diagnostics. It reads like the site map.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .articles import Unpublished
from .cache import BuildCache, code_fingerprint, load_cache, save_cache
from .config import SiteConfig
from .execute import Executed, execute
from .gather import Gathered, gather
from .i18n import load_catalogs
from .indexing import analyse_all
from .listings import ListingPage, SiteMap, paginate, plan_site
from .model import Article, Diagnostic
from .outputs import (
    OutputJob,
    article_keys,
    data_jobs,
    digest,
    page_jobs,
    search_jobs,
    static_jobs,
    template_keys,
)
from .progress import Progress, no_progress
from .render import DevMode, Renderer, make_environment
from .search import update_whoosh_index

PAGE_TEMPLATES = ("article.html", "listing.html", "terms.html", "search.html", "404.html")


@dataclass(frozen=True)
class Paths:
    content: Path
    out: Path
    templates: Path
    static: Path
    index: Path | None = None  # where the command-line search index goes; None skips it
    cache: Path | None = None  # the build cache; None builds everything from scratch


@dataclass(frozen=True)
class BuildResult:
    articles: tuple[Article, ...]
    unpublished: tuple[Unpublished, ...]
    diagnostics: tuple[Diagnostic, ...]
    files_written: int = 0
    pages_rendered: int = 0
    files_removed: int = 0
    sources_reused: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def build_site(paths: Paths, config: SiteConfig, jobs: int = 1, dev_port: int | None = None,
               progress: Progress = no_progress) -> BuildResult:
    """Build the site into `paths.out`, all or nothing, redoing only what changed since the cache."""
    fingerprint = digest(code_fingerprint(), config)
    cache, cache_note = (load_cache(paths.cache, fingerprint, paths.out) if paths.cache
                         else (BuildCache(fingerprint, str(paths.out.absolute())), None))
    gathered = gather(paths.content, config, cache.readings, jobs, progress)
    notes = [Diagnostic("info", "cache", str(paths.cache), cache_note)] if cache_note else []
    site = plan_site(gathered.articles, config)
    pages = [page for listing in site.listings for page in paginate(listing, config.page_size)]
    diagnostics = (*gathered.diagnostics, *site.diagnostics)
    dev = DevMode(dev_port, tuple(d.format() for d in diagnostics if d.severity == "error")) if dev_port else None
    keys = article_keys(gathered.articles, {rel: r.content_key for rel, r in gathered.readings.by_path.items()})
    analyses = analyse_all(gathered.articles, cache.analyses, jobs)  # type: ignore[arg-type]
    output_jobs = plan_outputs(gathered, site, pages, paths, config, keys, dev)
    search_state: list[object] = []  # filled by the search job when it runs in this process
    output_jobs += search_jobs(list(analyses.values()), config, cache.search_state, search_state)
    listing_paths = [page.path for page in pages] + [index.path for index in site.term_indexes]
    output_jobs += data_jobs(paths.content, gathered.articles, gathered.unpublished, site, listing_paths, config,
                             diagnostics, keys)
    executed = execute(output_jobs, cache.outputs, paths.out, jobs, progress)
    if paths.index is not None:
        update_whoosh_index(list(analyses.values()), paths.index)  # touches nothing when nothing changed
    if paths.cache and (executed.rendered or gathered.readings.reused < len(gathered.readings.by_path)):
        save_cache(paths.cache, BuildCache(fingerprint, cache.out_dir, gathered.readings, executed.made, analyses,
                                           search_state[0] if search_state else cache.search_state))
    if executed.cleanup is not None:
        executed.cleanup.join()  # the previous site was being deleted meanwhile
    # The cache note goes to the terminal only: the site stays identical to a clean build's.
    return _result(gathered, (*diagnostics, *notes), executed)


def plan_outputs(gathered: Gathered, site: SiteMap, pages: list[ListingPage], paths: Paths,
                 config: SiteConfig, keys: dict[str, str], dev: DevMode | None = None) -> list[OutputJob]:
    catalogs = load_catalogs(paths.templates / "i18n")
    term_links = {(listing.kind, listing.key): listing.base for listing in site.listings}
    renderer = Renderer(make_environment(paths.templates), config, catalogs, site, term_links, dev)
    templates = template_keys(paths.templates, PAGE_TEMPLATES)
    output_jobs = page_jobs(renderer, gathered.articles, pages, templates, config, keys)
    output_jobs += static_jobs(paths.static)
    return output_jobs


def _result(gathered: Gathered, diagnostics: tuple[Diagnostic, ...], executed: Executed) -> BuildResult:
    return BuildResult(gathered.articles, gathered.unpublished, diagnostics, executed.written,
                       executed.rendered, executed.removed, gathered.readings.reused)
