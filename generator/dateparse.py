"""Dates written in scraped news text, as `datetime.date`.

Finds Gregorian dates (ISO, slashed in either order, month names in Arabic, Persian,
Urdu, English and French), Solar Hijri dates (`۲۴ خرداد ۱۳۹۵`, `1395/04/04` in Persian
text) and Hijri dates (`25 شوال 1436 هـ`). Lines are folded first (`linefold.fold`), so
Persian and Arabic-Indic digits are already 0-9. Which date is the *publication* date is
decided by the caller from where the line sits; this module only reads dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import jdatetime
from hijridate import Hijri

from .rules import LanguageRules

EARLIEST = dt.date(1900, 1, 1)  # older "publication" dates are misreadings
LATEST = dt.date(2100, 12, 31)

_ISO = re.compile(r"(?<![\d/.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/])")
_YMD = re.compile(r"(?<![\d/.])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")
# Day and month in either order, then a four-digit year; `5/27` (a Persian decimal) has no year.
_DMY = re.compile(r"(?<![\d/.])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.]\d)")
_DIGIT = re.compile(r"\d")
_HIJRI_SUFFIX = re.compile(r"\s*هـ|\s*ه\.?\s*ق")


@dataclass(frozen=True)
class FoundDate:
    value: dt.date
    start: int
    end: int
    calendar: str  # "gregorian", "solar", "hijri"


def _gregorian(year: int, month: int, day: int) -> dt.date | None:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST <= value <= LATEST else None


def convert(calendar: str, year: int, month: int, day: int) -> dt.date | None:
    """A date of any of the three calendars as a Gregorian `date`, or None when it does not exist."""
    try:
        if calendar == "solar":
            value = jdatetime.date(year, month, day).togregorian()
        elif calendar == "hijri":
            value = Hijri(year, month, day).to_gregorian()
            value = dt.date(value.year, value.month, value.day)
        else:
            return _gregorian(year, month, day)
    except (ValueError, OverflowError):
        return None
    return value if EARLIEST <= value <= LATEST else None


def _numeric_calendar(year: int, after: str, lang: str | None) -> str:
    # A year in the 1300s/1400s is Solar Hijri in Persian text and Hijri elsewhere;
    # `هـ` after it always means Hijri.
    if year >= 1800:
        return "gregorian"
    if _HIJRI_SUFFIX.match(after):
        return "hijri"
    return "solar" if lang == "fa" else "hijri"


def _numeric_dates(line: str, lang: str | None) -> list[FoundDate]:
    found = []
    for pattern in (_ISO, _YMD):
        for m in pattern.finditer(line):
            year, month, day = (int(g) for g in m.groups())
            calendar = "gregorian" if pattern is _ISO else _numeric_calendar(year, line[m.end() :], lang)
            value = convert(calendar, year, month, day)
            if value:
                found.append(FoundDate(value, m.start(), m.end(), calendar))
    for m in _DMY.finditer(line):
        first, second, year = (int(g) for g in m.groups())
        # Day first is the custom of these sources; month first only when the day cannot be a month.
        day, month = (second, first) if second > 12 >= first else (first, second)
        calendar = _numeric_calendar(year, line[m.end() :], lang)
        value = convert(calendar, year, month, day)
        if value:
            found.append(FoundDate(value, m.start(), m.end(), calendar))
    return found


@cache
def _named_pattern(rules_set: tuple[LanguageRules, ...]) -> tuple[re.Pattern[str], dict[str, tuple[str, int]]]:
    months: dict[str, tuple[str, int]] = {}
    for rules in rules_set:
        months.update(rules.months)
    names = "|".join(re.escape(name) for name in sorted(months, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\d)(?P<day>\d{{1,2}})\s*(?:-\s*)?(?P<month>{names})\s*[,،]?\s*(?P<year>\d{{4}})(?!\d)"
        rf"|(?<![^\W\d_])(?P<month2>{names})\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}})(?!\d)",
        re.IGNORECASE,
    )
    return pattern, {name.lower(): value for name, value in months.items()}


def _named_dates(line: str, rules_set: tuple[LanguageRules, ...]) -> list[FoundDate]:
    pattern, months = _named_pattern(rules_set)
    found = []
    for m in pattern.finditer(line):
        day, name, year = (m["day"], m["month"], m["year"]) if m["day"] else (m["day2"], m["month2"], m["year2"])
        calendar, month = months[name.lower()]
        value = convert(calendar, int(year), month, int(day))
        if value:
            found.append(FoundDate(value, m.start(), m.end(), calendar))
    return found


def dates_in(line: str, rules_set: tuple[LanguageRules, ...], lang: str | None) -> list[FoundDate]:
    """Every date in a folded line, in order of position."""
    if not _DIGIT.search(line):
        return []
    found = _numeric_dates(line, lang) + _named_dates(line, rules_set)
    return sorted(found, key=lambda f: f.start)


def best_of_line(found: list[FoundDate]) -> dt.date | None:
    """One line's date. `25 شوال 1436 هـ الموافق 10 أغسطس 2015 م` names one day twice: the Gregorian is taken."""
    for item in found:
        if item.calendar == "gregorian":
            return item.value
    return found[0].value if found else None
