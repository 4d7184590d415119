"""Run the extractor over the development corpus and print what it found, per folder.

    python bench/extraction.py [CORPUS]     (default: ../shared/corpus beside the repository)

Language accuracy is measured against the corpus's manifest.csv. "title line" counts
titles read from the text (not derived); "title = manifest" counts those equal to the
record's title. Extraction should stay under 2 ms per article on average.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.duplicates import find_duplicate_groups  # noqa: E402
from generator.extract import extract  # noqa: E402
from generator.linefold import fold  # noqa: E402

TARGET_MS = 2.0
SLOWEST = 5
COLUMNS = ("files", "lang ok", "wrong", "unknown", "title line", "= manifest", "date", "outlet", "author",
           "place", "boilerplate", "repeated", "stub/empty")


def folder_of(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]


def measure(corpus: Path) -> int:
    with (corpus / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle)}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    timings: list[tuple[float, str]] = []
    mistakes: list[str] = []
    texts: list[tuple[str, str]] = []
    for path in sorted(manifest):
        text = (corpus / path).read_text(encoding="utf-8")
        texts.append((path, text))
        started = time.perf_counter()
        found = extract(text, "ar")
        timings.append((time.perf_counter() - started, path))
        tally(counts[folder_of(path)], found, manifest[path], path, mistakes)
    started = time.perf_counter()
    groups = find_duplicate_groups(texts)
    duplicate_seconds = time.perf_counter() - started
    for group in groups:
        counts[folder_of(group[0])]["duplicates"] += len(group) - 1
    print_table(counts)
    total = sum(seconds for seconds, _ in timings)
    average_ms = 1000 * total / len(timings)
    print(f"\n{len(timings)} articles in {total:.2f} s: {average_ms:.3f} ms per article (target < {TARGET_MS} ms)")
    print(f"duplicate groups: {len(groups)} ({duplicate_seconds * 1000:.0f} ms for the whole corpus)")
    print("slowest files:")
    for seconds, path in sorted(timings, reverse=True)[:SLOWEST]:
        print(f"  {seconds * 1000:7.2f} ms  {path}")
    if mistakes:
        print("language mistakes:")
        for line in mistakes:
            print("  " + line)
    return 0 if not mistakes and average_ms < TARGET_MS else 1


def tally(count: Counter[str], found, record: dict[str, str], path: str, mistakes: list[str]) -> None:
    count["files"] += 1
    if found.lang == record["language"]:
        count["lang ok"] += 1
    elif found.lang is None:
        count["unknown"] += 1
    else:
        count["wrong"] += 1
        mistakes.append(f"{path}: read {found.lang}, manifest says {record['language']}")
    if found.title and not found.title_derived:
        count["title line"] += 1
        count["= manifest"] += fold(found.title) == fold(record["title"])
    count["date"] += found.published is not None
    count["outlet"] += found.outlet is not None
    count["author"] += found.author is not None
    count["place"] += found.place is not None
    count["boilerplate"] += sum(1 for r in found.removals if r.rule not in ("metadata", "repeated-body", "doc-header"))
    count["repeated"] += sum(1 for r in found.removals if r.rule == "repeated-body")
    count["stub/empty"] += not found.body


def print_table(counts: dict[str, Counter[str]]) -> None:
    columns = (*COLUMNS, "duplicates")
    width = max(len(name) for name in counts) + 2
    print("folder".ljust(width) + " ".join(f"{c:>11}" for c in columns))
    total: Counter[str] = Counter()
    for folder in sorted(counts):
        total.update(counts[folder])
        print(folder.ljust(width) + " ".join(f"{counts[folder][c]:>11}" for c in columns))
    print("all".ljust(width) + " ".join(f"{total[c]:>11}" for c in columns))


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpus"
    if not (corpus / "manifest.csv").is_file():
        print(f"no corpus at {corpus} (expected a manifest.csv there); pass its path as the argument")
        return 2
    return measure(corpus)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
