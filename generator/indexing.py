"""Analyse every article for search once, reusing the last build's analyses of unchanged articles.

Analysis (tokenising and stemming) is the costly part of indexing; it is pure, so it
is spread over processes on a cold build and kept in the build cache afterwards. An
unchanged archive needs only the analyses' heads (key, path, date, filters, length),
which the cache index keeps; whole analyses are read from the cache only for the
articles an index has to take in again. The command-line (whoosh) index is brought up to
date from the same analyses, unless it is on disk as the last build left it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import CacheStore
from .fingerprint import digest
from .model import Article
from .parallel import CHUNK, PARALLEL_THRESHOLD, forked_map
from .search.analysis import ArticleAnalysis, analyse_article
from .search.documents import Analyses, DocHead


@dataclass(frozen=True)
class SearchPlan:
    heads: tuple[DocHead, ...]  # each article's analysis head, in the articles' order
    by_article: dict[str, DocHead]  # article key (outputs.article_keys) -> its head, for the next build
    store: CacheStore  # holds every analysis named in `heads`
    analysed: int = 0  # how many of them this build made (the others were the last build's)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(head.key for head in self.heads)

    def analyses(self) -> Analyses:
        return Analyses(self.heads, self._load)

    def _load(self, key: str) -> ArticleAnalysis:
        return self.store.get("analyses", key)


def plan_search(articles: Sequence[Article], article_keys: dict[str, str], known: dict[str, DocHead],
                store: CacheStore, whole: Callable[[Article], Article], jobs: int = 1) -> SearchPlan:
    """Every article's analysis head; articles without a cached analysis are analysed (into `store`).

    `known` maps article keys to the heads of the analyses the last build made of them; `whole`
    gives an article back with its body when the cache handed it over without one.
    """
    heads: dict[str, DocHead] = {}
    missing: list[Article] = []
    for article in articles:
        found = known.get(article_keys[article.path])
        if found is not None and store.has("analyses", found.key):
            heads[article.path] = found
        else:
            missing.append(article)
    for analysis in _analysed(missing, whole, jobs):
        store.put("analyses", analysis.key, analysis)
        heads[analysis.path] = DocHead.of(analysis)
    ordered = tuple(heads[article.path] for article in articles)
    return SearchPlan(ordered, {article_keys[a.path]: heads[a.path] for a in articles}, store, len(missing))


def _analysed(articles: list[Article], whole: Callable[[Article], Article], jobs: int) -> Iterator[ArticleAnalysis]:
    """Each article's analysis, in order. Forked workers inherit the articles and read their bodies
    themselves: only the analyses travel back, not every body out and its analysis back."""
    if jobs <= 1 or len(articles) < PARALLEL_THRESHOLD:
        return (analyse_article(whole(article)) for article in articles)
    return iter(forked_map(_analyse_nth, (articles, whole), len(articles), jobs, chunksize=CHUNK))


def _analyse_nth(shared: tuple[list[Article], Callable[[Article], Article]], number: int) -> ArticleAnalysis:
    articles, whole = shared
    return analyse_article(whole(articles[number]))


def whoosh_mark(index_dir: Path, keys: tuple[str, ...]) -> tuple:
    """What the command-line index was made from, and its files as they are on disk."""
    try:
        files = tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in index_dir.iterdir()))
    except OSError:
        files = ()
    return str(index_dir.absolute()), digest(keys), files


def update_whoosh(index_dir: Path | None, search: SearchPlan, last_mark: tuple, jobs: int) -> tuple:
    """Update the command-line index unless it is exactly as the last build left it for these analyses."""
    if index_dir is None:
        return last_mark
    if whoosh_mark(index_dir, search.keys) != last_mark:
        from .search import update_whoosh_index  # whoosh is loaded only when there is indexing to do

        update_whoosh_index(search.analyses(), index_dir, jobs)  # touches nothing when nothing changed
    return whoosh_mark(index_dir, search.keys)


# Articles analysed anew up to which the command-line index is updated beside the build: a larger
# change keeps every core for its pages.
BESIDE_MAX = 1000


def whoosh_beside(index_dir: Path | None, search: SearchPlan, last_mark: tuple, jobs: int) -> WhooshBeside | None:
    """The command-line index's update started in a process of its own, for a change of a few articles
    that leaves it something to do, on more than one core; else None (`update_whoosh` does it later)."""
    if jobs <= 1 or index_dir is None or search.analysed > BESIDE_MAX:
        return None
    if whoosh_mark(index_dir, search.keys) == last_mark:
        return None
    return WhooshBeside(index_dir, search, last_mark, jobs)


class WhooshBeside:
    """The command-line index brought up to date in a forked process while the build goes on.

    An edit's update (deleting one article's documents, writing a small segment, merging small
    ones) took a tenth of a one-article build at 10,000 articles, on one core while the other
    waited. `finish` waits for it and gives the index's mark, or raises what the update raised.
    """

    def __init__(self, index_dir: Path, search: SearchPlan, last_mark: tuple, jobs: int) -> None:
        self.index_dir, self.keys = index_dir, search.keys
        self._reader, writer = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: update, tell the parent what went wrong if anything did, leave
            os.close(self._reader)
            status = 0
            try:
                update_whoosh(index_dir, search, last_mark, jobs)
            except BaseException as exc:  # noqa: BLE001 - whatever it was is the parent's to raise
                status = 1
                os.write(writer, _picklable(exc))
            finally:
                os._exit(status)
        os.close(writer)

    def __enter__(self) -> WhooshBeside:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:  # the build failed: never leave the update running (the build may be tried again)
            with contextlib.suppress(Exception):
                self.finish()

    def finish(self) -> tuple:
        if self._pid:
            with os.fdopen(self._reader, "rb") as reader:
                failure = reader.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if failure:
                raise pickle.loads(failure)
            if status != 0:
                raise RuntimeError(f"updating the command-line search index stopped (wait status {status})")
        return whoosh_mark(self.index_dir, self.keys)


def _picklable(exc: BaseException) -> bytes:
    try:
        return pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception holding something unpicklable: its text still goes
        return pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
