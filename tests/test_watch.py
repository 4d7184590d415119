"""serve's watcher: file-system events, not walks, tell it an article changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.watch import EventWatcher


def _seen_within(watcher: EventWatcher, seconds: float = 3.0) -> str | None:
    """The file the watcher reports changed, polling as the server does, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        changed, _ = watcher.examine()
        if changed:
            return changed
        time.sleep(0.02)
    return None


def _watching(path: Path, task: Callable[[], None]) -> EventWatcher:
    watcher = EventWatcher()
    watcher.watch(str(path), task)
    return watcher


def test_an_edit_deep_in_the_archive_runs_the_task_once(tmp_path: Path) -> None:
    article = tmp_path / "2017" / "ar" / "one.txt"
    article.parent.mkdir(parents=True)
    article.write_text("نص", encoding="utf-8")
    runs: list[int] = []
    watcher = _watching(tmp_path, lambda: runs.append(1))
    try:
        assert _seen_within(watcher, 0.3) is None  # nothing changed yet
        article.write_text("نص معدل", encoding="utf-8")
        assert _seen_within(watcher) == str(article)
        assert runs == [1]
        assert _seen_within(watcher, 0.3) is None  # taken up once
    finally:
        watcher.stop()


def test_a_watched_file_ignores_its_neighbours(tmp_path: Path) -> None:
    config = tmp_path / "site.yml"
    config.write_text("title: أرشيف\n", encoding="utf-8")
    watcher = _watching(config, lambda: None)
    try:
        (tmp_path / "public").mkdir()  # what a build writes beside the configuration
        (tmp_path / "public" / "index.html").write_text("<p>", encoding="utf-8")
        assert _seen_within(watcher, 0.5) is None
        config.write_text("title: أرشيف الأخبار\n", encoding="utf-8")
        assert _seen_within(watcher) == str(config)
    finally:
        watcher.stop()


def test_a_folder_the_system_will_not_watch_is_walked_instead(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise OSError("inotify watch limit reached")

    watcher = EventWatcher()
    monkeypatch.setattr(watcher._observer, "schedule", refuse)
    watcher.watch(str(tmp_path), lambda: None)
    watcher.examine()  # livereload's walk records the files as they are
    time.sleep(0.05)
    (tmp_path / "new.md").write_text("---\ntitle: جديد\n---\n", encoding="utf-8")
    assert _seen_within(watcher) is not None
