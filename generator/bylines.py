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
# Known outlets at least this long are recognised one letter off (a source's typo); a shorter one
# (`سبق`, `الوطن`) one letter off is as likely another word or a name.
MIN_MISSPELT = 7


@dataclass(frozen=True)
class Byline:
    outlet: str | None = None
    author: str | None = None
    place: str | None = None
    date_text: str | None = None  # folded text of a date the byline carries


def _group(text: str, m: re.Match[str], name: str) -> str | None:
    if name not in m.re.groupindex or m.start(name) < 0:
        return None
    value = original_span(text, m.start(name), m.end(name)).strip(" :،,-–ـ|«»\"")
    if value.endswith(")") and "(" not in value:
        value = value[:-1].rstrip()
    if value.startswith("(") and ")" not in value:
        value = value[1:].lstrip()
    return value or None


def _from_match(text: str, m: re.Match[str], rules: LanguageRules) -> Byline:
    date = m["date"] if "date" in m.re.groupindex else None
    values = [_group(text, m, name) for name in ("outlet", "author", "place")]
    # A desk word (`وكالات`, `متابعة`) where a name or place should be names nothing.
    outlet, author, place = (v if v and fold(v) not in rules.not_names else None for v in values)
    return Byline(outlet, author, place, date)


def _dash_parts(text: str, m: re.Match[str], rules: LanguageRules) -> Byline | None:
    """`X – Y` bylines, read only when one side is a known outlet, place or desk word.

    The other side's role follows the sources' custom: after an outlet comes the place
    (`عين اليوم – جدة`); a name beside an outlet, place or desk is the writer
    (`عمر إبراهيم – عين اليوم`, `حامد القرشي- مكة المكرمة`, `لجين الأحمدي – متابعات`).
    """
    parts = [_group(text, m, "part1"), _group(text, m, "part2")]
    if not parts[0] or not parts[1]:
        return None
    kinds = [_kind(fold(part), rules) for part in parts]
    if kinds.count(None) != 1:
        return _known_only(parts, kinds) if None not in kinds else None
    unknown = kinds.index(None)
    other = kinds[1 - unknown]
    words = len(parts[unknown].split())
    found = {other: parts[1 - unknown]} if other != "desk" else {}
    if other == "outlet" and unknown == 1 and words <= 3:
        found["place"] = parts[1]
    elif 2 <= words <= 4:
        found["author"] = parts[unknown]
    else:
        return None
    return Byline(found.get("outlet"), found.get("author"), found.get("place"))


def _kind(folded_part: str, rules: LanguageRules) -> str | None:
    # Places first: `الرياض` beside a name is the city more often than the newspaper.
    if folded_part in rules.places:
        return "place"
    if folded_part in rules.outlets:
        return "outlet"
    if folded_part in rules.not_names:
        return "desk"
    if any(len(outlet) >= MIN_MISSPELT and _one_edit(folded_part, outlet) for outlet in rules.outlets):
        return "outlet"  # misspelt by the source (`عين اليومم – واشنطن`): an outlet still, not a writer
    return None


def _one_edit(text: str, other: str) -> bool:
    """Whether `text` is `other` with one letter added, dropped or replaced."""
    if abs(len(text) - len(other)) > 1 or text == other:
        return False
    shorter, longer = sorted((text, other), key=len)
    start = next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter))
    skip = 1 if len(shorter) == len(longer) else 0  # replaced: both go past it; added: only the longer
    return shorter[start + skip:] == longer[start + 1:]


def _known_only(parts: list[str], kinds: list[str | None]) -> Byline | None:
    found: dict[str, str] = {}
    for part, kind in zip(parts, kinds, strict=True):
        if kind != "desk":
            found.setdefault(str(kind), part)
    return Byline(found.get("outlet"), None, found.get("place")) if found else None


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
            return _from_match(text, m, rules)
    return None


def leading_byline(text: str, folded: str, rules_set: tuple[LanguageRules, ...]) -> tuple[Byline, int] | None:
    """A byline opening a paragraph (`خبرگزاري فارس: …`, `واس – جدة: …`) and how many original characters it takes."""
    for rules in rules_set:
        for pattern in rules.leading_bylines:
            m = pattern.match(folded)
            if m and m.end() < len(folded):
                return _from_match(text, m, rules), original_index(text, m.end())
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
                return _from_match(text, m, rules), original_index(text, m.start()), original_index(text, m.end())
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
            if start == 0:
                return original_span(text, start, end), 0
            # Mid-paragraph only a known place counts, possibly the last word alone (`للفرار واشنطن-`).
            for begin in (start, head.rfind(" ", start, end) + 1):
                if begin > 0 and head[begin:end] in rules.places:
                    return original_span(text, begin, end), original_index(text, begin)
    return None
