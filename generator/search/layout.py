"""Where the browser index's shards begin and end, and each name's bytes in its shard.

Cuts follow the content (a name's hash), so an edit moves only the boundaries near what it
changed. Each name's size is kept from one export to the next (`carried_sizes`): on a real
archive (82,000 terms in 3,000 articles) measuring every term again, its stem section
included, was most of the time an edit's export took.
"""

from __future__ import annotations

import math
import zlib
from array import array
from collections.abc import Callable, Sequence

# Fractions of the target: a shard ends past MIN_FILL where a name's hash says so, about SPAN_FILL
# later on average, and before MAX_FILL at the latest. Tight, as a query fetches a whole shard.
MIN_FILL, SPAN_FILL, MAX_FILL = (7, 12), (1, 4), (4, 3)
MAX_SHARDS = 4_000  # on a huge archive shards grow instead, so the manifest stays small


def layout(names: Sequence[str], sizes: Sequence[int], target: int) -> list[tuple[int, int]]:
    """Ranges [start, end) of sorted names, cut where the content says, not where the bytes add up.

    A shard ends after a name once it holds `target * MIN_FILL` bytes and either the name's hash hits
    (`_divisor`) or the next name would take it past `target * MAX_FILL`. Whether a name ends a shard
    so depends only on the names since the last cut, and cuts are found again right after an edit:
    filling to a byte count instead would move every later boundary, and every later file with it.
    Below the minimum a shard takes the next name whatever its size, so a small name new to the
    archive joins a neighbour instead of making a shard of its own, which would renumber the rest.
    """
    low, high = target * MIN_FILL[0] // MIN_FILL[1], target * MAX_FILL[0] // MAX_FILL[1]
    mask = _divisor(sizes, target * SPAN_FILL[0] // SPAN_FILL[1]) - 1
    ranges: list[tuple[int, int]] = []
    start, size = 0, 0
    for index, name in enumerate(names):
        size += sizes[index]
        if size < low:
            continue
        over = index + 1 < len(names) and size + sizes[index + 1] > high
        if over or zlib.crc32(name.encode("utf-8")) & mask == 0:
            ranges.append((start, index + 1))
            start, size = index + 1, 0
    if start < len(names):
        ranges.append((start, len(names)))
    return ranges


def _divisor(sizes: Sequence[int], span: int) -> int:
    """One over the chance a name ends a shard past its minimum, so shards pass it by about `span`
    bytes: a power of two, so that it stays as it is while the archive grows by less than half. Sizes
    count up to `span` only: one huge entry, which fills a shard by itself anyway, must not change it."""
    total = sum(min(size, span) for size in sizes)
    names = span * len(sizes) / total if total else 1.0  # names in `span` bytes, on average
    return 1 << max(0, round(math.log2(max(names, 1.0))))


def target(total: int, minimum: int) -> int:
    """`minimum`, or on a huge archive the least power-of-two multiple of it that keeps to MAX_SHARDS:
    only a doubling of the archive changes it, as changing it moves every boundary."""
    size = minimum
    while total // size >= MAX_SHARDS:
        size *= 2
    return size


def term_bytes(term: str) -> int:
    return len(term.encode("utf-8")) // 2  # front coding shares about half of a term with the one before


def carried_sizes(names: Sequence[str], measure: Callable[[str], int], changed: set[str] | None,
                  old_names: Sequence[str] | None, old_sizes: array | None) -> array:
    """`measure` of each name, in order; with the last export's names and sizes, only the names in
    `changed` or new to the list are measured (None for `changed`: all are)."""
    if changed is None or old_names is None or old_sizes is None or len(old_names) != len(old_sizes):
        return array("I", map(measure, names))
    old = dict(zip(old_names, old_sizes, strict=True))
    return array("I", [measure(name) if name in changed or name not in old else old[name] for name in names])
