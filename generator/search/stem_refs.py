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

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..textnorm import query_stems
from . import engine
from .analysis import ArticleAnalysis
from .codec import Reader, varint
from .documents import SearchDoc
from .postings import TermPostings, append_diff, diff_posting
from .splice import Marks, frequencies, splice

ABSENT, ELSEWHERE, HERE = 0, 1, 2  # a stem's status in a `t/` entry


class QueryStems(dict[str, tuple[str, ...]]):
    """Term -> its `query_stems`, made on first use and kept with the export's state.

    Every export asks it for every term (each term's `t/` entry names its stems), and stemming
    is the slowest part of an edit's export on a real archive: 82,000 terms took 1.5 s, again
    in every build, where a table kept from the last build is read back in a tenth of that."""

    def __missing__(self, term: str) -> tuple[str, ...]:
        found = self[term] = tuple(query_stems(term))
        return found


def candidates(terms: Iterable[str], query: QueryStems) -> dict[str, list[str]]:
    """Stem -> the terms whose query stems include it (the terms that may stand for it)."""
    found: dict[str, list[str]] = {}
    for term in terms:
        for name in query[term]:
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
    query: QueryStems = field(default_factory=QueryStems)  # of the terms of the archive

    def section(self, term: str) -> bytes:
        """The end of `term`'s `t/` entry: a count, then per query stem its status (and list if HERE)."""
        names = self.query[term]
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


Counts = dict[str, tuple[int, int]]  # name -> (title, body) frequencies in one document
Entries = Mapping[str, tuple[bytes, bytes, int]]  # exact terms' (postings, positions, rank)


@dataclass(frozen=True)
class Change:
    """Some documents changed in place (numbers kept), and the exact entries before and after."""

    docs: Sequence[SearchDoc]  # every document, after the change
    before: dict[int, ArticleAnalysis]  # changed document -> its analysis before the change
    old_exact: Entries
    exact: Entries
    hit_terms: set[str]  # terms the changed documents had or have


@dataclass(frozen=True)
class StemUpdate:
    """The stem side after a change, and which entries of the index that touched."""

    table: StemTable
    marks: dict[str, Marks]
    names: list[str]  # the stems, sorted as their shards are
    terms: set[str]  # terms whose `t/` entry's stem section may differ
    stems: set[str]  # stems whose `s/` entry may differ, or which appeared or went


def update_stems(old: StemTable, old_marks: dict[str, Marks], old_names: list[str],
                 change: Change) -> StemUpdate:
    """`old` brought up to date. Only stems a changed document has or had, or a query stem of a term
    such a document has or had, can differ: another document's counts, and so the reference choice
    of any other stem, are as they were."""
    before, docs = change.before, change.docs
    counts = {n: (_counts(docs[n].analysis.terms, docs[n].analysis.title_tf, docs[n].analysis.body_tf),
                  _counts(docs[n].analysis.stems, docs[n].analysis.stem_title_tf, docs[n].analysis.stem_body_tf))
              for n in before}
    df = dict(old.df)
    for n, analysis in before.items():
        for name in analysis.stems:
            df[name] -= 1
        for name in docs[n].analysis.stems:
            df[name] = df.get(name, 0) + 1
    hit_stems = {name for n, a in before.items() for name in (*a.stems, *docs[n].analysis.stems)}
    query = QueryStems(old.query)  # a copy: the last export's state keeps its own
    cands = _updated_cands(old.cands, change, query)
    new = StemTable(df, cands, dict(old.refs), dict(old.diffs), query)
    update = StemUpdate(new, dict(old_marks), old_names, set(), set())
    for name in hit_stems | {name for term in change.hit_terms for name in query[term]}:
        _update_one(name, old, update, change, counts)
    for term in change.hit_terms - change.exact.keys():
        query.pop(term, None)  # gone from the archive
    gone = [name for name in hit_stems if name in df and df[name] <= 0]
    for name in gone:
        del df[name]
    added = [name for name in update.stems if name in df and name not in old.df]
    return StemUpdate(new, update.marks, _resorted(old_names, gone, added), update.terms, update.stems)


def _counts(names: Sequence[str], title: Sequence[int], body: Sequence[int]) -> Counts:
    return dict(zip(names, zip(title, body, strict=True), strict=True))


def _updated_cands(cands: dict[str, list[str]], change: Change, query: QueryStems) -> dict[str, list[str]]:
    """Candidates with the terms that appeared added and those that went removed (lists replaced, not
    changed in place: the last export's state keeps its own)."""
    out = dict(cands)
    for term in change.hit_terms:
        if (term in change.exact) == (term in change.old_exact):
            continue
        for name in query[term]:
            kept = [t for t in out.get(name, ()) if t != term] + ([term] if term in change.exact else [])
            if kept:
                out[name] = kept
            else:
                out.pop(name, None)
    return out


def _update_one(name: str, old: StemTable, update: StemUpdate, change: Change,
                counts: dict[int, tuple[Counts, Counts]]) -> None:
    """Bring stem `name`'s reference, list and marks up to date, noting the entries that changes."""
    table = update.table
    existed, exists = old.df.get(name, 0) > 0, table.df.get(name, 0) > 0
    old_ref = old.refs.get(name)
    names = table.cands.get(name, [])
    ref = reference(names, {t: count(change.exact[t][0]) for t in names}) if exists else None
    if existed and exists and ref == old_ref:  # the common case: splice the changed documents in
        table.diffs[name], update.marks[name] = _spliced(name, ref, table.diffs[name], update.marks[name],
                                                         change, counts)
        if table.diffs[name] == old.diffs[name]:
            return
        if ref is None:
            update.stems.add(name)  # its `s/` entry holds the whole list
        else:
            update.terms.add(ref)  # the list is inside its reference's `t/` entry
        return
    if not existed and not exists:
        return  # a query stem no document has, before or after
    # It appeared, went, or changed its reference: every term naming it may show another status.
    update.stems.add(name)
    update.terms.update(old.cands.get(name, ()), names)
    for mapping in (table.refs, table.diffs, update.marks):
        mapping.pop(name, None)
    if exists:
        entry = _rebuilt(name, old_ref if existed else None, ref, old.diffs.get(name) if existed else None,
                         change, counts)
        table.diffs[name], update.marks[name] = entry.encoded(), entry.marks.tobytes()
        if ref is not None:
            table.refs[name] = ref


def _spliced(name: str, ref: str | None, encoded: bytes, marks: Marks, change: Change,
             counts: dict[int, tuple[Counts, Counts]]) -> tuple[bytes, Marks]:
    """A stem's difference list with the changed documents' entries set anew, last document first
    (so each splice leaves the offsets of earlier ones valid)."""
    for n in sorted(change.before, reverse=True):
        terms, stems = counts[n]
        entry = diff_posting(change.docs[n], stems.get(name), terms.get(ref) if ref is not None else None)
        result = splice(encoded, None, 0, marks, n, (entry, b"", 0) if entry is not None else None)
        encoded, marks = (result[0], result[3]) if result is not None else (varint(0), b"")
    return encoded, marks


def _rebuilt(name: str, old_ref: str | None, ref: str | None, old_diff: bytes | None, change: Change,
             counts: dict[int, tuple[Counts, Counts]]) -> TermPostings:
    """A stem's difference list encoded afresh from its postings (read back from its old reference's
    and its old differences, then the changed documents') against its new reference's."""
    postings: dict[int, tuple[int, int]] = {}
    if old_diff is not None:
        postings = frequencies(change.old_exact[old_ref][0]) if old_ref is not None else {}
        for doc, (title_tf, body_tf) in frequencies(old_diff).items():
            if title_tf:  # a difference holds the stem's title count plus one; zero: the stem is absent
                postings[doc] = (title_tf - 1, body_tf)
            else:
                postings.pop(doc, None)
    for n, (_, stems) in counts.items():
        postings.pop(n, None)
        if name in stems:
            postings[n] = stems[name]
    base = frequencies(change.exact[ref][0]) if ref is not None else {}
    entry = TermPostings()
    for n in sorted(postings.keys() | base.keys()):
        append_diff(entry, n, diff_posting(change.docs[n], postings.get(n), base.get(n)))
    return entry


def _resorted(names: list[str], gone: list[str], added: list[str]) -> list[str]:
    """A sorted list of names without `gone` and with `added`: a few names into a long list, by bisection."""
    if not gone and not added:
        return names
    dropped = set(gone)
    out = [name for name in names if name not in dropped] if dropped else list(names)
    for name in sorted(added, key=engine.utf16_key):
        out.insert(bisect.bisect_left(out, engine.utf16_key(name), key=engine.utf16_key), name)
    return out
