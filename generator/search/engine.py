"""Matching and ranking: the one algorithm the command line and the browser both run.

`static/js/search-engine.js` is a port of this module (same order of floating-point
operations, same tie-breaks), evaluated over the exported shards; here it runs over
whoosh postings (`WhooshSource`) or over the same exported shards (`StaticSource`).

Ranking is BM25 with a title boost (BM25F with one length norm). Per query word:
an exact match counts fully, a match through a shared stem counts half, and while
the last word is being typed a longer word it begins counts a quarter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from ..textnorm import query_stems
from .query import Query

K1 = 1.2
B = 0.75
TITLE_BOOST = 3.0
WEIGHT_EXACT = 1.0
WEIGHT_STEM = 0.5
WEIGHT_PREFIX = 0.25
PREFIX_EXPANSIONS = 10  # most frequent longer words a typed prefix stands for
SCORE_SCALE = 1_000_000  # scores are compared as integers: both sides round alike


class Posting(NamedTuple):
    title_tf: int
    body_tf: int
    length_code: int
    group: int


Postings = dict[int, Posting]
Positions = dict[int, tuple[tuple[int, ...], tuple[int, ...]]]  # doc -> (title slots, body slots)


class Source(Protocol):
    n_docs: int
    avg_length: float
    lengths: list[int]  # length per length code

    def exact(self, term: str) -> Postings: ...
    def stem(self, term: str) -> Postings: ...
    def completions(self, prefix: str) -> list[tuple[str, int]]: ...  # (term, rank) for terms with prefix
    def positions(self, term: str) -> Positions: ...


@dataclass(frozen=True)
class Match:
    doc: int
    score: int  # score * SCORE_SCALE, rounded
    group: int


def utf16_key(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; the index is sorted the same way."""
    return term.encode("utf-16-be")


def bm25(source: Source, postings: Postings, doc: int) -> float:
    posting = postings[doc]
    df = len(postings)
    idf = math.log(1 + (source.n_docs - df + 0.5) / (df + 0.5))
    tf = TITLE_BOOST * posting.title_tf + posting.body_tf
    norm = K1 * (1 - B + B * source.lengths[posting.length_code] / source.avg_length)
    return idf * (tf * (K1 + 1)) / (tf + norm)


def _best(source: Source, lists: Iterable[Postings]) -> dict[int, float]:
    best: dict[int, float] = {}
    for postings in lists:
        for doc in postings:
            best[doc] = max(best.get(doc, 0.0), bm25(source, postings, doc))
    return best


def expansions(source: Source, prefix: str) -> list[str]:
    found = [(term, rank) for term, rank in source.completions(prefix) if term != prefix]
    found.sort(key=lambda item: (-item[1], utf16_key(item[0])))
    return [term for term, _ in found[:PREFIX_EXPANSIONS]]


def word_scores(source: Source, term: str, is_prefix: bool) -> tuple[dict[int, float], dict[int, int]]:
    """Score of every document matching one query word, and the document's filter group."""
    exact = source.exact(term)
    stems = [source.stem(s) for s in query_stems(term)]
    longer = [source.exact(t) for t in expansions(source, term)] if is_prefix else []
    stem_best, prefix_best = _best(source, stems), _best(source, longer)
    groups = {doc: p.group for lst in (exact, *stems, *longer) for doc, p in lst.items()}
    scores = {}
    for doc in groups:
        e = bm25(source, exact, doc) if doc in exact else 0.0
        s, p = stem_best.get(doc, 0.0), prefix_best.get(doc, 0.0)
        scores[doc] = WEIGHT_EXACT * e + WEIGHT_STEM * s + WEIGHT_PREFIX * p
    return scores, groups


def _adjacent(slot_lists: list[tuple[int, ...]]) -> bool:
    rest = [set(slots) for slots in slot_lists[1:]]
    return any(all(start + i + 1 in slots for i, slots in enumerate(rest)) for start in slot_lists[0])


def phrase_scores(source: Source, terms: list[str]) -> tuple[dict[int, float], dict[int, int]]:
    """Documents holding the terms next to each other, in order, in the title or in the body."""
    lists = [source.exact(t) for t in terms]
    docs = set(lists[0]).intersection(*lists[1:])
    if len(terms) > 1 and docs:
        where = [source.positions(t) for t in terms]
        docs = {d for d in docs if any(_adjacent([w[d][f] for w in where]) for f in (0, 1))}
    scores = {}
    for doc in sorted(docs):
        total = 0.0
        for postings in lists:
            total += bm25(source, postings, doc)
        scores[doc] = WEIGHT_EXACT * total
    return scores, {doc: lists[0][doc].group for doc in docs}


def excluded_docs(source: Source, terms: list[str]) -> set[int]:
    out: set[int] = set()
    for term in terms:
        out.update(source.exact(term))
        for s in query_stems(term):
            out.update(source.stem(s))
    return out


def run(source: Source, query: Query) -> list[Match]:
    """Every matching document, best first; ties go to the newer document."""
    parts = [word_scores(source, w, False) for w in query.words]
    if query.prefix:
        parts.append(word_scores(source, query.prefix, True))
    parts += [phrase_scores(source, p) for p in query.phrases]
    if not parts:
        return []
    docs = set(parts[0][0]).intersection(*(p[0] for p in parts[1:])) - excluded_docs(source, query.excluded)
    matches = []
    for doc in docs:
        total = 0.0
        for scores, _ in parts:
            total += scores[doc]
        matches.append(Match(doc, math.floor(total * SCORE_SCALE + 0.5), parts[0][1][doc]))
    matches.sort(key=lambda m: (-m.score, -m.doc))
    return matches
