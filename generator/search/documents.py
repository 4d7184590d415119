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
from ..textnorm import PART, Token, stem, tokenize

SNIPPET_SOURCE_CHARS = 3000  # body text shipped per result for snippets: most news articles whole


@dataclass(frozen=True)
class SearchDoc:
    number: int
    path: str
    url: str
    title: str
    lang: str
    date: str  # ISO date, or "" when unknown
    outlet: str
    group: int  # index into `groups`: the (language, outlet) pair, for filters
    title_tokens: tuple[Token, ...]
    body_tokens: tuple[Token, ...]  # body, then outlet, author and tags
    length_code: int
    snippet_source: str

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Collection:
    docs: tuple[SearchDoc, ...]
    groups: tuple[tuple[str, str], ...]  # (lang, outlet) pairs, sorted
    avg_length: float


def body_source(article: Article) -> str:
    """What the body field holds: the displayed text, then outlet, author and tags, one per line."""
    meta = [article.outlet or "", article.author or "", " ".join(article.tags)]
    return "\n".join([article.body_text, *meta])


def doc_length(title: Sequence[Token], body: Sequence[Token]) -> int:
    """Number of word slots; the parts of a compound do not lengthen a document."""
    return sum(1 for t in (*title, *body) if t.kind != PART)


def length_code(length: int) -> int:
    """One byte per document length, on a log scale (eight steps per doubling), as Lucene does."""
    return min(255, int(round(8 * math.log2(1 + length))))


def length_table() -> list[int]:
    """The length each code stands for; shipped to the browser so both sides score alike."""
    return [max(1, int(round(2 ** (code / 8))) - 1) for code in range(256)]


def _order(article: Article) -> tuple[str, str]:
    return (article.published.isoformat() if article.published else "", article.path)


def collect(articles: Sequence[Article]) -> Collection:
    ordered = sorted(articles, key=_order)
    groups = tuple(sorted({(a.lang, a.outlet or "") for a in ordered}))
    group_number = {pair: i for i, pair in enumerate(groups)}
    docs = []
    total = 0
    for number, article in enumerate(ordered):
        title = tuple(tokenize(article.title))
        body = tuple(tokenize(body_source(article)))
        length = doc_length(title, body)
        total += length
        docs.append(SearchDoc(
            number, article.path, article.url, article.title, article.lang, _order(article)[0],
            article.outlet or "", group_number[(article.lang, article.outlet or "")], title, body,
            length_code(length), article.body_text[:SNIPPET_SOURCE_CHARS],
        ))
    return Collection(tuple(docs), groups, total / len(docs) if docs else 1.0)


def stems_of(tokens: Sequence[Token], lang: str) -> list[str]:
    return [stem(t.term, lang) for t in tokens]
