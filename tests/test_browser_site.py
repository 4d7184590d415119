"""The seed site in headless Chromium, over HTTP and from file://, as a reader on a phone would see it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import chromium, needs_chromium, serve_folder

pytestmark = needs_chromium
PHONE = {"width": 360, "height": 740}
FONT_OF = {"ar": "Noto Naskh Arabic", "fa": "Vazirmatn"}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_urls(seed_site) -> Iterator[dict[str, str]]:
    _, out = seed_site
    with serve_folder(out) as http_base:
        yield {"http": http_base, "file": out.resolve().as_uri() + "/"}


def pages_to_check(seed_site) -> list[str]:
    result, _ = seed_site
    return ["index.html", "languages/ar/index.html", "languages/fa/index.html"] + [
        a.url + "index.html" for a in result.articles]


def visit(browser, url: str, base: str) -> dict[str, object]:
    """Open a page at phone width; collect what went wrong on the way."""
    page = browser.new_page(viewport=PHONE)
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.evaluate("document.fonts.ready.then(() => true)")
    facts = page.evaluate("""() => {
        const article = document.querySelector('article');
        return {
            lang: document.documentElement.lang,
            htmlDirection: getComputedStyle(document.documentElement).direction,
            articleDirection: article ? getComputedStyle(article).direction : null,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            fonts: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '')),
        };
    }""")
    page.keyboard.press("Tab")
    # The skip link is hidden above the page until focused; focused, it must be on screen.
    facts["first_focus"] = page.evaluate("""() => {
        const el = document.activeElement, box = el.getBoundingClientRect();
        return {cls: el.className, shown: box.top >= 0 && box.bottom <= innerHeight && box.width > 0};
    }""")
    page.close()
    origin = urlsplit(base)
    facts["foreign"] = [r for r in requests if urlsplit(r).scheme not in ("data",)
                        and (urlsplit(r).scheme, urlsplit(r).netloc) != (origin.scheme, origin.netloc)]
    facts["problems"] = problems
    return facts


@pytest.mark.parametrize("way", ["http", "file"])
def test_pages_read_right_to_left_without_errors_on_a_phone(browser, base_urls, seed_site, way):
    base = base_urls[way]
    for path in pages_to_check(seed_site):
        facts = visit(browser, base + path, base)
        assert facts["problems"] == [], path
        assert facts["foreign"] == [], path
        assert facts["lang"] in ("ar", "fa") and facts["htmlDirection"] == "rtl", path
        if facts["articleDirection"] is not None:
            assert facts["articleDirection"] == "rtl", path
        assert facts["overflow"] <= 0, f"{path} is {facts['overflow']} px wider than a 360 px screen"
        assert FONT_OF[facts["lang"]] in facts["fonts"], f"{path} did not load {FONT_OF[facts['lang']]}"
        assert facts["first_focus"] == {"cls": "skip-link", "shown": True}, path


def test_article_page_shows_metadata_and_links_its_original(browser, base_urls, seed_site):
    result, _ = seed_site
    article = next(a for a in result.articles if a.published and a.lang == "ar")
    page = browser.new_page()
    page.goto(base_urls["http"] + article.url + "index.html")
    assert page.locator("h1").first.inner_text().startswith(article.title[:20])
    assert page.locator("time").first.get_attribute("datetime") == article.published.isoformat()
    source = page.locator("a.source-link")
    with page.expect_response(lambda r: r.url.endswith(article.source_url)) as response:
        page.evaluate("url => fetch(url)", source.get_attribute("href"))
    assert response.value.status == 200
    page.close()


def test_dark_mode_and_print_styles_apply(browser, base_urls, seed_site):
    result, _ = seed_site
    url = base_urls["http"] + result.articles[0].url + "index.html"
    page = browser.new_page()
    page.emulate_media(color_scheme="light")
    page.goto(url)
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.search-box')).display") == "none"
    page.close()


def test_file_pages_link_to_files_not_folders(seed_site):
    """From disk a link to a folder shows a directory listing, so every internal link names index.html."""
    _, out = seed_site
    from htmlcheck import parse_page

    for file in Path(out).rglob("*.html"):
        for tag, attrs in parse_page(file).links:
            href = attrs.get("href", "")
            if tag == "a" and href and not urlsplit(href).scheme and not href.startswith("#"):
                assert not urlsplit(href).path.endswith("/"), f"{file}: {href}"
