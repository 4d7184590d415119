"""Any text at all gives an Extracted value, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.duplicates import find_duplicate_groups
from generator.extract import extract
from generator.model import Extracted

# Letters, digits, marks and punctuation of the scripts the archive holds, plus the
# characters that trip parsers: bullets, brackets, bidi and zero-width marks, newlines.
ALPHABET = st.sampled_from(
    list("ابتثجحخدذرسشصضطظعغفقكلمنهوي ةىأإؤءپچژگکیۀ ے ںٹ") + list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
    + list("abcXYZ éà") + list(" \n\n\t•·-–ـ:/|()[]«»<>.,،؛؟*\u200c\u200d\u200f\u202b\ufeff\u00a0ﻻ")
)
PIECES = st.sampled_from(
    ["إعلان", "  • 2017-04-27", "المصدر : ", "كتبت- ", "<DOC>", "<TEXT>", "</TEXT>", "<TITLE>", "نُشر في",
     "۲۴ خرداد ۱۳۹۵", "25 شوال 1436 هـ", "11/15/2017", "خبرگزاري فارس:", "به گزارش «", "// انتهى //", "|", " ( "]
)
TEXTS = st.lists(st.one_of(st.text(ALPHABET, max_size=60), PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["ar", "fa", "en"]))
def test_any_text_gives_an_extracted_value(text: str, default_lang: str) -> None:
    found = extract(text, default_lang)
    assert isinstance(found, Extracted)
    assert found.lang in (None, "ar", "fa", "ur", "en", "fr")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for removal in found.removals:
        assert 1 <= removal.line <= len(lines)
    if found.body:
        assert found.title
    else:
        assert found.review


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, max_size=6))
def test_duplicate_groups_never_fail(texts: list[str]) -> None:
    groups = find_duplicate_groups([(f"f{i}.txt", t) for i, t in enumerate(texts)])
    assert all(len(group) >= 2 for group in groups)
