"""The seed site in headless Chromium, over HTTP and from file://, as a reader on a phone would see it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_support import chromium, needs_chromium, serve_folder
from conftest import CONTENT, build_into

from generator.config import SiteConfig

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


class _SubPathHost(http.server.SimpleHTTPRequestHandler):
    """A static host publishing the site under /archive/ that answers a missing address with its 404.html."""

    site: Path

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        path = unquote(urlsplit(self.path).path)
        target = self.site / path.removeprefix("/archive/") if path.startswith("/archive/") else None
        if target is not None and target.is_dir():
            target = target / "index.html"
        found = target is not None and target.is_file()
        body = (target if found else self.site / "404.html").read_bytes()
        self.send_response(200 if found else 404)
        kind = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2"}
        self.send_header("Content-Type", kind.get(Path(path).suffix, "text/html; charset=utf-8"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_the_not_found_page_a_host_shows_at_any_depth_keeps_its_style_and_links(browser, tmp_path):
    out = tmp_path / "public"
    build_into(CONTENT, out, SiteConfig(base_url="https://example.org/archive/"))
    handler = type("Host", (_SubPathHost,), {"site": out})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport=PHONE)
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        missing = f"http://127.0.0.1:{httpd.server_port}/archive/articles/2017/no-such-article/"
        page.goto(missing)
        assert failed == [missing]  # the page itself, and none of its stylesheets, fonts or scripts
        styled = "[...document.styleSheets].some(s => s.href.endsWith('/archive/static/css/site.css') && " \
                 "s.cssRules.length)"
        assert page.evaluate(styled)
        page.locator("section.not-found a").click()
        page.wait_for_load_state()
        assert page.url == f"http://127.0.0.1:{httpd.server_port}/archive/index.html"
        assert page.locator("main article, main li").count() > 0  # the home page, not another 404
        page.close()
    finally:
        httpd.shutdown()


def test_numbered_lists_count_in_the_page_languages_digits(browser, base_urls, seed_site):
    page = browser.new_page()
    page.goto(base_urls["http"] + "languages/fa/index.html")
    marker = "s => getComputedStyle(document.querySelector(s)).listStyleType"
    assert page.evaluate(marker, "ol.cards") == "none"  # article cards are not numbered
    page.evaluate("""() => { const ol = document.createElement('ol'); ol.id = 'numbered';
                             ol.append(document.createElement('li')); document.querySelector('main').append(ol); }""")
    assert page.evaluate(marker, "#numbered li") == "persian"  # as an article body's list would count
    page.close()
