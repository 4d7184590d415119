"""Articles of the archive that are the same text, e.g. one article saved under two URLs.

Texts are compared by a hash of their normalised words, so the check is linear in the
size of the archive. Nothing is dropped here: the caller publishes one page and lists
the others as copies.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from .linefold import fold

MIN_WORDS = 5  # stubs ("خبرگزاري فارس: .") are alike by accident, not copies of one article
_WORD = re.compile(r"[^\W_]+")


def normalised_key(text: str) -> str | None:
    """Hash of the text's words after folding, case and punctuation set aside; None for near-empty texts."""
    words = _WORD.findall(fold(text).casefold())
    if len(words) < MIN_WORDS:
        return None
    return hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=16).hexdigest()


def find_duplicate_groups(items: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Groups of paths whose texts are the same article, each group and the list sorted by path.

    `items` holds (path, text) pairs; only groups of two or more paths are returned.
    """
    return group_by_key([(path, normalised_key(text)) for path, text in items])


def group_by_key(keyed: Sequence[tuple[str, str | None]]) -> list[list[str]]:
    """Groups of two or more paths sharing a key (from `normalised_key`), sorted; None never groups."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path, key in keyed:
        if key is not None:
            groups[key].append(path)
    return sorted(sorted(paths) for paths in groups.values() if len(paths) > 1)
