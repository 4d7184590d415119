"""Per-language extraction rules, read from the data files in `generator/patterns/`.

An archivist teaches the extractor new boilerplate, bylines or month names by editing
those YAML files; nothing here needs to change. Files are read once per process.
Every regular expression is folded like the text it is matched against
(see `linefold.fold`), so a pattern may be written in any of the spellings it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .linefold import fold
from .yamlsafe import load_yaml

LANGUAGES = ("ar", "fa", "ur", "en", "fr")


# eq=False: rule sets are made once per process and compared (and hashed) by identity.
@dataclass(frozen=True, eq=False)
class LanguageRules:
    code: str
    script: str  # "arabic" or "latin"
    stopwords: frozenset[str]
    letters: re.Pattern[str] | None  # letters that mark this language among those of its script
    boilerplate: tuple[tuple[str, re.Pattern[str]], ...]  # (rule name, whole-line pattern)
    metadata_lines: tuple[re.Pattern[str], ...]
    leading_bylines: tuple[re.Pattern[str], ...]
    inline_credits: tuple[re.Pattern[str], ...]
    outlet_mentions: tuple[re.Pattern[str], ...]
    bullet: re.Pattern[str] | None
    place_dateline: re.Pattern[str] | None
    outlets: frozenset[str]
    not_names: frozenset[str]
    places: frozenset[str]
    date_phrases: tuple[str, ...]
    weekdays: tuple[str, ...]
    months: dict[str, tuple[str, int]]  # folded month name -> (calendar, month number)


def _text(name: str) -> str:
    return (resources.files("generator") / "patterns" / name).read_text(encoding="utf-8")


class PatternError(ValueError):
    """A pattern in a data file is not a valid regular expression."""


def _compile(source: str) -> re.Pattern[str]:
    try:
        return re.compile(fold(source))
    except re.error as exc:
        raise PatternError(f"generator/patterns: pattern {source!r} is not a valid regular expression: {exc}") from exc


def _scoped(source: str) -> str:
    # `(?i)` must start a whole expression; inside an alternation it becomes `(?i:…)`.
    return f"(?i:{source[4:]})" if source.startswith("(?i)") else f"(?:{source})"


def _one_pattern(sources: list[str]) -> re.Pattern[str]:
    # One alternation per rule keeps matching a line to a single regex call.
    return _compile("|".join(_scoped(str(s)) for s in sources))


def _boilerplate(data: dict) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((rule, _one_pattern(sources)) for rule, sources in (data.get("boilerplate") or {}).items() if sources)


def _letter_class(letters: list[str] | None) -> re.Pattern[str] | None:
    return re.compile("[" + re.escape("".join(letters)) + "]") if letters else None


def _months(data: dict) -> dict[str, tuple[str, int]]:
    names: dict[str, tuple[str, int]] = {}
    for key, calendar in (("months", "gregorian"), ("hijri_months", "hijri"), ("solar_months", "solar")):
        for number, spellings in (data.get(key) or {}).items():
            for spelling in spellings:
                names[fold(str(spelling))] = (calendar, int(number))
    return names


@cache
def rules_for(code: str) -> LanguageRules:
    """The rules of one language, e.g. `rules_for("fa")`. Raises KeyError for a language without a file."""
    if code not in LANGUAGES:
        raise KeyError(code)
    data = load_yaml(_text(f"{code}.yml")) or {}
    bullet = data.get("bullet")
    return LanguageRules(
        code=code,
        script=data.get("script", "arabic"),
        stopwords=frozenset(fold(str(w)) for w in data.get("stopwords") or ()),
        letters=_letter_class(data.get("letters")),
        boilerplate=_boilerplate(data),
        metadata_lines=tuple(_compile(s) for s in data.get("metadata_lines") or ()),
        leading_bylines=tuple(_compile(s) for s in data.get("leading_bylines") or ()),
        inline_credits=tuple(_compile(s) for s in data.get("inline_credits") or ()),
        outlet_mentions=tuple(_compile(s) for s in data.get("outlet_mentions") or ()),
        bullet=_compile(bullet) if bullet else None,
        place_dateline=_compile(data["place_dateline"]) if data.get("place_dateline") else None,
        outlets=frozenset(fold(str(w)) for w in data.get("outlets") or ()),
        not_names=frozenset(fold(str(w)) for w in data.get("not_names") or ()),
        places=frozenset(fold(str(w)) for w in data.get("places") or ()),
        date_phrases=tuple(fold(str(p)) for p in data.get("date_phrases") or ()),
        weekdays=tuple(fold(str(w)) for w in data.get("weekdays") or ()),
        months=_months(data),
    )


@dataclass(frozen=True)
class CommonRules:
    boilerplate: tuple[tuple[str, re.Pattern[str]], ...]
    other_arabic_script_letters: re.Pattern[str] | None


@cache
def common_rules() -> CommonRules:
    data = load_yaml(_text("common.yml")) or {}
    return CommonRules(
        boilerplate=_boilerplate(data),
        other_arabic_script_letters=_letter_class(data.get("other_arabic_script_letters")),
    )


def all_rules() -> tuple[LanguageRules, ...]:
    return tuple(rules_for(code) for code in LANGUAGES)


@cache
def rules_in_force(lang: str | None) -> tuple[LanguageRules, ...]:
    """The rule sets to apply to a text: its language's, or every language's when it is unknown."""
    return (rules_for(lang),) if lang in LANGUAGES else all_rules()
