"""Spread a pure function over processes when there is enough work to pay for starting them."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Shared = TypeVar("Shared")

PARALLEL_THRESHOLD = 64  # below this, starting processes costs more than it saves
CHUNK = 32


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """Results in the items' order; one process when `jobs` is 1 or the work is small."""
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(function, items, chunksize=CHUNK)


def forked_map(function: Callable[[Shared, int], Result], shared: Shared, count: int, jobs: int,
               chunksize: int = 1) -> ForkedResults[Result]:
    """`function(shared, n)` for n in range(count), in order, over `jobs` forked processes.

    The workers inherit `function` and `shared` when they are forked instead of receiving
    them pickled, so closures (a renderer) and large records (every analysis) stay put.
    The work starts when this is called, not when the first result is asked for: the caller
    can do other work in the meantime (execute.py exports the search index while pages render).
    """
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_inherit, initargs=(function, shared))
    try:
        # map() submits every task at once, and with "fork" the pool starts all its workers then.
        return ForkedResults(pool, pool.map(_call_inherited, range(count), chunksize=chunksize))
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise


class ForkedResults(Generic[Result]):
    """The results of `forked_map`, in order; `close` (done after the last) stops its workers."""

    def __init__(self, pool: ProcessPoolExecutor, results: Iterator[Result]) -> None:
        self._pool, self._results = pool, results

    def __iter__(self) -> Iterator[Result]:
        try:
            yield from self._results
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


_inherited: tuple[Callable[[Any, int], Any], Any] | None = None


def _inherit(function: Callable[[Any, int], Any], shared: Any) -> None:
    global _inherited  # set once per worker process, read-only afterwards
    _inherited = (function, shared)


def _call_inherited(number: int) -> Any:
    assert _inherited is not None
    function, shared = _inherited
    return function(shared, number)
