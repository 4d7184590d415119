import os

import pytest

from generator.model import OutputFile
from generator.writer import (
    OutputError,
    clean_leftovers,
    open_staging,
    patch,
    safe_target,
    write_file,
    write_site,
)


def test_write_site_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "public"
    write_site(out, [OutputFile("a/index.html", b"one"), OutputFile("old.txt", b"x")])
    write_site(out, [OutputFile("a/index.html", b"two")])
    assert (out / "a/index.html").read_bytes() == b"two"
    assert not (out / "old.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_failing_build_leaves_the_previous_site(tmp_path):
    out = tmp_path / "public"
    write_site(out, [OutputFile("index.html", b"good")])

    def broken():
        yield OutputFile("index.html", b"half")
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_site(out, broken())
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/x", "a/../../b", "a\\b", ""])
def test_paths_outside_the_output_are_refused(tmp_path, bad):
    with pytest.raises(OutputError):
        safe_target(tmp_path, bad)


def test_duplicate_output_paths_are_refused(tmp_path):
    with pytest.raises(OutputError, match="two outputs"):
        write_site(tmp_path / "public", [OutputFile("x", b"1"), OutputFile("x", b"2")])


def test_leftovers_of_an_interrupted_build_are_cleaned_and_old_site_restored(tmp_path):
    out = tmp_path / "public"
    (tmp_path / "public.tmp-123").mkdir()
    old = tmp_path / "public.old-123"
    old.mkdir()
    (old / "index.html").write_text("previous")
    clean_leftovers(out)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def _patched_site(tmp_path):
    out = tmp_path / "public"
    write_site(out, [OutputFile("a/index.html", b"one"), OutputFile("gone/index.html", b"x"),
                     OutputFile("keep.txt", b"k")])
    staging = open_staging(out)
    write_file(staging, OutputFile("a/index.html", b"two"))
    write_file(staging, OutputFile("new/page.html", b"new"))
    return out, staging


def test_a_patch_moves_changed_files_in_and_deletes_removed_ones(tmp_path):
    out, staging = _patched_site(tmp_path)
    patch(staging, out, ["gone/index.html"])
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == {
        "a/index.html": b"two", "new/page.html": b"new", "keep.txt": b"k"}
    assert not (out / "gone").exists()  # the folder emptied by the deletion goes too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("moves_before_the_stop", [0, 1])
def test_a_patch_stopped_half_way_is_finished_by_the_next_build(tmp_path, monkeypatch, moves_before_the_stop):
    out, staging = _patched_site(tmp_path)
    real_replace, calls = os.replace, []

    def dying_replace(source, target):
        calls.append(target)
        if len(calls) > 1 + moves_before_the_stop:  # the first call puts the journal in place
            raise KeyboardInterrupt("the process is stopped here")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        patch(staging, out, ["gone/index.html"])
    monkeypatch.setattr(os, "replace", real_replace)
    clean_leftovers(out)  # what the next build does first
    assert (out / "a/index.html").read_bytes() == b"two" and (out / "new/page.html").read_bytes() == b"new"
    assert not (out / "gone").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
