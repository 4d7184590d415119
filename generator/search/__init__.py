"""Search: build-time indexes (whoosh for the command line, static shards for the browser).

Public API, called by the pipeline and the command line:
- `build_static_index(articles, config)` → the browser index files under `search/index/`
- `write_whoosh_index(articles, index_dir)` → the command-line index, updated in place
- `query_index(index_dir, query, limit, lang)` → results as dicts
- `cli_search(index_dir, query, limit, lang, as_json)` → the text `build.py search` prints

Each article is tokenised and stemmed once, into an `ArticleAnalysis` (pure and
picklable, keyed by `.key`, a hash of the fields it reads). A caller that keeps
analyses between builds passes them to the `_from` variants instead:
- `analyse_article(article)` / `analyse_articles(articles, cached)` (cached: key → analysis)
- `build_static_index_from(analyses, config)` → the same bytes as `build_static_index`
- `update_whoosh_index(analyses, index_dir)` → the same index contents as `write_whoosh_index`
"""

from importlib import import_module
from typing import Any

from .analysis import ArticleAnalysis, analyse_article, analyse_articles, content_key

# The rest is imported when first used: a build with nothing to re-index never loads whoosh.
_LAZY = {
    "cli_search": ".cli", "query_index": ".cli", "build_static_index": ".export",
    "build_static_index_from": ".export", "write_whoosh_index": ".whoosh_index",
    "WhooshUpdate": ".whoosh_update", "update_whoosh_index": ".whoosh_update",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_LAZY[name], __name__), name)

__all__ = [
    "ArticleAnalysis", "WhooshUpdate", "analyse_article", "analyse_articles", "build_static_index",
    "build_static_index_from", "cli_search", "content_key", "query_index", "update_whoosh_index",
    "write_whoosh_index",
]
