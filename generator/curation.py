"""The curation loop: export every article's metadata to CSV, import a person's edits as sidecars.

An archivist reviews the export in a spreadsheet, corrects what the extractor got
wrong, and imports it. Only the values that changed become curated, written into
the sidecar `NAME.yml` beside each article; keys already in a sidecar are kept.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import SiteConfig
from .frontmatter import MetaError, parse_meta
from .gather import gather
from .model import Article
from .yamlsafe import YamlError, load_yaml

# CSV column -> sidecar key; the order is the spreadsheet's.
EDITABLE = {"title": "title", "published": "date", "lang": "lang", "outlet": "outlet", "author": "author",
            "original_url": "url", "tags": "tags", "translation_key": "translation_key"}
TAG_SEPARATOR = "; "


@dataclass(frozen=True)
class ImportReport:
    changed: dict[str, list[str]]  # article path -> the keys written to its sidecar
    problems: list[str]  # "row N: …"


def current_values(article: Article) -> dict[str, str]:
    return {
        "title": article.title, "published": article.published.isoformat() if article.published else "",
        "lang": article.lang, "outlet": article.outlet or "", "author": article.author or "",
        "original_url": article.original_url or "", "tags": TAG_SEPARATOR.join(article.tags),
        "translation_key": article.translation_key or "",
    }


def export_metadata(content_dir: Path, config: SiteConfig, csv_file: Path) -> int:
    """Write one row per published article: path, editable values, and where each came from."""
    articles = gather(content_dir, config).articles
    columns = ["path", *EDITABLE, *(f"{name}_origin" for name in EDITABLE if name != "translation_key")]
    with csv_file.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM lets spreadsheets see UTF-8
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for article in articles:
            origins = {f"{name}_origin": article.provenance.get(name, "missing") for name in EDITABLE
                       if name != "translation_key"}
            writer.writerow({"path": article.path, **current_values(article), **origins})
    return len(articles)


def import_metadata(content_dir: Path, config: SiteConfig, csv_file: Path) -> ImportReport:
    articles = {a.path: a for a in gather(content_dir, config).articles}
    changed: dict[str, list[str]] = {}
    problems: list[str] = []
    with csv_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        article = articles.get((row.get("path") or "").strip())
        if article is None:
            problems.append(f"row {number}: no published article at path {row.get('path')!r}")
            continue
        edits = _edits(row, current_values(article))
        if not edits:
            continue
        problem = _invalid(edits, article.path)
        if problem:
            problems.append(f"row {number} ({article.path}): {problem}")
            continue
        try:
            _merge_sidecar(content_dir / article.path, edits)
        except (YamlError, OSError) as exc:
            problems.append(f"row {number} ({article.path}): its sidecar cannot be updated: {exc}")
            continue
        changed[article.path] = sorted(edits)
    return ImportReport(changed, problems)


def _edits(row: dict[str, str | None], current: dict[str, str]) -> dict[str, object]:
    edits: dict[str, object] = {}
    for column, key in EDITABLE.items():
        if column not in row or row[column] is None:
            continue
        value = " ".join(str(row[column]).split())
        # An emptied cell cannot say "unknown" more clearly than a missing value already does.
        if not value or value == " ".join(current[column].split()):
            continue
        if column == "tags":
            edits[key] = [tag.strip() for tag in value.split(";") if tag.strip()]
        else:
            edits[key] = value
    return edits


def _invalid(edits: dict[str, object], path: str) -> str | None:
    """Validate with the same rules as front matter; a wrong value rejects the row."""
    try:
        reading = parse_meta(yaml.safe_dump(edits, allow_unicode=True), path)
    except MetaError as exc:
        return str(exc)
    return "; ".join(w.message for w in reading.warnings) or None


def _merge_sidecar(article_file: Path, edits: dict[str, object]) -> None:
    sidecar = article_file.with_suffix(".yml")
    existing: dict[str, object] = {}
    if sidecar.exists():
        loaded = load_yaml(sidecar.read_text(encoding="utf-8-sig"))
        if loaded is not None and not isinstance(loaded, dict):
            raise YamlError("it is not a mapping of keys to values")
        existing = dict(loaded or {})
    existing.update(edits)
    text = yaml.safe_dump(existing, allow_unicode=True, sort_keys=False, default_flow_style=False)
    temporary = sidecar.with_name(sidecar.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(sidecar)
