"""The data every stage passes on: plain, frozen records.

Stages build these once with pure functions; templates, feeds, the catalog and the
search index only read them. Nothing downstream re-parses article text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from sys import intern
from typing import Any, Literal

# Where a metadata value came from. An archive's readers and its archivist both
# need to know whether a date was typed by a person or guessed from the text.
Origin = Literal["curated", "extracted", "derived", "missing"]
Severity = Literal["error", "warning", "info"]

# As long as any description or excerpt shown (400 characters at most, the feeds' summaries; see
# feeds.py, metadata.py, render.py). Every build holds the lead of every article: at 1,000
# characters it was more than half of a record's memory.
LEAD_CHARS = 500

METADATA_FIELDS = ("title", "published", "lang", "outlet", "author", "original_url", "tags")


@dataclass(frozen=True)
class Diagnostic:
    """One message for the build report: the file, the line, what is wrong, what to do."""

    severity: Severity
    code: str
    path: str
    message: str
    hint: str = ""
    line: int | None = None

    def format(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        text = f"{self.severity}: {where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class SourceFile:
    """One input file as read from disk, before any interpretation."""

    path: str  # POSIX path relative to the content folder
    raw: bytes
    sha256: str
    encoding: str  # the codec the bytes were decoded with
    text: str  # decoded, newlines normalised to "\n", BOM dropped


@dataclass(frozen=True)
class Block:
    """A piece of displayed body: a paragraph, a heading, or sanitised HTML from Markdown."""

    kind: Literal["p", "h", "html"]
    text: str  # plain text for "p"/"h"; sanitised HTML for "html"
    line: int | None = None  # first source line, where known


@dataclass(frozen=True)
class Removal:
    """A line taken out of the displayed body by cleaning; the original keeps it."""

    line: int
    text: str
    rule: str  # e.g. "advert", "comment-form", "repeated-body"


@dataclass(frozen=True)
class CuratedMeta:
    """Metadata a person wrote: Markdown front matter merged with a sidecar `.yml`.

    `None` means the person did not say; the extractor may then fill the gap.
    """

    title: str | None = None
    published: dt.date | None = None
    lang: str | None = None
    outlet: str | None = None
    author: str | None = None
    original_url: str | None = None
    tags: tuple[str, ...] | None = None
    slug: str | None = None
    translation_key: str | None = None
    draft: bool = False
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Extracted:
    """What the extractor read from a raw text. Every field may be missing."""

    lang: str | None = None
    title: str | None = None
    title_derived: bool = False  # True when made from the first sentence, not a title line
    published: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    place: str | None = None
    body: tuple[Block, ...] = ()
    removals: tuple[Removal, ...] = ()
    review: tuple[str, ...] = ()  # things a person should look at ("no date found", …)
    original_url: str | None = None  # when the text states where it was published (an inline <URL>)


@dataclass(frozen=True)
class Copy:
    """Another source file whose text is the same article (kept, published, listed)."""

    path: str
    sha256: str
    source_url: str  # relative URL of its published original, from the site root


# Slots: an archive's records are all held at once, and a __dict__ each weighed more than most of their
# fields (10,000 readings: 51 -> 38 MB, with the interning of _restored_article).
@dataclass(frozen=True, slots=True)
class Article:
    path: str  # source path relative to the content folder
    sha256: str  # of the original bytes
    encoding: str
    source_format: Literal["txt", "md"]
    lang: str
    direction: Literal["rtl", "ltr"]
    title: str
    published: dt.date | None
    outlet: str | None
    author: str | None
    place: str | None
    original_url: str | None
    tags: tuple[str, ...]
    url: str  # permalink from the site root, e.g. "articles/seed-1/"
    source_url: str  # where the unchanged original is published, from the site root
    translation_key: str | None
    body: tuple[Block, ...]
    body_text: str  # displayed body as plain text: excerpts, descriptions, search
    provenance: dict[str, Origin]
    removals: tuple[Removal, ...] = ()
    review: tuple[str, ...] = ()
    copies: tuple[Copy, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    # The start of the displayed text, whitespace flattened: all that listings, feeds and page
    # descriptions show, so those can be made while the body itself stays in the build cache.
    lead: str = ""
    # True for a record the build cache gave back without its body (`body` and `body_text` empty);
    # `with_body` makes it whole again. Pages and the search analysis only take whole records.
    partial: bool = False

    def __post_init__(self) -> None:
        if not self.partial:  # the lead follows the text, also through dataclasses.replace
            object.__setattr__(self, "lead", flat_lead(self.body_text))

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None

    def without_body(self) -> Article:
        """This record with its body left out (for keeping a whole archive of records in memory)."""
        return replace(self, body=(), body_text="", partial=True)

    def with_body(self, body: tuple[Block, ...], body_text: str) -> Article:
        return replace(self, body=body, body_text=body_text, partial=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (to the build cache, between processes) as its values, its texts as UTF-8 made
        here: pickle would leave a UTF-8 copy inside each string it writes, and a build holding an
        archive's records would hold their titles and leads twice once it saved them."""
        values = [getattr(self, name) for name in _ARTICLE_FIELDS]
        for index in _ARTICLE_TEXTS:
            values[index] = as_utf8(values[index])
        return _restored_article, tuple(values)


def _restored_article(*values: Any) -> Article:
    """An article as pickled, not made again (a partial record has no text to make its lead from).
    Values that recur across an archive are interned, so its records share one copy of each."""
    decoded = list(values)
    for index in _ARTICLE_TEXTS:
        decoded[index] = from_utf8(decoded[index])
    for index in _ARTICLE_SHARED:
        if decoded[index] is not None:
            decoded[index] = intern(decoded[index])
    decoded[_TAGS] = tuple(map(intern, decoded[_TAGS]))
    decoded[_PROVENANCE] = {intern(k): intern(v) for k, v in decoded[_PROVENANCE].items()}
    article = object.__new__(Article)
    for set_slot, value in zip(_ARTICLE_SLOTS, decoded, strict=True):
        set_slot(article, value)
    return article


def as_utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # as pickle itself does: a lone surrogate survives


def from_utf8(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_ARTICLE_TEXTS = tuple(_ARTICLE_FIELDS.index(name) for name in ("title", "body_text", "lead"))
_ARTICLE_SHARED = tuple(_ARTICLE_FIELDS.index(name)
                        for name in ("encoding", "source_format", "lang", "direction", "outlet", "author"))
_TAGS, _PROVENANCE = _ARTICLE_FIELDS.index("tags"), _ARTICLE_FIELDS.index("provenance")
# Each slot's own setter: it fills a field past the frozen class's __setattr__ in about a quarter less
# time than object.__setattr__ by name (this runs for every field of every reading of every build).
_ARTICLE_SLOTS = tuple(getattr(Article, name).__set__ for name in _ARTICLE_FIELDS)


def flat_lead(text: str) -> str:
    """The first LEAD_CHARS characters of `text` with whitespace runs as single spaces, and "…"
    after them where the text goes on (a template may ask for a longer excerpt than the lead)."""
    # Flattening a prefix gives a prefix of the flattened whole, so a long text need not be split whole.
    start = " ".join(text[:4 * LEAD_CHARS].split())
    if len(start) <= LEAD_CHARS and len(text) > 4 * LEAD_CHARS:
        start = " ".join(text.split())
    return start if len(start) <= LEAD_CHARS else start[:LEAD_CHARS] + "…"


@dataclass(frozen=True)
class OutputFile:
    """A file of the site: its path from the output root and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    """A file of the site whose bytes a store holds (search/kept_files.py): its hash is known, so
    they are read only if the file must be written."""

    path: str
    sha256: str
    read: Callable[[], bytes]
