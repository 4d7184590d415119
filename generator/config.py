"""Site configuration: `site.yml` read once into a frozen value that every stage receives.

Defaults make a folder with no configuration build. Every problem in the file is
collected before stopping, each with the key and a hint, so one run shows them all.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .yamlsafe import YamlError, load_yaml

DEV_PORT = 8437  # where `build.py serve` listens unless told otherwise
DIGIT_STYLES = ("latn", "arab", "arabext")  # ASCII, Arabic-Indic ٠-٩, Persian ۰-۹


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's own name for itself, shown in the switcher
    direction: str  # "rtl" or "ltr"
    digits: str  # one of DIGIT_STYLES
    locale: str  # for og:locale, e.g. "fa_IR"
    title: str = ""
    description: str = ""


# The built-in language table. site.yml may override any field or add languages.
BUILTIN_LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("ar", "العربية", "rtl", "arab", "ar_AR"),
        Language("fa", "فارسی", "rtl", "arabext", "fa_IR"),
        Language("ur", "اردو", "rtl", "arabext", "ur_PK"),
        Language("ps", "پښتو", "rtl", "arabext", "ps_AF"),
        Language("ckb", "کوردی", "rtl", "arab", "ckb_IQ"),
        Language("he", "עברית", "rtl", "latn", "he_IL"),
        Language("en", "English", "ltr", "latn", "en_US"),
        Language("fr", "Français", "ltr", "latn", "fr_FR"),
    )
}

DEFAULT_LANGUAGES = ("ar", "fa", "en")


@dataclass(frozen=True)
class SiteConfig:
    title: dict[str, str] = field(
        default_factory=lambda: {"ar": "أرشيف الأخبار", "fa": "بایگانی اخبار", "en": "News archive"}
    )
    description: dict[str, str] = field(default_factory=dict)
    base_url: str = ""  # absolute URL of the published site, for canonical links and feeds
    default_language: str = "ar"
    languages: dict[str, Language] = field(
        default_factory=lambda: {code: BUILTIN_LANGUAGES[code] for code in DEFAULT_LANGUAGES}
    )
    page_size: int = 20
    hijri_dates: bool = True  # Arabic pages add the Hijri date beside the Gregorian one

    def language(self, code: str) -> Language:
        """The table entry for `code`; an unlisted code falls back to the built-ins, then LTR."""
        if code in self.languages:
            return self.languages[code]
        return BUILTIN_LANGUAGES.get(code) or Language(code, code, "ltr", "latn", code)

    def site_title(self, lang: str) -> str:
        return self.title.get(lang) or self.title.get(self.default_language) or next(iter(self.title.values()), "")

    def site_description(self, lang: str) -> str:
        return self.description.get(lang) or self.description.get(self.default_language, "")

    def site_root(self) -> str:
        """The path the site is published under, from `base_url` ("/" without one), ending in "/"."""
        path = urlsplit(self.base_url).path
        return path if path.endswith("/") else path + "/"

    def with_base_url(self, base_url: str | None) -> SiteConfig:
        return self if base_url is None else replace(self, base_url=base_url)


class ConfigError(Exception):
    """site.yml cannot be used. `problems` lists every one found, each a full sentence."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


_TOP_KEYS = ("title", "description", "base_url", "default_language", "languages", "page_size", "hijri_dates")
_LANGUAGE_KEYS = ("name", "direction", "digits", "locale", "title", "description")


def did_you_mean(key: str, known: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)


def load_config(path: Path) -> SiteConfig:
    """Read `site.yml`; a missing file gives the defaults. Raises ConfigError listing all problems."""
    if not path.exists():
        return SiteConfig()
    try:
        data = load_yaml(path.read_bytes().decode("utf-8-sig"))
    except (YamlError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot be read as UTF-8 YAML: {exc}"]) from exc
    if data is None:
        return SiteConfig()
    if not isinstance(data, dict):
        raise ConfigError(str(path), ["the file must be a mapping of keys to values, such as 'title: …'"])
    problems: list[str] = []
    config = _build(data, problems)
    if problems:
        raise ConfigError(str(path), problems)
    return config


def _build(data: dict[str, Any], problems: list[str]) -> SiteConfig:
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(f"unknown key '{key}' ({did_you_mean(str(key), _TOP_KEYS)})")
    defaults = SiteConfig()
    languages = _languages(data.get("languages"), problems) if "languages" in data else defaults.languages
    title = _per_language(data, "title", problems, defaults.title)
    description = _per_language(data, "description", problems, defaults.description)
    default_language = _typed(data, "default_language", str, problems, defaults.default_language)
    if default_language not in languages:
        problems.append(f"default_language '{default_language}' is not one of languages: {', '.join(languages)}")
    page_size = _typed(data, "page_size", int, problems, defaults.page_size)
    if isinstance(page_size, int) and page_size < 1:
        problems.append("page_size must be a whole number of at least 1")
    base_url = _typed(data, "base_url", str, problems, defaults.base_url)
    hijri = _typed(data, "hijri_dates", bool, problems, defaults.hijri_dates)
    return SiteConfig(title, description, base_url, default_language, languages, page_size, hijri)


def _typed(data: dict[str, Any], key: str, kind: type, problems: list[str], default: Any) -> Any:
    value = data.get(key, default)
    if value is None:
        return default
    # bool is an int in Python; "page_size: yes" must still be refused.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        problems.append(f"'{key}' must be {_kind(kind())}, not {_kind(value)} ({value!r})")
        return default
    return value


def _per_language(data: dict[str, Any], key: str, problems: list[str], default: dict[str, str]) -> dict[str, str]:
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, str):
        return {lang: value for lang in default} or {"en": value}
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return dict(value)
    problems.append(f"'{key}' must be text, or a mapping of language code to text such as 'fa: …'")
    return default


def _languages(value: Any, problems: list[str]) -> dict[str, Language]:
    if not isinstance(value, dict) or not value:
        problems.append("'languages' must map language codes to settings, for example 'fa: {name: فارسی}'")
        return SiteConfig().languages
    table: dict[str, Language] = {}
    for code, settings in value.items():
        code = str(code)
        settings = settings or {}
        if not isinstance(settings, dict):
            problems.append(f"languages.{code} must be a mapping of settings ({', '.join(_LANGUAGE_KEYS)})")
            continue
        table[code] = _language(code, settings, problems)
    return table


def _language(code: str, settings: dict[str, Any], problems: list[str]) -> Language:
    base = BUILTIN_LANGUAGES.get(code) or Language(code, code, "ltr", "latn", code)
    for key in settings:
        if key not in _LANGUAGE_KEYS:
            problems.append(f"unknown key 'languages.{code}.{key}' ({did_you_mean(str(key), _LANGUAGE_KEYS)})")
    fields = {}
    for key in _LANGUAGE_KEYS:
        if key not in settings:
            continue
        value = settings[key]
        if not isinstance(value, str):
            problems.append(f"languages.{code}.{key} must be text, not {_kind(value)}")
        elif key == "direction" and value not in ("rtl", "ltr"):
            problems.append(f"languages.{code}.direction must be 'rtl' or 'ltr', not {value!r}")
        elif key == "digits" and value not in DIGIT_STYLES:
            problems.append(f"languages.{code}.digits must be one of {', '.join(DIGIT_STYLES)}, not {value!r}")
        else:
            fields[key] = value
    return replace(base, **fields)


def _kind(value: Any) -> str:
    """A value's type as a person would name it."""
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "text", list: "a list",
             dict: "a mapping"}
    return names.get(type(value), type(value).__name__)
