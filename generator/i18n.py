"""Interface strings and dates in the reader's language.

One catalog per language under `templates/i18n/<code>.yml`; adding a language is
adding a file. Dates are written with the language's own digits and calendars:
Persian pages also give the Solar Hijri date, Arabic pages the Hijri one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jdatetime
from hijridate import Gregorian

from .yamlsafe import load_yaml

FALLBACK_LANGUAGE = "en"
_DIGITS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Catalogs:
    by_language: dict[str, dict[str, object]]

    def lookup(self, lang: str, key: str) -> object:
        for code in (lang, FALLBACK_LANGUAGE):
            value = self.by_language.get(code, {}).get(key)
            if value is not None:
                return value
        raise KeyError(f"no interface string '{key}' in templates/i18n/{lang}.yml nor {FALLBACK_LANGUAGE}.yml")

    def has_language(self, lang: str) -> bool:
        return lang in self.by_language


def load_catalogs(folder: Path) -> Catalogs:
    catalogs: dict[str, dict[str, object]] = {}
    for file in sorted(folder.glob("*.yml")):
        data = load_yaml(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise CatalogError(f"{file}: a translation catalog must map keys to strings")
        catalogs[file.stem] = data
    if FALLBACK_LANGUAGE not in catalogs:
        raise CatalogError(f"{folder}: the {FALLBACK_LANGUAGE}.yml catalog is missing; it is the fallback")
    return Catalogs(catalogs)


def localize_digits(text: str, digits: str) -> str:
    table = str.maketrans("0123456789", _DIGITS.get(digits, _DIGITS["latn"]))
    return text.translate(table)


@dataclass(frozen=True)
class Localizer:
    """Everything a template needs to speak one language."""

    lang: str
    digits: str
    catalogs: Catalogs
    hijri: bool = True

    def t(self, key: str, **values: object) -> str:
        text = str(self.catalogs.lookup(self.lang, key))
        localized = {name: localize_digits(str(value), self.digits) for name, value in values.items()}
        return text.format(**localized) if localized else text

    def number(self, value: int) -> str:
        return localize_digits(str(value), self.digits)

    def months(self) -> list[str]:
        """The Gregorian months' names, January first (what `date` writes; the search page's too)."""
        return list(self.catalogs.lookup(self.lang, "months_gregorian"))

    def date(self, day: dt.date) -> str:
        return localize_digits(f"{day.day} {self.months()[day.month - 1]} {day.year}", self.digits)

    def calendar_dates(self, day: dt.date) -> list[str]:
        """The same day in the calendars readers of this language also use."""
        extra = []
        if self.lang == "fa":
            solar = jdatetime.date.fromgregorian(date=day)
            months = self.catalogs.lookup("fa", "months_solar")
            suffix = self.catalogs.lookup("fa", "solar_suffix")
            extra.append(localize_digits(f"{solar.day} {months[solar.month - 1]} {solar.year} {suffix}", self.digits))
        if self.lang == "ar" and self.hijri and dt.date(1924, 8, 1) <= day <= dt.date(2077, 11, 16):
            hijri = Gregorian(day.year, day.month, day.day).to_hijri()
            months = self.catalogs.lookup("ar", "months_hijri")
            suffix = self.catalogs.lookup("ar", "hijri_suffix")
            extra.append(localize_digits(f"{hijri.day} {months[hijri.month - 1]} {hijri.year} {suffix}", self.digits))
        return extra
