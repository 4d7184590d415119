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
MIN_REPEATED_CHARS = 80  # shorter lines (a heading, a name, a spec) may rightly occur twice
MIN_RUN_TOGETHER_CHARS = 200
RUN_TOGETHER_COVERAGE = 0.6  # share of a long paragraph made of other paragraphs

_NOT_TEXT = re.compile(r"[\W_]+")
# Items of a list (`-المعالج : …`, `1. …`) repeat on purpose, e.g. two phones with one processor.
_LIST_ITEM = re.compile(r"\s*([-–*•·]|\d{1,2}\s*[.)-])")


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
        if len(key) >= MIN_REPEATED_CHARS and key in seen and not _LIST_ITEM.match(paragraphs[index]):
            repeated.add(index)
        seen.add(key)
    lengths = sorted(len(key) for key in keys)
    # A body run together is longer than two ordinary paragraphs; only such lines are tested.
    floor = max(MIN_RUN_TOGETHER_CHARS, 2 * lengths[len(lengths) // 2]) if lengths else MIN_RUN_TOGETHER_CHARS
    for index, key in enumerate(keys):
        if index not in repeated and len(key) >= floor and _is_run_together(key, keys, index):
            repeated.add(index)
    return repeated


def _is_run_together(key: str, keys: list[str], index: int) -> bool:
    covered = contained = 0
    for other_index, other in enumerate(keys):
        if other_index != index and MIN_REPEATED_CHARS // 4 <= len(other) < len(key) and other in key:
            covered += len(other)
            contained += 1
            if contained >= 2 and covered >= RUN_TOGETHER_COVERAGE * len(key):
                return True
    return False
