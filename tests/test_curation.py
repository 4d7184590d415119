"""The curation loop: export, edit as a spreadsheet would, import, rebuild, see the change."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from conftest import CONTENT, build_into

from generator.cli import main

SEED = "003_8fd63c14d31d5337.txt"


def read_rows(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(file: Path, rows: list[dict[str, str]]) -> None:
    with file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_export_edit_import_rebuild(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "003_8fd63c14d31d5337.yml").write_text("tags: [الرقة]\n", encoding="utf-8")
    sheet = tmp_path / "metadata.csv"
    assert main(["metadata", "export", str(sheet), "--content", str(content), "--config", "none.yml"]) == 0
    rows = read_rows(sheet)
    assert [r["path"] for r in rows] == sorted(p.name for p in CONTENT.glob("*.txt"))
    row = next(r for r in rows if r["path"] == SEED)
    assert row["title_origin"] in ("derived", "extracted") and row["tags"] == "الرقة"
    row["title"] = "داعش يمنع المدنيين من مغادرة مناطقه"
    row["published"] = "2016-03-14"
    write_rows(sheet, rows)

    assert main(["metadata", "import", str(sheet), "--content", str(content), "--config", "none.yml"]) == 0
    sidecar = (content / "003_8fd63c14d31d5337.yml").read_text(encoding="utf-8")
    assert "الرقة" in sidecar and "داعش يمنع المدنيين" in sidecar  # merged, not clobbered
    untouched = [p.name for p in content.glob("*.yml")]
    assert untouched == ["003_8fd63c14d31d5337.yml"]  # only changed rows get a sidecar

    result = build_into(content, tmp_path / "public")
    article = next(a for a in result.articles if a.path == SEED)
    assert article.title == "داعش يمنع المدنيين من مغادرة مناطقه"
    assert article.published.isoformat() == "2016-03-14"
    assert article.provenance["title"] == "curated" and article.provenance["tags"] == "curated"
    html = (tmp_path / "public" / article.url / "index.html").read_text(encoding="utf-8")
    assert "داعش يمنع المدنيين من مغادرة مناطقه" in html and 'datetime="2016-03-14"' in html
    record = next(r for r in json.loads((tmp_path / "public" / "catalog.json").read_text()) if r["path"] == SEED)
    assert record["provenance"]["published"] == "curated"


def test_invalid_rows_are_reported_with_their_number(tmp_path: Path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    sheet = tmp_path / "metadata.csv"
    main(["metadata", "export", str(sheet), "--content", str(content), "--config", "none.yml"])
    rows = read_rows(sheet)
    rows[0]["published"] = "2017-02-30"
    rows[1]["path"] = "nowhere.txt"
    write_rows(sheet, rows)
    assert main(["metadata", "import", str(sheet), "--content", str(content), "--config", "none.yml"]) == 1
    errors = capsys.readouterr().err
    assert "row 2" in errors and "not a real calendar date" in errors
    assert "row 3" in errors and "nowhere.txt" in errors
    assert not list(content.glob("*.yml"))


def test_check_reports_what_needs_review_and_writes_nothing(tmp_path: Path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "empty.txt").write_text("  \n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["check", "--content", str(content), "--config", "none.yml"]) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert "001_bf4fdc5bbe916684.txt" in printed and "published     [extracted] 2017-04-27" in printed
    assert "removed line 13 (sign-off): انتهای پیام/ ." in printed  # the Persian seed's wire sign-off
    assert "needs review: no date found" in printed
    assert "empty.txt  not published (empty)" in printed


def test_searching_before_any_build_says_what_to_do(tmp_path, capsys):
    assert main(["search", "داعش", "--index", str(tmp_path / "none")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "build.py build" in error and "Traceback" not in error


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    import subprocess
    import sys

    from conftest import CONTENT, ROOT

    index = tmp_path / "index"
    command = [sys.executable, str(ROOT / "build.py")]
    subprocess.run([*command, "build", "--content", str(CONTENT), "--out", str(tmp_path / "site"), "--index",
                    str(index), "--no-cache"], check=True, capture_output=True)
    search = subprocess.Popen([*command, "search", "داعش", "--json", "--index", str(index)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert search.stdout is not None
    search.stdout.close()  # before a line is written, as `| head -0` would
    _, error = search.communicate(timeout=60)
    assert b"Traceback" not in error and search.returncode == 0
