"""A build killed at any moment leaves the previous site intact and complete; the next one cleans up.

`build.py` runs as a process of its own on a few hundred generated articles and is
killed (SIGKILL, with its worker processes) at points found by watching the file
system: while it reads, as soon as the staging folder appears, when it is a quarter
and three quarters written, and at fractions of a whole build's time, around the swap.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_corpus import tree_hashes, write_mid_archive

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 200
POLL = 0.005


def command(content: Path, out: Path, *extra: str) -> list[str]:
    work = out.parent
    return [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
            "--config", str(work / "site.yml"), "--index", str(work / "index"), "--jobs", "2", *extra]


def build(content: Path, out: Path, *extra: str) -> float:
    started = time.monotonic()
    done = subprocess.run(command(content, out, *extra), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.monotonic() - started


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(out.name + "."))


def staged_files(out: Path) -> int:
    return sum(len(files) for staging in out.parent.glob(out.name + ".tmp-*") for _, _, files in os.walk(staging))


def kill_when(content: Path, out: Path, ready: Callable[[float], bool]) -> float:
    """Start a build, SIGKILL it and its workers once `ready(seconds since start)` holds; return when."""
    process = subprocess.Popen(command(content, out, "--no-cache"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.monotonic()
    try:
        while process.poll() is None and not ready(time.monotonic() - started):
            time.sleep(POLL)
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have finished just before
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    return time.monotonic() - started


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    old_content = write_mid_archive(tmp_path / "old", ARTICLES, "الأولى")
    new_content = write_mid_archive(tmp_path / "new", ARTICLES, "الثانية")
    reference = tmp_path / "reference" / "public"
    reference.parent.mkdir()
    seconds = build(new_content, reference, "--no-cache")
    new_site = tree_hashes(reference)

    out = tmp_path / "site" / "public"
    out.parent.mkdir()
    build(old_content, out, "--no-cache")
    old_site = tree_hashes(out)
    assert old_site != new_site and len(old_site) > 3 * ARTICLES

    quarter, three_quarters = len(new_site) // 4, 3 * len(new_site) // 4
    moments: dict[str, Callable[[float], bool]] = {
        "while starting": lambda t: t > 0.05,
        "while reading": lambda t: t > 0.25 * seconds and not staged_files(out),
        "as staging appears": lambda t: bool(list(out.parent.glob(out.name + ".tmp-*"))),
        "a quarter written": lambda t: staged_files(out) >= quarter,
        "three quarters written": lambda t: staged_files(out) >= three_quarters,
        **{f"at {f:.0%} of a build": (lambda t, f=f: t > f * seconds) for f in (0.5, 0.8, 0.9, 0.97, 1.0, 1.05)},
    }
    outcomes, left = {}, set()
    for moment, ready in moments.items():
        kill_when(new_content, out, ready)
        now = tree_hashes(out)
        assert now in (old_site, new_site), f"killed {moment}: the site is neither the old nor the new one"
        outcomes[moment] = "old" if now == old_site else "new"
        left |= set(leftovers(out))
    assert "old" in outcomes.values(), outcomes  # at least one kill interrupted a build for real
    assert left, "no kill left a staging folder behind: the clean-up below was not put to the test"

    build(new_content, out, "--cache", str(tmp_path / "cache"))
    assert leftovers(out) == []
    assert tree_hashes(out) == new_site
