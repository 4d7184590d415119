"""Search: build-time indexes (whoosh for the command line, static shards for the browser).

Public API, called by the pipeline and the command line:
- `build_static_index(articles, config)` → the browser index files under `search/index/`
- `write_whoosh_index(articles, index_dir)` → the command-line index
- `query_index(index_dir, query, limit, lang)` → results as dicts
- `cli_search(index_dir, query, limit, lang, as_json)` → the text `build.py search` prints
"""

from .cli import cli_search, query_index
from .export import build_static_index
from .whoosh_index import write_whoosh_index

__all__ = ["build_static_index", "cli_search", "query_index", "write_whoosh_index"]
