"""Page furniture in scraped text: boilerplate lines and a body the page repeated.

Boilerplate patterns come from the data files (`generator/patterns/*.yml`): common ones
for every text and those of the text's language. A repeated body is found by comparing
paragraphs, so it needs no patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .rules import LanguageRules, common_rules

MAX_BOILERPLATE_CHARS = 200  # furniture is short; longer lines are never tested
MIN_REPEATED_CHARS = 40  # shorter lines (a heading, a name) may rightly occur twice
MIN_RUN_TOGETHER_CHARS = 200
RUN_TOGETHER_COVERAGE = 0.6  # share of a long paragraph made of other paragraphs

_NOT_TEXT = re.compile(r"[\W_]+")


def boilerplate_rule(folded: str, rules_set: tuple[LanguageRules, ...]) -> str | None:
    """The name of the rule a whole folded line matches (`advert`, `comment-form`, …), or None."""
    if len(folded) > MAX_BOILERPLATE_CHARS:
        return None
    for rule, pattern in common_rules().boilerplate:
        if pattern.fullmatch(folded):
            return rule
    for rules in rules_set:
        for rule, pattern in rules.boilerplate:
            if pattern.fullmatch(folded):
                return rule
    return None


def _key(folded: str) -> str:
    # Spacing and punctuation differ between the two copies of a scraped body.
    return _NOT_TEXT.sub("", folded)


def repeated_paragraphs(paragraphs: Sequence[str]) -> set[int]:
    """Indexes of folded paragraphs that repeat text shown elsewhere in the article.

    Two kinds: a paragraph identical to an earlier one, and a long paragraph that is
    the other paragraphs run together (a page printing its body twice). The separate
    paragraphs are kept, since they read better.
    """
    keys = [_key(p) for p in paragraphs]
    repeated: set[int] = set()
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if len(key) >= MIN_REPEATED_CHARS and key in seen:
            repeated.add(index)
        seen.add(key)
    for index, key in enumerate(keys):
        if index in repeated or len(key) < MIN_RUN_TOGETHER_CHARS:
            continue
        parts = [other for j, other in enumerate(keys) if j != index and len(other) >= MIN_REPEATED_CHARS // 2]
        covered = sum(len(other) for other in parts if other in key and len(other) < len(key))
        contained = sum(1 for other in parts if other in key and len(other) < len(key))
        if contained >= 2 and covered >= RUN_TOGETHER_COVERAGE * len(key):
            repeated.add(index)
    return repeated
