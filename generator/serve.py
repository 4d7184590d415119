"""`build.py serve`: build into a development folder, serve it on 127.0.0.1, rebuild on change.

The livereload package watches the sources and tells open pages to reload. Each
rebuild is incremental (the build cache, kept in memory between rebuilds), so an edit
costs what it touches. A file
that fails shows its error in the terminal and in a notice on every page; a build
that fails as a whole keeps the last good site and the server keeps running.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from tornado import escape, ioloop, web

from .config import DEV_PORT, ConfigError, load_config
from .pipeline import BuildResult, KeptCache, Paths, build_site
from .report import summary
from .watch import EventWatcher

DEFAULT_PORT = DEV_PORT
POLL_MS = 20
# The longest the files no page shows wait for the open pages to come back after a reload.
RELOAD_WAIT_SECONDS = 2.0


class Reloads:
    """Whether the pages told to reload are back, so that the rest of a build does not slow them.

    After an edit the pages are published first and the open ones reload; the search index,
    feeds, catalog and the cache follow in a thread of the same process, which would hold
    the interpreter while the server answers the reloading pages (about 0.1 s per edit at
    1,000 articles). A page is back when its live-reload socket connects again."""

    def __init__(self, timeout: float = RELOAD_WAIT_SECONDS) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._away = 0
        self._back = threading.Event()
        self._back.set()

    def expect(self, pages: int) -> None:
        with self._lock:
            self._away = pages
            if pages:
                self._back.clear()
            else:
                self._back.set()

    def arrived(self) -> None:
        with self._lock:
            self._away -= 1
            if self._away <= 0:
                self._back.set()

    def wait(self) -> None:
        self._back.wait(self.timeout)


class PageVersions:
    """Which build each page was served from, so that a page that missed its reload gets it late.

    livereload tells only the pages whose socket is open when a build ends. A page reloading
    after one edit opens its socket some time after it is shown; a save in between (two quick
    edits) was published to no one and the page stayed one edit behind. Builds and page
    requests both run on the server's one thread, so a page served after `published` has
    that build's files."""

    def __init__(self) -> None:
        self.build = 0
        self._served: dict[str, int] = {}

    def published(self) -> None:
        self.build += 1

    def served(self, path: str) -> None:
        self._served[_page_key(path)] = self.build

    def missed(self, url: str) -> bool:
        """Whether the page at `url` was served here before the last build.

        A page this server never served (a missing page's URL, a tab left from another run) is
        not reloaded: its reload would find it unknown again, and it would reload without end."""
        served = self._served.get(_page_key(urlsplit(url).path))
        return served is not None and served < self.build


def _page_key(path: str) -> str:
    path = unquote(path)
    return path[: -len("index.html")] if path.endswith("/index.html") else path


class _Files(StaticFileHandler):
    """livereload's file handler, noting which build each page comes from."""

    def initialize(self, versions: PageVersions, **options: str) -> None:
        super().initialize(**options)
        self.versions = versions

    def prepare(self) -> None:
        self.versions.served(self.request.path)


class _PageSocket(LiveReloadHandler):
    """livereload's socket, telling `Reloads` when a page (re)connects."""

    def initialize(self, reloads: Reloads, versions: PageVersions) -> None:
        self.reloads, self.versions = reloads, versions

    def on_message(self, message: str | bytes) -> None:
        before = len(LiveReloadHandler.waiters)
        super().on_message(message)
        if len(LiveReloadHandler.waiters) > before:
            self.reloads.arrived()
            url = escape.json_decode(message).get("url", "")
            if self.versions.missed(url):
                self.send_message({"command": "reload", "path": urlsplit(url).path, "liveCSS": True,
                                   "liveImg": True})


class QuietServer(Server):
    """livereload's server without its inline script injection, which the pages' CSP would block.

    Pages built for serving load `/livereload.js` with a same-origin script tag instead.
    """

    def __init__(self, watcher: EventWatcher, reloads: Reloads, versions: PageVersions) -> None:
        super().__init__(watcher=watcher)
        self.reloads, self.versions = reloads, versions

    def application(self, port, host, liveport=None, debug=None, live_css=True):  # noqa: ANN001, ANN201
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # livereload drops a change that comes within 3 s of its last reload (it rebuilds but never
        # tells the page), so a second quick save would stay unseen; one rebuild is one reload here.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        handlers = [
            (r"/livereload", _PageSocket, {"reloads": self.reloads, "versions": self.versions}),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", _Files, {"path": self.root or ".", "default_filename": "index.html",
                                "versions": self.versions}),
        ]
        web.Application(handlers=handlers, debug=False).listen(port, address=host)
        # livereload looks for changes every 0.8 s; sooner keeps an edit well under a second (and costs
        # nothing: EventWatcher only reads what the system's file events left).
        ioloop.PeriodicCallback(LiveReloadHandler.poll_tasks, POLL_MS).start()


def make_rebuild(paths: Paths, config_file: Path, jobs: int, port: int, report: Callable[[str], None] = print,
                 reloads: Reloads | None = None,
                 versions: PageVersions | None = None) -> Callable[[], BuildResult | None]:
    # The cache stays in memory between rebuilds: an edit need not read it back.
    kept = KeptCache(report=report, after_pages=reloads.wait if reloads else None)

    def rebuild() -> BuildResult | None:
        started = time.perf_counter()
        if reloads is not None:
            reloads.expect(len(LiveReloadHandler.waiters))  # the pages open now are told to reload after this
        try:
            config = load_config(config_file)
            result = build_site(paths, config, jobs=jobs, dev_port=port, kept=kept)
        except ConfigError as exc:
            report("\n".join(f"error: {exc.path}: {p}" for p in exc.problems) + "\n(keeping the last good site)")
            return None
        except Exception as exc:  # a broken template must not stop the server: say so, keep the last site
            report(f"error: the build failed: {type(exc).__name__}: {exc}\n(keeping the last good site)")
            return None
        if versions is not None:
            versions.published()
        elapsed = time.perf_counter() - started
        report(summary(result.articles, result.diagnostics, result.files_written) + f" in {elapsed:.2f} s")
        return result

    return rebuild


def serve(paths: Paths, config_file: Path, port: int = DEFAULT_PORT, jobs: int = 1) -> None:
    reloads, versions = Reloads(), PageVersions()
    rebuild = make_rebuild(paths, config_file, jobs, port, reloads=reloads, versions=versions)
    rebuild()
    server = QuietServer(EventWatcher(), reloads, versions)
    for watched in (paths.content, paths.templates, paths.static, config_file):
        if watched.exists():
            server.watch(str(watched), rebuild)
    print(f"serving {paths.out} at http://127.0.0.1:{port}/ (Ctrl+C to stop)")
    server.serve(port=port, host="127.0.0.1", root=str(paths.out), open_url_delay=None)
