"""The build-time whoosh index: the command line's search engine and its term statistics.

Fields: title, body (exact terms with slot positions), outlet, author, tags, lang,
date, path, url. The index is updated in place between builds (whoosh_update.py), so
whoosh's own document numbers follow the order articles were added, not the
collection's. A small JSON file beside the index keeps what whoosh does not: per
article its collection number (the browser's document number, date order), length
code and filter group; per whoosh segment the path of each of its documents, from
which the source maps whoosh's numbers to the collection's; and per language the
stem of every term indexed from that language's articles.

Stems have no postings of their own: a stem's postings are those of the terms with
that stem, each counted only in articles of the language it was stemmed for, their
counts added per article. That is what the browser's stem postings hold, for half
the postings whoosh would otherwise write.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.fields import ID, STORED, TEXT, Schema

from ..model import Article
from .analysis import analyse_articles
from .documents import length_table
from .engine import Positions, Posting, Postings
from .whoosh_fields import AnalysedText, ArchiveTokenizer

META_FILE = "archive-search.json"
INDEX_NAME = "archive"
META_FORMAT = 3


def schema() -> Schema:
    exact = ArchiveTokenizer()
    return Schema(
        path=ID(stored=True, unique=True), url=STORED,
        title=AnalysedText(analyzer=exact, stored=True), body=AnalysedText(analyzer=exact),
        outlet=_unscored(TEXT(analyzer=exact, stored=True)), author=_unscored(TEXT(analyzer=exact, stored=True)),
        tags=_unscored(TEXT(analyzer=exact, stored=True)), lang=ID(stored=True), date=ID(stored=True), snippet=STORED,
    )


def _unscored(field: TEXT) -> TEXT:
    # Ranking uses the side file's length codes; whoosh's per-field lengths would be written and never read.
    field.scorable = False
    return field


def write_whoosh_index(articles: Sequence[Article], index_dir: Path) -> None:
    """Bring the command-line index in `index_dir` up to date with `articles` (see `update_whoosh_index`)."""
    from .whoosh_update import update_whoosh_index

    update_whoosh_index(analyse_articles(articles), index_dir)


def read_meta(index_dir: Path) -> dict[str, Any] | None:
    """The side file if it is ours and readable, else None (the index is then rebuilt, never trusted)."""
    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != META_FORMAT:
        return None
    return meta


def whoosh_numbers(reader: Any, segments: dict[str, list[str | None]], numbers: dict[str, int]) -> list[int]:
    """Collection number of each whoosh document number (-1: deleted). KeyError if a segment is unknown."""
    out: list[int] = []
    for leaf, offset in reader.leaf_readers():
        paths = segments[leaf.segment().segment_id()]
        out.extend([-1] * (offset - len(out)))
        out.extend(numbers[p] if p is not None and not leaf.is_deleted(i) else -1 for i, p in enumerate(paths))
    return out


def stem_terms(stems: dict[str, dict[str, str]]) -> dict[str, list[tuple[str, str]]]:
    """Per stem, the (language, term) pairs with that stem: the side file's table turned around."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang, table in stems.items():
        for term, stem in table.items():
            out.setdefault(stem, []).append((lang, term))
    return out


class WhooshSource:
    """The engine's `Source` over a whoosh index: postings of the title and body fields merged."""

    def __init__(self, index_dir: Path):
        meta = read_meta(index_dir)
        if meta is None or not index.exists_in(str(index_dir), indexname=INDEX_NAME):
            raise FileNotFoundError(f"{index_dir}: no search index here; run `python build.py build` first")
        self.ix = index.open_dir(str(index_dir), indexname=INDEX_NAME)
        self.searcher = self.ix.searcher()
        self.reader = self.searcher.reader()
        self.avg_length = meta["avg_length"]
        self.groups = [tuple(g) for g in meta["groups"]]
        articles: dict[str, list[Any]] = meta["articles"]  # path -> [content key, number, length code, group]
        self.n_docs = len(articles)
        self.doc_meta: list[tuple[int, int]] = [(0, 0)] * self.n_docs
        for _, number, code, group in articles.values():
            self.doc_meta[number] = (code, group)
        self.numbers = whoosh_numbers(self.reader, meta["segments"], {p: a[1] for p, a in articles.items()})
        self.docnums = {number: docnum for docnum, number in enumerate(self.numbers) if number >= 0}
        self.deletions = self.reader.has_deletions()
        self.lengths = length_table()
        self.stem_terms = stem_terms(meta["stems"])

    def close(self) -> None:
        self.searcher.close()

    def _field(self, field: str, term: str, values: str) -> dict[int, Any]:
        if (field, term) not in self.reader:
            return {}
        matcher = self.reader.postings(field, term)
        found = {}
        while matcher.is_active():
            found[self.numbers[matcher.id()]] = matcher.value_as(values)
            matcher.next()
        return found

    def _merge(self, title: dict[int, int], body: dict[int, int]) -> Postings:
        out: Postings = {}
        for doc in sorted(set(title) | set(body)):
            code, group = self.doc_meta[doc]
            out[doc] = Posting(title.get(doc, 0), body.get(doc, 0), code, group)
        return out

    def exact(self, term: str) -> Postings:
        title, body = (self._field(f, term, "positions") for f in ("title", "body"))
        return self._merge({d: len(p) for d, p in title.items()}, {d: len(p) for d, p in body.items()})

    def stem(self, term: str) -> Postings:
        title: dict[int, int] = {}
        body: dict[int, int] = {}
        for lang, word in self.stem_terms.get(term, ()):
            for field, counts in (("title", title), ("body", body)):
                for doc, tf in self._field(field, word, "frequency").items():
                    if self.groups[self.doc_meta[doc][1]][0] == lang:
                        counts[doc] = counts.get(doc, 0) + tf
        return self._merge(title, body)

    def _rank(self, term: str) -> int:
        if not self.deletions:
            return self.reader.doc_frequency("title", term) + self.reader.doc_frequency("body", term)
        # whoosh's term statistics still count deleted documents: count the live postings instead.
        return sum(len(self._field(f, term, "frequency")) for f in ("title", "body"))

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        terms = {t.decode("utf-8") if isinstance(t, bytes) else t
                 for field in ("title", "body") for t in self.reader.expand_prefix(field, prefix)}
        ranked = [(t, self._rank(t)) for t in terms]
        return [(t, rank) for t, rank in ranked if rank > 0]  # a term left only in deleted documents

    def positions(self, term: str) -> Positions:
        title, body = (self._field(f, term, "positions") for f in ("title", "body"))
        return {doc: (tuple(title.get(doc, ())), tuple(body.get(doc, ()))) for doc in set(title) | set(body)}

    def stored(self, doc: int) -> dict[str, Any]:
        return self.searcher.stored_fields(self.docnums[doc])
