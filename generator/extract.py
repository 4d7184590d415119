"""Read metadata and a displayable body out of a raw scraped text.

This is the extractor's single entry point: `extract(text, default_lang)`. The
pipeline calls it for every `.txt` (and for the language of a `.md` without `lang`);
curated metadata is merged over its result afterwards, so it never needs to know
about front matter or sidecars.
"""

from __future__ import annotations

import re

from .model import Block, Extracted

_PERSIAN_ONLY = set("پچژگیکۀ")
_ARABIC_ONLY = set("ةىأإؤ")
_PERSIAN_WORDS = {"است", "این", "که", "را", "می", "های", "شد", "کرد", "اين", "كه", "شده", "گزارش"}
_ARABIC_WORDS = {"في", "من", "على", "إلى", "الى", "التي", "الذي", "عن", "أن", "مع"}
_SENTENCE_END = re.compile(r"[.!?؟।]\s")
_WORD = re.compile(r"\w+")

MAX_TITLE_CHARS = 160
DERIVED_TITLE_CHARS = 90


def detect_language(text: str, default_lang: str) -> str | None:
    """Guess ar/fa/en from letters and common words; None when the text has no clear script."""
    sample = text[:4000]
    arabic_script = sum(1 for ch in sample if "\u0600" <= ch <= "\u06ff")
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if arabic_script == 0 and latin == 0:
        return None
    if latin > arabic_script:
        return "en"
    words = _WORD.findall(sample)
    persian = sum(1 for w in words if w in _PERSIAN_WORDS) + sum(1 for ch in sample if ch in _PERSIAN_ONLY)
    arabic = sum(1 for w in words if w in _ARABIC_WORDS) + sum(1 for ch in sample if ch in _ARABIC_ONLY)
    return "fa" if persian > arabic else "ar"


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with their 1-based line numbers, whitespace tidied."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        tidy = " ".join(line.split())
        if tidy:
            found.append((number, tidy))
    return found


def _looks_like_title(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ":", "،", "؛"))


def derive_title(text: str) -> str:
    """The first sentence, cut at a word boundary, for texts without a title line."""
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start() + 1] if match else text
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence.strip()
    cut = sentence[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip("،,;:") + "…"


def extract(text: str, default_lang: str) -> Extracted:
    lines = _paragraphs(text)
    if not lines:
        return Extracted(lang=None, review=("the file holds no text",))
    lang = detect_language(text, default_lang)
    first_line, first = lines[0]
    if _looks_like_title(first) and len(lines) > 1:
        title, derived, rest = first, False, lines[1:]
    else:
        title, derived, rest = derive_title(first), True, lines
    body = tuple(Block("h" if _is_heading(t, rest) else "p", t, n) for n, t in rest)
    review = ("no title line found",) if derived else ()
    return Extracted(lang=lang, title=title, title_derived=derived, body=body, review=review + ("no date found",))


def _is_heading(line: str, lines: list[tuple[int, str]]) -> bool:
    # A short line without closing punctuation between longer paragraphs reads as a subheading.
    return len(lines) > 2 and len(line) < 70 and not re.search(r"[.:!?؟،؛»\"]$", line)
