"""Running output jobs: only what changed is made, and files deleted by hand come back."""

from __future__ import annotations

from pathlib import Path

from generator.execute import execute
from generator.model import OutputFile
from generator.outputs import OutputJob


def _jobs(text: str) -> list[OutputJob]:
    return [OutputJob("a.txt", "key-a", lambda: [OutputFile("a.txt", b"a")]),
            OutputJob("b.txt", "key-b", lambda: [OutputFile("b.txt", text.encode())])]


def test_a_file_deleted_by_hand_is_made_again_unless_the_caller_has_just_published_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = execute(_jobs("b"), {}, site)
    (site / "a.txt").unlink()
    trusted = execute(_jobs("b"), first.made, site, check_files=False)  # as serve's second publish does
    assert (trusted.rendered, trusted.written) == (0, 0) and not (site / "a.txt").exists()
    checked = execute(_jobs("b"), first.made, site)
    assert (checked.rendered, checked.written) == (1, 1) and (site / "a.txt").read_bytes() == b"a"
