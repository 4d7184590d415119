"""Run the output jobs whose keys changed, write only files whose bytes changed, put them in the site.

An edit to one article rewrites a handful of files and a build with no change writes
nothing at all; a large change is swapped in as a whole new tree, a small one moved in
under a journal (see writer.py), so no build leaves a half-written site.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import OutputFile, StoredFile
from .outputs import OutputJob
from .parallel import forked_map
from .progress import Progress, no_progress
from .writer import OutputError, abandon, carry_over, commit, discard, open_staging, patch, write_file

# What the last build made: job name -> (key, {output path: sha256 of its bytes}).
Made = dict[str, tuple[str, dict[str, str]]]
PARALLEL_THRESHOLD = 200  # jobs; fewer are faster in one process
# A site of this many outputs has a search export (which runs in the main process) long enough
# that the other jobs of even a small change are worth a forked worker beside it.
LARGE_SITE = 5000
# A change to at most this share of the site's files is moved into it under a journal
# (writer.patch) instead of swapping in a whole new tree of hard links (writer.commit).
# Moving is cheaper whenever most files stay; the swap keeps large changes to one instant.
# An edit at 10,000 articles can rewrite a few thousand search-index files (about 7%).
PATCH_SHARE = 0.25


@dataclass(frozen=True)
class Executed:
    made: Made
    rendered: int  # jobs run
    written: int  # files whose bytes were written
    removed: int  # files of the last build that no longer exist
    cleanup: threading.Thread | None = None  # deleting the previous site; join before reporting the build done


def execute(jobs: Sequence[OutputJob], previous: Made, out_dir: Path, workers: int = 1,
            progress: Progress = no_progress, check_files: bool = True) -> Executed:
    """`check_files=False` when this process has just published `previous` itself: its files are
    not looked for again (a stat of every file of the site)."""
    site_exists = out_dir.is_dir()
    previous = previous if site_exists else {}
    kept: Made = {}
    todo: list[OutputJob] = []
    missing: set[str] = set()
    root = os.fspath(out_dir) + os.sep
    for job in jobs:
        old = previous.get(job.name)
        absent = {p for p in old[1] if not _exists(root + p)} if old and check_files else set()
        missing |= absent
        if old and old[0] == job.key and not absent:
            kept[job.name] = old
        else:
            todo.append(job)
    # A file deleted from the site by hand is made again even when its bytes would not change.
    old_shas = {path: sha for _, files in previous.values() for path, sha in files.items() if path not in missing}
    staging: Path | None = None
    try:
        results = []
        if todo:
            staging = open_staging(out_dir)
            results = []
            for done, result in enumerate(_run(todo, old_shas, staging, workers, len(jobs)), start=1):
                results.append(result)
                progress("writing", done, len(todo))
        made = dict(kept)
        written = 0
        for name, key, files, count in results:
            made[name] = (key, files)
            written += count
        _refuse_shared_paths(made)
        final = {path for _, files in made.values() for path in files}
        gone = sorted(set(old_shas) - final)
        removed = len(gone)
        if site_exists and written == 0 and removed == 0:
            if staging is not None:
                abandon(staging)
            return Executed(made, len(todo), 0, 0)
        staging = staging or open_staging(out_dir)
        if site_exists and written + removed <= PATCH_SHARE * len(final):
            patch(staging, out_dir, gone)
            return Executed(made, len(todo), written, removed)
        carry_over(staging, out_dir, sorted(final & set(old_shas)))
        cleanup = discard(commit(staging, out_dir))
    except BaseException:
        if staging is not None:
            abandon(staging)
        raise
    return Executed(made, len(todo), written, removed, cleanup)


def _exists(path: str) -> bool:
    """Whether the site still has this file. This looks at every file of the site on every build:
    `access` asks the system no more than that (half the time of `os.path.isfile`'s stat at 10,000
    articles). A folder put where the file was would pass for it."""
    return os.access(path, os.F_OK)


def _refuse_shared_paths(made: Made) -> None:
    owners: dict[str, str] = {}
    for name, (_, files) in made.items():
        for path in files:
            if path in owners:
                raise OutputError(f"two outputs claim '{path}' ({owners[path]} and {name})")
            owners[path] = name


def _run(todo: Sequence[OutputJob], old_shas: dict[str, str], staging: Path, workers: int,
         site_jobs: int) -> Iterator[tuple[str, str, dict[str, str], int]]:
    for job in todo:
        if job.prepare is not None:
            job.prepare()
    elsewhere = [job for job in todo if not job.in_main_process]
    beside_main = site_jobs >= LARGE_SITE and 0 < len(elsewhere) < len(todo)
    if workers <= 1 or (len(todo) < PARALLEL_THRESHOLD and not beside_main):
        yield from (_make(job, old_shas, staging) for job in todo)
        return
    # Each worker writes its files into the staging folder and sends back only hashes. The workers
    # start first, so the main process's own jobs (the search export) run while they render.
    processes = workers if len(todo) >= PARALLEL_THRESHOLD else 1  # one beside the main process's export
    results = forked_map(_make_nth, (elsewhere, old_shas, staging), len(elsewhere), processes,
                         chunksize=max(1, len(elsewhere) // (processes * 8)))
    try:
        yield from (_make(job, old_shas, staging) for job in todo if job.in_main_process)
        yield from results
    finally:
        results.close()  # a failure here stops the workers too


def _make_nth(shared: tuple[Sequence[OutputJob], dict[str, str], Path],
              number: int) -> tuple[str, str, dict[str, str], int]:
    todo, old_shas, staging = shared
    return _make(todo[number], old_shas, staging)


def _make(job: OutputJob, old_shas: dict[str, str], staging: Path) -> tuple[str, str, dict[str, str], int]:
    files: dict[str, str] = {}
    written = 0
    for file in job.make():
        stored = isinstance(file, StoredFile)  # its hash is known; its bytes are read only to be written
        sha = file.sha256 if stored else hashlib.sha256(file.data).hexdigest()
        if file.path in files:
            raise OutputError(f"two outputs claim '{file.path}'")
        files[file.path] = sha
        if old_shas.get(file.path) != sha:
            write_file(staging, OutputFile(file.path, file.read()) if stored else file)
            written += 1
    return job.name, job.key, files, written
