"""The article's title: its title line when it has one, else one made from its first sentence."""

from __future__ import annotations

import re

MIN_TITLE_CHARS = 8
MAX_TITLE_CHARS = 160
MIN_TITLE_WORDS = 3  # two words are a name or a caption far more often than a title
DERIVED_TITLE_CHARS = 90
MAX_HEADING_CHARS = 70

# A title or heading does not end like a sentence or a lead-in.
_SENTENCE_END = re.compile(r"[.:،,؛;…]$")
_STOPS = ".!?؟।"  # full stops of a first sentence (`_SENTENCE_END` is about how a title may not end)
_FIRST_SENTENCE = re.compile(rf"[{_STOPS}](?=\s|$)")
_LETTER = re.compile(r"[^\W\d_]")
_LEADING_ENDS = re.compile(rf"^[{_STOPS}\s]+")


def looks_like_title(text: str, longest_other: int) -> bool:
    """A short line, not ending as a sentence, in a text with a longer paragraph (`longest_other` chars)."""
    if not MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS or len(text.split()) < MIN_TITLE_WORDS:
        return False
    if _SENTENCE_END.search(text) or not _LETTER.search(text):
        return False
    return longest_other > len(text)


def looks_like_heading(text: str, next_text: str | None) -> bool:
    """A subheading between paragraphs (`آغاز مذاكرات مقدماتي صلح`)."""
    return (
        len(text) <= MAX_HEADING_CHARS
        and len(text.split()) >= 2
        and not _SENTENCE_END.search(text)
        and not text.endswith(("»", '"', ")", "!", "?", "؟"))
        and next_text is not None
        and len(next_text) > 2 * len(text)
    )


def derive_title(text: str) -> str:
    """The first sentence of `text`, cut at a word boundary when long, marked with an ellipsis.

    Sentence ends before any word (`؟ X`) open no sentence; a text of nothing else is its own title."""
    text = " ".join(text.split())
    opening = _LEADING_ENDS.sub("", text)
    match = _FIRST_SENTENCE.search(opening)
    sentence = (opening[: match.start()] if match else opening) or text
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence
    cut = sentence[: DERIVED_TITLE_CHARS + 1].rsplit(" ", 1)[0]
    return cut.rstrip("،,;:؛-–") + "…"
