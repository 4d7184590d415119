"""The archive's catalog: one record per source file, as JSON and CSV, for review and reuse.

Every input file appears: published articles with their metadata and provenance,
and files that got no page (drafts, empty files, copies, errors) with the reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence

from .articles import Unpublished
from .model import METADATA_FIELDS, Article, OutputFile
from .originals import unpublished_source_url

COLUMNS = ("path", "status", "url", "lang", "dir", "title", "published", "outlet", "author", "place", "tags",
           "original_url", "encoding", "sha256", "boilerplate_removed", "lines_removed", "copy_of", "reason",
           "provenance")
# Removals that are not page furniture: metadata lines read into fields, a repeated body, a header.
_NOT_BOILERPLATE = {"metadata", "repeated-body", "doc-header"}


def article_record(article: Article) -> dict[str, object]:
    return {
        "path": article.path, "status": "published", "url": article.url, "lang": article.lang,
        "dir": article.direction, "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "outlet": article.outlet, "author": article.author, "place": article.place, "tags": list(article.tags),
        "original_url": article.original_url, "encoding": article.encoding, "sha256": article.sha256,
        "boilerplate_removed": sum(1 for r in article.removals if r.rule not in _NOT_BOILERPLATE),
        "lines_removed": len(article.removals), "copy_of": None, "reason": None,
        "provenance": {name: article.provenance.get(name, "missing") for name in METADATA_FIELDS},
    }


def unpublished_record(item: Unpublished) -> dict[str, object]:
    record: dict[str, object] = dict.fromkeys(COLUMNS)
    record.update(path=item.path, status=item.status, sha256=item.sha256 or None, encoding=item.encoding or None,
                  reason=item.reason, copy_of=item.copy_of, url=unpublished_source_url(item), tags=[], provenance={})
    return record


def article_lines(article: Article) -> tuple[bytes, bytes]:
    """The article's line of catalog.json and its row of catalog.csv, in UTF-8.

    A function of the article alone, so a build keeps them (outputs.py) and an edit
    encodes only the lines of the articles that changed."""
    return _lines(article_record(article))


def catalog_files(articles: Sequence[Article], unpublished: Sequence[Unpublished],
                  lines: Callable[[Article], tuple[bytes, bytes]] = article_lines) -> list[OutputFile]:
    """catalog.json and catalog.csv, one record per source file in the order of their paths."""
    rows = [(article.path, lines(article)) for article in articles]
    rows += [(item.path, _lines(unpublished_record(item))) for item in unpublished]
    rows.sort(key=lambda row: row[0])
    # One record a line: as easy to read, grep and diff as an indented file, and written by
    # json's C encoder (indenting falls back to its pure-Python one: seconds at 10,000 records).
    as_json = b"[\n" + b",\n".join(json_line for _, (json_line, _) in rows) + b"\n]\n" if rows else b"[]\n"
    # A BOM lets spreadsheet programs open Arabic and Persian text as UTF-8.
    as_csv = ("\ufeff" + _csv_line(COLUMNS)).encode() + b"".join(csv_line for _, (_, csv_line) in rows)
    return [OutputFile("catalog.json", as_json), OutputFile("catalog.csv", as_csv)]


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # one encoder for every record: json.dumps makes one per call
_TAGS, _PROVENANCE = COLUMNS.index("tags"), COLUMNS.index("provenance")


def _lines(record: dict[str, object]) -> tuple[bytes, bytes]:
    return _ENCODER.encode(record).encode(), _csv_line(_csv_row(record)).encode()


def _csv_line(row: Sequence[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def _csv_row(record: dict[str, object]) -> list[object]:
    """The record's values in column order; the csv module writes None as an empty field."""
    row = [record[column] for column in COLUMNS]
    row[_TAGS] = "; ".join(row[_TAGS] or [])  # type: ignore[arg-type]
    row[_PROVENANCE] = "; ".join(f"{k}={v}" for k, v in (row[_PROVENANCE] or {}).items())  # type: ignore[attr-defined]
    return row
