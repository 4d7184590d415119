"""Analyse every article for search once, reusing the last build's analyses of unchanged articles.

Analysis (tokenising and stemming) is the costly part of indexing; it is pure, so it
is spread over processes on a cold build and kept in the build cache afterwards. An
unchanged archive needs only the analyses' heads (key, path, date, filters, length),
which the cache index keeps; whole analyses are read from the cache only for the
articles an index has to take in again. The command-line (whoosh) index is brought up to
date from the same analyses, unless it is on disk as the last build left it.
"""

from __future__ import annotations

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
    return SearchPlan(ordered, {article_keys[a.path]: heads[a.path] for a in articles}, store)


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
