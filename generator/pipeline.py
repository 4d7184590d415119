"""The one composer: read → parse/extract → model → plan → render → index → write.

Each stage is a module of its own; this file only calls them in order and collects
their diagnostics. It reads like the site map.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .articles import Unpublished
from .cache import CACHE_FILE, STATE, CacheCorrupt, CacheStore
from .cache_file import load_cache, save_cache
from .cache_index import CacheIndex
from .config import SiteConfig
from .execute import Executed, Made, execute
from .fingerprint import code_fingerprint, digest
from .gather import Gathered, gather
from .i18n import load_catalogs
from .indexing import SearchPlan, WhooshBeside, plan_search, update_whoosh, whoosh_beside
from .listings import ListingPage, SiteMap, paginate, plan_site
from .memory import release_freed_memory
from .model import Article, Diagnostic
from .outputs import (
    OutputJob,
    article_keys,
    data_jobs,
    page_jobs,
    search_jobs,
    static_jobs,
)
from .progress import Progress, no_progress
from .reader import discover
from .render import DevMode, Renderer, make_environment
from .sources import Reading, Readings
from .template_keys import template_keys

if TYPE_CHECKING:  # the export is imported when it runs (outputs.search_jobs)
    from .search.incremental import ExportState

PAGE_TEMPLATES = ("article.html", "listing.html", "terms.html", "search.html", "404.html")
# New bodies and analyses held in memory before they go to the cache file and are read back
# when used: an archive of up to this many files builds from memory; a larger one holds at most
# SPILL_WINDOW new ones at a time (at 100,000 articles, a window of 16,384 took the reading stage
# to 1.37 GB, this one to 1.08 GB).
SPILL_ROWS = 16_384
SPILL_WINDOW = 2_048


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
               progress: Progress = no_progress, kept: KeptCache | None = None) -> BuildResult:
    """Build the site into `paths.out`, all or nothing, redoing only what changed since the cache.

    `kept` holds the cache in memory between builds of one process (`serve`), so a rebuild
    need not read it back from disk."""
    fingerprint = digest(code_fingerprint(), config)
    if kept is not None:
        kept.wait()
    with _fewer_collections():
        index, store, note = _open_cache(paths, fingerprint, kept)
        try:
            return _build(paths, config, jobs, dev_port, progress, fingerprint, index, store, note, kept)
        except CacheCorrupt as exc:  # found while reading a row: nothing was published; start clean
            index = CacheIndex(fingerprint, str(paths.out.absolute()))
            store = CacheStore(_cache_file(paths), False, SPILL_ROWS, SPILL_WINDOW)
            return _build(paths, config, jobs, dev_port, progress, fingerprint, index, store,
                          f"{exc}; rebuilding", kept)


# Allocations between collections of the youngest generation, during a build. A build makes
# hundreds of thousands of long-lived objects (the cache index, the articles); at Python's
# default of 700, the collector walks them again and again: a fifth of an incremental build
# at 10,000 articles. Collections still happen, so memory stays bounded.
BUILD_GC_THRESHOLD = 100_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], BUILD_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass
class KeptCache:
    """The last build's cache index and rows, kept by a long-running process."""

    index: CacheIndex | None = None
    store: CacheStore | None = None
    report: Callable[[str], None] = print
    after_pages: Callable[[], object] | None = None  # waited for before the files no page shows
    # What follows publishing the pages (the files no page shows, the command-line index, saving
    # the cache) goes on after the build returns, so the open pages reload sooner; the next build
    # (or the end of the process: the thread is not a daemon) waits for it.
    finishing: threading.Thread | None = None

    def finish_later(self, finish: Callable[[], CacheIndex]) -> None:
        self.finishing = threading.Thread(target=self._run, args=(finish,), name="finish-build")
        self.finishing.start()

    def _run(self, finish: Callable[[], CacheIndex]) -> None:
        if self.after_pages is not None:
            self.after_pages()
        try:
            self.index = finish()
        except Exception as exc:  # the site is published; the next build starts from the cache on disk
            self.index = self.store = None
            self.report(f"error: after publishing: {type(exc).__name__}: {exc}")

    def wait(self) -> None:
        if self.finishing is not None:
            self.finishing.join()
            self.finishing = None


def _compiled_templates(paths: Paths, fingerprint: str) -> Path | None:
    """Where compiled templates are kept: one folder per code and configuration; others are removed."""
    if paths.cache is None:
        return None
    folder = paths.cache / "templates" / fingerprint[:16]
    if folder.parent.is_dir():
        for other in folder.parent.iterdir():
            if other != folder:
                shutil.rmtree(other, ignore_errors=True)
    return folder


def _cache_file(paths: Paths) -> Path | None:
    return paths.cache / CACHE_FILE if paths.cache else None


def _open_cache(paths: Paths, fingerprint: str, kept: KeptCache | None) -> tuple[CacheIndex, CacheStore, str | None]:
    out_dir = str(paths.out.absolute())
    if kept and kept.index and kept.store and (kept.index.fingerprint, kept.index.out_dir) == (fingerprint, out_dir):
        return kept.index, kept.store, None
    if paths.cache is None:
        return CacheIndex(fingerprint, out_dir), CacheStore(None, usable=False), None
    return load_cache(paths.cache, fingerprint, paths.out, (SPILL_ROWS, SPILL_WINDOW))


def _build(paths: Paths, config: SiteConfig, jobs: int, dev_port: int | None, progress: Progress, fingerprint: str,
           index: CacheIndex, store: CacheStore, cache_note: str | None, kept: KeptCache | None) -> BuildResult:
    inventory = discover(paths.content)
    store.expect(len(inventory.articles))
    gathered = gather(paths.content, config, index.readings, jobs, progress, partial(_stash_body, store), inventory)
    release_freed_memory()  # after each stage: what it let go of would otherwise stay the process's
    notes = [Diagnostic("info", "cache", str(paths.cache), cache_note)] if cache_note else []
    site = plan_site(gathered.articles, config)
    pages = [page for listing in site.listings for page in paginate(listing, config.page_size)]
    diagnostics = (*gathered.diagnostics, *site.diagnostics)
    dev = DevMode(dev_port, tuple(d.format() for d in diagnostics if d.severity == "error")) if dev_port else None
    content_keys = {rel: r.content_key for rel, r in gathered.readings.by_path.items()}
    keys = article_keys(gathered.articles, content_keys)
    whole = partial(_whole, store, content_keys)
    search = plan_search(gathered.articles, keys, index.analysis_heads, store, whole, jobs)
    release_freed_memory()
    # An edit's command-line index is updated beside the pages (`serve` updates it after publishing them).
    beside = whoosh_beside(paths.index, search, index.whoosh_mark, jobs) if kept is None and index.outputs else None
    with beside or contextlib.nullcontext():
        compiled = _compiled_templates(paths, fingerprint)
        output_jobs = plan_outputs(gathered, site, pages, paths, config, keys, dev, whole, compiled)
        search_state: list[ExportState] = []  # filled by the search job when it runs
        output_jobs += search_jobs(search, config, partial(_last_state, store), search_state, store)
        listing_paths = [page.path for page in pages] + [index.path for index in site.term_indexes]
        # A build from nothing keeps no catalog lines (at 100,000 articles, made in the main process they
        # took its peak from 1.41 to 1.71 GB); the next build that changes the catalog keeps them.
        lines = store if paths.cache and index.outputs else None
        output_jobs += data_jobs(paths.content, gathered.articles, gathered.unpublished, site, listing_paths, config,
                                 diagnostics, keys, lines)
        after = partial(_finish, paths, fingerprint, index, gathered.readings, search, search_state, store, jobs,
                        beside)
        if kept is None:
            executed = execute(output_jobs, index.outputs, paths.out, jobs, progress)
            release_freed_memory()
            after(executed)
        else:
            # The pages first, so the open ones reload sooner; what no page shows (the search index,
            # feeds, catalog) follows in the background, the command-line index and the cache after it.
            executed = execute(_as_before(output_jobs, index.outputs), index.outputs, paths.out, jobs, progress)
            kept.store = store
            kept.finish_later(lambda: after(_publish_rest(executed, output_jobs, paths.out, jobs)))
        if executed.cleanup is not None:
            executed.cleanup.join()  # the previous site was being deleted meanwhile
    # The cache note goes to the terminal only: the site stays identical to a clean build's.
    return _result(gathered, (*diagnostics, *notes), executed)


def _as_before(jobs: list[OutputJob], previous: Made) -> list[OutputJob]:
    """The jobs, with those that may follow the pages standing for what the last build made."""
    return [replace(job, key=previous[job.name][0]) if job.follows_pages and job.name in previous else job
            for job in jobs]


def _publish_rest(first: Executed, jobs: list[OutputJob], out_dir: Path, workers: int) -> Executed:
    """After `_as_before`'s jobs were published: the others, so the site is again a clean build's."""
    if first.cleanup is not None:
        first.cleanup.join()
    rest = execute(jobs, first.made, out_dir, workers, check_files=False)
    if rest.cleanup is not None:
        rest.cleanup.join()
    return replace(rest, rendered=first.rendered + rest.rendered, written=first.written + rest.written,
                   removed=first.removed + rest.removed, cleanup=None)


def _finish(paths: Paths, fingerprint: str, index: CacheIndex, readings: Readings, search: SearchPlan,
            search_state: list[ExportState], store: CacheStore, jobs: int, beside: WhooshBeside | None,
            executed: Executed) -> CacheIndex:
    """What follows publishing: the command-line index, then the cache. Returns the next build's index.

    Nothing here changes the site, so `serve` does it after the open pages are told to reload."""
    state = search_state[0] if search_state else None
    if state is not None:  # the next export starts from this one, also when it reads the cache from memory
        store.put("blobs", STATE, state)
    mark = beside.finish() if beside else update_whoosh(paths.index, search, index.whoosh_mark, jobs)
    release_freed_memory()
    new_index = CacheIndex(fingerprint, index.out_dir, readings, executed.made, search.by_article, mark)
    if paths.cache and (executed.rendered or mark != index.whoosh_mark or readings.reused < len(readings.by_path)):
        texts = {r.content_key for r in readings.by_path.values() if isinstance(r.result, Article)}
        files = state.file_hashes() if state is not None else None
        save_cache(paths.cache, new_index, store, texts, search.keys, state, files, search.by_article)
    return new_index


def _whole(store: CacheStore, content_keys: dict[str, str], article: Article) -> Article:
    return store.whole(article, content_keys[article.path])


def _last_state(store: CacheStore) -> object:
    return store.get("blobs", STATE) if store.has("blobs", STATE) else None


def _stash_body(store: CacheStore, reading: Reading) -> Reading:
    """A reading as the build holds it: its article's body goes to the store, read back for the pages
    made again (see Article.partial), so that a large archive's texts are not all in memory at once."""
    article = reading.result
    if not isinstance(article, Article) or article.partial:
        return reading
    store.put_body(article, reading.content_key)
    return replace(reading, result=article.without_body())


def plan_outputs(gathered: Gathered, site: SiteMap, pages: list[ListingPage], paths: Paths,
                 config: SiteConfig, keys: dict[str, str], dev: DevMode | None = None,
                 whole: Callable[[Article], Article] = lambda article: article,
                 compiled: Path | None = None) -> list[OutputJob]:
    catalogs = load_catalogs(paths.templates / "i18n")
    term_links = {(listing.kind, listing.key): listing.base for listing in site.listings}
    renderer = Renderer(make_environment(paths.templates, compiled), config, catalogs, site, term_links, dev)
    templates = template_keys(paths.templates, PAGE_TEMPLATES)
    output_jobs = page_jobs(renderer, gathered.articles, pages, templates, config, keys, whole)
    output_jobs += static_jobs(paths.static)
    return output_jobs


def _result(gathered: Gathered, diagnostics: tuple[Diagnostic, ...], executed: Executed) -> BuildResult:
    return BuildResult(gathered.articles, gathered.unpublished, diagnostics, executed.written,
                       executed.rendered, executed.removed, gathered.readings.reused)
