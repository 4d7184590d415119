"""A progress bar for builds that take more than a moment, when someone is watching a terminal.

Stages report `(stage, done, total)`; tqdm draws one bar per stage after half a
second, so quick builds print only their one-line summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    """The default: builds in tests and pipes report nothing while they run."""


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress]:
    if not enabled:
        yield no_progress
        return
    from tqdm import tqdm  # loaded only for a terminal: every build pays for an import

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="file", delay=0.5, leave=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()
