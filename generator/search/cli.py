"""Command-line search over the whoosh index of the last build: `build.py search QUERY`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import engine
from .query import parse_query
from .snippet import snippet
from .whoosh_index import WhooshSource


def query_index(index_dir: Path, query: str, limit: int = 20, lang: str | None = None) -> list[dict[str, Any]]:
    """Results for `query`, best first: the same documents in the same order as the browser."""
    source = WhooshSource(index_dir)
    try:
        parsed = parse_query(query)
        matches = engine.run(source, parsed)
        if lang:
            matches = [m for m in matches if source.groups[m.group][0] == lang]
        return [_result(source, m, parsed) for m in matches[:limit]]
    finally:
        source.close()


def _result(source: WhooshSource, match: engine.Match, parsed: Any) -> dict[str, Any]:
    stored = source.stored(match.doc)
    text, _ = snippet(stored.get("snippet", ""), stored["lang"], parsed)
    return {
        "path": stored["path"], "url": stored["url"], "title": stored["title"],
        "score": match.score / engine.SCORE_SCALE, "date": stored.get("date") or None,
        "outlet": stored.get("outlet") or None, "lang": stored["lang"], "snippet": text,
    }


def cli_search(index_dir: Path, query: str, limit: int, lang: str | None, as_json: bool) -> str:
    """The text `build.py search` prints: a JSON array, or one block per result."""
    results = query_index(index_dir, query, limit, lang)
    if as_json:
        return json.dumps(results, ensure_ascii=False, indent=2)
    if not results:
        return "no results"
    blocks = []
    for number, r in enumerate(results, start=1):
        meta = " · ".join(x for x in (r["date"], r["outlet"], r["lang"]) if x)
        blocks.append(f"{number}. {r['title']}\n   {r['url']}  ({meta}; score {r['score']:.4f})\n   {r['snippet']}")
    return "\n".join(blocks)
