"""Texts that carry their record inline: `<DOC><DOCNO>…<TITLE>…<TIME>…<TEXT>…</TEXT></DOC>`.

Such a file (the Jawhara FM collection is one) states its own title, date, URL, author and
source; only the part inside `<TEXT>` is the article a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD = re.compile(r"<(?P<tag>[A-Z]+)>(?P<value>.*?)</(?P=tag)>", re.DOTALL)
_OPEN_TEXT = re.compile(r"^\s*<TEXT>\s*$")
_CLOSE_TEXT = re.compile(r"^\s*</TEXT>\s*$")


@dataclass(frozen=True)
class DocHeader:
    fields: dict[str, str]  # tag -> value, whitespace-tidied; empty tags left out
    body_first: int  # 0-based index of the first line inside <TEXT>
    body_end: int  # 0-based index just past the last line inside <TEXT>


def is_doc(text: str) -> bool:
    return text.lstrip()[:5] == "<DOC>"


def parse_doc(lines: list[str]) -> DocHeader:
    """The header fields and where the TEXT body lies among `lines` (the file split at newlines)."""
    opening = next((i for i, line in enumerate(lines) if _OPEN_TEXT.match(line)), None)
    closing = next((i for i in range(len(lines) - 1, -1, -1) if _CLOSE_TEXT.match(lines[i])), None)
    head = "\n".join(lines[: opening if opening is not None else len(lines)])
    fields = {}
    for m in _FIELD.finditer(head):
        value = " ".join(m["value"].split())
        if value and m["tag"] not in fields:
            fields[m["tag"]] = value
    if opening is None:
        return DocHeader(fields, len(lines), len(lines))
    end = closing if closing is not None and closing > opening else len(lines)
    return DocHeader(fields, opening + 1, end)
