"""One article as both search indexes need it, analysed once: a pure, picklable record.

Tokenising and stemming are the expensive part of indexing. `analyse_article` does
them once per article; the browser export and the whoosh index both read the result,
and the build cache may keep it between builds under `ArticleAnalysis.key` (a hash of
exactly the fields analysed), so an unchanged article is never analysed again.

The record is compact because an archive's worth of them may sit in memory or in the
cache: distinct terms in one tuple, their term frequencies in arrays, and the slot
positions of every term as one byte string of varints (the browser format's own).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import accumulate, chain
from sys import intern
from typing import Any

from ..model import Article, as_utf8, from_utf8
from ..textnorm import stem, word_units
from .codec import SMALL_LIMIT, SMALL_VARINTS, varint

ANALYSIS_VERSION = 2  # bump when the record or the analysis changes: cached records then miss
SNIPPET_SOURCE_CHARS = 3000  # body text shipped per result for snippets: most news articles whole


MAX_INDEXED_CHARS = 200_000  # a book-length text is indexed in part; its page and original stay whole


def body_source(article: Article) -> str:
    """What the body field holds: the displayed text, then outlet, author and tags, one per line."""
    meta = [article.outlet or "", article.author or "", " ".join(article.tags)]
    return "\n".join([_bounded(article.body_text), *meta])


def _bounded(text: str) -> str:
    if len(text) <= MAX_INDEXED_CHARS:
        return text
    cut = text[:MAX_INDEXED_CHARS]
    return cut[:cut.rfind(" ")] if " " in cut else cut


@dataclass(frozen=True)
class ArticleAnalysis:
    key: str  # hash of the analysed fields and ANALYSIS_VERSION: equal keys, equal records
    path: str
    url: str
    title: str
    lang: str
    date: str  # ISO date, or "" when unknown
    outlet: str
    author: str
    tags: tuple[str, ...]
    snippet: str
    length: int  # word slots in title and body; the parts of a compound share their slot
    terms: tuple[str, ...]  # distinct exact terms of title and body, in the order first seen
    title_tf: array  # per term: tokens in the title (a compound's parts count too)
    body_tf: array
    positions: bytes  # per term: its title slots then its body slots, each run delta-coded varints
    body_starts: array  # per term: offset in `positions` where its body slots begin
    position_ends: array  # per term: end offset of its run in `positions`
    stems: tuple[str, ...]  # distinct stems, in the order first seen
    stem_title_tf: array
    stem_body_tf: array

    def term_positions(self, index: int) -> bytes:
        """The varint bytes of term number `index`: what the browser's `p/` shard stores for it."""
        start = self.position_ends[index - 1] if index else 0
        return self.positions[start : self.position_ends[index]]

    def field_positions(self, index: int) -> tuple[bytes, bytes]:
        """Term number `index`'s title run and body run of delta-coded slot varints."""
        start = self.position_ends[index - 1] if index else 0
        middle, end = self.body_starts[index], self.position_ends[index]
        return self.positions[start:middle], self.positions[middle:end]

    def stem_counts(self) -> Iterator[tuple[str, int, int]]:
        return zip(self.stems, self.stem_title_tf, self.stem_body_tf, strict=True)

    def __reduce__(self) -> tuple[Any, ...]:
        """Texts pickled from UTF-8 made here, not by pickle, which would leave a copy inside every
        string (see cache_body.py): an archive's analyses held in memory would double once saved.
        Terms and stems are words, so one NUL-joined string each; read back, each word is interned,
        so that the analyses of an archive share its vocabulary instead of a copy each."""
        values = [getattr(self, name) for name in _FIELDS]
        for index in _TEXTS:
            values[index] = as_utf8(values[index])
        for index in _WORDS:  # None for no words: b"" is one empty word
            values[index] = as_utf8("\0".join(values[index])) if values[index] else None
        return _restored, tuple(values)


def _restored(*values: Any) -> ArticleAnalysis:
    decoded = list(values)
    for index in _TEXTS:
        decoded[index] = from_utf8(decoded[index])
    for index in _WORDS:
        words = decoded[index]
        decoded[index] = () if words is None else tuple(map(intern, from_utf8(words).split("\0")))
    return ArticleAnalysis(*decoded)


_FIELDS = tuple(field.name for field in fields(ArticleAnalysis))
_TEXTS = tuple(_FIELDS.index(name) for name in ("path", "url", "title", "outlet", "author", "snippet"))
_WORDS = (_FIELDS.index("terms"), _FIELDS.index("stems"))


def content_key(article: Article) -> str:
    """A hash of every field the analysis reads: the cache key of an `ArticleAnalysis`."""
    hasher = hashlib.sha256(f"analysis-{ANALYSIS_VERSION}".encode())
    date = article.published.isoformat() if article.published else ""
    for part in (article.path, article.url, article.title, article.lang, date, article.outlet or "",
                 article.author or "", "\x1f".join(article.tags), article.body_text):
        hasher.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()


def _slot_table(text: str) -> tuple[dict[str, list[int]], int]:
    """Every term of `text` with its slots in token order (joined form, then parts), and the slot count."""
    table: defaultdict[str, list[int]] = defaultdict(list)
    units = word_units(text)
    for slot, unit in enumerate(units):
        table[unit.joined].append(slot)
        if len(unit.parts) > 1:
            for part in unit.parts:
                table[part].append(slot)
    return table, len(units)


def _run(slots: list[int]) -> bytes:
    """Slots as delta-coded varints. Called once per term and field of every article: a term seen
    once (most of them) is one table lookup."""
    if len(slots) == 1 and slots[0] < SMALL_LIMIT:
        return SMALL_VARINTS[slots[0]]
    deltas = [slot - previous for slot, previous in zip(slots, [0, *slots], strict=False)]
    if max(deltas, default=0) < SMALL_LIMIT:
        return b"".join([SMALL_VARINTS[delta] for delta in deltas])
    return b"".join([varint(delta) for delta in deltas])


def _stem_counts(terms: Sequence[str], lang: str, title_tf: array, body_tf: array
                 ) -> tuple[tuple[str, ...], array, array]:
    """Distinct stems of `terms` in the order first seen, with the summed counts of their terms."""
    in_title: dict[str, int] = {}
    in_body: dict[str, int] = {}
    for term, title_count, body_count in zip(terms, title_tf, body_tf, strict=True):
        name = stem(term, lang)
        in_title[name] = in_title.get(name, 0) + title_count
        in_body[name] = in_body.get(name, 0) + body_count
    return tuple(in_title), array("I", in_title.values()), array("I", in_body.values())


def analyse_article(article: Article) -> ArticleAnalysis:
    """Tokens, stems and slot positions of one article, for both indexes. Pure: same article, same record."""
    title, title_length = _slot_table(article.title)
    body, body_length = _slot_table(body_source(article))
    terms = tuple(dict.fromkeys([*title, *body]))
    # Whole-list steps rather than one loop with a step per term: this runs for every term of the archive.
    empty: list[int] = []
    in_title = [title.get(term, empty) for term in terms]
    in_body = [body.get(term, empty) for term in terms]
    title_runs = [_run(slots) if slots else b"" for slots in in_title]
    body_runs = [_run(slots) for slots in in_body]
    runs = list(chain.from_iterable(zip(title_runs, body_runs, strict=True)))  # title run, body run, per term
    run_ends = array("I", accumulate(map(len, runs)))  # a term's title run ends where its body run starts
    title_tf, body_tf = array("I", map(len, in_title)), array("I", map(len, in_body))
    stems, stem_title_tf, stem_body_tf = _stem_counts(terms, article.lang, title_tf, body_tf)
    date = article.published.isoformat() if article.published else ""
    return ArticleAnalysis(
        content_key(article), article.path, article.url, article.title, article.lang, date,
        article.outlet or "", article.author or "", tuple(article.tags), article.body_text[:SNIPPET_SOURCE_CHARS],
        title_length + body_length, terms, title_tf, body_tf,
        b"".join(runs), run_ends[::2], run_ends[1::2],
        stems, stem_title_tf, stem_body_tf,
    )


def analyse_articles(articles: Sequence[Article],
                     cached: dict[str, ArticleAnalysis] | None = None) -> list[ArticleAnalysis]:
    """Analyses of `articles`, reusing any in `cached` (content key → analysis) whose key still matches."""
    cached = cached or {}
    out = []
    for article in articles:
        found = cached.get(content_key(article))
        out.append(found if found is not None else analyse_article(article))
    return out
