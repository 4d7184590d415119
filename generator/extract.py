"""Read metadata and a displayable body out of a raw scraped text.

This is the extractor's single entry point: `extract(text, default_lang)`. The
pipeline calls it for every `.txt` (and for the language of a `.md` without `lang`);
curated metadata is merged over its result afterwards, so it never needs to know
about front matter or sidecars.

The stages, each in its own module: `linefold` (the folded form rules see),
`langdetect`, `layout` (boilerplate, metadata lines, content), `bylines`, `dateparse`,
`boilerplate` (repeated body), `titles`. Patterns live in `generator/patterns/*.yml`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .boilerplate import repeated_paragraphs
from .bylines import inline_credit, leading_byline, outlet_mention, place_dateline
from .dateparse import best_of_line, dates_in
from .docheader import DocHeader, is_doc, parse_doc
from .langdetect import SAMPLE_CHARS
from .langdetect import detect_language as _detect
from .layout import Line, Reading, read_lines
from .linefold import fold, tidy
from .model import Block, Extracted, Removal
from .rules import LanguageRules, rules_in_force
from .titles import derive_title, looks_like_heading, looks_like_title

__all__ = ["derive_title", "detect_language", "extract"]

OPENING_PARAGRAPHS = 2  # bylines and outlet credits are read in the first paragraphs only
MIN_PARAGRAPHS_FOR_HEADINGS = 3
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class _Para:
    line: int
    text: str
    folded: str
    kind: str = "p"


def detect_language(text: str, default_lang: str) -> str | None:
    """The language of any text (ar, fa, ur, en, fr), or None when unknown; `default_lang` is not guessed."""
    return _detect(fold(text[:SAMPLE_CHARS])).lang


def extract(text: str, default_lang: str) -> Extracted:
    """Language, title, date, outlet, author, place and the cleaned body of a raw text.

    `default_lang` is only the site's display language; a text whose language is not
    clear gets `lang=None` and a review note, never the default in disguise.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = parse_doc(raw_lines) if is_doc(text) else None
    first, end = (header.body_first, header.body_end) if header else (0, len(raw_lines))
    removals = [
        Removal(n, tidy(raw), "doc-header")
        for n, raw in enumerate(raw_lines, start=1)
        if not first < n <= end and raw.strip()
    ]
    lines = [Line(n, tidy(raw), fold(raw)) for n, raw in enumerate(raw_lines, start=1) if first < n <= end]
    lines = [line for line in lines if line.folded]
    if not lines:
        # Nothing to show; a header's record is still read, so the report can name the article.
        return Extracted(
            title=header.fields.get("TITLE") if header else None,
            published=_published(header, Reading(), rules_in_force(None), None),
            outlet=header.fields.get("SRC") if header else None,
            original_url=header.fields.get("URL") if header else None,
            review=("empty: the file holds no article text",),
            removals=tuple(removals),
        )
    detection = _detect(_sample(lines))
    rules_set = rules_in_force(detection.lang)
    reading = read_lines(lines, rules_set, detection.lang)
    removals += reading.removals
    paragraphs = _open_paragraphs(reading, rules_set, removals)
    paragraphs = _split_credits(paragraphs, reading, rules_set, detection.lang, removals)
    paragraphs = _drop_repeats(paragraphs, removals)
    review = [detection.doubt] if detection.doubt else []
    if not any(_LETTER.search(p.folded) for p in paragraphs):
        # Only furniture or an agency tag: nothing to publish; the note says why first.
        return Extracted(lang=detection.lang, review=("stub: no article text, only page furniture or an agency tag",
                         *review), removals=_sorted(removals), outlet=reading.outlet)
    title, derived, paragraphs = _title(paragraphs, reading, header)
    published = _published(header, reading, rules_set, detection.lang)
    review += _review_notes(derived, published)
    return Extracted(
        lang=detection.lang,
        title=title,
        title_derived=derived,
        published=published,
        outlet=(header.fields.get("SRC") if header else None) or reading.outlet,
        author=(header.fields.get("AUTHOR") if header else None) or reading.author,
        place=reading.place,
        body=_blocks(paragraphs),
        removals=_sorted(removals),
        review=tuple(review),
        original_url=header.fields.get("URL") if header else None,
    )


def _sample(lines: list[Line]) -> str:
    sample, size = [], 0
    for line in lines:
        sample.append(line.folded)
        size += len(line.folded)
        if size > SAMPLE_CHARS:
            break
    return " ".join(sample)


def _sorted(removals: list[Removal]) -> tuple[Removal, ...]:
    return tuple(sorted(removals, key=lambda r: r.line))


def _open_paragraphs(reading: Reading, rules_set: tuple[LanguageRules, ...], removals: list[Removal]) -> list[_Para]:
    """Paragraphs, with bylines that open the first ones read and taken out of the display."""
    paragraphs = []
    for index, line in enumerate(reading.content):
        text, folded = line.text, line.folded
        if index < OPENING_PARAGRAPHS:
            found = leading_byline(text, folded, rules_set)
            if found:
                byline, cut = found
                reading.take(byline, line.number, rules_set, None)
                removals.append(Removal(line.number, tidy(text[:cut]), "metadata"))
                text = tidy(text[cut:])
                folded = fold(text)
            mention = outlet_mention(folded, text, rules_set)
            if mention and not reading.outlet:
                # `به گزارش «…»،` credits the outlet; a title made from this paragraph starts after it.
                reading.outlet = mention[0]
                reading.credit_end = mention[1] if index == 0 else 0
            if not reading.place:
                place = place_dateline(text, folded, rules_set)
                reading.place = place[0] if place and index == 0 else None
        paragraphs.append(_Para(line.number, text, folded))
    return paragraphs


def _split_credits(
    paragraphs: list[_Para], reading: Reading, rules_set: tuple[LanguageRules, ...], lang: str | None,
    removals: list[Removal],
) -> list[_Para]:
    """A credit glued into a paragraph (`.العرب  [نُشر في 2017/11/15]تنظيم …`) is read and the paragraph split there."""
    result: list[_Para] = []
    for para in paragraphs:
        found = inline_credit(para.text, para.folded, rules_set)
        if not found:
            result.append(para)
            continue
        byline, start, end = found
        reading.take(byline, para.line, rules_set, lang)
        removals.append(Removal(para.line, tidy(para.text[start:end]), "metadata"))
        before, after = tidy(para.text[:start]), tidy(para.text[end:])
        if before:
            result.append(_Para(para.line, before, fold(before)))
        result.extend(_after_credit(para.line, after, reading, rules_set))
    return result


def _after_credit(line: int, text: str, reading: Reading, rules_set: tuple[LanguageRules, ...]) -> list[_Para]:
    # What follows such a credit is a subtitle, then the dateline that opens the article.
    if not text:
        return []
    folded = fold(text)
    place = place_dateline(text, folded, rules_set)
    if not place:
        return [_Para(line, text, folded)]
    reading.place = reading.place or place[0]
    subtitle, rest = tidy(text[: place[1]]), tidy(text[place[1] :])
    if not subtitle or not looks_like_heading(subtitle, rest):
        return [_Para(line, text, folded)]
    return [_Para(line, subtitle, fold(subtitle), "h"), _Para(line, rest, fold(rest))]


def _drop_repeats(paragraphs: list[_Para], removals: list[Removal]) -> list[_Para]:
    repeated = repeated_paragraphs([p.folded for p in paragraphs])
    removals.extend(Removal(paragraphs[i].line, paragraphs[i].text, "repeated-body") for i in sorted(repeated))
    return [p for i, p in enumerate(paragraphs) if i not in repeated]


def _title(paragraphs: list[_Para], reading: Reading, header: DocHeader | None) -> tuple[str, bool, list[_Para]]:
    """The title line and the paragraphs left once it is taken out; else a title from the first sentence."""
    if header and header.fields.get("TITLE"):
        return header.fields["TITLE"], False, paragraphs
    # A title opens the text, or follows a metadata block (bullets, a dateline).
    candidates = [i for i, p in enumerate(paragraphs) if i == 0 or p.line in reading.after_metadata][:2]
    for index in candidates:
        longest_other = max((len(p.text) for i, p in enumerate(paragraphs) if i != index), default=0)
        # Only a line set apart by page furniture (a date, bullets, an advert) is taken for
        # a title: a short first line alone is as often a caption, a name or a lead.
        set_apart = paragraphs[index].line in reading.beside_furniture
        if set_apart and paragraphs[index].kind == "p" and looks_like_title(paragraphs[index].text, longest_other):
            return paragraphs[index].text, False, paragraphs[:index] + paragraphs[index + 1 :]
    return derive_title(paragraphs[0].text[reading.credit_end :]), True, paragraphs


def _published(
    header: DocHeader | None, reading: Reading, rules_set: tuple[LanguageRules, ...], lang: str | None
) -> dt.date | None:
    # The record's own date first, then the article's metadata block; dates in the
    # prose are events, not the publication, and are never taken.
    if header and header.fields.get("TIME"):
        value = best_of_line(dates_in(fold(header.fields["TIME"]), rules_set, lang))
        if value:
            return value
    return min(reading.dates)[1] if reading.dates else None


def _blocks(paragraphs: list[_Para]) -> tuple[Block, ...]:
    many = len(paragraphs) >= MIN_PARAGRAPHS_FOR_HEADINGS
    blocks = []
    for index, para in enumerate(paragraphs):
        following = paragraphs[index + 1].text if index + 1 < len(paragraphs) else None
        heading = para.kind == "h" or (many and index > 0 and looks_like_heading(para.text, following))
        blocks.append(Block("h" if heading else "p", para.text, para.line))
    return tuple(blocks)


def _review_notes(derived: bool, published: dt.date | None) -> list[str]:
    notes = []
    if derived:
        notes.append("no title line found; title made from the first sentence")
    if published is None:
        notes.append("no date found")
    return notes
