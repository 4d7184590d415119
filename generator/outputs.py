"""Every output of the site as a job: a name, a key, and a function that makes its files.

The key is a hash of everything the output is made from: the model records it
shows, the templates it uses, the configuration and the site's navigation. An
output whose key matches the last build's is not made again, which is what makes
incremental builds both fast and identical to clean ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .articles import Unpublished
from .cache import CATALOG, CacheStore
from .catalog import article_lines, catalog_files
from .config import SiteConfig
from .feeds import feeds, robots, sitemap
from .fingerprint import digest
from .indexing import SearchPlan
from .listings import ListingPage, SiteMap
from .memory import release_freed_memory
from .model import Article, Diagnostic, OutputFile, StoredFile
from .originals import MANIFEST, manifest_file, original_sources
from .render import Renderer
from .report import report_file
from .search.kept_files import FileStore
from .template_keys import TemplateKeys

if TYPE_CHECKING:  # imported when the search job runs (search_jobs)
    from .search.incremental import ExportState


@dataclass(frozen=True)
class OutputJob:
    name: str  # unique; the output path for a single file
    key: str
    make: Callable[[], Sequence[OutputFile | StoredFile]]
    in_main_process: bool = False  # its maker keeps state for the next build, so it must not run in a worker
    # No page shows it (feeds, catalog, search index...): `serve` may publish it just after the pages.
    follows_pages: bool = False
    # Run in the main process before any job is made, if this one is to be: what it keeps in the
    # build cache stays for saving, wherever `make` then runs.
    prepare: Callable[[], object] | None = None


def article_keys(articles: Sequence[Article], content_keys: dict[str, str]) -> dict[str, str]:
    """One hash per article of everything it is made from, used by every job key.

    An article is a pure function of its source and sidecar bytes (`content_keys`), the code
    and the configuration (the cache is dropped when those change), and the two decisions
    taken across the archive: its address and its copies. Hashing those is far cheaper
    than hashing the whole record.
    """
    return {a.path: digest(content_keys[a.path], a.url, a.source_url, a.copies) for a in articles}


def page_jobs(renderer: Renderer, articles: Sequence[Article], pages: Sequence[ListingPage],
              templates: TemplateKeys, config: SiteConfig, keys: dict[str, str],
              whole: Callable[[Article], Article] = lambda article: article) -> list[OutputJob]:
    """Articles, listings, term indexes, search page and 404. `whole` gives an article its body back
    (see Article.partial); it is called only for pages that are made again."""
    site = renderer.site
    languages = [listing.key for listing in site.listings if listing.kind == "language"]
    nav = digest(config, renderer.term_links, languages, renderer.dev)
    jobs = []
    for article in articles:
        siblings = site.translations.get(article.translation_key or "", ())
        key = digest(templates.of("article.html", article.lang), nav, keys[article.path],
                     [keys[s.path] for s in siblings])
        jobs.append(OutputJob(article.url + "index.html", key,
                              lambda a=article: [renderer.article(whole(a))]))
    for page in pages:
        listing = page.listing
        key = digest(templates.of("listing.html", listing.lang), nav, page.path, page.number, page.count,
                     listing.kind, listing.key, listing.lang, len(listing.articles), [keys[a.path] for a in page.items])
        jobs.append(OutputJob(page.path, key, _one(renderer.listing, page)))
    for index in site.term_indexes:
        key = digest(templates.of("terms.html", index.lang), nav, index)
        jobs.append(OutputJob(index.path, key, _one(renderer.term_index, index)))
    default = config.default_language
    for template, path in (("search.html", "search/index.html"), ("404.html", "404.html")):
        jobs.append(OutputJob(path, digest(templates.of(template, default), nav),
                              _one(lambda t=template, p=path: renderer.simple(t, p, default))))
    return jobs


def _one(function: Callable[..., OutputFile], *args: object) -> Callable[[], list[OutputFile]]:
    return lambda: [function(*args)]


def data_jobs(content_dir: Path, articles: Sequence[Article], unpublished: Sequence[Unpublished],
              site: SiteMap, listing_paths: Sequence[str], config: SiteConfig,
              diagnostics: Sequence[Diagnostic], keys: dict[str, str],
              store: CacheStore | None = None) -> list[OutputJob]:
    """Originals, feeds, sitemap, robots, catalog, report: everything that is not a rendered page.

    With `store` (the build cache), each article's catalog lines are kept there by its key: when
    the catalog is made, those it lacks are made first in the main process, and the job, in any
    process, joins them."""
    sources = original_sources(articles, unpublished)
    jobs = [OutputJob(url, digest("original", sha, rel), _original(content_dir, url, rel)) for url, rel, sha in sources]
    everything = digest(config, [keys[a.path] for a in articles], unpublished)
    jobs += [
        OutputJob(MANIFEST, digest(sources), lambda: [manifest_file(sources)], follows_pages=True),
        OutputJob("feeds", everything, lambda: feeds(articles, config), follows_pages=True),
        OutputJob("sitemap", digest(everything, listing_paths),
                  lambda: sitemap(articles, listing_paths, config, site.translations), follows_pages=True),
        OutputJob("robots.txt", digest(config.base_url), lambda: [robots(config)], follows_pages=True),
        OutputJob("catalog", everything, lambda: _catalog(articles, unpublished, keys, store), follows_pages=True,
                  prepare=partial(keep_catalog_lines, articles, keys, store) if store is not None else None),
        OutputJob("build-report.json", digest(everything, diagnostics),
                  lambda: [report_file(articles, unpublished, diagnostics)], follows_pages=True),
    ]
    return jobs


def keep_catalog_lines(articles: Sequence[Article], keys: dict[str, str], store: CacheStore) -> None:
    """The catalog lines of the articles the cache has none for, made and kept there."""
    for article in articles:
        key = keys[article.path]
        if not store.has(CATALOG, key):
            store.put(CATALOG, key, article_lines(article))


def _catalog(articles: Sequence[Article], unpublished: Sequence[Unpublished], keys: dict[str, str],
             store: CacheStore | None) -> list[OutputFile]:
    if store is None:
        return catalog_files(articles, unpublished)
    kept = store.get_many(CATALOG, [keys[article.path] for article in articles])
    # Every line was kept before the job ran (its `prepare`); one missing is made, not kept.
    return catalog_files(articles, unpublished, lambda a: kept.get(keys[a.path]) or article_lines(a))


def _original(content_dir: Path, url: str, rel: str) -> Callable[[], list[OutputFile]]:
    return lambda: [OutputFile(url, (content_dir / rel).read_bytes())]


def static_jobs(static_dir: Path) -> list[OutputJob]:
    if not static_dir.is_dir():
        return []
    jobs = []
    for file in sorted(static_dir.rglob("*")):
        if file.is_file() and not file.name.startswith("."):
            path = "static/" + file.relative_to(static_dir).as_posix()
            data = file.read_bytes()
            jobs.append(OutputJob(path, digest(data), lambda p=path, d=data: [OutputFile(p, d)]))
    return jobs


def search_jobs(search: SearchPlan, config: SiteConfig, previous_state: Callable[[], object],
                kept: list[ExportState] | None = None, store: FileStore | None = None) -> list[OutputJob]:
    """The browser index, re-encoding only what changed since the last export's state.

    The job runs in the main process so that the new state, appended to `kept`, survives;
    the last state, and the analyses of the articles that changed, are read only when it runs.
    With `store` (the build cache), its files are kept there and the state names them by hash."""
    from .search.incremental import build_static_index_incremental

    def make() -> list[OutputFile | StoredFile]:
        files, state = build_static_index_incremental(search.analyses(), config, previous_state(), store)
        release_freed_memory()  # the postings it gathered and encoded
        if kept is not None:
            kept.append(state)
        return files

    return [OutputJob("search-index", digest(config, list(search.keys)), make, in_main_process=True,
                      follows_pages=True)]
