"""Snippets: a window of an article's text around the words a query matched.

A word counts as matched when its analysed form, or its stem, is one the query looks
for, so `پوتین` highlights `پوتين`. The browser does the same (search-engine.js,
`snippet`); here it serves the command line.
"""

from __future__ import annotations

import re

from ..textnorm import query_stems, query_terms, stem, tokenize
from .query import Query

SNIPPET_CHARS = 200
_WORDS = re.compile(r"\S+")


def wanted(query: Query) -> tuple[set[str], set[str], str | None]:
    """Exact terms and stems the query looks for, and the prefix being typed."""
    terms = set(query.words) | {t for phrase in query.phrases for t in phrase}
    if query.prefix:
        terms.add(query.prefix)
    stems = {s for t in terms for s in query_stems(t)}
    return terms, stems, query.prefix


def is_match(word: str, lang: str, want: tuple[set[str], set[str], str | None]) -> bool:
    terms, stems, prefix = want
    for token in tokenize(word):
        if token.term in terms or stem(token.term, lang) in stems:
            return True
        if prefix and token.term.startswith(prefix):
            return True
    return False


def snippet(text: str, lang: str, query: Query) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` of about SNIPPET_CHARS starting near the first match, and the matched spans in it."""
    want = wanted(query)
    words = [(m.start(), m.end()) for m in _WORDS.finditer(text)]
    hits = [(s, e) for s, e in words if is_match(text[s:e], lang, want)]
    start = 0
    if hits:
        before = [s for s, _ in words if s < hits[0][0]]
        start = before[-3] if len(before) >= 3 else 0  # a few words of context before the first match
    end = start + SNIPPET_CHARS
    cut = [e for s, e in words if start <= s and e <= end]
    end = cut[-1] if cut else min(len(text), end)
    return text[start:end], [(s - start, e - start) for s, e in hits if start <= s and e <= end]


def plain_query_terms(text: str) -> list[str]:
    return [t.term for t in query_terms(text)]
