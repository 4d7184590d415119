"""The hostile corpus built end to end: one clear message per bad file, nothing lost, nothing escapes.

Every case and its expected outcome is listed in tests/fixtures/hostile/expected.yml;
tests/hostile_corpus.py writes the corpus (generated encodings, odd names, symlinks).
The build runs through the command line, as a person would run it.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hostile_corpus import Expected, expected_outcomes, shown_path, tree_hashes, write_corpus

from generator.cli import EXIT_NOTHING_BUILT, EXIT_OK, EXIT_SOME_FAILED, main

EXPECTED = expected_outcomes()
CATALOGUED = {"published", "error", "empty", "copy", "draft"}
PWNED = Path("/tmp/hostile-corpus-pwned")  # what the corpus's !!python tags would create


@dataclass(frozen=True)
class Run:
    status: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class HostileSite:
    root: Path
    content: Path
    out: Path
    run: Run
    before: dict[str, str]  # every file beside the output before the build: path -> sha256
    report: dict
    catalog: dict[str, dict]


def run_cli(*args: str | Path) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([str(a) for a in args])
    return Run(status, stdout.getvalue(), stderr.getvalue())


def build_args(content: Path, out: Path, *extra: str | Path) -> list[str | Path]:
    """A build that touches nothing but its own folders (no cache, index and config in the repository)."""
    work = out.parent
    return ["build", "--content", content, "--out", out, "--config", work / "site.yml", "--index",
            work / "search-index", "--no-cache", "--jobs", "1", *extra]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile")
    content, _ = write_corpus(root)
    out = root / "site" / "public"
    out.parent.mkdir()
    before = tree_hashes(root)
    run = run_cli(*build_args(content, out))
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    catalog = {r["path"]: r for r in json.loads((out / "catalog.json").read_text(encoding="utf-8"))}
    return HostileSite(root, content, out, run, before, report, catalog)


def content_files(content: Path) -> set[str]:
    """Everything the content folder holds, as messages name it: files, symlinks (to files or
    folders, not followed), and folders whose names are not UTF-8 (not entered)."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(content):
        here = Path(dirpath)
        leaves = [d for d in dirnames if (here / d).is_symlink() or shown_path(d) != d]
        dirnames[:] = [d for d in dirnames if d not in leaves]
        found |= {shown_path((here / n).relative_to(content).as_posix()) for n in filenames + leaves}
    return found


def _id(path: str) -> str:
    return path.encode("ascii", "backslashreplace").decode()


def test_some_files_failed_so_the_exit_status_is_1(hostile: HostileSite) -> None:
    assert hostile.run.status == EXIT_SOME_FAILED, hostile.run.stderr
    assert "errors" in hostile.run.stdout.splitlines()[-2]  # the one-line summary


def test_expected_yml_lists_every_file_of_the_corpus(hostile: HostileSite) -> None:
    assert content_files(hostile.content) == set(EXPECTED)


@pytest.mark.parametrize("case", EXPECTED.values(), ids=lambda c: _id(c.path))
def test_each_file_gets_exactly_its_expected_messages(hostile: HostileSite, case: Expected) -> None:
    got = sorted((d for d in hostile.report["diagnostics"] if d["path"] == case.path),
                 key=lambda d: (d["line"] or 0, d["code"]))
    want = sorted(case.messages, key=lambda m: (m.line or 0, m.code))
    assert [(d["code"], d["severity"]) for d in got] == [(m.code, m.severity) for m in want], got
    for diagnostic, expected in zip(got, want, strict=True):
        assert expected.fragment in diagnostic["message"].lower(), diagnostic
        if expected.line is not None:
            assert diagnostic["line"] == expected.line, diagnostic
        if diagnostic["severity"] != "info":
            assert diagnostic["hint"], f"{case.path}: a message without a hint: {diagnostic}"


def test_every_message_names_a_file_of_the_corpus(hostile: HostileSite) -> None:
    strangers = {d["path"] for d in hostile.report["diagnostics"]} - set(EXPECTED)
    assert not strangers


def test_every_error_and_warning_is_printed_on_one_line_with_its_file_and_line(hostile: HostileSite) -> None:
    printed = (hostile.run.stdout + hostile.run.stderr).splitlines()
    shown = [d for d in hostile.report["diagnostics"] if d["severity"] != "info"]
    assert len(printed) == len(shown) + 2  # and the summary, and where to open the site
    for d in shown:
        where = d["path"] + (f":{d['line']}" if d["line"] else "")
        line = f"{d['severity']}: {where}: {d['message']}".replace("\n", "\\n").replace("\x1b", "\\x1b")
        assert any(p.startswith(line) for p in printed), line
    assert not any(ch in "".join(printed) for ch in "\x1b\x08\r")  # nothing reaches the terminal raw


@pytest.mark.parametrize("case", EXPECTED.values(), ids=lambda c: _id(c.path))
def test_every_file_is_accounted_for(hostile: HostileSite, case: Expected) -> None:
    record = hostile.catalog.get(case.path)
    if case.status in CATALOGUED:
        assert record is not None and record["status"] == case.status, record
    else:  # skipped files and sidecars have no record: their message is their account
        assert record is None
        assert case.messages or _article_of(case.path) in hostile.catalog
    if case.url:
        assert record["url"] == case.url
        assert (hostile.out / case.url / "index.html").is_file()
    if case.encoding:
        assert record["encoding"] == case.encoding
    if case.via:
        explanation = [d for d in hostile.report["diagnostics"] if d["path"] == case.via]
        assert len(explanation) == 1 and explanation[0]["message"] in record["reason"]


def _article_of(sidecar: str) -> str | None:
    stem = sidecar.rsplit(".", 1)[0]
    return next((p for p in (f"{stem}.txt", f"{stem}.md") if p in EXPECTED), None)


def test_the_report_lists_every_file_without_a_page(hostile: HostileSite) -> None:
    listed = {u["path"]: u["status"] for u in hostile.report["unpublished"]}
    assert listed == {p: r["status"] for p, r in hostile.catalog.items() if r["status"] != "published"}
    assert hostile.report["articles"] == sum(r["status"] == "published" for r in hostile.catalog.values())


def test_every_readable_original_is_published_byte_for_byte(hostile: HostileSite) -> None:
    manifest = dict(reversed(line.split("  ", 1)) for line in
                    (hostile.out / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines())
    for path, record in hostile.catalog.items():
        original = (hostile.content / path).read_bytes()
        assert record["sha256"] == hashlib.sha256(original).hexdigest(), path
    published = {sha: url for url, sha in manifest.items()}
    for url, sha in manifest.items():
        assert hashlib.sha256((hostile.out / url).read_bytes()).hexdigest() == sha
    assert {r["sha256"] for r in hostile.catalog.values()} <= set(published)
    assert len(manifest) == len(hostile.catalog)  # two unreadable files with one slug are kept apart


def test_nothing_is_written_outside_the_output_folder(hostile: HostileSite) -> None:
    after = tree_hashes(hostile.root, skip=(hostile.out,))
    new_or_changed = {p for p, sha in after.items() if hostile.before.get(p) != sha}
    assert new_or_changed == {"site/search-index/" + p for p in os.listdir(hostile.root / "site/search-index")}
    assert sorted(os.listdir(hostile.out.parent)) == ["public", "search-index"]  # no leftovers
    assert not PWNED.exists()
    for dirpath, dirnames, filenames in os.walk(hostile.out):
        for name in dirnames + filenames:
            file = Path(dirpath) / name
            assert not file.is_symlink() and file.resolve().is_relative_to(hostile.out.resolve())


def test_a_second_build_picks_the_same_permalink_winners(hostile: HostileSite, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli(*build_args(hostile.content, out)).status == EXIT_SOME_FAILED
    for name in ("catalog.json", "build-report.json", "manifest-sha256.txt"):
        assert (out / name).read_bytes() == (hostile.out / name).read_bytes()


def _loads_or_runs(tag: str, url: str) -> bool:
    """A script URL anywhere; a foreign address anywhere but a plain link the reader chooses to follow."""
    if tag == "link" and url == "data:,":  # the site's own empty icon, so no browser asks for one
        return False
    if url.startswith(("javascript:", "vbscript:", "data:")):
        return True
    return url.startswith(("//", "http://", "https://")) and tag != "a"


class _ActiveContent(HTMLParser):
    """Collects what in a page could run or fetch: scripts, handlers, frames, foreign or script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.data_blocks: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("type") in ("application/ld+json", "application/json"):  # data, never run
                self._in_data = True
            elif not (values.get("src") or "").replace("../", "").startswith("static/js/"):
                self.found.append(f"script {attrs}")
        if tag in ("iframe", "frame", "object", "embed", "svg", "math", "style", "base"):
            self.found.append(tag)
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("meta refresh")
        for name, value in attrs:
            squeezed = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction", "srcset") and _loads_or_runs(tag, squeezed):
                self.found.append(f"{tag} {name}={value}")

    def handle_data(self, data: str) -> None:
        if self._in_data:
            self.data_blocks.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_data = False


def test_no_page_carries_active_content_from_the_archive(hostile: HostileSite) -> None:
    pages = sorted(p for p in hostile.out.rglob("*.html") if p.is_file())
    assert len(pages) > 40
    for page in pages:
        parser = _ActiveContent()
        text = page.read_text(encoding="utf-8")
        parser.feed(text)
        assert not parser.found, f"{page.relative_to(hostile.out)}: {parser.found}"
        for block in parser.data_blocks:
            json.loads(block)  # still valid JSON, and it cannot end its script element early
            assert "</" not in block and "<!--" not in block


def csp_directives(page: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert match, "no Content-Security-Policy meta element"
    head_before = page[: match.start()]
    assert "<script" not in head_before and "<link" not in head_before and "<style" not in head_before
    return {d.split()[0]: d.split()[1:] for d in html.unescape(match[1]).split(";") if d.strip()}


def test_every_page_forbids_inline_script_eval_and_other_origins(hostile: HostileSite) -> None:
    for page in sorted(p for p in hostile.out.rglob("*.html") if p.is_file()):
        policy = csp_directives(page.read_text(encoding="utf-8"))
        assert policy["default-src"] == ["'self'"], page
        assert policy["script-src"] == ["'self'"], page  # no 'unsafe-inline', no 'unsafe-eval', no host
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], page
        for sources in policy.values():
            assert not {"*", "'unsafe-inline'", "'unsafe-eval'", "http:", "https:"} & set(sources), page
            assert all(s in ("'self'", "'none'", "data:") for s in sources), page


def test_tags_and_outlets_named_like_site_files_get_pages_of_their_own(hostile: HostileSite) -> None:
    for listing in ("tags/_index.html", "tags/_", "tags/_con", "tags/_source.txt", "tags/_copies",
                    "outlets/_index.html"):
        assert (hostile.out / listing / "index.html").is_file(), listing
    assert (hostile.out / "tags/index.html").is_file() and (hostile.out / "outlets/index.html").is_file()


def test_feeds_and_sitemap_stay_well_formed_xml(hostile: HostileSite) -> None:
    files = sorted(p for p in hostile.out.rglob("*.xml") if p.is_file())
    assert len(files) >= 3
    for file in files:
        ElementTree.parse(file)  # raises on a control character or a broken escape


def test_hostile_text_reaches_pages_escaped_not_dropped(hostile: HostileSite) -> None:
    page = (hostile.out / "articles/xss/front-matter/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in page  # the title, shown as the text it is
    raw = (hostile.out / "articles/xss/raw-text/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(" in raw


def test_strict_turns_warnings_into_exit_status_1(archive, tmp_path: Path) -> None:
    content = archive({"a.md": "---\nlang: ar\ndate: 2017-02-30\n---\nنص عربي قصير عن المقاتلين الأجانب في سوريا.\n"})
    assert run_cli(*build_args(content, tmp_path / "public")).status == EXIT_OK
    strict = run_cli(*build_args(content, tmp_path / "public", "--strict"))
    assert strict.status == EXIT_SOME_FAILED
    assert "warning: a.md:3: 'date' '2017-02-30' is not a real calendar date" in strict.stdout


def test_nothing_built_is_exit_status_2(archive, tmp_path: Path) -> None:
    content = archive({"broken.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00", "bad.md": "---\ntitle: 'x\n---\nنص\n"})
    run = run_cli(*build_args(content, tmp_path / "public"))
    assert run.status == EXIT_NOTHING_BUILT
    assert "error: broken.txt: cannot be decoded" in run.stdout
    missing = run_cli(*build_args(tmp_path / "no-such-folder", tmp_path / "public2"))
    assert missing.status == EXIT_NOTHING_BUILT and "does not exist" in missing.stderr


WRONG_SITE_YML = """\
title: 42
description: [a, b]
base_url: {x: 1}
default_language: 7
page_size: "twenty"
hijri_dates: "yes"
languages:
  ar: {direction: up, digits: roman}
  fa: [not, a, mapping]
  en: {name: 5}
colour: red
"""


def test_site_yml_with_wrong_types_stops_the_build_with_a_message_per_problem(archive, tmp_path: Path) -> None:
    content = archive({"a.md": "---\nlang: ar\n---\nنص عربي\n"})
    out = tmp_path / "site" / "public"
    out.parent.mkdir()
    (out.parent / "site.yml").write_text(WRONG_SITE_YML, encoding="utf-8")
    run = run_cli(*build_args(content, out))
    assert run.status == EXIT_NOTHING_BUILT
    problems = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    for key in ("'title' must", "'description' must", "'base_url' must", "'default_language' must",
                "'page_size' must", "'hijri_dates' must", "languages.ar.direction", "languages.ar.digits",
                "languages.fa must", "languages.en.name", "unknown key 'colour'"):
        assert sum(key in line for line in problems) == 1, (key, problems)
    assert len(problems) == 11
    assert "nothing was built" in run.stderr
    assert not out.exists()


def test_site_yml_reports_every_problem_of_one_language(archive, tmp_path: Path) -> None:
    content = archive({"a.md": "---\nlang: ar\n---\nنص عربي\n"})
    config = tmp_path / "site.yml"
    config.write_text("languages:\n  ar: {direction: up, digits: roman}\n", encoding="utf-8")
    run = run_cli(*build_args(content, tmp_path / "public"))  # reads tmp_path/site.yml
    assert "languages.ar.direction" in run.stderr and "languages.ar.digits" in run.stderr
