"""An article's body as a row of the build cache, pickled from UTF-8 bytes it makes itself.

Pickling a `str` makes Python keep a UTF-8 copy of it inside the string for as long as the
string lives. The bodies a build holds (every body of an archive under the spill threshold,
and every body `serve` keeps between edits) would so take their size again once saved:
0.2 GB more at 10,000 articles. Encoded here, the copy is dropped as soon as it is pickled.
Article records and search analyses do the same (model.as_utf8).
"""

from __future__ import annotations

from typing import Any

from .model import Block, as_utf8, from_utf8


class StoredBody:
    __slots__ = ("body", "text")

    def __init__(self, body: tuple[Block, ...], text: str) -> None:
        self.body, self.text = body, text

    def __reduce__(self) -> tuple[Any, ...]:
        blocks = tuple((block.kind, as_utf8(block.text), block.line) for block in self.body)
        return _stored_body, (blocks, as_utf8(self.text))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredBody) and (self.body, self.text) == (other.body, other.text)


def _stored_body(blocks: tuple[tuple[Any, bytes, int | None], ...], text: bytes) -> StoredBody:
    return StoredBody(tuple(Block(kind, from_utf8(data), line) for kind, data, line in blocks), from_utf8(text))
