import pytest

from generator.model import OutputFile
from generator.writer import OutputError, clean_leftovers, safe_target, write_site


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
