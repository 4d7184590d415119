"""Readable, safe URL segments that keep Arabic and Persian words.

ASCII slugging turns العراق and الرقة into the same `lrq`; here letters of every
script survive, so two names only meet when they differ by punctuation or case, and
`unique_slugs` reports and separates even those.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_BIDI_AND_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad]")
_NOT_SLUG = re.compile(r"[^\w\-.]+")
_DASHES = re.compile(r"-{2,}")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SEGMENT = 80
# What an article's or a listing's own folder holds: its page, its original, its copies.
# A segment spelled like one of these would put a folder where a file goes (or the
# reverse), so it is escaped the way Windows device names are.
_ARTICLE_FOLDER_NAMES = re.compile(r"^(index\.html?|source\..*|copies)$")


class SlugError(ValueError):
    pass


def slugify(name: str) -> str:
    """One URL segment from any text: letters and digits of any script, '-' between words."""
    text = unicodedata.normalize("NFC", name)
    text = _BIDI_AND_INVISIBLE.sub("", text).replace("\u0640", "")  # tatweel is only stretching
    text = _NOT_SLUG.sub("-", text.lower())
    text = _DASHES.sub("-", text).strip("-.")
    text = text[:MAX_SEGMENT].rstrip("-.")
    if text.split(".")[0] in _WINDOWS_RESERVED:
        text = "_" + text
    return text


def clean_slug(value: str) -> str:
    """A curated slug made safe: segments slugified, no '..', no absolute path, no backslash."""
    raw = value.replace("\\", "/")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        raise SlugError("is an absolute path")
    segments = [s for s in raw.split("/") if s not in ("", ".")]
    if any(s == ".." for s in segments):
        raise SlugError("climbs out of the site with '..'")
    cleaned = [slugify(s) for s in segments]
    if not cleaned or not all(cleaned):
        raise SlugError("has no letters or digits")
    return "/".join(_stem_segment(s) for s in cleaned)


def path_slug(rel_path: str) -> str:
    """The permalink stem of a source file: its path without the suffix, each segment slugified."""
    stem = rel_path.rsplit(".", 1)[0] if "." in rel_path.rsplit("/", 1)[-1] else rel_path
    segments = [_stem_segment(slugify(s) or "article") for s in stem.split("/")]
    return "/".join(segments)


def _stem_segment(segment: str) -> str:
    return "_" + segment if _ARTICLE_FOLDER_NAMES.match(segment) else segment


def unique_slugs(names: list[str]) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Map each distinct name to a slug no other name shares; also return the collisions met.

    Names are sorted first so the same archive always gives the same URLs.
    """
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(_stem_segment(slugify(name)) or "_", []).append(name)  # a tag "index.html" too
    mapping: dict[str, str] = {}
    collisions = []
    for slug, group in by_slug.items():
        mapping[group[0]] = slug
        for number, name in enumerate(group[1:], start=2):
            mapping[name] = f"{slug}-{number}"
        if len(group) > 1:
            collisions.append((slug, group))
    return mapping, collisions


def source_name(rel_path: str) -> str:
    """The file name an original is published under: `source.txt` or `source.md`, beside its page."""
    return "source." + rel_path.rsplit(".", 1)[-1].lower()


def href(path: str) -> str:
    """Percent-encode a site path for an href or a feed; readable again in any browser's bar."""
    return quote(path, safe="/-._~#?=&")
