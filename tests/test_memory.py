"""Memory a build has let go of goes back to the system: a large archive's peak depends on it."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from generator.memory import _malloc_trim, release_freed_memory

STATUS = Path("/proc/self/status")


def _resident_mb() -> int:
    for line in STATUS.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(not sys.platform.startswith("linux") or _malloc_trim() is None,
                    reason="glibc's malloc_trim (Linux) is what gives freed memory back")
def test_freed_memory_made_in_another_thread_is_returned() -> None:
    # As a build's records arrive through a process pool's result thread: most are freed again,
    # a few stay, scattered among them, so the allocator cannot give the space back by itself.
    freed: list[bytes] = []
    kept: list[bytes] = []

    def fill() -> None:
        for number in range(50_000):
            freed.append(bytes(4000))
            if number % 16 == 0:
                kept.append(bytes(600))

    worker = threading.Thread(target=fill)
    worker.start()
    worker.join()
    freed.clear()
    before = _resident_mb()
    release_freed_memory()
    after = _resident_mb()
    assert before - after >= 100, (before, after)
    assert len(kept) == 3125

