"""Write the site so that an interrupted build never leaves it half-written.

A build writes into a temporary folder beside the output. When it changed much of the
site, the folder is completed with hard links to the unchanged files and swapped in
whole (`commit`): at every instant one complete site exists. When it changed a few
files (an edited article: its page, a few listings, feeds, search shards), linking
tens of thousands of unchanged files would cost far more than the change, so the few
files are moved into the site instead (`patch`), after a journal naming every move and
deletion is written: a build stopped half-way through the moves is finished by the
next one from the journal, before anything else. Leftovers of an interrupted build are
removed by the next one.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .model import OutputFile

TEMP_MARK = ".tmp-"
OLD_MARK = ".old-"
JOURNAL_MARK = ".journal-"


class OutputError(ValueError):
    pass


def safe_target(root: Path, rel: str) -> Path:
    """The file for a site path, refusing anything that would land outside the output folder."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or "\\" in rel or not pure.parts:
        raise OutputError(f"refusing to write '{rel}': it points outside the output folder")
    return root.joinpath(*pure.parts)


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Finish interrupted patches, then remove temporary folders that interrupted builds left."""
    removed = []
    for journal in sorted(out_dir.parent.glob(f"{out_dir.name}{JOURNAL_MARK}*")):
        if journal.suffix != ".writing":  # a journal still being written was never acted on
            _apply(out_dir, json.loads(journal.read_text(encoding="utf-8")))
        journal.unlink()
        removed.append(journal)
    olds = sorted(out_dir.parent.glob(f"{out_dir.name}{OLD_MARK}*"))
    if not out_dir.exists() and olds:
        os.replace(olds[-1], out_dir)  # a build stopped between its two renames: restore the old site
    for leftover in sorted(out_dir.parent.glob(f"{out_dir.name}{TEMP_MARK}*")) + sorted(
        out_dir.parent.glob(f"{out_dir.name}{OLD_MARK}*")
    ):
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover)
    return removed


def open_staging(out_dir: Path) -> Path:
    """A fresh, empty folder beside the output, cleaned of earlier interrupted builds."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out_dir)
    staging = out_dir.parent / f"{out_dir.name}{TEMP_MARK}{os.getpid()}"
    staging.mkdir()
    return staging


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def write_file(staging: Path, file: OutputFile) -> None:
    # Exclusive creation checks that no other output wrote this path in the same call that opens
    # it, and its folder is made only when missing: every page of a cold build passes through here.
    target = os.fspath(safe_target(staging, file.path))
    try:
        descriptor = os.open(target, _CREATE, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        descriptor = os.open(target, _CREATE, 0o666)
    except FileExistsError as exc:
        raise OutputError(f"two outputs claim '{file.path}'") from exc
    with open(descriptor, "wb") as out:
        out.write(file.data)


def carry_over(staging: Path, out_dir: Path, paths: Iterable[str]) -> None:
    """Hard-link unchanged files of the current site into the new one: no bytes are copied.

    Tens of thousands of files pass through here on every incremental build, so the loop
    works on strings and makes each folder once.
    """
    source_root, target_root = os.fspath(out_dir), os.fspath(staging)
    made: set[str] = set()
    for rel in paths:
        if rel.startswith("/") or "\\" in rel or ".." in rel.split("/"):  # as safe_target, without Path objects
            raise OutputError(f"refusing to carry over '{rel}': it points outside the output folder")
        folder = rel.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(target_root, folder), exist_ok=True)
            made.add(folder)
        source, target = os.path.join(source_root, rel), os.path.join(target_root, rel)
        try:
            os.link(source, target)
        except FileExistsError:
            continue  # written by this build
        except OSError:  # a file system without hard links
            shutil.copy2(source, target)


def patch(staging: Path, out_dir: Path, removed: Iterable[str]) -> None:
    """Move every file of `staging` into the site, delete `removed` from it, then drop `staging`."""
    out_dir = out_dir.absolute()
    moves = sorted(os.path.relpath(os.path.join(folder, name), staging).replace(os.sep, "/")
                   for folder, _, names in os.walk(staging) for name in names)
    plan = {"staging": os.fspath(staging.absolute()), "moves": moves, "removed": sorted(removed)}
    journal = out_dir.parent / f"{out_dir.name}{JOURNAL_MARK}{os.getpid()}"
    writing = journal.with_name(journal.name + ".writing")
    with open(writing, "w", encoding="utf-8") as stream:
        json.dump(plan, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(writing, journal)  # from here on, the patch happens even if this process dies
    _apply(out_dir, plan)
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _apply(out_dir: Path, plan: dict) -> None:
    """Carry out a patch's journal; safe to repeat, so an interrupted one can be finished."""
    staging = Path(plan["staging"])
    for rel in plan["moves"]:
        source = safe_target(staging, rel)
        if source.is_file():
            target = safe_target(out_dir, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for rel in plan["removed"]:
        target = safe_target(out_dir, rel)
        target.unlink(missing_ok=True)
        for folder in target.parents:  # folders left empty by a deleted article go too
            if folder == out_dir or not folder.is_relative_to(out_dir) or any(folder.iterdir()):
                break
            folder.rmdir()


def commit(staging: Path, out_dir: Path) -> Path | None:
    """Swap the new site in; returns the folder now holding the previous site, for `discard`."""
    return _swap(staging, out_dir.absolute())


def discard(previous: Path | None) -> threading.Thread | None:
    """Delete the previous site in a thread: tens of thousands of unlinks need not hold up the build.

    The caller joins the thread before it reports the build as finished.
    """
    if previous is None:
        return None
    thread = threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True})
    thread.start()
    return thread


def abandon(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def write_site(out_dir: Path, files: Iterable[OutputFile]) -> int:
    """Write every file into a fresh folder, then swap it in. Returns the number of files."""
    staging = open_staging(out_dir)
    count = 0
    try:
        for file in files:
            write_file(staging, file)
            count += 1
        shutil.rmtree(commit(staging, out_dir) or staging, ignore_errors=True)
    except BaseException:
        abandon(staging)
        raise
    return count


def _swap(staging: Path, out_dir: Path) -> Path | None:
    if out_dir.exists() and _exchange(staging, out_dir):
        return staging  # it now holds the previous site
    # Without an atomic exchange: move the old site aside first, so at every instant one
    # complete site exists under one of the two names; clean_leftovers restores it if needed.
    old = out_dir.parent / f"{out_dir.name}{OLD_MARK}{os.getpid()}"
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return None
    os.replace(out_dir, old)
    os.replace(staging, out_dir)
    return old


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step with Linux's renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return result == 0
