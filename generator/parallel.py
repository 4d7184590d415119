"""Spread a pure function over processes when there is enough work to pay for starting them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_THRESHOLD = 64  # below this, starting processes costs more than it saves
CHUNK = 32


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """Results in the items' order; one process when `jobs` is 1 or the work is small."""
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(function, items, chunksize=CHUNK)
