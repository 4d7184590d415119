"""Search indexing time: analysis, browser export, whoosh cold build and in-place updates.

    .venv/bin/python bench/search_indexing.py CONTENT_DIR [--runs 3]

Reads the articles of CONTENT_DIR (e.g. made by `bench/generate.py`), then times, as
medians of several runs: analysing every article, the browser export from those
analyses, a cold whoosh index, a whoosh update after editing one article, and a
whoosh update with no change. Prints one Markdown row per step.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import textnorm  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.gather import gather  # noqa: E402
from generator.search import analyse_articles, build_static_index_from, update_whoosh_index  # noqa: E402


def median_seconds(runs: int, step: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def cold_vocabulary() -> None:
    """Forget the memoised words, as a fresh process would start."""
    textnorm._unit.cache_clear()
    textnorm.stem.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    config = load_config(ROOT / "site.yml")
    articles = list(gather(args.content, config, None, 2).articles)
    analyses = analyse_articles(articles)
    edited = dataclasses.replace(articles[0], body_text=articles[0].body_text + "\nجملة أضيفت للقياس.")
    after_edit = analyse_articles([edited, *articles[1:]], {a.key: a for a in analyses})
    folder = Path(tempfile.mkdtemp())
    index = folder / "index"
    try:
        rows = {
            "analyse every article": median_seconds(args.runs, lambda: analyse_articles(articles), cold_vocabulary),
            "browser export from analyses": median_seconds(args.runs,
                                                           lambda: build_static_index_from(analyses, config)),
            "whoosh, cold": median_seconds(args.runs, lambda: update_whoosh_index(analyses, index),
                                           lambda: shutil.rmtree(index, ignore_errors=True)),
            "whoosh, one article edited": median_seconds(
                args.runs, lambda: update_whoosh_index(after_edit, index),
                lambda: update_whoosh_index(analyses, index)),
            "whoosh, no change": median_seconds(args.runs, lambda: update_whoosh_index(analyses, index)),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(articles)} articles, median of {args.runs} runs")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
