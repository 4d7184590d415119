"""Analyse every article for search once, reusing the last build's analyses of unchanged articles.

Analysis (tokenising and stemming) is the costly part of indexing; it is pure, so it
is spread over processes on a cold build and kept in the build cache afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Article
from .parallel import parallel_map
from .search import ArticleAnalysis, analyse_article, content_key


def analyse_all(articles: Sequence[Article], cached: dict[str, ArticleAnalysis],
                jobs: int = 1) -> dict[str, ArticleAnalysis]:
    """Analyses keyed by content key, in the articles' order; cached ones reused as they are."""
    keys = [content_key(article) for article in articles]
    missing = [article for article, key in zip(articles, keys, strict=True) if key not in cached]
    fresh = parallel_map(analyse_article, missing, jobs)
    found = {**cached, **{analysis.key: analysis for analysis in fresh}}
    return {key: found[key] for key in keys}
