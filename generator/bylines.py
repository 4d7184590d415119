"""Outlet, author, place (and a dateline's date) from the byline patterns of the data files.

Patterns are matched on folded lines; every value is handed back as the original text
spells it (`linefold.original_span`), never as its folded form. Nothing is guessed: a
value is returned only when a pattern of the data files names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .linefold import fold, original_index, original_span
from .rules import LanguageRules

MAX_METADATA_LINE = 120  # folded characters; longer lines are prose, not bylines
HEAD_SEARCH = 160  # a paragraph's place dateline sits in its first words


@dataclass(frozen=True)
class Byline:
    outlet: str | None = None
    author: str | None = None
    place: str | None = None
    date_text: str | None = None  # folded text of a date the byline carries


def _group(text: str, m: re.Match[str], name: str) -> str | None:
    if name not in m.re.groupindex or m.start(name) < 0:
        return None
    value = original_span(text, m.start(name), m.end(name)).strip(" :،,-–ـ|()«»\"")
    return value or None


def _from_match(text: str, m: re.Match[str]) -> Byline:
    date = m["date"] if "date" in m.re.groupindex else None
    return Byline(_group(text, m, "outlet"), _group(text, m, "author"), _group(text, m, "place"), date)


def _dash_parts(text: str, m: re.Match[str], rules: LanguageRules) -> Byline | None:
    # `X – Y`: only when one side is a known outlet or place; the other side is then
    # a person when it is the first part and reads as a name (2–4 words).
    found: dict[str, str] = {}
    unknown: list[tuple[str, str]] = []
    for name in ("part1", "part2"):
        value = _group(text, m, name)
        if not value:
            return None
        key = fold(value)
        if key in rules.outlets:
            found.setdefault("outlet", value)
        elif key in rules.places:
            found.setdefault("place", value)
        elif key not in rules.not_names:
            unknown.append((name, value))
    if not found:
        return None
    if unknown:
        name, value = unknown[0]
        if len(unknown) > 1 or name != "part1" or not 2 <= len(value.split()) <= 4:
            return None
        found["author"] = value
    return Byline(found.get("outlet"), found.get("author"), found.get("place"))


def metadata_line(text: str, folded: str, rules_set: tuple[LanguageRules, ...], at_head: bool) -> Byline | None:
    """The byline a whole line states (`المصدر : الماسة السورية`, `كتبت- هدى الشيمي:`), or None."""
    if len(folded) > MAX_METADATA_LINE:
        return None
    for rules in rules_set:
        for pattern in rules.metadata_lines:
            m = pattern.fullmatch(folded)
            if not m:
                continue
            if "part1" in pattern.groupindex:
                found = _dash_parts(text, m, rules) if at_head else None
                if found:
                    return found
                continue
            return _from_match(text, m)
    return None


def leading_byline(text: str, folded: str, rules_set: tuple[LanguageRules, ...]) -> tuple[Byline, int] | None:
    """A byline opening a paragraph (`خبرگزاري فارس: …`, `واس – جدة: …`) and how many original characters it takes."""
    for rules in rules_set:
        for pattern in rules.leading_bylines:
            m = pattern.match(folded)
            if m and m.end() < len(folded):
                return _from_match(text, m), original_index(text, m.end())
    return None


_CLAUSE_END = re.compile(r"[^،,:]*[،,:]\s*")


def outlet_mention(folded: str, text: str, rules_set: tuple[LanguageRules, ...]) -> tuple[str, int] | None:
    """The outlet a paragraph credits (`به گزارش «شیعه نیوز»`) and where the credit's clause ends in `text`.

    The text itself stays as it is; the end lets a title made from it skip the credit.
    """
    for rules in rules_set:
        for pattern in rules.outlet_mentions:
            m = pattern.search(folded)
            outlet = _group(text, m, "outlet") if m else None
            if m and outlet:
                clause = _CLAUSE_END.match(folded, m.end())
                end = original_index(text, clause.end()) if clause and clause.end() - m.end() < 40 else 0
                return outlet, end
    return None


def inline_credit(text: str, folded: str, rules_set: tuple[LanguageRules, ...]) -> tuple[Byline, int, int] | None:
    """A credit glued into a paragraph (`.العرب  [نُشر في 2017/11/15]`) and its original span."""
    for rules in rules_set:
        for pattern in rules.inline_credits:
            m = pattern.search(folded)
            if m:
                return _from_match(text, m), original_index(text, m.start()), original_index(text, m.end())
    return None


def bullet_value(text: str, folded: str, rules_set: tuple[LanguageRules, ...]) -> str | None:
    """The value of a metadata bullet (`  • فريق ماسة`), as written."""
    for rules in rules_set:
        if rules.bullet:
            m = rules.bullet.fullmatch(folded)
            if m:
                return _group(text, m, "value")
    return None


def place_dateline(text: str, folded: str, rules_set: tuple[LanguageRules, ...]) -> tuple[str, int] | None:
    """A place opening a paragraph (`واشنطن- أقرّ …`) and where it starts in the original text."""
    head = folded[:HEAD_SEARCH]
    for rules in rules_set:
        if not rules.place_dateline:
            continue
        for m in rules.place_dateline.finditer(head):
            start, end = m.start("place"), m.end("place")
            if start != 0 and m["place"] not in rules.places:
                start = head.rfind(" ", start, end) + 1  # `للفرار واشنطن-`: the last word alone
            if start == 0 or head[start:end] in rules.places:
                return original_span(text, start, end), original_index(text, start)
    return None
