"""Articles as the search index sees them: numbered, analysed once, in a fixed order.

Both indexes (whoosh for the command line, the static shards for the browser) are
built from these records, so a document number means the same article in both.
Documents are numbered by (date, path): the number order *is* date order, which
makes "sort by date" and the year filter free in the browser.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from sys import intern
from typing import Any

from ..model import Article
from .analysis import SNIPPET_SOURCE_CHARS, ArticleAnalysis, analyse_articles, body_source

__all__ = ["SNIPPET_SOURCE_CHARS", "Analyses", "Collection", "DocHead", "SearchDoc", "body_source", "collect",
           "collect_analyses"]


@dataclass(frozen=True, slots=True)
class DocHead:
    """What numbering, filters and ranking need of an analysis: small enough to keep for every article
    (twice: in the cache's index and in the browser export's state)."""

    key: str  # ArticleAnalysis.key
    path: str
    date: str
    lang: str
    outlet: str
    length: int

    @classmethod
    def of(cls, analysis: ArticleAnalysis) -> DocHead:
        a = analysis
        return cls(a.key, a.path, a.date, a.lang, a.outlet, a.length)

    def __reduce__(self) -> tuple[Any, ...]:
        return _head, (self.key, self.path, self.date, self.lang, self.outlet, self.length)


def _head(key: str, path: str, date: str, lang: str, outlet: str, length: int) -> DocHead:
    """A head read back, sharing the values that recur across an archive with the other heads."""
    return DocHead(key, path, intern(date), intern(lang), intern(outlet), length)


@dataclass(frozen=True)
class Analyses:
    """Every article's head, and a way to read a whole analysis by key: an edit to one article of a
    large archive then reads that article's analyses, not the archive's."""

    heads: tuple[DocHead, ...]
    load: Callable[[str], ArticleAnalysis]

    @classmethod
    def of(cls, analyses: Sequence[ArticleAnalysis]) -> Analyses:
        by_key = {a.key: a for a in analyses}
        return cls(tuple(DocHead.of(a) for a in analyses), by_key.__getitem__)


@dataclass(frozen=True)
class SearchDoc:
    number: int
    group: int  # index into `groups`: the (language, outlet) pair, for filters
    length_code: int
    head: DocHead
    load: Callable[[str], ArticleAnalysis] = field(repr=False, compare=False)

    @property
    def analysis(self) -> ArticleAnalysis:
        return self.load(self.head.key)

    # The head's fields under the names the exporters use; the rest is read from `analysis`, once per use.
    key = property(lambda self: self.head.key)
    path = property(lambda self: self.head.path)
    lang = property(lambda self: self.head.lang)
    date = property(lambda self: self.head.date)
    outlet = property(lambda self: self.head.outlet)

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


def collect_analyses(analyses: Sequence[ArticleAnalysis] | Analyses) -> Collection:
    """Number analysed articles by (date, path) and give each its filter group and length code."""
    source = analyses if isinstance(analyses, Analyses) else Analyses.of(analyses)
    ordered = sorted(source.heads, key=lambda h: (h.date, h.path))
    groups = tuple(sorted({(h.lang, h.outlet) for h in ordered}))
    group_number = {pair: i for i, pair in enumerate(groups)}
    docs = tuple(SearchDoc(number, group_number[(h.lang, h.outlet)], length_code(h.length), h, source.load)
                 for number, h in enumerate(ordered))
    total = sum(h.length for h in ordered)
    return Collection(docs, groups, total / len(docs) if docs else 1.0)


def collect(articles: Sequence[Article]) -> Collection:
    return collect_analyses(analyse_articles(articles))
