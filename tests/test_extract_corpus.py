"""Measurements on the development corpus in ../shared (skipped when it is not there)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from generator.duplicates import find_duplicate_groups
from generator.extract import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (CORPUS / "manifest.csv").is_file(),
        reason=f"the development corpus is not at {CORPUS} (it lives in ../shared beside the repository)",
    ),
]


def _manifest() -> list[dict[str, str]]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_language_has_no_mistake_on_the_corpus() -> None:
    wrong, unknown = [], []
    rows = _manifest()
    for row in rows:
        found = extract((CORPUS / row["file"]).read_text(encoding="utf-8"), "ar")
        if found.lang is None:
            unknown.append(row["file"])
            assert found.review, f"{row['file']}: unknown language must come with a note"
        elif found.lang != row["language"]:
            wrong.append(f"{row['file']}: read {found.lang}, manifest says {row['language']}")
    assert wrong == []
    # Unknown is allowed only for what has no language to speak of: empty files, stubs, captions of a name or two.
    assert len(unknown) <= 0.015 * len(rows), unknown


def test_doc_header_files_read_their_record() -> None:
    rows = [row for row in _manifest() if row["file"].startswith("ant-jawharafm/")]
    for row in rows:
        found = extract((CORPUS / row["file"]).read_text(encoding="utf-8"), "ar")
        if row["title"]:
            assert found.title == " ".join(row["title"].split()) and not found.title_derived
        assert found.published is not None, row["file"]
        assert all(not block.text.startswith("<") for block in found.body)
        assert found.original_url == row["url"]


def test_same_article_under_two_urls_is_found() -> None:
    items = [(row["file"], (CORPUS / row["file"]).read_text(encoding="utf-8")) for row in _manifest()]
    groups = find_duplicate_groups(items)
    assert ["farsnews/fars-news-1_113.txt", "farsnews/fars-news-5_113.txt"] in groups
    assert ["saudinewsnet/almadina/2015-07-23_0502.txt", "saudinewsnet/alyaum/2015-07-23_1047.txt"] in groups
    assert all(len(group) >= 2 for group in groups)
