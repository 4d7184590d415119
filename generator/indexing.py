"""Analyse every article for search once, reusing the last build's analyses of unchanged articles.

Analysis (tokenising and stemming) is the costly part of indexing; it is pure, so it
is spread over processes on a cold build and kept in the build cache afterwards. An
unchanged archive needs only the analyses' keys; the analyses themselves are read
from the cache when an index has to be made again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cache import CacheStore
from .model import Article
from .parallel import parallel_map
from .search import ArticleAnalysis, analyse_article


@dataclass(frozen=True)
class SearchPlan:
    keys: tuple[str, ...]  # each article's analysis key, in the articles' order
    by_article: dict[str, str]  # article key (outputs.article_keys) -> analysis key, for the next build
    store: CacheStore  # holds every analysis named in `keys`

    def analyses(self) -> list[ArticleAnalysis]:
        return [self.store.get("analyses", key) for key in self.keys]


def plan_search(articles: Sequence[Article], article_keys: dict[str, str], known: dict[str, str],
                store: CacheStore, whole: Callable[[Article], Article], jobs: int = 1) -> SearchPlan:
    """Every article's analysis key; articles without a cached analysis are analysed (into `store`).

    `known` maps article keys to the analyses the last build made of them; `whole` gives an
    article back with its body when the cache handed it over without one.
    """
    keys: dict[str, str] = {}
    missing: list[Article] = []
    for article in articles:
        found = known.get(article_keys[article.path])
        if found is not None and store.has("analyses", found):
            keys[article.path] = found
        else:
            missing.append(whole(article))
    for analysis in parallel_map(analyse_article, missing, jobs):
        store.put("analyses", analysis.key, analysis)
        keys[analysis.path] = analysis.key
    ordered = tuple(keys[article.path] for article in articles)
    return SearchPlan(ordered, {article_keys[a.path]: keys[a.path] for a in articles}, store)
