"""Headless Chromium loads every page built from the hostile corpus: no injected script runs.

Over HTTP on 127.0.0.1, each page is watched for dialogs (the corpus calls alert()),
console messages and page errors (a script refused by the CSP is logged there too),
requests to any other origin, and navigation away (a meta refresh). The search page
is then given hostile queries, and words of the hostile texts so their titles and
snippets are rendered. A control page that does run script proves the watch works.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import chromium, needs_chromium, serve_folder
from conftest import build_into
from hostile_corpus import write_corpus

SETTLE = 0.15  # seconds after load for a refresh or a late script to show itself
HOSTILE_QUERIES = ["<script>alert('q')</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
                   "</mark><svg onload=alert(1)>", "alert"]
CORPUS_WORDS = ["زنبقة", "alert", "script", "onerror"]  # words the hostile texts hold

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The hostile site at <base>site/, and a control page that runs script at <base>control.html."""
    root = tmp_path_factory.mktemp("hostile-browser")
    content, _ = write_corpus(root)
    out = root / "serve" / "site"
    build_into(content, out)
    (root / "serve" / "control.html").write_text(
        "<!doctype html><title>control</title><script>console.log('control ran');alert('control')</script>"
        "<img src='http://192.0.2.1/x.png'><meta http-equiv='refresh' content='0;url=control-away.html'>",
        encoding="utf-8")
    with serve_folder(root / "serve") as base:
        yield base, out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@dataclass
class Watch:
    """What a page did that archived text must never make it do."""

    origin: str
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        page.on("dialog", self._dialog)  # type: ignore[attr-defined]
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))  # type: ignore[attr-defined]
        page.on("request", self._request)  # type: ignore[attr-defined]
        page.on("framenavigated", lambda f: self.navigations.append(f.url)  # type: ignore[attr-defined]
                if f == page.main_frame else None)  # type: ignore[attr-defined]

    def clear(self) -> None:
        for seen in (self.dialogs, self.console, self.foreign_requests, self.navigations):
            seen.clear()

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]
        if not url.startswith(self.origin):
            self.foreign_requests.append(url)

    def problems(self, url: str) -> dict[str, list[str]]:
        # A missing file (an archived Markdown's own <img src="x">) is logged by the browser, not
        # by any script; what that file would have been is checked by the request watch.
        console = [c for c in self.console if "Failed to load resource" not in c]
        # The search page keeps its query in the address (?q=); only another page is a navigation away.
        moved = [n for n in self.navigations if _page_of(n) != _page_of(url)]
        found = {"dialogs": self.dialogs, "console": console, "foreign requests": self.foreign_requests,
                 "navigations": moved}
        return {kind: items for kind, items in found.items() if items}


def _page_of(url: str) -> tuple[str, str, str]:
    scheme, host, path, _, _ = urlsplit(url)
    return scheme, host, unquote(path)


def visit(browser: object, base: str, path: str) -> tuple[object, Watch]:
    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(base)
    watch.attach(page)
    page.goto(base + path, wait_until="load")
    page.wait_for_timeout(SETTLE * 1000)  # unlike time.sleep, lets the page's events reach the watch
    return page, watch


def test_the_watch_sees_script_run_on_a_control_page(browser: object, served: tuple[str, Path]) -> None:
    base, _ = served
    page, watch = visit(browser, base, "control.html")
    deadline = time.monotonic() + 5
    while len(watch.navigations) < 2 and time.monotonic() < deadline:  # the refresh comes after load
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
    problems = watch.problems(base + "control.html")
    page.close()  # type: ignore[attr-defined]
    assert set(problems) == {"dialogs", "console", "foreign requests", "navigations"}, problems


def test_no_page_runs_injected_script(browser: object, served: tuple[str, Path]) -> None:
    base, out = served
    pages = sorted(p.relative_to(out.parent).as_posix() for p in out.rglob("*.html") if p.is_file())
    assert len(pages) > 40
    failures = {}
    page = browser.new_page()  # type: ignore[attr-defined]
    watch = Watch(base)
    watch.attach(page)
    for path in pages:
        watch.clear()
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(SETTLE * 1000)
        problems = watch.problems(base + path)
        if problems:
            failures[path] = problems
    page.close()
    assert not failures


def test_hostile_pages_show_their_text_inert(browser: object, served: tuple[str, Path]) -> None:
    base, _ = served
    page, watch = visit(browser, base, "site/articles/xss/front-matter/index.html")
    heading = page.inner_text("h1")  # type: ignore[attr-defined]
    injected = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "main script, main iframe, main svg, main style, main object, main [onerror], main [onload]",
        "nodes => nodes.length")
    page.close()  # type: ignore[attr-defined]
    assert "<script>alert('title')</script>" in heading  # shown as text, as written
    assert injected == 0
    assert not watch.problems(base + "site/articles/xss/front-matter/index.html")


def _search(page: object, query: str) -> int:
    """Type a query into the search box and wait until the results for it are rendered."""
    page.fill("#site-search", "")  # type: ignore[attr-defined]
    page.type("#site-search", query)  # type: ignore[attr-defined]
    deadline = time.monotonic() + 15
    # Polled from here: the page's CSP forbids the string evaluation wait_for_function uses.
    while page.evaluate("document.getElementById('search-results').dataset.query") != query:  # type: ignore
        assert time.monotonic() < deadline, f"no results rendered for {query!r}"
        page.wait_for_timeout(20)  # type: ignore[attr-defined]
    page.wait_for_timeout(SETTLE * 1000)  # type: ignore[attr-defined]
    return page.locator("#search-results li").count()  # type: ignore[attr-defined]


def test_search_renders_hostile_titles_and_snippets_inert(browser: object, served: tuple[str, Path]) -> None:
    base, out = served
    if not (out / "search/index.html").is_file() or not (out / "static/js/search.js").is_file():
        pytest.skip("the site has no search page with a search engine")
    page, watch = visit(browser, base, "site/search/index.html")
    counts = {query: _search(page, query) for query in HOSTILE_QUERIES + CORPUS_WORDS}
    titles = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.textContent)")  # type: ignore
    injected = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#search-results script, #search-results img, #search-results svg, #search-results iframe, "
        "#search-results [onerror], #search-results [onload]", "nodes => nodes.length")
    hrefs = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.href)")  # type: ignore
    page.close()  # type: ignore[attr-defined]
    assert counts["زنبقة"] >= 4, counts  # hostile titles and snippets were really rendered
    assert injected == 0
    assert all(href.startswith(base) for href in hrefs), hrefs
    assert titles, counts
    assert not watch.problems(base + "site/search/index.html")
