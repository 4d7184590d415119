"""`build.py serve`: a development server that rebuilds on change and says what is broken."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import CONTENT, ROOT

ARTICLE = "003_8fd63c14d31d5337.txt"
PAGE = "articles/003_8fd63c14d31d5337/index.html"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--content", str(content),
         "--out", str(tmp_path / "dev"), "--config", str(tmp_path / "site.yml"), "--jobs", "1"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: "<html" in fetch(port, PAGE), 30), "the server did not start"
        yield port, content
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_edit_is_served_within_two_seconds_with_live_reload(server):
    port, content = server
    page = fetch(port, PAGE)
    assert '<script src="/livereload.js?port=' in page
    assert "livereload" in fetch(port, "livereload.js?port=1").lower()
    source = content / ARTICLE
    source.write_text(source.read_text(encoding="utf-8").replace("أبو محمد", "أبو التجربة"), encoding="utf-8")
    started = time.monotonic()
    assert wait_for(lambda: "أبو التجربة" in fetch(port, PAGE), 2.0)
    assert time.monotonic() - started < 2.0


def test_a_broken_file_shows_a_notice_and_the_server_recovers(server):
    port, content = server
    broken = content / "broken.md"
    broken.write_text('---\ntitle: "unclosed\n---\nbody\n', encoding="utf-8")
    assert wait_for(lambda: 'class="dev-notice"' in fetch(port, PAGE) and "broken.md" in fetch(port, PAGE), 5)
    broken.write_text("---\ntitle: fixed\nlang: en\n---\nbody text\n", encoding="utf-8")
    assert wait_for(lambda: 'class="dev-notice"' not in fetch(port, PAGE), 5)
    assert "fixed" in fetch(port, "articles/broken/index.html")


def reload_told_on_connecting(port: int, path: str, seconds: float) -> bool:
    """Connect as livereload.js does for the page at `path`; whether the server says to reload it."""
    import asyncio

    from tornado.websocket import websocket_connect

    async def connect() -> bool:
        socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        try:
            socket.write_message(json.dumps({"command": "hello", "protocols": []}))
            await asyncio.wait_for(socket.read_message(), 5)  # the server's hello
            socket.write_message(json.dumps({"command": "info", "plugins": {},
                                             "url": f"http://127.0.0.1:{port}/{path}"}))
            message = await asyncio.wait_for(socket.read_message(), seconds)
            return json.loads(message)["command"] == "reload"
        except TimeoutError:
            return False
        finally:
            socket.close()

    return asyncio.run(connect())


def test_a_page_whose_reload_came_before_its_socket_is_reloaded_when_it_connects(server):
    port, content = server
    fetch(port, PAGE)  # shown, but its live-reload socket not yet open (a page still loading)
    source = content / ARTICLE
    source.write_text(source.read_text(encoding="utf-8") + "\nكلمة-فاتت\n", encoding="utf-8")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    assert wait_for(lambda: sha in fetch(port, "catalog.json"), 10)  # the build is over: nobody was told
    assert reload_told_on_connecting(port, quote(PAGE), 5)
    assert "كلمة-فاتت" in fetch(port, PAGE)
    assert not reload_told_on_connecting(port, PAGE, 1)  # a page served after the build is not reloaded again


def open_with_live_reload(browser, port: int):  # noqa: ANN001, ANN201 - Playwright's objects
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{port}/{PAGE}")
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=5000)
    return page


def append_and_see(page, source: Path, word: str) -> None:  # noqa: ANN001 - Playwright's page
    """Add `word` to the article's source and wait until the open page has reloaded with it."""
    source.write_text(source.read_text(encoding="utf-8") + f"\n{word}\n", encoding="utf-8")
    page.wait_for_function(f"() => document.body.innerText.includes({word!r})", timeout=10_000)


@pytest.mark.browser
def test_an_open_page_shows_two_quick_edits_in_turn_without_a_manual_reload(server):
    from browser_support import chromium

    port, content = server
    with chromium() as browser:
        page = open_with_live_reload(browser, port)
        for word in ("التعديل-الأول", "التعديل-الثاني"):  # the second save comes soon after the first
            append_and_see(page, content / ARTICLE, word)


@pytest.mark.browser
def test_the_search_index_and_catalog_follow_an_edit_once_the_open_page_is_back(server):
    from browser_support import chromium

    port, content = server
    source = content / ARTICLE
    with chromium() as browser:
        append_and_see(open_with_live_reload(browser, port), source, "كلمة-الزرزور")
        sha = hashlib.sha256(source.read_bytes()).hexdigest()
        assert wait_for(lambda: sha in fetch(port, "catalog.json"), 5)
        search = browser.new_page()
        search.goto(f"http://127.0.0.1:{port}/search/?q=الزرزور")
        search.wait_for_function(
            "() => document.querySelectorAll('#search-results a').length === 1", timeout=10_000)
