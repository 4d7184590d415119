"""Profile a cold build and a one-article rebuild, and print where the time goes.

    python bench/profile_build.py [--size N] [--top K] [--commit REV] [--keep DIR]

Generates N synthetic articles (default 10000) in a temporary folder, exports the
generator from the last commit (so edits in the working tree cannot invalidate the
cache between the two builds), then runs `build_site` in this process under cProfile
with one job (a profiler does not follow worker processes): cold, again with no change,
and once more after appending a sentence to one article. Prints the top K functions by cumulative and by
own time for each, with their share of the build.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from build import export_generator  # noqa: E402

EDIT = "\n\nجملة أضيفت لقياس إعادة البناء بعد تعديل مقال واحد.\n"


def profiled_build(paths, code: Path, top: int, title: str) -> None:
    from generator.config import load_config
    from generator.pipeline import build_site

    config = load_config(code / "site.yml")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build_site(paths, config, jobs=1)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"\n## {title}: {elapsed:.1f} s (one process, under cProfile)\n")
    print_top(profiler, elapsed, top)


def print_top(profiler: cProfile.Profile, elapsed: float, top: int) -> None:
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{Path(file).name}:{line}" if line else file
        rows.append((cumulative, own, calls, f"{name} ({where})"))
    rows.sort(reverse=True)
    print(f"{'cumulative s':>12} {'share':>6} {'own s':>8} {'calls':>9}  function")
    for cumulative, own, calls, label in rows[:top]:
        print(f"{cumulative:12.2f} {cumulative / elapsed:6.0%} {own:8.2f} {calls:9d}  {label}")
    print(f"\nby own time:\n{'own s':>8} {'share':>6} {'calls':>9}  function")
    for cumulative, own, calls, label in sorted(rows, key=lambda r: r[1], reverse=True)[:top]:
        del cumulative
        print(f"{own:8.2f} {own / elapsed:6.0%} {calls:9d}  {label}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles (default: 10000)")
    parser.add_argument("--top", type=int, default=30, help="functions to list (default: 30)")
    parser.add_argument("--commit", default="HEAD", help="commit of the generator to profile (default: HEAD)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="rtl-archive-profile-"))
    try:
        content = work / "content"
        if not content.is_dir():
            generate(args.size, content)
        code = export_generator(work / "generator-export", args.commit)
        sys.path.insert(0, str(code))
        from generator.pipeline import Paths

        paths = Paths(content, work / "out", code / "templates", code / "static", work / "index", work / "cache")
        for folder in (paths.out, paths.index, paths.cache):
            shutil.rmtree(folder, ignore_errors=True)
        profiled_build(paths, code, args.top, f"cold build, {args.size} articles")
        profiled_build(paths, code, args.top, f"no-change rebuild, {args.size} articles")
        edited = sorted(content.rglob("*.md"))[len(list(content.rglob("*.md"))) // 2]
        with edited.open("a", encoding="utf-8") as handle:
            handle.write(EDIT)
        profiled_build(paths, code, args.top, f"one-article rebuild, {args.size} articles")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
