"""Measure the edit loop: an article edited on disk until the new text shows in an open page, ours against Hugo.

    python bench/serve.py [--sizes 1000,10000] [--edits 5] [--settle 4] [--commit REV] [--work DIR]
                          [--hugo-disable-fast-render]

For each size, generates the articles (bench/generate.py) in a temporary folder, never in
the repository, then starts in turn our development server (`build.py serve`, the
generator exported from a commit so working-tree edits change nothing) and `hugo server`
on the same articles (the site bench/build.py writes; Hugo's defaults: renders to disk,
fast render on unless --hugo-disable-fast-render, its own livereload). Each server's
first build is timed from its start until it serves the article's page. The page is then
opened in headless Chromium, and --edits times a unique sentence is appended to the
article's source; the latency is from the file write until the sentence is in the page's
DOM, which the page's livereload reloads by itself (the script polls the DOM, it never
reloads). Then the resident memory of the server and all its child processes is read
from /proc. Servers are killed on exit, also on errors, Ctrl-C and SIGTERM.
Needs the `bench` extra (pip install -e '.[bench]') and Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from build import ROOT, export_generator, hugo_binary, hugo_site, machine, split_front_matter  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# No network but loopback: without these flags Chromium keeps trying to reach its own services.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HUGO_DEFAULT_LANG = "ar"  # bench/build.py's Hugo site: the default language has no /<lang>/ prefix
SEEN = "token => document.body !== null && document.body.innerText.includes(token)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DevServer:
    """One development server as a subprocess in its own process group, so it and its workers stop together."""

    def __init__(self, name: str, command: list[str], cwd: Path, page_url: str, source: Path,
                 rebuild_line: re.Pattern[str]):
        self.name, self.command, self.cwd, self.page_url, self.source = name, command, cwd, page_url, source
        self.rebuild_line = rebuild_line  # a log line with a rebuild's seconds (ours) or milliseconds (Hugo)
        self.process: subprocess.Popen[bytes] | None = None
        self.log = cwd / f"{name}-server.log"
        self.built_at = 0  # where the log stood when the first build was served; rebuilds are logged after

    def start(self, timeout: float) -> float:
        """Start the server; seconds until it serves the article's page (its first build and its start-up)."""
        started = time.perf_counter()
        with self.log.open("wb") as handle:
            # Unbuffered, so that the log holds each rebuild's line as soon as it is printed.
            self.process = subprocess.Popen(self.command, cwd=self.cwd, stdout=handle, stderr=subprocess.STDOUT,
                                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited ({self.process.returncode}):\n{self.log_text()[-3000:]}")
            if self.serves_page():
                self.built_at = len(self.log_text())
                return time.perf_counter() - started
            time.sleep(0.05)
        raise SystemExit(f"{self.name} did not serve {self.page_url} in {timeout:.0f} s:\n{self.log_text()[-3000:]}")

    def serves_page(self) -> bool:
        try:
            with urllib.request.urlopen(self.page_url, timeout=5) as response:
                return b"<html" in response.read(4096).lower()
        except (OSError, urllib.error.URLError):
            return False

    def logged_rebuilds(self) -> list[float]:
        """Seconds of each rebuild after the first build, as the server itself logs them."""
        found = [m.groupdict() for m in self.rebuild_line.finditer(self.log_text()[self.built_at:])]
        return [float(m["s"]) if m.get("s") else float(m["ms"]) / 1000 for m in found]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rss(self) -> int:
        """Resident bytes of the server and every process below it, now."""
        assert self.process is not None
        return sum(resident_bytes(pid) for pid in process_tree(self.process.pid))

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=grace)
                return
            except subprocess.TimeoutExpired:
                continue


def process_tree(root: int) -> list[int]:
    """The process and its descendants, from the children lists /proc keeps per thread."""
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                pending.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:
                continue  # the thread or process ended meanwhile
    return found


def resident_bytes(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1]) * 1024


def our_server(code: Path, content: Path, work: Path, source: Path, jobs: int | None) -> DevServer:
    """Our `build.py serve`, run from the work folder so its build cache (.cache/build/dev) lands there."""
    port = free_port()
    slug = source.relative_to(content).with_suffix("").as_posix()
    command = [sys.executable, str(code / "build.py"), "serve", "--content", str(content), "--port", str(port),
               "--out", str(work / "dev-site"), "--config", str(code / "site.yml")]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    return DevServer("ours", command, work, f"http://127.0.0.1:{port}/articles/{slug}/", source,
                     re.compile(r" in (?P<s>\d+\.\d+) s$", re.M))


def hugo_server(site: Path, source: Path, full_render: bool) -> DevServer:
    port = free_port()
    rel = source.relative_to(site / "content")
    lang = rel.suffixes[-2].lstrip(".")
    path = rel.with_name(rel.name.split(".")[0]).as_posix().lower()
    prefix = "" if lang == HUGO_DEFAULT_LANG else f"{lang}/"
    command = [str(hugo_binary()), "server", "--source", str(site), "--bind", "127.0.0.1", "--port", str(port),
               "--baseURL", f"http://127.0.0.1:{port}/"]
    if full_render:
        command.append("--disableFastRender")
    return DevServer("hugo", command, site, f"http://127.0.0.1:{port}/{prefix}{path}/", source,
                     re.compile(r"^Total in (?P<ms>\d+) ms$", re.M))


def time_edits(browser: object, server: DevServer, edits: int, settle: float, timeout: float) -> list[float]:
    """Seconds from each appended sentence's write until the open page shows it."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(server.page_url, wait_until="load")
        time.sleep(settle)  # let the livereload socket connect before the first edit
        latencies = []
        for edit in range(edits):
            token = f"bench{os.getpid()}x{server.name}x{edit}x{time.time_ns() % 10**9}"
            text = server.source.read_text(encoding="utf-8")
            written = time.perf_counter()
            server.source.write_text(f"{text}\n\nجملة أضيفت لقياس التعديل {token}.\n", encoding="utf-8")
            page.wait_for_function(SEEN, arg=token, polling=10, timeout=timeout * 1000)
            latencies.append(time.perf_counter() - written)
            logged = server.logged_rebuilds()
            print(f"  {server.name} edit {edit + 1}: {latencies[-1]:.2f} s (last rebuild in its log: "
                  f"{logged[-1] if logged else float('nan'):.2f} s)", flush=True)
            time.sleep(settle)  # whatever the rebuild does after the reload ends before the next edit
        return latencies
    finally:
        page.close()


def measure_server(browser: object, server: DevServer, args: argparse.Namespace) -> dict[str, object]:
    try:
        first = server.start(args.timeout)
        print(f"  {server.name} first build: {first:.2f} s ({server.page_url})", flush=True)
        latencies = time_edits(browser, server, args.edits, args.settle, args.timeout)
        rebuilds = server.logged_rebuilds()
        return {"first": first, "median": statistics.median(latencies), "max": max(latencies),
                "rss": server.rss(), "rebuild": statistics.median(rebuilds) if rebuilds else float("nan")}
    finally:
        server.stop()


def measure_size(size: int, browser: object, code: Path, work: Path, args: argparse.Namespace,
                 servers: list[DevServer]) -> dict[str, object]:
    print(f"\n{size:,} articles:", flush=True)
    content = work / f"content-{size}"
    shutil.rmtree(content, ignore_errors=True)
    generate(size, content)
    sources = sorted(content.rglob("*.md"))
    source = sources[len(sources) // 2]
    ours_work = work / f"ours-{size}"
    shutil.rmtree(ours_work, ignore_errors=True)
    ours_work.mkdir()
    ours = our_server(code, content, ours_work, source, args.jobs)
    hugo_dir = work / f"hugo-{size}"
    hugo_site(content, hugo_dir)
    lang = split_front_matter(source)[0]["lang"]
    hugo_source = (hugo_dir / "content" / source.relative_to(content)).with_suffix(f".{lang}.md")
    hugo = hugo_server(hugo_dir, hugo_source, args.hugo_disable_fast_render)
    servers += [ours, hugo]  # known before either starts, so that an interruption stops whichever runs
    # One server at a time: both at once would compete for the two cores.
    return {"size": size, "ours": measure_server(browser, ours, args), "hugo": measure_server(browser, hugo, args)}


def cells(rows: list[dict[str, object]], label: str, cell: Callable[[dict[str, object]], str]) -> str:
    return f"| {label} | " + " | ".join(cell(r) for r in rows) + " |"


def server_lines(rows: list[dict[str, object]], key: str, name: str, edits: int) -> list[str]:
    def stat(field: str) -> Callable[[dict[str, object]], float]:
        return lambda r: r[key][field]  # type: ignore[index]

    return [cells(rows, f"{name}, edit to visible, median of {edits}", lambda r: f"{stat('median')(r):.2f} s"),
            cells(rows, f"{name}, edit to visible, max", lambda r: f"{stat('max')(r):.2f} s"),
            cells(rows, f"{name}, rebuild as its log says, median", lambda r: f"{stat('rebuild')(r):.2f} s"),
            cells(rows, f"{name}, RSS after the edits", lambda r: f"{stat('rss')(r) / 2**20:,.0f} MB"),
            cells(rows, f"{name}, first build until served", lambda r: f"{stat('first')(r):.2f} s")]


def table(rows: list[dict[str, object]], edits: int, hugo_mode: str) -> str:
    lines = ["| articles | " + " | ".join(f"{r['size']:,}" for r in rows) + " |",
             "| --- | " + " | ".join("---:" for _ in rows) + " |"]
    lines += server_lines(rows, "ours", "ours: `build.py serve`", edits)
    lines += server_lines(rows, "hugo", f"Hugo: `hugo server` ({hugo_mode})", edits)
    lines.append(cells(rows, "ratio ours / Hugo, median edit to visible",
                       lambda r: f"{r['ours']['median'] / r['hugo']['median']:.2f}×"))
    lines.append(cells(rows, "ratio ours / Hugo, RSS", lambda r: f"{r['ours']['rss'] / r['hugo']['rss']:.2f}×"))
    return "\n".join(lines)


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated (default: 1000,10000)")
    parser.add_argument("--edits", type=int, default=5, help="edits per server; median and max shown (default: 5)")
    # livereload drops a change that comes within 3 s of its last reload: the edits must be further apart.
    parser.add_argument("--settle", type=float, default=4.0, help="seconds of quiet after each edit (default: 4)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed for a first build or an edit")
    parser.add_argument("--jobs", type=int, help="--jobs for our server (default: its own, the number of cores)")
    parser.add_argument("--hugo-disable-fast-render", action="store_true",
                        help="run hugo server with --disableFastRender (default: Hugo's fast render mode)")
    parser.add_argument("--commit", default="HEAD", help="commit of the generator to measure (default: HEAD)")
    parser.add_argument("--work", type=Path, help="work folder to keep (default: a temporary one, removed)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="rtl-archive-serve-bench-"))
    if work.resolve().is_relative_to(ROOT):
        raise SystemExit("the work folder must be outside the repository")
    # SIGTERM unwinds like Ctrl-C, through the finally blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    hugo_mode = "--disableFastRender" if args.hugo_disable_fast_render else "fast render, its default"
    print(f"machine: {machine(args.commit)}; load average {os.getloadavg()[0]:.2f}\n"
          f"edits per server: {args.edits}; our server's --jobs: {args.jobs or 'default'}; Hugo: {hugo_mode}; "
          f"work folder: {work}", flush=True)
    servers: list[DevServer] = []
    with ExitStack() as stack:
        if args.work is None:
            stack.callback(shutil.rmtree, work, ignore_errors=True)
        stack.callback(lambda: [server.stop() for server in servers])
        from playwright.sync_api import sync_playwright

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        code = export_generator(work / "generator-export", args.commit)
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure_size(size, browser, code, work, args, servers))
            # Other work on the machine shows in the load; above the core count, the times are inflated.
            print(f"\n{size:,} articles measured at {datetime.now(UTC):%H:%M} UTC; load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
            print(table(rows, args.edits, hugo_mode), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
