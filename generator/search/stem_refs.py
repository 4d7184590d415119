"""Stems stored as differences from a reference term, so a query does not fetch one list twice.

A stem's postings (the counts of every term with that stem) are, for a common word,
nearly the postings of its most frequent term. So each stem has a reference term:
of the terms whose query stems include it, the one in most documents. Its postings
are stored as the documents where they differ from the reference's (postings.py,
`stem_diffs`), inside the reference's `t/` entry. Every `t/` entry ends with one
status per query stem of its term (`query_stems`, sorted), so a query that fetched
its word's entry knows, without another file, whether each of its stems is absent
from the archive, held right there, or held by another term (then the `s/` shard
names that term). A stem no term stands for keeps its whole list in its `s/` entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..textnorm import query_stems
from . import engine
from .codec import Reader
from .postings import varint

ABSENT, ELSEWHERE, HERE = 0, 1, 2  # a stem's status in a `t/` entry


@lru_cache(maxsize=1 << 20)
def stems_of(term: str) -> tuple[str, ...]:
    """`query_stems`, remembered: every export asks it for every term."""
    return tuple(query_stems(term))


def candidates(terms: Iterable[str]) -> dict[str, list[str]]:
    """Stem -> the terms whose query stems include it (the terms that may stand for it)."""
    found: dict[str, list[str]] = {}
    for term in terms:
        for name in stems_of(term):
            found.setdefault(name, []).append(term)
    return found


def count(encoded: bytes) -> int:
    """The number of postings of an encoded list: its first varint."""
    return Reader(encoded).varint()


def reference(terms: Iterable[str], df: dict[str, int]) -> str | None:
    """The term in most documents; ties go to the first in index order, so the choice is stable."""
    return min(terms, key=lambda t: (-df[t], engine.utf16_key(t)), default=None)


@dataclass
class StemTable:
    """What the stem side of the index holds: which stems exist, their references, their lists."""

    df: dict[str, int]  # stem -> documents with it: a stem exists while this is positive
    cands: dict[str, list[str]]
    refs: dict[str, str] = field(default_factory=dict)  # stem -> reference term (stems with one)
    diffs: dict[str, bytes] = field(default_factory=dict)  # stem -> encoded difference list

    def section(self, term: str) -> bytes:
        """The end of `term`'s `t/` entry: a count, then per query stem its status (and list if HERE)."""
        names = stems_of(term)
        out = bytearray(varint(len(names)))
        for name in names:
            if self.df.get(name, 0) <= 0:
                out += varint(ABSENT)
            elif self.refs.get(name) == term:
                out += varint(HERE) + self.diffs[name]
            else:
                out += varint(ELSEWHERE)
        return bytes(out)

    def stem_entry(self, name: str) -> bytes:
        """A stem's `s/` entry: its reference term's name, or an empty name and its whole list."""
        ref = self.refs.get(name)
        if ref is None:
            return varint(0) + self.diffs[name]
        encoded = ref.encode("utf-8")
        return varint(len(encoded)) + encoded


def choose_refs(stems: Iterable[str], cands: dict[str, list[str]], exact_df: dict[str, int]) -> dict[str, str]:
    refs = {}
    for name in stems:
        ref = reference(cands.get(name, ()), exact_df)
        if ref is not None:
            refs[name] = ref
    return refs
