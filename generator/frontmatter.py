"""Curated metadata: YAML front matter of `.md` files and `NAME.yml` sidecars.

Both use the same keys and the same validation. A value of the wrong type is
reported and treated as not given; unknown keys are kept under `extra`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .config import did_you_mean
from .model import CuratedMeta, Diagnostic
from .reader import drop_control_characters
from .slugs import SlugError, clean_slug
from .yamlsafe import YamlError, load_yaml_with_lines

KNOWN_KEYS = ("title", "date", "lang", "outlet", "author", "url", "tags", "slug", "translation_key", "draft")
_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_LATEST_YEAR = 2100  # a date past this is a typing mistake, not a publication date


class MetaError(ValueError):
    """Metadata that cannot be read at all (broken YAML, not a mapping)."""

    def __init__(self, message: str, line: int | None, hint: str):
        self.line = line
        self.hint = hint
        super().__init__(message)


@dataclass
class MetaReading:
    """Validated metadata and the warnings met on the way."""

    meta: CuratedMeta
    warnings: list[Diagnostic] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, line number where the body starts)."""
    if not text.startswith("---"):
        return None, text, 1
    match = _FENCE.match(text)
    if not match:
        raise MetaError("front matter starts with '---' but is never closed", 1,
                        "end the metadata block with a line holding only '---'")
    yaml_text = match.group(1) or ""
    return yaml_text, text[match.end():], yaml_text.count("\n") + 3


def parse_meta(yaml_text: str, path: str, first_line: int = 1) -> MetaReading:
    """Validate a metadata mapping. Raises MetaError when the YAML itself is unusable."""
    try:
        data, key_lines = load_yaml_with_lines(yaml_text)
    except YamlError as exc:
        line = exc.line + first_line - 1 if exc.line else None
        raise MetaError(f"metadata is not valid YAML: {exc}", line, exc.hint) from exc
    if data is None:
        return MetaReading(CuratedMeta())
    if not isinstance(data, dict):
        raise MetaError(f"metadata must be a mapping such as 'title: …', not a {type(data).__name__}", first_line,
                        "write one 'key: value' per line")
    return _validate(data, path, {key: line + first_line - 1 for key, line in key_lines.items()})


def _validate(data: dict[Any, Any], path: str, lines: dict[str, int]) -> MetaReading:
    warnings: list[Diagnostic] = []
    values: dict[str, Any] = {}
    extra: dict[str, object] = {}
    for key, value in data.items():
        name = str(key)
        warn = _warner(warnings, path, lines.get(name))  # each message points at its key's line
        if name not in KNOWN_KEYS:
            extra[name] = value
            warn(f"unknown metadata key '{name}', kept under extra", did_you_mean(name, KNOWN_KEYS))
            continue
        checked = _CHECKS[name](value, warn)
        if checked is not None:
            values[name] = checked
    meta = CuratedMeta(
        title=values.get("title"), published=values.get("date"), lang=values.get("lang"),
        outlet=values.get("outlet"), author=values.get("author"), original_url=values.get("url"),
        tags=values.get("tags"), slug=values.get("slug"), translation_key=values.get("translation_key"),
        draft=values.get("draft", False), extra=extra,
    )
    return MetaReading(meta, warnings)


Warn = Callable[[str, str], None]


def _warner(warnings: list[Diagnostic], path: str, line: int | None) -> Warn:
    def warn(message: str, hint: str = "") -> None:
        warnings.append(Diagnostic("warning", "metadata", path, message, hint, line))

    return warn


def _text(key: str) -> Callable[[Any, Warn], str | None]:
    def check(value: Any, warn: Warn) -> str | None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            warn(f"'{key}' must be text, not {type(value).__name__}; ignored", f"write it as {key}: \"…\"")
            return None
        # YAML escapes ("\x08") can spell control characters; they would break the feeds' XML.
        text = " ".join(drop_control_characters(str(value)).split())
        return text or None

    return check


def _date(value: Any, warn: Warn) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            warn(f"'date' {value!r} is not a real calendar date; ignored", "write it as YYYY-MM-DD, e.g. 2017-04-27")
            return None
    if not isinstance(value, dt.date):
        warn(f"'date' must be a date, not {type(value).__name__}; ignored", "write it as YYYY-MM-DD")
        return None
    if value.year > _LATEST_YEAR:
        warn(f"'date' {value.isoformat()} is far in the future; ignored", "check the year")
        return None
    return value


def _lang(value: Any, warn: Warn) -> str | None:
    if not isinstance(value, str) or not _LANG_CODE.match(value.strip()):
        warn(f"'lang' {value!r} is not a language code; ignored", "use a code such as ar, fa, ur or en")
        return None
    return value.strip()


def _url(value: Any, warn: Warn) -> str | None:
    if not isinstance(value, str) or not re.match(r"^https?://[^\s<>\"]+$", value.strip()):
        warn(f"'url' {value!r} is not an http(s) address; ignored", "give the full address, https://…")
        return None
    return value.strip()


def _tags(value: Any, warn: Warn) -> tuple[str, ...] | None:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(t, str | int) and not isinstance(t, bool) for t in items):
        warn("'tags' must be a list of words; ignored", "write tags: [داعش, سوريا]")
        return None
    tags = [" ".join(drop_control_characters(str(t)).split()) for t in items]
    return tuple(dict.fromkeys(t for t in tags if t))


def _slug(value: Any, warn: Warn) -> str | None:
    if not isinstance(value, str):
        warn("'slug' must be text; ignored", "write slug: my-article")
        return None
    try:
        return clean_slug(value)
    except SlugError as exc:
        warn(f"'slug' {value!r} {exc}; ignored", "use letters, digits, '-' and '/' only")
        return None


def _draft(value: Any, warn: Warn) -> bool | None:
    if not isinstance(value, bool):
        warn("'draft' must be true or false; ignored", "write draft: true")
        return None
    return value


_CHECKS: dict[str, Callable[[Any, Warn], Any]] = {
    "title": _text("title"), "date": _date, "lang": _lang, "outlet": _text("outlet"), "author": _text("author"),
    "url": _url, "tags": _tags, "slug": _slug, "translation_key": _text("translation_key"), "draft": _draft,
}


def merge(front: CuratedMeta, sidecar: CuratedMeta) -> CuratedMeta:
    """The sidecar is the archivist's later word: its values win over the front matter's."""
    merged = {name: getattr(sidecar, name) if getattr(sidecar, name) is not None else getattr(front, name)
              for name in ("title", "published", "lang", "outlet", "author", "original_url", "tags", "slug",
                           "translation_key")}
    return CuratedMeta(**merged, draft=front.draft or sidecar.draft, extra={**front.extra, **sidecar.extra})
