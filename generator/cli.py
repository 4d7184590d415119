"""Argument parsing and exit codes for `build.py`; every command calls into the package.

Exit status: 0 every file built; 1 the site was built but some files could not be
(each listed), or warnings under --strict; 2 nothing could be built.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import jinja2

from .config import DEV_PORT, ConfigError, SiteConfig, load_config
from .i18n import CatalogError
from .pipeline import BuildResult, Paths, build_site
from .progress import progress_bar
from .report import printable, summary
from .sources import default_jobs
from .writer import OutputError

EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_BUILT = 0, 1, 2
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX = Path(".cache/search-index")
DEFAULT_CACHE = Path(".cache/build")
DEV_OUT = Path(".cache/dev-site")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static website from a folder of news articles (.txt as scraped, or .md with YAML "
        "front matter). Without a command, runs 'build'.",
        epilog="Exit status: 0 every file built; 1 the site was built but some files could not be (each listed), "
        "or there were warnings under --strict; 2 nothing could be built (for example a configuration error).",
    )
    commands = parser.add_subparsers(dest="command")
    build = commands.add_parser("build", help="build the site (the default command)")
    _site_options(build)
    build.add_argument("--out", type=Path, default=Path("public"), help="output folder (default: public)")
    build.add_argument("--base-url", help="public address of the site, e.g. https://example.org/archive/ "
                       "(used for canonical links, feeds and the sitemap; pages link relatively either way)")
    build.add_argument("--strict", action="store_true", help="count warnings as failures (exit status 1)")
    build.add_argument("--verbose", action="store_true", help="also list informational messages")
    build.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                       help=f"build cache folder, so a rebuild redoes only what changed (default: {DEFAULT_CACHE})")
    build.add_argument("--no-cache", action="store_true", help="ignore the build cache and build everything")
    serve = commands.add_parser("serve", help="build into a development folder, serve it on 127.0.0.1 and "
                                "rebuild and reload open pages when a source, template or site.yml changes")
    _site_options(serve)
    serve.add_argument("--port", type=int, default=DEV_PORT, help=f"port on 127.0.0.1 (default: {DEV_PORT})")
    serve.add_argument("--out", type=Path, default=DEV_OUT, help=f"development folder (default: {DEV_OUT})")
    check = commands.add_parser("check", help="read and extract everything, print the report, write nothing")
    _site_options(check)
    metadata = commands.add_parser(
        "metadata", help="export every article's metadata to CSV, or import edited values as curated sidecars")
    metadata.add_argument("action", choices=("export", "import"))
    metadata.add_argument("file", type=Path, help="the CSV file to write (export) or read (import)")
    _site_options(metadata)
    search = commands.add_parser("search", help="query the search index of the last build")
    search.add_argument("query", help="words to look for; \"quoted phrase\", -excluded")
    search.add_argument("--json", action="store_true", help="print results as a JSON array")
    search.add_argument("--limit", type=int, default=20, help="most results to print (default: 20)")
    search.add_argument("--lang", help="only articles in this language code")
    search.add_argument("--index", type=Path, default=DEFAULT_INDEX, help=f"index folder (default: {DEFAULT_INDEX})")
    return parser


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="folder of articles (default: content)")
    parser.add_argument("--config", type=Path, default=Path("site.yml"), help="site configuration (default: site.yml)")
    parser.add_argument("--templates", type=Path, default=PROJECT_ROOT / "templates", help=argparse.SUPPRESS)
    parser.add_argument("--static", type=Path, default=PROJECT_ROOT / "static", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX,
                        help=f"where to keep the command-line search index (default: {DEFAULT_INDEX})")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="processes for reading and rendering (default: the number of cores)")


def main(argv: list[str]) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader of our output went away (`build.py search … | head -1`): what it read is all it
        # wanted. Output closed quietly, so Python's own flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    if args.command == "search":
        from .search import cli_search

        try:
            print(cli_search(args.index, args.query, args.limit, args.lang, args.json))
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_NOTHING_BUILT
        return EXIT_OK
    config = _config(args)
    if config is None:
        return EXIT_NOTHING_BUILT
    if not args.content.is_dir():
        print(f"error: {args.content}: the content folder does not exist (pass --content DIR)", file=sys.stderr)
        return EXIT_NOTHING_BUILT
    if args.command == "metadata":
        return _metadata(args, config)
    if args.command == "check":
        from .check import run_check

        return run_check(args.content, config)
    if args.command == "serve":
        from .serve import serve

        # The development site needs no command-line search index; skipping it keeps rebuilds quick.
        paths = Paths(args.content, args.out, args.templates, args.static, None, DEFAULT_CACHE / "dev")
        serve(paths, args.config, args.port, args.jobs)
        return EXIT_OK
    return _build(args, config)


def _config(args: argparse.Namespace) -> SiteConfig | None:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(printable(f"error: {exc.path}: {problem}"), file=sys.stderr)
        print("nothing was built: fix site.yml and build again", file=sys.stderr)
        return None
    return config.with_base_url(getattr(args, "base_url", None))


def _build(args: argparse.Namespace, config: SiteConfig) -> int:
    cache = None if args.no_cache else args.cache
    paths = Paths(args.content, args.out, args.templates, args.static, args.index, cache)
    try:
        with progress_bar(enabled=sys.stderr.isatty()) as on_progress:
            result = build_site(paths, config, jobs=max(1, args.jobs), progress=on_progress)
    except (OutputError, OSError, CatalogError, jinja2.TemplateError) as exc:
        # Whole-build failures: the previous site is left as it was (the output is swapped in last).
        print(printable(f"error: the build stopped: {exc}"), file=sys.stderr)
        print("nothing was changed in the output folder; fix the problem above and build again", file=sys.stderr)
        return EXIT_NOTHING_BUILT
    print(summary(result.articles, result.diagnostics, result.files_written, args.verbose))
    print(f"open {(args.out / 'index.html').resolve()} in a browser, or serve the folder {args.out}")
    return exit_status(result, args.strict)


def _metadata(args: argparse.Namespace, config: SiteConfig) -> int:
    from .curation import export_metadata, import_metadata

    if args.action == "export":
        count = export_metadata(args.content, config, args.file)
        print(f"{count} articles written to {args.file}; edit the values, then run 'metadata import {args.file}'")
        return EXIT_OK
    report = import_metadata(args.content, config, args.file)
    for path, keys in sorted(report.changed.items()):
        print(f"{path}: curated {', '.join(keys)}")
    for problem in report.problems:
        print(f"error: {args.file}: {problem}", file=sys.stderr)
    print(f"{len(report.changed)} sidecars written, {len(report.problems)} rows refused; build again to see the change")
    return EXIT_SOME_FAILED if report.problems else EXIT_OK


def exit_status(result: BuildResult, strict: bool) -> int:
    if not result.articles and result.errors:
        return EXIT_NOTHING_BUILT
    if result.errors or (strict and result.warnings):
        return EXIT_SOME_FAILED
    return EXIT_OK
