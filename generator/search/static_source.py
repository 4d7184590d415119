"""The exported browser index read back in Python: for round-trip tests and benchmarks.

It decodes exactly what `static/js/search-engine.js` decodes, and offers the same
`Source` interface as the whoosh index, so the engine can run over either.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from ..model import OutputFile
from ..textnorm import query_stems
from .codec import Reader, read_terms_header, unwrap
from .engine import Positions, Posting, Postings, utf16_key
from .export import ROOT
from .stem_refs import ABSENT, HERE

Section = list[tuple[int, Postings | None]]  # per query stem of a term: status, and its list when HERE


class StaticSource:
    def __init__(self, files: Iterable[OutputFile]):
        self.files = {f.path: f.data for f in files}
        self.manifest: dict[str, Any] = json.loads(self._load("manifest"))  # type: ignore[arg-type]
        self.n_docs = self.manifest["docs"]
        self.avg_length = self.manifest["avgLength"]
        self.lengths = self.manifest["lengths"]
        self.fetched: set[str] = {"manifest"}
        self._shard = cache(self._decode_shard)
        self.hints: dict[str, tuple[int, str]] = {}  # stem -> (status, term) learnt from a term's entry

    def _load(self, file_id: str) -> object:
        found, payload = unwrap(self.files[f"{ROOT}{file_id}.js"])
        assert found == file_id, (found, file_id)
        return payload

    def _shard_number(self, kind: str, term: str) -> int:
        bounds = [utf16_key(b) for b in self.manifest["shards"][kind]]
        return max(0, bisect.bisect_right(bounds, utf16_key(term)) - 1)

    def _decode_shard(self, kind: str, number: int) -> dict[str, Any]:
        self.fetched.add(f"{kind}/{number}")
        reader = Reader(self._load(f"{kind}/{number}"))  # type: ignore[arg-type]
        entries: dict[str, Any] = {}
        previous = b""
        for _ in range(reader.varint()):
            previous = read_terms_header(reader, previous)
            entries[previous.decode("utf-8")] = _ENTRY[kind](reader)
        return entries

    def _lookup(self, kind: str, term: str) -> Any:
        if not self.manifest["shards"][kind]:
            return None
        return self._shard(kind, self._shard_number(kind, term)).get(term)

    def exact(self, term: str) -> Postings:
        """The term's postings; its entry also tells where each of its query stems is (stem_refs.py)."""
        entry = self._lookup("t", term)
        if entry is None:
            return {}
        for name, (status, _) in zip(query_stems(term), entry[1], strict=True):
            if status in (ABSENT, HERE):
                self.hints.setdefault(name, (status, term))
        return entry[0]

    def stem(self, term: str) -> Postings:
        status, ref = self.hints.get(term, (None, None))
        if status == ABSENT:
            return {}
        if ref is None:
            found = self._lookup("s", term)
            if found is None:
                return {}
            ref, whole = found
            if ref is None:
                return _merged({}, whole)
        postings, section = self._lookup("t", ref)
        return _merged(postings, section[query_stems(ref).index(term)][1])

    def completions(self, prefix: str) -> list[tuple[str, int]]:
        bounds = self.manifest["shards"]["x"]
        if not bounds:
            return []
        first = number = self._shard_number("x", prefix)
        found = []
        # Terms with the prefix form one sorted run: this shard and the next ones starting with it.
        while number < len(bounds) and (number == first or bounds[number].startswith(prefix)):
            found += [(t, r) for t, r in self._shard("x", number).items() if t.startswith(prefix)]
            number += 1
        return found

    def positions(self, term: str) -> Positions:
        number = self._shard_number("t", term)
        shard = self._shard("t", number)
        self.fetched.add(f"p/{number}")
        reader = Reader(self._load(f"p/{number}"))  # type: ignore[arg-type]
        out: Positions = {}
        for name, (postings, _) in shard.items():
            lists = {doc: (_slots(reader, p.title_tf), _slots(reader, p.body_tf)) for doc, p in postings.items()}
            if name == term:
                out = lists
        return out

    def result(self, doc: int) -> dict[str, str]:
        chunk = self.manifest["chunk"]
        self.fetched.add(f"d/{doc // chunk}")
        rows = json.loads(self._load(f"d/{doc // chunk}"))  # type: ignore[arg-type]
        title, url, date, outlet, lang, text = rows[doc % chunk]
        return {"title": title, "url": url, "date": date, "outlet": outlet, "lang": lang, "text": text}


def _postings(reader: Reader) -> Postings:
    out: Postings = {}
    doc = 0
    for _ in range(reader.varint()):
        doc += reader.varint()
        out[doc] = Posting(reader.varint(), reader.varint(), reader.varint(), reader.varint())
    return out


def _section(reader: Reader) -> Section:
    out: Section = []
    for _ in range(reader.varint()):
        status = reader.varint()
        out.append((status, _postings(reader) if status == HERE else None))
    return out


def _stem_entry(reader: Reader) -> tuple[str | None, Postings | None]:
    """A stem's reference term, or None and the stem's whole list (as differences from nothing)."""
    length = reader.varint()
    if length:
        return reader.raw(length).decode("utf-8"), None
    return None, _postings(reader)


def _merged(postings: Postings, diff: Postings | None) -> Postings:
    """A stem's postings: its reference term's, with the differing documents replaced or removed."""
    out = dict(postings)
    for doc, p in (diff or {}).items():
        if p.title_tf:
            out[doc] = Posting(p.title_tf - 1, p.body_tf, p.length_code, p.group)
        else:
            out.pop(doc, None)
    return out


_ENTRY = {"t": lambda r: (_postings(r), _section(r)), "s": _stem_entry, "x": Reader.varint}


def _slots(reader: Reader, count: int) -> tuple[int, ...]:
    slots, slot = [], 0
    for _ in range(count):
        slot += reader.varint()
        slots.append(slot)
    return tuple(slots)
