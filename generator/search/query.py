"""Reading a query: words, "quoted phrases", -excluded words, and the word being typed.

`static/js/search-engine.js` parses queries the same way (function `parseQuery`);
the agreement test runs both on the same queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..textnorm import query_terms

# Straight and typographic quotes; « » are the quotes of Arabic and Persian text.
_QUOTES = "\"“”«»"
# Spaces spelled out: Python's `\s` and JavaScript's differ at the edges.
_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PIECE = re.compile(f'([-\u2212]?)(?:[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|([^{_SPACE}{_QUOTES}]+))')
MIN_PREFIX = 3  # shorter prefixes would pull in a large part of the index


@dataclass
class Query:
    words: list[str] = field(default_factory=list)  # required, looked up exactly and by stem
    phrases: list[list[str]] = field(default_factory=list)  # terms that must stand adjacent, in order
    excluded: list[str] = field(default_factory=list)
    prefix: str | None = None  # the last word while it is being typed: also matches longer words

    @property
    def empty(self) -> bool:
        return not (self.words or self.phrases or self.prefix)


def parse_query(text: str, as_you_type: bool = True) -> Query:
    """`as_you_type` treats the last word as a prefix unless the text ends with a space or quote.

    Neighbouring plain words are analysed together, so `می خواهم` meets `می‌خواهم`.
    """
    query = Query()
    run: list[int] = []  # [start, end) of the current stretch of plain words
    for match in _PIECE.finditer(text):
        minus, quoted = match.group(1), match.group(2)
        if not minus and quoted is None:
            run = [run[0] if run else match.start(), match.end()]
            continue
        _flush(query, text, run)
        run = []
        terms = [t.term for t in query_terms(quoted if quoted is not None else match.group(3))]
        if minus:
            query.excluded.extend(terms)
        elif terms:
            query.phrases.append(terms)
    _flush(query, text, run)
    last_is_plain = bool(run) and run[1] == len(text)
    if as_you_type and last_is_plain and query.words and len(query.words[-1]) >= MIN_PREFIX:
        query.prefix = query.words.pop()
    return query


def _flush(query: Query, text: str, run: list[int]) -> None:
    if run:
        query.words.extend(t.term for t in query_terms(text[run[0] : run[1]]))
