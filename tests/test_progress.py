"""The progress bar: drawn for a stage that takes more than a moment, never for a quick one or a pipe."""

from __future__ import annotations

import time

import pytest

from generator.progress import progress_bar


def test_a_stage_that_takes_a_while_draws_a_bar(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(True) as progress:
        progress("reading", 1, 3)
        time.sleep(0.7)  # past the bar's half-second delay
        progress("reading", 2, 3)
    assert "reading" in capsys.readouterr().err


def test_a_quick_stage_or_no_terminal_draws_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    for enabled in (True, False):
        with progress_bar(enabled) as progress:
            progress("writing", 1, 2)
            progress("writing", 2, 2)
    assert capsys.readouterr().err == ""
