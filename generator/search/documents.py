"""Articles as the search index sees them: numbered, analysed once, in a fixed order.

Both indexes (whoosh for the command line, the static shards for the browser) are
built from these records, so a document number means the same article in both.
Documents are numbered by (date, path): the number order *is* date order, which
makes "sort by date" and the year filter free in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Article
from .analysis import SNIPPET_SOURCE_CHARS, ArticleAnalysis, analyse_articles, body_source

__all__ = ["SNIPPET_SOURCE_CHARS", "Collection", "SearchDoc", "body_source", "collect", "collect_analyses"]


@dataclass(frozen=True)
class SearchDoc:
    number: int
    group: int  # index into `groups`: the (language, outlet) pair, for filters
    length_code: int
    analysis: ArticleAnalysis

    # The analysis's fields under the names the exporters use.
    path = property(lambda self: self.analysis.path)
    url = property(lambda self: self.analysis.url)
    title = property(lambda self: self.analysis.title)
    lang = property(lambda self: self.analysis.lang)
    date = property(lambda self: self.analysis.date)
    outlet = property(lambda self: self.analysis.outlet)
    snippet_source = property(lambda self: self.analysis.snippet)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Collection:
    docs: tuple[SearchDoc, ...]
    groups: tuple[tuple[str, str], ...]  # (lang, outlet) pairs, sorted
    avg_length: float


def length_code(length: int) -> int:
    """One byte per document length, on a log scale (eight steps per doubling), as Lucene does."""
    return min(255, int(round(8 * math.log2(1 + length))))


def length_table() -> list[int]:
    """The length each code stands for; shipped to the browser so both sides score alike."""
    return [max(1, int(round(2 ** (code / 8))) - 1) for code in range(256)]


def collect_analyses(analyses: Sequence[ArticleAnalysis]) -> Collection:
    """Number analysed articles by (date, path) and give each its filter group and length code."""
    ordered = sorted(analyses, key=lambda a: (a.date, a.path))
    groups = tuple(sorted({(a.lang, a.outlet) for a in ordered}))
    group_number = {pair: i for i, pair in enumerate(groups)}
    docs = tuple(SearchDoc(number, group_number[(a.lang, a.outlet)], length_code(a.length), a)
                 for number, a in enumerate(ordered))
    total = sum(a.length for a in ordered)
    return Collection(docs, groups, total / len(docs) if docs else 1.0)


def collect(articles: Sequence[Article]) -> Collection:
    return collect_analyses(analyse_articles(articles))
