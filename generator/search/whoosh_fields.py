"""whoosh fields that take a precomputed `ArticleAnalysis` instead of text to tokenise.

Handing whoosh terms with their positions or counts directly skips its per-token
Python loop and a second tokenisation of every article. Positions are stored in the
browser index's own encoding (delta-coded varints after whoosh's count prefix), so
the analysis's bytes go into the index unchanged. Plain strings still work: they go
through `ArchiveTokenizer` as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from ..textnorm import tokenize
from .analysis import ArticleAnalysis
from .codec import Reader, write_varint


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


class VarintPositions(Positions):
    """Positions as a count, then delta-coded slots as varints (the browser index's `p/` encoding)."""

    def encode(self, poslist: list[int]) -> bytes:
        out = bytearray(pack_uint(len(poslist)))
        previous = 0
        for pos in poslist:
            write_varint(out, pos - previous)
            previous = pos
        return bytes(out)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        reader = Reader(valuestring)
        reader.pos = _INT_SIZE
        positions, position = [], 0
        for _ in range(unpack_uint(valuestring[:_INT_SIZE])[0]):
            position += reader.varint()
            positions.append(position)
        return positions


class AnalysedText(TEXT):
    """A TEXT field with slot positions whose value may be a mapping: term → (count, encoded slots)."""

    def __init__(self, **kwargs: Any):
        super().__init__(phrase=True, **kwargs)
        # Ranking uses its own length codes (the side file), never whoosh's per-field lengths.
        self.scorable = False
        self.format = VarintPositions(field_boost=self.format.field_boost)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, Mapping):
            yield from super().index(value, **kwargs)
            return
        for term, (freq, encoded) in value.items():
            # Same frequency and weight whoosh derives from tokens: one per token, boost 1.
            yield term.encode("utf-8"), freq, float(freq) * self.format.field_boost, pack_uint(freq) + encoded


def plain_fields(a: ArticleAnalysis) -> dict[str, Any]:
    """An article's fields other than title and body, as `add_document` takes them (stored, or analysed by whoosh)."""
    return {"path": a.path, "url": a.url, "outlet": a.outlet, "author": a.author, "tags": ", ".join(a.tags),
            "lang": a.lang, "date": a.date, "snippet": a.snippet}


def analysed_fields(a: ArticleAnalysis) -> dict[str, Any]:
    """The title and body fields as `add_document` takes them: the analysis's terms with their slot runs."""
    runs = [a.field_positions(i) for i in range(len(a.terms))]
    return {"title": slot_values(a.terms, a.title_tf, [r[0] for r in runs]), "_stored_title": a.title,
            "body": slot_values(a.terms, a.body_tf, [r[1] for r in runs])}


def slot_values(terms: tuple[str, ...], tfs: Any, runs: list[bytes]) -> dict[str, tuple[int, bytes]]:
    """A positions field's value: each term present with its token count and slot varints."""
    return {term: (tf, run) for term, tf, run in zip(terms, tfs, runs, strict=True) if tf}
