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
from .codec import Reader, read_terms_header, unwrap
from .engine import Positions, Posting, Postings, utf16_key
from .export import ROOT


class StaticSource:
    def __init__(self, files: Iterable[OutputFile]):
        self.files = {f.path: f.data for f in files}
        self.manifest: dict[str, Any] = json.loads(self._load("manifest"))  # type: ignore[arg-type]
        self.n_docs = self.manifest["docs"]
        self.avg_length = self.manifest["avgLength"]
        self.lengths = self.manifest["lengths"]
        self.fetched: set[str] = {"manifest"}
        self._shard = cache(self._decode_shard)

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
            entries[previous.decode("utf-8")] = reader.varint() if kind == "x" else _postings(reader)
        return entries

    def _lookup(self, kind: str, term: str) -> Postings:
        if not self.manifest["shards"][kind]:
            return {}
        return self._shard(kind, self._shard_number(kind, term)).get(term, {})

    def exact(self, term: str) -> Postings:
        return self._lookup("t", term)

    def stem(self, term: str) -> Postings:
        return self._lookup("s", term)

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
        for name, postings in shard.items():
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


def _slots(reader: Reader, count: int) -> tuple[int, ...]:
    slots, slot = [], 0
    for _ in range(count):
        slot += reader.varint()
        slots.append(slot)
    return tuple(slots)
