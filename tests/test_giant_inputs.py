"""Giant inputs build in bounded time and memory: a 50 MB text and a 2 MB single line.

Each is built by `build.py` in a process of its own, whose peak memory is read with
wait4's resource usage. The files are made at test time, never committed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_corpus import write_giant_files

from generator.articles import MAX_DISPLAY_CHARS, build_article, displayed_part
from generator.config import SiteConfig
from generator.model import Article, SourceFile

ROOT = Path(__file__).resolve().parent.parent
MAX_SECONDS = 60
MAX_RSS_BYTES = 1536 * 1024 * 1024


def build_measured(content: Path, out: Path) -> tuple[int, float, int, str]:
    """(exit status, seconds, peak resident bytes, output) of one build in its own process."""
    args = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out),
            "--no-cache", "--index", str(out.parent / "index"), "--config", str(out.parent / "site.yml"),
            "--jobs", "1"]
    started = time.monotonic()
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        output = process.stdout.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.monotonic() - started, usage.ru_maxrss * 1024, output


@pytest.fixture(scope="module")
def giant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    content = tmp_path_factory.mktemp("giant") / "content"
    return content, write_giant_files(content)


@pytest.mark.parametrize("name", ["giant/fifty-megabytes.txt", "giant/one-long-line.txt"])
def test_a_giant_file_builds_in_bounded_time_and_memory(giant, tmp_path: Path, name: str) -> None:
    content, sizes = giant
    alone = tmp_path / "content"
    (alone / "giant").mkdir(parents=True)
    os.link(content / name, alone / name)
    out = tmp_path / "public"
    status, seconds, rss, output = build_measured(alone, out)
    assert status == 0, output
    assert seconds < MAX_SECONDS, f"{name}: {seconds:.1f} s"
    assert rss < MAX_RSS_BYTES, f"{name}: {rss / 2**20:.0f} MB"
    record = json.loads((out / "catalog.json").read_text(encoding="utf-8"))[0]
    assert record["status"] == "published"
    original = (out / record["url"] / "source.txt").read_bytes()
    assert len(original) == sizes[name]  # the original is never cut
    assert hashlib.sha256(original).hexdigest() == record["sha256"]


def test_only_a_dump_the_size_of_a_book_is_cut_for_display() -> None:
    two_megabyte_line = "كلمة " * 230_000  # the one-long-line case: about 2 MB of UTF-8, shown whole
    assert displayed_part(two_megabyte_line) == (two_megabyte_line, False)
    lines = "سطر من النص\n" * (MAX_DISPLAY_CHARS // 6)
    shown, cut = displayed_part(lines)
    assert cut and len(shown) <= MAX_DISPLAY_CHARS and lines.startswith(shown) and shown.endswith("النص")
    one_line = "كلمة " * (MAX_DISPLAY_CHARS // 4)
    shown, cut = displayed_part(one_line)
    assert cut and shown.endswith("كلمة") and len(shown) > MAX_DISPLAY_CHARS // 2  # cut at a word's end


def test_a_cut_text_is_reported_with_what_to_do() -> None:
    text = "نص عربي طويل جدا عن المقاتلين الأجانب في سوريا والعراق\n" * 40_000
    raw = text.encode()
    source = SourceFile("dump.txt", raw, hashlib.sha256(raw).hexdigest(), "utf-8", text)
    article, diagnostics = build_article(source, None, SiteConfig())
    (message,) = [d for d in diagnostics if d.code == "truncated"]
    assert message.path == "dump.txt" and message.severity == "warning" and "original" in message.hint
    assert isinstance(article, Article) and any("page shows the first" in note for note in article.review)
    assert len(article.body_text) <= MAX_DISPLAY_CHARS
