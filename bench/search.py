"""Search benchmark: index size, bytes per query in headless Chromium, latency; Pagefind beside us.

    .venv/bin/python bench/search.py [--sizes 1000,10000,100000] [--no-corpus] [--no-pagefind] [--repeats 5]

Synthetic archives are made of the seeds' sentences (tests/search_factory.py); the real
corpus is ../shared/corpus. Each archive is written as a site with our index and, for
Pagefind, one HTML page per article; both are served over HTTP and queried from a cold
browser cache. "cached ms" is the median of --repeats searches once the query's files are
loaded: ours typed key by key into the search box (from the last keystroke to rendered
results), Pagefind's `search()` called again with the whole query. Results go to stdout as
a Markdown table (copy into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from search_factory import make_article, synthetic_articles  # noqa: E402

from generator.config import SiteConfig  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = {"one word": "داعش", "two words": "المقاتلين الأجانب", "prefix": "المقا"}
OUR_CODE = ["stem-english.js", "textnorm.js", "search-engine.js", "search-rank.js", "search.js"]

PAGE = """<!doctype html><html lang="ar" dir="rtl" data-root="../">
<head><meta charset="utf-8"><title>bench</title></head><body>
<form role="search" action="./" method="get"><input name="q" id="site-search"></form>
<select id="search-sort"><option value="relevance"></option><option value="date"></option></select>
<select id="search-lang"><option value=""></option></select>
<select id="search-outlet"><option value=""></option></select>
<select id="search-year"><option value=""></option></select><div id="search-controls"></div>
<p id="search-status"></p><ol id="search-results"></ol><button id="search-more" hidden></button>
<script type="application/json" id="search-i18n">{"digits":"arab","languages":{},"search_count":"{count}",
"search_none":"-","search_idle":"-","search_error":"error","search_undated":"-"}</script>
%SCRIPTS%</body></html>"""

PAGEFIND_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body><p id="out"></p>
<script type="module" src="bench.js"></script></body></html>"""
PAGEFIND_JS = """const pagefind = await import("./pagefind.js");
window.runQuery = async (q) => { const t = performance.now(); const r = await pagefind.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { count: r.results.length, shown: data.length, ms: performance.now() - t }; };
document.getElementById("out").textContent = "ready";"""


def corpus_articles() -> list:
    rows = list(csv.DictReader((CORPUS / "manifest.csv").open(encoding="utf-8")))
    articles = []
    for row in rows:
        text = (CORPUS / row["file"]).read_text(encoding="utf-8", errors="replace")
        if not text.strip():
            continue
        date = row["date"][:10]
        published = None
        if len(date) == 10 and date[4] == "-":
            import datetime as dt
            try:
                published = dt.date.fromisoformat(date)
            except ValueError:
                published = None
        articles.append(make_article(row["file"], row["title"] or text.strip().split("\n")[0][:80], text,
                                     row["language"] or "ar", published, row["source"] or None))
    return articles


def _child_build(articles: list, out: Path) -> None:
    """Our index as a build makes it: the articles analysed over every core (as `build.py build`
    does; Pagefind uses every core too), then the browser's files exported."""
    from generator.cache import CacheStore
    from generator.indexing import plan_search
    from generator.search.incremental import build_static_index_incremental

    keys = {a.path: a.path for a in articles}
    plan = plan_search(articles, keys, {}, CacheStore(None, usable=False), lambda a: a, os.cpu_count() or 1)
    files, _ = build_static_index_incremental(plan.analyses(), SiteConfig(), None)
    for f in files:
        target = out / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data)


def build_ours(articles: list, site: Path) -> dict:
    start = time.perf_counter()
    pid = os.fork()  # a child of its own, so that its peak memory (and its workers') is its own
    if pid == 0:
        status = 1
        try:
            _child_build(articles, site)
            status = 0
        finally:
            os._exit(status)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"our index build failed (wait status {status})")
    (site / "static" / "js").mkdir(parents=True, exist_ok=True)
    for name in OUR_CODE:
        shutil.copy(ROOT / "static" / "js" / name, site / "static" / "js" / name)
    scripts = "".join(f'<script src="../static/js/{n}" defer></script>' for n in OUR_CODE)
    (site / "search" / "index.html").write_text(PAGE.replace("%SCRIPTS%", scripts), encoding="utf-8")
    files = list((site / "search" / "index").rglob("*.js"))
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "bytes": sum(f.stat().st_size for f in files),
            "files": len(files)}


def build_pagefind(articles: list, site: Path) -> dict | None:
    if shutil.which("pagefind") is None and not _has_pagefind_module():
        return None
    pages = site / "pf"
    pages.mkdir(parents=True)
    from html import escape

    for number, a in enumerate(articles):
        body = "".join(f"<p>{escape(p)}</p>" for p in a.body_text.split("\n"))
        (pages / f"{number}.html").write_text(
            f'<!doctype html><html lang="{a.lang}" dir="rtl"><head><meta charset="utf-8"><title>{escape(a.title)}'
            f"</title></head><body><main data-pagefind-body><h1>{escape(a.title)}</h1>{body}</main></body></html>",
            encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PAGEFIND_RUN, str(pages)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    (pages / "pagefind" / "bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    (pages / "pagefind" / "bench.js").write_text(PAGEFIND_JS, encoding="utf-8")
    files = [f for f in (pages / "pagefind").rglob("*") if f.is_file() and not f.name.startswith("bench")]
    return {"seconds": seconds, "rss_mb": stats["rss_kb"] / 1024, "bytes": sum(f.stat().st_size for f in files),
            "files": len(files)}


# Runs Pagefind's binary as a child and reports that child's peak memory.
_PAGEFIND_RUN = """
import json, resource, subprocess, sys
subprocess.run([sys.executable, "-m", "pagefind", "--site", sys.argv[1]], check=True, capture_output=True)
print(json.dumps({"rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _has_pagefind_module() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_port}/"


def _counting(page, marker: str) -> list[tuple[str, int]]:
    """(file, response body bytes) of every finished request whose address holds `marker`."""
    sizes: list[tuple[str, int]] = []

    def finished(request) -> None:
        if marker in request.url:
            sizes.append((request.url.split(marker, 1)[1], request.sizes()["responseBodySize"]))

    page.on("requestfinished", finished)
    return sizes


def _wait(page, expression: str, expected: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while page.evaluate(expression) != expected:
        if time.monotonic() > deadline:
            raise TimeoutError(expression)
        time.sleep(0.01)


def measure_ours(browser, base: str, query: str, repeats: int) -> dict:
    context = browser.new_context()  # a cold cache per query
    page = context.new_page()
    index_bytes, code_bytes = _counting(page, "/search/index/"), _counting(page, "/static/js/")
    page.goto(base + "search/index.html?q=" + query)
    rendered = "document.getElementById('search-results').dataset.query"
    _wait(page, rendered, query)
    first = float(page.evaluate("document.getElementById('search-results').dataset.elapsed"))
    # The first query's bytes, before typing: every keystroke below searches for a new prefix.
    fetched, code = list(index_bytes), sum(size for _, size in code_bytes)
    cached = []
    for _ in range(repeats):
        page.fill("#site-search", "")
        _wait(page, rendered, "")
        page.type("#site-search", query)  # every keystroke searches; the last one's files are cached from then on
        _wait(page, rendered, query)
        cached.append(float(page.evaluate("document.getElementById('search-results').dataset.elapsed")))
    count = page.evaluate("document.querySelectorAll('#search-results li').length")
    context.close()
    return {"bytes": sum(size for _, size in fetched), "code": code, "first_ms": first,
            "cached_ms": statistics.median(cached), "cached_runs": cached, "shown": count,
            "files": sorted(name for name, _ in fetched), "typed_bytes": sum(size for _, size in index_bytes)}


def measure_pagefind(browser, base: str, query: str, repeats: int) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sizes = _counting(page, "/pagefind/")
    page.goto(base + "pf/pagefind/bench.html")
    _wait(page, "document.getElementById('out').textContent", "ready")
    first = page.evaluate("q => window.runQuery(q)", query)
    fetched = list(sizes)
    cached = [page.evaluate("q => window.runQuery(q)", query)["ms"] for _ in range(repeats)]
    context.close()
    code = sum(size for name, size in fetched if name.endswith((".js", ".wasm")) or "wasm" in name)
    return {"bytes": sum(size for _, size in fetched), "code": code, "first_ms": first["ms"],
            "cached_ms": statistics.median(cached), "cached_runs": cached, "shown": first["shown"]}


def run(name: str, articles: list, with_pagefind: bool, browser, repeats: int) -> dict:
    site = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        ours = build_ours(articles, site)
        theirs = build_pagefind(articles, site) if with_pagefind else None
        httpd, base = serve(site)
        row = {"archive": name, "docs": len(articles), "ours": ours, "pagefind": theirs, "queries": {}}
        for kind, query in QUERIES.items():
            row["queries"][kind] = {"ours": measure_ours(browser, base, query, repeats),
                                    "pagefind": measure_pagefind(browser, base, query, repeats) if theirs else None}
        httpd.shutdown()
        return row
    finally:
        shutil.rmtree(site, ignore_errors=True)


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def _bytes(measured: dict, engine: str) -> str:
    """Index bytes and code bytes of a first query: ours counts them apart, Pagefind's total holds both."""
    index = measured["bytes"] - (measured["code"] if engine == "pagefind" else 0)
    return f"{kb(index)} + {kb(measured['code'])}"


def table(rows: list[dict]) -> str:
    lines = ["| archive | docs | engine | build s | build MB | index size | files | "
             + " | ".join(f"{k} (index + code bytes · first ms · cached ms)" for k in QUERIES) + " |",
             "|---" * (7 + len(QUERIES)) + "|"]
    for row in rows:
        for engine in ("ours", "pagefind"):
            built = row[engine]
            if not built:
                continue
            cells = [f"{_bytes(q[engine], engine)} · {q[engine]['first_ms']:.0f} · {q[engine]['cached_ms']:.1f}"
                     for q in row["queries"].values()]
            lines.append(f"| {row['archive']} | {row['docs']:,} | {engine} | {built['seconds']:.1f} | "
                         f"{built['rss_mb']:.0f} | {kb(built['bytes'])} | {built['files']:,} | "
                         + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="synthetic archive sizes (comma-separated)")
    parser.add_argument("--no-corpus", action="store_true", help="skip ../shared/corpus")
    parser.add_argument("--no-pagefind", action="store_true", help="measure only our index")
    parser.add_argument("--repeats", type=int, default=5,
                        help="times each query is searched again once its files are cached; the median is shown")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    archives = [(f"synthetic {int(n):,}", functools.partial(synthetic_articles, int(n)))
                for n in args.sizes.split(",") if n]
    if not args.no_corpus and CORPUS.is_dir():
        archives.append(("corpus", corpus_articles))
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, make in archives:
            rows.append(run(name, make(), not args.no_pagefind, browser, args.repeats))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
        browser.close()
    print(table(rows))


if __name__ == "__main__":
    main()
