"""`build.py serve`: build into a development folder, serve it on 127.0.0.1, rebuild on change.

The livereload package watches the sources and tells open pages to reload. Each
rebuild is incremental (the build cache, kept in memory between rebuilds), so an edit
costs what it touches. A file
that fails shows its error in the terminal and in a notice on every page; a build
that fails as a whole keeps the last good site and the server keeps running.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from tornado import ioloop, web

from .config import DEV_PORT, ConfigError, load_config
from .pipeline import BuildResult, KeptCache, Paths, build_site
from .report import summary
from .watch import EventWatcher

DEFAULT_PORT = DEV_PORT
POLL_MS = 20


class QuietServer(Server):
    """livereload's server without its inline script injection, which the pages' CSP would block.

    Pages built for serving load `/livereload.js` with a same-origin script tag instead.
    """

    def application(self, port, host, liveport=None, debug=None, live_css=True):  # noqa: ANN001, ANN201
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # livereload drops a change that comes within 3 s of its last reload (it rebuilds but never
        # tells the page), so a second quick save would stay unseen; one rebuild is one reload here.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        handlers = [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", self.SFH, {"path": self.root or ".", "default_filename": "index.html"}),
        ]
        web.Application(handlers=handlers, debug=False).listen(port, address=host)
        # livereload looks for changes every 0.8 s; sooner keeps an edit well under a second (and costs
        # nothing: EventWatcher only reads what the system's file events left).
        ioloop.PeriodicCallback(LiveReloadHandler.poll_tasks, POLL_MS).start()


def make_rebuild(paths: Paths, config_file: Path, jobs: int, port: int,
                 report: Callable[[str], None] = print) -> Callable[[], BuildResult | None]:
    kept = KeptCache(report=report)  # the cache stays in memory between rebuilds: an edit need not read it back

    def rebuild() -> BuildResult | None:
        started = time.perf_counter()
        try:
            config = load_config(config_file)
            result = build_site(paths, config, jobs=jobs, dev_port=port, kept=kept)
        except ConfigError as exc:
            report("\n".join(f"error: {exc.path}: {p}" for p in exc.problems) + "\n(keeping the last good site)")
            return None
        except Exception as exc:  # a broken template must not stop the server: say so, keep the last site
            report(f"error: the build failed: {type(exc).__name__}: {exc}\n(keeping the last good site)")
            return None
        elapsed = time.perf_counter() - started
        report(summary(result.articles, result.diagnostics, result.files_written) + f" in {elapsed:.2f} s")
        return result

    return rebuild


def serve(paths: Paths, config_file: Path, port: int = DEFAULT_PORT, jobs: int = 1) -> None:
    rebuild = make_rebuild(paths, config_file, jobs, port)
    rebuild()
    server = QuietServer(watcher=EventWatcher())
    for watched in (paths.content, paths.templates, paths.static, config_file):
        if watched.exists():
            server.watch(str(watched), rebuild)
    print(f"serving {paths.out} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    server.serve(port=port, host="127.0.0.1", root=str(paths.out), open_url_delay=None)
