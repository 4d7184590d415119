"""The build-time whoosh index: the command line's search engine and its term statistics.

Fields: title, body (exact terms with slot positions), title_stem, body_stem, outlet,
author, tags, lang, date, path, url. Whoosh numbers documents in the order they are
added, which is `documents.collect`'s order, so whoosh's document numbers are the
browser index's document numbers too. A small JSON file beside the index keeps what
whoosh does not: the length codes and filter groups, and the average length.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer, Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema

from ..model import Article
from ..textnorm import tokenize
from .documents import body_source, collect, length_table, stems_of
from .engine import Positions, Posting, Postings

META_FILE = "archive-search.json"
INDEX_NAME = "archive"


class ArchiveTokenizer(Tokenizer):
    """whoosh face of `textnorm.tokenize`: the token's position is its word slot."""

    def __call__(self, value: str, positions: bool = False, start_pos: int = 0, **kwargs: Any) -> Iterator[Token]:
        token = Token(positions=positions, **{k: v for k, v in kwargs.items() if k in ("mode", "removestops")})
        for found in tokenize(value):
            token.text = found.term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + found.slot
            yield token


def schema() -> Schema:
    exact = ArchiveTokenizer()
    return Schema(
        path=ID(stored=True, unique=True), url=STORED, title=TEXT(analyzer=exact, stored=True, phrase=True),
        body=TEXT(analyzer=exact, phrase=True), title_stem=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
        body_stem=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False), outlet=TEXT(analyzer=exact, stored=True),
        author=TEXT(analyzer=exact, stored=True), tags=TEXT(analyzer=exact, stored=True),
        lang=ID(stored=True), date=ID(stored=True), snippet=STORED,
    )


def write_whoosh_index(articles: Sequence[Article], index_dir: Path) -> None:
    """(Re)create the command-line index of `articles` in `index_dir`."""
    index_dir.mkdir(parents=True, exist_ok=True)
    collection = collect(articles)
    by_path = {a.path: a for a in articles}
    ix = index.create_in(str(index_dir), schema(), indexname=INDEX_NAME)
    with ix.writer(limitmb=256) as writer:
        for doc in collection.docs:
            article = by_path[doc.path]
            writer.add_document(
                path=doc.path, url=doc.url, title=doc.title, body=body_source(article),
                title_stem=" ".join(stems_of(doc.title_tokens, doc.lang)),
                body_stem=" ".join(stems_of(doc.body_tokens, doc.lang)),
                outlet=article.outlet or "", author=article.author or "", tags=", ".join(article.tags),
                lang=doc.lang, date=doc.date, snippet=doc.snippet_source,
            )
    meta = {"avg_length": collection.avg_length, "groups": [list(g) for g in collection.groups],
            "docs": [[d.length_code, d.group] for d in collection.docs]}
    (index_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


class WhooshSource:
    """The engine's `Source` over a whoosh index: postings of the title and body fields merged."""

    def __init__(self, index_dir: Path):
        if not index.exists_in(str(index_dir), indexname=INDEX_NAME):
            raise FileNotFoundError(f"{index_dir}: no search index here; run `python build.py build` first")
        self.ix = index.open_dir(str(index_dir), indexname=INDEX_NAME)
        self.searcher = self.ix.searcher()
        self.reader = self.searcher.reader()
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
        self.avg_length = meta["avg_length"]
        self.groups = [tuple(g) for g in meta["groups"]]
        self.doc_meta = meta["docs"]
        self.n_docs = len(self.doc_meta)
        self.lengths = length_table()

    def close(self) -> None:
        self.searcher.close()

    def _field(self, field: str, term: str, values: str) -> dict[int, Any]:
        if (field, term) not in self.reader:
            return {}
        matcher = self.reader.postings(field, term)
        found = {}
        while matcher.is_active():
            found[matcher.id()] = matcher.value_as(values)
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
        title, body = (self._field(f, term, "frequency") for f in ("title_stem", "body_stem"))
        return self._merge(title, body)

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        terms = {t.decode("utf-8") if isinstance(t, bytes) else t
                 for field in ("title", "body") for t in self.reader.expand_prefix(field, prefix)}
        return [(t, self.reader.doc_frequency("title", t) + self.reader.doc_frequency("body", t)) for t in terms]

    def positions(self, term: str) -> Positions:
        title, body = (self._field(f, term, "positions") for f in ("title", "body"))
        return {doc: (tuple(title.get(doc, ())), tuple(body.get(doc, ()))) for doc in set(title) | set(body)}

    def stored(self, doc: int) -> dict[str, Any]:
        return self.searcher.stored_fields(doc)
