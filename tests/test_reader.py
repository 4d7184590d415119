import os
from pathlib import Path

import pytest

from generator.reader import DecodeError, decode, discover, normalise_newlines, read_source

ARABIC = "مقاتلو داعش الأجانب يطلبون المساعدة للعودة لبلادهم\r\nسطر ثانٍ\rسطر ثالث\n"
PERSIAN = "به گزارش «شیعه نیوز»، این مردان می‌گویند"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16-le"),
    ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("cp1256", "cp1256"),
])
def test_decodes_the_encodings_archives_use(encoding, expected):
    text, found = decode(ARABIC.encode(encoding))
    assert text == ARABIC
    assert found == expected


def test_persian_in_utf16_with_bom():
    raw = b"\xff\xfe" + PERSIAN.encode("utf-16-le")
    assert decode(raw) == (PERSIAN, "utf-16-le")


def test_binary_file_is_refused_not_garbled():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


def test_undecidable_bytes_are_refused():
    with pytest.raises(DecodeError, match="cannot be told"):
        decode(b"abc \xff\xfe\xfa garbage \x81\x8d")


def test_newlines_are_normalised_and_hash_is_of_raw_bytes(tmp_path):
    raw = ARABIC.encode("utf-8")
    (tmp_path / "a.txt").write_bytes(raw)
    source = read_source(tmp_path, "a.txt")
    assert "\r" not in source.text and source.text.count("\n") == 3
    assert source.raw == raw
    import hashlib
    assert source.sha256 == hashlib.sha256(raw).hexdigest()


def test_discover_sorts_files_by_role_and_never_leaves_the_folder(tmp_path):
    content = tmp_path / "content"
    (content / "sub").mkdir(parents=True)
    (content / "b.txt").write_text("x")
    (content / "sub" / "a.md").write_text("x")
    (content / "b.yml").write_text("title: x")
    (content / ".DS_Store").write_bytes(b"\0")
    (content / "picture.jpg").write_bytes(b"\xff\xd8")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, content / "link.txt")
    os.symlink(content / "loop.txt", content / "loop.txt")
    os.symlink(tmp_path, content / "linked-folder")
    inventory = discover(content)
    assert inventory.articles == ("b.txt", "sub/a.md")
    assert inventory.sidecars == {"b.yml"}
    skipped = {d.path: d.code for d in inventory.skipped}
    assert skipped == {".DS_Store": "hidden", "picture.jpg": "not-an-article", "link.txt": "symlink-outside",
                       "loop.txt": "symlink-broken", "linked-folder": "symlink-dir"}


def test_symlink_inside_the_folder_is_read(tmp_path):
    (tmp_path / "real.txt").write_text("نص")
    os.symlink(tmp_path / "real.txt", tmp_path / "alias.txt")
    assert discover(Path(tmp_path)).articles == ("alias.txt", "real.txt")


def test_persian_with_zero_width_non_joiner_in_utf16_without_bom():
    raw = (PERSIAN + "\nمی‌گویند که گریخته‌اند.\n").encode("utf-16-le")
    assert decode(raw) == (PERSIAN + "\nمی‌گویند که گریخته‌اند.\n", "utf-16-le")


def test_control_characters_leave_the_text_but_not_the_original(tmp_path):
    raw = ("عنوان\b فيه\x1b[0m محرف\f\ufffe تحكم\n" + ARABIC * 20).encode()  # a few stray bytes, not a binary
    (tmp_path / "c.txt").write_bytes(raw)
    source = read_source(tmp_path, "c.txt")
    assert source.text == "عنوان فيه[0m محرف\n تحكم\n" + normalise_newlines(ARABIC * 20)
    assert source.raw == raw
