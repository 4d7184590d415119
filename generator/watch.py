"""Noticing edits for `serve`: the system's file events, instead of walking the archive again and again.

livereload finds changes by walking every watched folder and reading every file's
time, several times a second. At 10,000 articles one walk takes about 0.1 s: the
server kept most of a core busy while idle, and an edit waited for the next walk.
`EventWatcher` keeps livereload's interface (`watch`, `examine`) but learns of changes
from watchdog (inotify, FSEvents or the Windows equivalent), so an idle server does
nothing and a save is seen at once. Where the system refuses to watch a folder (too
many watches, say), that folder falls back to livereload's walking.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from livereload.watcher import Watcher
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# A change is taken up once no event has come for this long: an editor that writes a file in
# steps (truncate, then write) causes one rebuild, of the finished file.
SETTLE_SECONDS = 0.01


class _Changes(FileSystemEventHandler):
    """Records, per watched path, the last file an event named and when; read and cleared by `EventWatcher`."""

    def __init__(self, watched: str, only: str | None, pending: dict[str, tuple[str, float]],
                 lock: threading.Lock) -> None:
        self.watched, self.only, self.pending, self.lock = watched, only, pending, lock

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        if event.is_directory and event.event_type == "modified":
            return  # a folder's time changes with the files in it, which have events of their own
        path = os.fsdecode(getattr(event, "dest_path", "") or event.src_path)
        if self.only is not None and self.only not in (path, os.fsdecode(event.src_path)):
            return  # a file is watched through its folder (where builds write too): another file changed
        with self.lock:
            self.pending[self.watched] = (path, time.monotonic())


class EventWatcher(Watcher):
    """A livereload watcher fed by file-system events; polling only where those are refused."""

    def __init__(self) -> None:
        super().__init__()
        self._observer = Observer()
        self._observer.daemon = True
        self._pending: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._polled: set[str] = set()  # paths the system would not watch

    def watch(self, path: str, func: Any = None, delay: int = 0, ignore: Any = None) -> None:
        super().watch(path, func, delay, ignore)
        is_folder = os.path.isdir(path)
        handler = _Changes(path, None if is_folder else os.path.abspath(path), self._pending, self._lock)
        folder = path if is_folder else os.path.dirname(os.path.abspath(path))
        try:
            self._observer.schedule(handler, folder, recursive=is_folder)
            if not self._observer.is_alive():
                self._observer.start()
        except OSError:
            self._polled.add(path)

    def is_changed(self, path: str, ignore: Any = None) -> bool:
        if path in self._polled:
            return bool(super().is_changed(path, ignore))
        with self._lock:
            changed = self._pending.get(path)
            if changed is None or time.monotonic() - changed[1] < SETTLE_SECONDS:
                return False
            del self._pending[path]
        self.filepath = changed[0]
        return True

    def stop(self) -> None:
        self._observer.stop()
