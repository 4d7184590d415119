"""Language of a text from its script and its most frequent words.

Measured on the 3000-article corpus (see bench/extraction.py), script counts plus
stop-word lists from the pattern files tell Arabic, Persian (also when typed with
Arabic ي/ك), Urdu, English and French apart; no statistical model is needed, and the
rules are fast. A text in another language or script is reported as unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules import LanguageRules, all_rules, common_rules

SAMPLE_CHARS = 4000
_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
# Letters of the Arabic alphabet that Persian does not write, and the reverse.
_ARABIC_MARKERS = re.compile("[ةىأإؤ]")
_PERSIAN_MARKERS = re.compile("[پچژگ]")

MIN_WORDS = 3  # fewer words than this and the guess is reported as uncertain
MIN_STOPWORD_SHARE = 0.08  # a real text in a language uses its function words this often


@dataclass(frozen=True)
class Detection:
    lang: str | None
    doubt: str | None = None  # why a person should check, when they should


def detect_language(folded: str) -> Detection:
    """The language of a folded text (see `linefold.fold`): ar, fa, ur, en, fr, or None when unknown."""
    sample = folded[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return Detection(None, "no letters, so no language")
    arabic = len(_ARABIC_LETTER.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample))
    if max(arabic, latin) < (letters - arabic - latin):
        return Detection(None, "written in a script the extractor does not know")
    script = "arabic" if arabic >= latin else "latin"
    other_letters = common_rules().other_arabic_script_letters
    if script == "arabic" and other_letters and other_letters.search(sample):
        return Detection(None, "uses letters of an Arabic-script language the extractor does not know")
    words = _WORD.findall(sample)
    scores = {rules.code: _score(rules, words, sample) for rules in all_rules() if rules.script == script}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    share = best_score / len(words) if words else 0.0
    clear_lead = best_score >= 2 * second_score and share >= MIN_STOPWORD_SHARE
    # Lists of names and places use few function words; a wide lead still settles them.
    wide_lead = best_score >= 5 and best_score >= 3 * second_score
    if best_score > 0 and (clear_lead or wide_lead):
        doubt = "language uncertain: very short text" if len(words) < MIN_WORDS else None
        return Detection(best, doubt)
    if script == "arabic":
        return _by_letters(sample)
    return Detection(None, "language uncertain: no clear English or French")


def _score(rules: LanguageRules, words: list[str], sample: str) -> float:
    hits = sum(1 for word in words if word in rules.stopwords)
    marks = len(rules.letters.findall(sample)) if rules.letters else 0
    return hits + marks / 4


def _by_letters(sample: str) -> Detection:
    # Too few function words to count (a caption, a stub): letters alone decide when they agree.
    arabic = len(_ARABIC_MARKERS.findall(sample))
    persian = len(_PERSIAN_MARKERS.findall(sample))
    if arabic > 3 * persian or persian > 3 * arabic:
        return Detection("ar" if arabic > persian else "fa", "language uncertain: read from letters, not words")
    return Detection(None, "language uncertain: Arabic script, but neither Arabic nor Persian is clear")
