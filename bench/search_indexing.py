"""Search indexing time: analysis, browser export, whoosh cold build and in-place updates.

    .venv/bin/python bench/search_indexing.py CONTENT_DIR [--runs 3] [--jobs 2] [--whoosh-only]

Reads the articles of CONTENT_DIR (e.g. made by `bench/generate.py`), then times, as
medians of several runs: analysing every article, the browser export from those
analyses, a cold whoosh index in one process and in `--jobs` processes, a whoosh
update after editing one article, a whoosh update with no change, and `build.py
search` answering a few queries. Prints one Markdown row per step, and the peak
memory the cold whoosh index added to the process that held the analyses (its
workers' peak when there are several). `--whoosh-only` skips analysis timing and export.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
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
from generator.search import (  # noqa: E402
    analyse_articles,
    build_static_index_from,
    query_index,
    update_whoosh_index,
)

QUERIES = ["داعش", "المقاتلين الأجانب", '"المقاتلين الأجانب"', "المقا", "پوتین", "داعش -سوريا"]


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


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--whoosh-only", action="store_true")
    args = parser.parse_args()
    config = load_config(ROOT / "site.yml")
    articles = list(gather(args.content, config, None, 2).articles)
    analyses = analyse_articles(articles)
    edited = dataclasses.replace(articles[0], body_text=articles[0].body_text + "\nجملة أضيفت للقياس.")
    after_edit = analyse_articles([edited, *articles[1:]], {a.key: a for a in analyses})
    folder = Path(tempfile.mkdtemp())
    index = folder / "index"
    rows: dict[str, float] = {}
    try:
        if not args.whoosh_only:
            rows["analyse every article"] = median_seconds(args.runs, lambda: analyse_articles(articles),
                                                           cold_vocabulary)
            rows["browser export from analyses"] = median_seconds(args.runs,
                                                                  lambda: build_static_index_from(analyses, config))
        held = peak_mb(resource.RUSAGE_SELF)
        rows["whoosh, cold, 1 process"] = median_seconds(args.runs, lambda: update_whoosh_index(analyses, index),
                                                         lambda: shutil.rmtree(index, ignore_errors=True))
        added = peak_mb(resource.RUSAGE_SELF) - held
        rows[f"whoosh, cold, {args.jobs} processes"] = median_seconds(
            args.runs, lambda: update_whoosh_index(analyses, index, args.jobs),
            lambda: shutil.rmtree(index, ignore_errors=True))
        rows["whoosh, one article edited"] = median_seconds(
            args.runs, lambda: update_whoosh_index(after_edit, index), lambda: update_whoosh_index(analyses, index))
        rows["whoosh, no change"] = median_seconds(args.runs, lambda: update_whoosh_index(analyses, index))
        rows[f"{len(QUERIES)} command-line queries"] = median_seconds(
            args.runs, lambda: [query_index(index, q) for q in QUERIES])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(articles)} articles, median of {args.runs} runs")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} s |")
    print(f"peak memory added by a cold whoosh index: {max(0.0, added):.0f} MB in one process; "
          f"{args.jobs} workers peaked at {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
