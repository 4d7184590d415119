"""Headless Chromium on the built search page, over HTTP and from file://: same results as the CLI."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import chromium, needs_chromium, serve_folder

from generator.config import SiteConfig
from generator.pipeline import Paths, build_site
from generator.search import query_index

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["داعـش", "پوتین", "۲۰۱۷", "المُقاتِلين", '"المقاتلين الأجانب"', "داعش -سوريا", "المقات"]

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("browser")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "hostile.txt").write_text('<b id="injected">داعش</b> <img src=x id="img-injected">\n\n'
                                         "نص عن <i>داعش</i> في الرقة.\n", encoding="utf-8")
    out, index = work / "public", work / "index"
    build_site(Paths(content, out, ROOT / "templates", ROOT / "static", index), SiteConfig())
    return out, index


@pytest.fixture(scope="module")
def server(site: tuple[Path, Path]) -> Iterator[str]:
    with serve_folder(site[0]) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def _wait(page: object, check: str, expected: object) -> None:
    """Poll from here: the page's CSP forbids the string evaluation wait_for_function uses."""
    deadline = time.monotonic() + 15
    while page.evaluate(check) != expected:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, (check, expected)
        time.sleep(0.02)


RENDERED = "document.getElementById('search-results').dataset.query"
COUNT = "document.querySelectorAll('#search-results li').length"


def _expected(index: Path, query: str) -> list[str]:
    return [r["url"] for r in query_index(index, query, limit=10)]


def _run(browser: object, base: str, index: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    # The browser asks for /favicon.ico on its own; the site has none, which is not a search error.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("favicon.ico") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "search/index.html?q=" + QUERIES[0])
    _wait(page, RENDERED, QUERIES[0])
    for query in QUERIES:
        page.fill("#site-search", "")
        page.type("#site-search", query)
        _wait(page, RENDERED, query)
        links = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.getAttribute('href'))")
        urls = [href.removeprefix("../").removesuffix("index.html") for href in links]
        assert urls == _expected(index, query), query
        assert page.locator("#search-results mark").count() >= len(urls), query
    assert page.locator("#injected, #img-injected").count() == 0
    assert errors == []
    page.close()


def test_search_page_over_http(browser: object, server: str, site: tuple[Path, Path]) -> None:
    _run(browser, server, site[1])


def test_search_page_from_disk(browser: object, site: tuple[Path, Path]) -> None:
    _run(browser, site[0].as_uri() + "/", site[1])


def test_shared_link_filters_and_sort(browser: object, server: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(server + "search/index.html?q=داعش")
    _wait(page, RENDERED, "داعش")
    assert page.input_value("#site-search") == "داعش"
    total = page.locator("#search-results li").count()
    page.select_option("#search-lang", "fa")
    _wait(page, COUNT, 1)
    page.select_option("#search-lang", "")
    page.select_option("#search-year", "2017")  # the two seed articles of 2017
    _wait(page, COUNT, 2)
    page.select_option("#search-year", "")
    page.select_option("#search-sort", "date")
    _wait(page, COUNT, total)
    counts = page.inner_text("#search-lang")  # "العربية (٤)": counts in the page's digits
    assert any(d in counts for d in "٠١٢٣٤٥٦٧٨٩") and not any(d in counts for d in "0123456789")
    # The results' numbers too: an Arabic page counts ١. ٢. ٣., not 1. 2. 3.
    marker = "getComputedStyle(document.querySelector('#search-results li')).listStyleType"
    assert page.evaluate(marker) == "arabic-indic"
    # Dates as the site's pages write them, in the page's months and digits, and machine-readable.
    assert page.inner_text("#search-results time[datetime='2016-06-08']") == "٨ يونيو ٢٠١٦"
    page.close()
