"""The folded form of a line that extraction rules and patterns are matched against.

Scraped text mixes presentation forms, three digit systems, Arabic and Persian ye/kaf,
diacritics, tatweel and invisible marks. Rules compare a *folded* copy so that one
pattern covers every spelling; the displayed text is never folded, only whitespace-tidied.
(Search has its own, stronger normalisation in `textnorm`; this one keeps letters that
tell languages apart, such as ة and ى.)
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .charmap import translator

# Marks that change nothing a reader sees but break matching: bidi controls, ZWSP,
# ZWJ, soft hyphen, BOM. ZWNJ separates Persian word parts, so it becomes a space.
_INVISIBLE = "\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c"
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670\u06e1\u0640"  # harakat, dagger alef, tatweel

_FOLD_TABLE: dict[int, str | None] = {ord(ch): None for ch in _INVISIBLE + _DIACRITICS}
_FOLD_TABLE[0x200C] = " "
# Arabic ye and kaf are folded to the Persian letters; alef maksura ى stays, it tells
# Arabic `على` from the Persian name `علی`.
_FOLD_TABLE[ord("ي")] = "ی"
_FOLD_TABLE[ord("ك")] = "ک"
_FOLD_TABLE.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD_TABLE.update({0x06F0 + i: str(i) for i in range(10)})  # Persian digits
_FOLD_TABLE[0x066B] = "."  # Arabic decimal separator
_FOLD_TABLE[0x066C] = ","  # Arabic thousands separator

_fold_characters = translator(_FOLD_TABLE)

_SPACES = re.compile(r"\s+")
# A tatweel after a space stretches no letter: it is a dash (`ناصر الطميحي ـ جدة`).
_LONE_TATWEEL = re.compile(r"(^|\s)ـ+")


def _dash_tatweel(text: str) -> str:
    # Same length in and out, so offsets into the result are offsets into `text`.
    if "ـ" not in text:
        return text
    return _LONE_TATWEEL.sub(lambda m: m[1] + "-" * (len(m[0]) - len(m[1])), text)


def fold(text: str) -> str:
    """NFKC, then the folding above, then single spaces. For matching only, never for display."""
    text = _dash_tatweel(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", _fold_characters(text)).strip()


@cache
def _fold_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).translate(_FOLD_TABLE)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of the original character it came from.

    Only used on the few lines a metadata pattern matched, to hand back the value as written.
    """
    chars: list[str] = []
    origins: list[int] = []
    for index, ch in enumerate(_dash_tatweel(text)):
        for out in _fold_char(ch):
            if out.isspace():
                if not chars or chars[-1] == " ":
                    continue
                out = " "
            chars.append(out)
            origins.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origins.pop()
    return "".join(chars), origins


def original_span(text: str, start: int, end: int) -> str:
    """The original characters behind folded positions [start, end) of `fold(text)`, whitespace-tidied."""
    folded, origins = fold_with_offsets(text)
    if folded != fold(text) or not 0 <= start < end <= len(origins):
        # NFKC composed across characters (rare): the folded value is still what the text says.
        return fold(text)[start:end].strip()
    return tidy(text[origins[start] : origins[end - 1] + 1])


def tidy(text: str) -> str:
    """Whitespace tidying, the only change made to displayed text."""
    return " ".join(text.split())


def original_index(text: str, folded_index: int) -> int:
    """Index in `text` of the original character behind `fold(text)[folded_index]` (len(text) past the end)."""
    _, origins = fold_with_offsets(text)
    return origins[folded_index] if 0 <= folded_index < len(origins) else len(text)
