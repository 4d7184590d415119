"""Arabic, Persian and Latin text analysis: the one place that decides what a "word" is.

Documents and queries go through exactly these functions, and `static/js/textnorm.js`
(with `static/js/stem-english.js`) is a line-by-line port checked against
`tests/vectors/textnorm.json` and `tests/vectors/english.json`, so the build and the
browser agree byte for byte. Change both sides and the vectors together.

Pipeline: `normalize` (NFKC, lower case, letter folding, digits to ASCII, marks and
invisible controls dropped, ZWNJ kept) → `tokenize` (words with slot positions; ZWNJ
compounds, digit/letter runs, numbers with separators and Persian particles written
apart become one slot holding the joined form plus its parts) → `stem`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .charmap import translator

ZWNJ = "\u200c"

# Kinds of token. Queries use WORD and JOINED; the index also holds the PARTS of a
# compound at the same slot, so `خانه` finds `خانه‌ها` and `2017` finds `2017/11/15`.
WORD, JOINED, PART = 0, 1, 2

_FOLD = {
    "ا": "أإآٱٲٳ",
    "ي": "ىیئٸ",
    "ك": "کڪ",
    "ه": "ةۀەہۂۃھ",
    "و": "ؤٶ",
    ".": "٫",  # Arabic decimal separator
    ",": "٬",  # Arabic thousands separator
    " ": "\u200b",  # a zero-width space still separates words
}
# Invisible characters that only steer display. ZWNJ is kept: it separates Persian word parts.
_CONTROLS = "\u00ad\u061c\u0640\u0674\u180e\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" + (
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _mark_ranges() -> list[int]:
    """Every combining mark (harakat, U+0654/U+0670, Quranic signs, any script's accents).

    Planes 0 and 1 plus the variation selectors supplement: the same set as JS `\\p{M}`.
    """
    spans = [range(0x0, 0x20000), range(0xE0100, 0xE01F0)]
    return [cp for span in spans for cp in span if unicodedata.category(chr(cp))[0] == "M"]


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {cp: None for cp in _mark_ranges()}
    table.update({ord(ch): None for ch in _CONTROLS})
    for target, sources in _FOLD.items():
        table.update({ord(ch): target for ch in sources})
    for zero in (0x0660, 0x06F0):  # Arabic-Indic and Persian digits
        table.update({zero + i: str(i) for i in range(10)})
    table[ord("ß")] = "ss"  # the one common case fold that lower() leaves alone
    return table


_TABLE = _table()
_fold = translator(_TABLE)


def normalize(text: str) -> str:
    """Search form of `text`: compatibility forms unfolded, case and spelling variants folded."""
    return _fold(unicodedata.normalize("NFKC", text).lower())


# A number with inner separators (`5.7`, `2017/11/15`, `1,000`) stays whole; otherwise
# a run of letters, digits and ZWNJ: Python's `\w` without `_` is the same set as JS
# `[\p{L}\p{N}]`. `_units` turns `_` into a space first, because a class of its own
# (`[\w\u200c]+`) scans twice as fast as the alternation `(?:[^\W_]|\u200c)+`.
_UNIT = re.compile(r"[0-9]+(?:[.,/][0-9]+)+|[\w\u200c]+")
_SPLIT_PARTS = re.compile(r"[0-9]+|[^0-9]+")  # digits glued to letters: `10ماه`
_SEPARATORS = re.compile(r"[.,/]")

# Persian writes these apart, joined, or with ZWNJ: `می خواهم`, `میخواهم`, `می‌خواهم`.
# A pair with one of them becomes one slot, so all spellings meet on the joined form.
PREFIX_PARTICLES = frozenset({"مي", "نمي", "بي"})
SUFFIX_PARTICLES = frozenset({"ها", "هاي", "هايي", "اي", "ام", "ايم", "ايد", "اند", "تر", "ترين"})


class Token(NamedTuple):
    term: str
    slot: int  # word position; a compound's joined form and parts share one slot
    kind: int  # WORD, JOINED or PART


class WordUnit(NamedTuple):
    joined: str  # the form a query looks up
    parts: tuple[str, ...]  # one part for a plain word
    # Precomputed for `_merge_particles`, which asks them of every pair of neighbours:
    digits: bool  # a part starts with a digit: numbers never merge with a particle
    prefix: bool  # a plain word that is a prefix particle
    suffix: bool  # a plain word that is a suffix particle


# A document repeats a small vocabulary many times over: analysing each distinct run of
# letters once and reusing the result is what makes indexing a large archive affordable.
_VOCABULARY_CACHE = 1 << 18


@lru_cache(maxsize=_VOCABULARY_CACHE)
def _unit(raw: str) -> WordUnit | None:
    if _SEPARATORS.search(raw):  # only the number alternative can hold a separator
        parts = tuple(_SEPARATORS.split(raw))
        return WordUnit(raw, parts, True, False, False)  # `5.7` is looked up whole
    parts = tuple(part for chunk in raw.split(ZWNJ) for part in _SPLIT_PARTS.findall(chunk))
    if not parts:
        return None
    joined = "".join(parts)
    single = len(parts) == 1
    digits = any(p[0] in "0123456789" for p in parts)
    return WordUnit(joined, parts, digits, single and joined in PREFIX_PARTICLES, single and joined in SUFFIX_PARTICLES)


def _units(text: str) -> list[WordUnit]:
    found = [_unit(raw) for raw in _UNIT.findall(text.replace("_", " "))]
    return [unit for unit in found if unit is not None]


def _mergeable(first: WordUnit, second: WordUnit) -> bool:
    return (first.prefix or second.suffix) and not (first.digits or second.digits)


def _merge_particles(units: list[WordUnit]) -> list[WordUnit]:
    # Only where a particle stands: most texts have few, so the words between are copied in runs.
    merged: list[WordUnit] = []
    start, i, count = 0, 0, len(units)
    while i < count - 1:
        first = units[i]
        if (first.prefix or units[i + 1].suffix) and _mergeable(first, units[i + 1]):
            second = units[i + 1]
            merged += units[start:i]
            merged.append(WordUnit(first.joined + second.joined, first.parts + second.parts, False, False, False))
            i += 2
            start = i
        else:
            i += 1
    merged += units[start:]
    return merged


def word_units(text: str) -> list[WordUnit]:
    """One unit per word slot of `text` (normalised here), with its joined form and parts: what
    `tokenize` expands."""
    return _merge_particles(_units(normalize(text)))


def tokenize(text: str) -> list[Token]:
    """Tokens of `text` (normalised here) with slots, for the index: words, joined forms and parts."""
    tokens: list[Token] = []
    for slot, unit in enumerate(word_units(text)):
        if len(unit.parts) == 1:
            tokens.append(Token(unit.joined, slot, WORD))
            continue
        tokens.append(Token(unit.joined, slot, JOINED))
        tokens.extend(Token(part, slot, PART) for part in unit.parts)
    return tokens


def query_terms(text: str) -> list[Token]:
    """What a query looks up: one token per slot, compounds by their joined form."""
    return [token for token in tokenize(text) if token.kind != PART]


# ---- stemming -------------------------------------------------------------------------
# Arabic and Persian: light, conservative stemmers that only strip affixes leaving a
# plausible word, because a stem match ranks below an exact match but still shows up
# as a result. English: Snowball's Porter2, the standard stemmer for English search.

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_LATIN_WORD = re.compile(r"[a-z]+")  # used with fullmatch: `$` would let a final newline in
_AR_ARTICLES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def stem_arabic(word: str) -> str:
    """Light stemming in the manner of Larkey's light10, with a three-letter floor.

    Only `و`/`ف` are stripped alone; `ب`, `ك`, `ل` only together with the article,
    since alone they are too often a root letter (لبنان, كتاب, برنامج).
    """
    for article in _AR_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            word = word[len(article) :]
            break
    else:
        if word[:1] in ("و", "ف") and len(word) >= 5:
            word = word[1:]
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
    return word


def _strip(word: str, suffixes: tuple[str, ...], floor: int) -> tuple[str, bool]:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= floor:
            return word[: -len(suffix)], True
    return word, False


def stem_persian(word: str) -> str:
    """Plural, pronoun, comparative and `ی` suffixes; never a prefix, so کتابی stays كتاب."""
    word, _ = _strip(word, ("مان", "تان", "شان"), 4)
    word, plural = _strip(word, ("هايي", "هاي", "ها"), 3)
    if not plural:
        word, plural = _strip(word, ("ترين", "تر"), 3)
    if not plural and word.endswith("گان") and len(word) >= 6:
        word, plural = word[:-3] + "ه", True
    if not plural:
        word, plural = _strip(word, ("يان",), 3)
    if word.endswith("هاي") and len(word) >= 5:
        return word[:-2]
    word, _ = _strip(word, ("ي",), 3)
    return word


def stem_english(word: str) -> str:
    """The Snowball English (Porter2) stem of a lower-case word of the letters a-z.

    Anything else (digits, accents) is returned as it is, and so are apostrophes, which
    the tokenizer never keeps. `static/js/stem-english.js` implements the same algorithm
    and `tests/vectors/english.json` holds both to this version's output, so the pinned
    snowballstemmer release and that file change together.
    """
    if not _LATIN_WORD.fullmatch(word):
        return word
    # The class itself, not `snowballstemmer.stemmer("english")`, which prefers PyStemmer's C build
    # when installed: that may be another Snowball release than the one the browser matches.
    # Imported here, when an English word comes: most builds never need it.
    from snowballstemmer.english_stemmer import EnglishStemmer

    # A stemmer object holds the word being stemmed: one per call is safe under threads.
    return EnglishStemmer().stemWord(word)


@lru_cache(maxsize=_VOCABULARY_CACHE)
def stem(term: str, lang: str) -> str:
    """The stem of one normalised term from a document in language `lang` (memoised: pure)."""
    if _ARABIC_SCRIPT.search(term):
        return stem_arabic(term) if lang == "ar" else stem_persian(term)
    return stem_english(term)


def query_stems(term: str) -> list[str]:
    """Stems a query term may have in any language's documents, sorted, without repeats."""
    if _ARABIC_SCRIPT.search(term):
        return sorted({stem_arabic(term), stem_persian(term)})
    return [stem_english(term)]
