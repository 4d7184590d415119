"""Sort a scraped text's lines into furniture, metadata and content.

One pass over the lines: boilerplate is recorded as a removal with its rule; metadata
lines (bullets, bylines, datelines, date lines) are read into fields and recorded as
"metadata" removals; everything else is content, in order. Nothing is dropped without
a record, and the original text is never changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .boilerplate import boilerplate_rule
from .bylines import Byline, bullet_value, metadata_line
from .dateparse import FoundDate, best_of_line, dates_in
from .model import Removal
from .rules import LanguageRules

HEAD_LINES = 3  # bylines of the `X – Y` kind are read only among the first content lines
MAX_BULLET_CHARS = 50  # a metadata bullet holds a name, a date or a count; longer bullets are prose
MAX_DATE_LINE = 120  # folded characters; a date line is short
MAX_DATE_LINE_LEFTOVER = 25  # letters besides the date, weekday and time on a date line
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2})?\s*(ص|م|AM|PM|am|pm|ق\.?ظ|ب\.?ظ)?")
_DATE_WORDS = re.compile(r"(?<![^\W\d_])(هـ|ه ق|م|الموافق|الساعة|ساعت|مطابق|at|le|à)(?![^\W\d_])")
_LETTERS = re.compile(r"[^\W\d_]")
_NUMBER_OR_TIME = re.compile(r"[\d:./\s-]+")
_AUTHOR_LIKE = re.compile(r"[^\W\d_]+(?: [^\W\d_.]+){0,3}")  # one to four words, no digits, no question


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the original text
    text: str  # the original line, whitespace-tidied
    folded: str  # `linefold.fold(text)`, what rules see


@dataclass
class Reading:
    """What one pass over the lines found; private to one extraction."""

    content: list[Line] = field(default_factory=list)
    after_metadata: set[int] = field(default_factory=set)  # content lines right after a metadata line
    beside_furniture: set[int] = field(default_factory=set)  # content lines next to metadata or boilerplate
    removals: list[Removal] = field(default_factory=list)
    dates: list[tuple[int, dt.date]] = field(default_factory=list)  # (line, date) from metadata
    outlet: str | None = None
    author: str | None = None
    place: str | None = None
    credit_end: int = 0  # where an opening credit (`به گزارش «…»،`) ends in the first paragraph
    bullet_text_seen: bool = False
    bullet_author: str | None = None  # taken as the author only if the bullets also give a date
    bullet_dated: bool = False  # a text bullet was read; later ones are categories, not writers

    def take(self, byline: Byline, line: int, rules_set: tuple[LanguageRules, ...], lang: str | None) -> None:
        # The first value found for a field is kept: metadata blocks come before credits.
        self.outlet = self.outlet or byline.outlet
        self.author = self.author or byline.author
        self.place = self.place or byline.place
        if byline.date_text:
            self.add_date(line, dates_in(byline.date_text, rules_set, lang))

    def add_date(self, line: int, found: list[FoundDate]) -> None:
        value = best_of_line(found)
        if value:
            self.dates.append((line, value))


def _is_date_line(folded: str, found: list[FoundDate], rules_set: tuple[LanguageRules, ...]) -> bool:
    """A line that is a date and little else (`11:39 ص الأربعاء 08 يونيو 2016`)."""
    rest = folded
    for item in reversed(found):
        rest = rest[: item.start] + " " + rest[item.end :]
    rest = _DATE_WORDS.sub(" ", _TIME.sub(" ", rest))
    for rules in rules_set:
        for weekday in rules.weekdays:
            rest = rest.replace(weekday, " ")
    letters = len(_LETTERS.findall(rest))
    return letters <= MAX_DATE_LINE_LEFTOVER and letters <= len(folded) * 0.4


def _bullet(line: Line, value: str, reading: Reading, rules_set: tuple[LanguageRules, ...], lang: str | None) -> None:
    found = dates_in(line.folded, rules_set, lang)
    if found:
        reading.add_date(line.number, found)
        reading.bullet_dated = True
    elif not _NUMBER_OR_TIME.fullmatch(value) and not reading.bullet_text_seen and _AUTHOR_LIKE.fullmatch(value):
        # A dated block's first text bullet names its writer (`• فريق ماسة`); later ones are categories.
        reading.bullet_author = value
    if not found and not _NUMBER_OR_TIME.fullmatch(value):
        reading.bullet_text_seen = True


def read_lines(lines: list[Line], rules_set: tuple[LanguageRules, ...], lang: str | None) -> Reading:
    reading = Reading()
    previous = ""  # what the previous non-blank line was: "content", "metadata" or "boilerplate"
    for line in lines:
        rule = boilerplate_rule(line.folded, rules_set)
        kind = "boilerplate" if rule else "metadata" if _read_metadata(line, reading, rules_set, lang) else "content"
        if kind != "content":
            reading.removals.append(Removal(line.number, line.text, rule or "metadata"))
            if previous == "content":
                reading.beside_furniture.add(reading.content[-1].number)
        else:
            if previous == "metadata":
                reading.after_metadata.add(line.number)
            if previous in ("metadata", "boilerplate"):
                reading.beside_furniture.add(line.number)
            reading.content.append(line)
        previous = kind
    if reading.bullet_dated and not reading.author:
        reading.author = reading.bullet_author
    return reading


def _read_metadata(line: Line, reading: Reading, rules_set: tuple[LanguageRules, ...], lang: str | None) -> bool:
    value = bullet_value(line.text, line.folded, rules_set)
    if value is not None and len(value) <= MAX_BULLET_CHARS:
        _bullet(line, value, reading, rules_set, lang)
        return True
    byline = metadata_line(line.text, line.folded, rules_set, at_head=len(reading.content) < HEAD_LINES)
    if byline:
        reading.take(byline, line.number, rules_set, lang)
        return True
    if len(line.folded) > MAX_DATE_LINE:
        return False
    found = dates_in(line.folded, rules_set, lang)
    if found and _is_date_line(line.folded, found, rules_set):
        reading.add_date(line.number, found)
        return True
    return False
