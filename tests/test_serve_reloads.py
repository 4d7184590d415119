"""`serve` holds back the rest of a build until the pages told to reload are back."""

from __future__ import annotations

import threading
import time

from generator.serve import Reloads


def test_with_no_page_open_nothing_waits() -> None:
    reloads = Reloads(timeout=5)
    reloads.expect(0)
    started = time.monotonic()
    reloads.wait()
    assert time.monotonic() - started < 0.5


def test_the_rest_waits_until_every_open_page_is_back() -> None:
    reloads = Reloads(timeout=5)
    reloads.expect(2)
    done = threading.Event()
    waiter = threading.Thread(target=lambda: (reloads.wait(), done.set()))
    waiter.start()
    reloads.arrived()
    assert not done.wait(0.2)  # one of the two pages is still reloading
    reloads.arrived()
    assert done.wait(2)
    waiter.join()


def test_a_page_that_never_comes_back_holds_nothing_for_long() -> None:
    reloads = Reloads(timeout=0.2)
    reloads.expect(1)  # say, a tab closed before it reloaded
    started = time.monotonic()
    reloads.wait()
    assert 0.15 < time.monotonic() - started < 2
