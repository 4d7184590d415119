"""Each seed article read as a person would label it: language, title, date, outlet, author."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from generator.extract import extract

CONTENT = Path(__file__).resolve().parents[1] / "content"

# file stem -> what a careful reader finds in the text (None: the text does not say)
EXPECTED = {
    "000_29e0669f1e92bf8a": dict(lang="fa", title=None, date=None, outlet="شیعه نیوز", author=None, place=None),
    "001_bf4fdc5bbe916684": dict(
        lang="ar", title='الغارديان: انشقاق في صفوف "داعش" وهروب عبرالحدود التركية', date=dt.date(2017, 4, 27),
        outlet="الماسة السورية", author="فريق ماسة", place=None,
    ),
    "002_7bdff688ace681d8": dict(
        lang="ar", title="مقاتلو داعش الأجانب يطلبون المساعدة للعودة لبلادهم", date=dt.date(2016, 6, 8),
        outlet=None, author="هدى الشيمي", place=None,
    ),
    "003_8fd63c14d31d5337": dict(
        lang="ar", title=None, date=None, outlet="أخبار الآن", author="أيمن رسلان", place="الرقة – سوريا"
    ),
    "004_5f292ea16519a414": dict(
        lang="ar", title="جهاديون أجانب فروا من الرقة وسط المدنيين قبيل تحريرها", date=dt.date(2017, 11, 15),
        outlet="العرب", author=None, place="واشنطن",
    ),
}

# Furniture each seed carries that must not be shown.
BOILERPLATE = {
    "000_29e0669f1e92bf8a": ["انتهای پیام"],
    "001_bf4fdc5bbe916684": ["اكتب تعليق", "كل الحقول التي عليها علامة", "المصدر :", "فريق ماسة", "7529"],
    "002_7bdff688ace681d8": ["إعلان", "فيديو قد يعجبك", "كتبت- هدى الشيمي", "11:39 ص"],
    "003_8fd63c14d31d5337": ["أخبار الآن |"],
    "004_5f292ea16519a414": ["news-picture", "مشاركة :", "[نُشر في", "11/15/2017"],
}


def _read(stem: str) -> tuple[bytes, str]:
    raw = (CONTENT / f"{stem}.txt").read_bytes()
    return raw, raw.decode("utf-8")


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_seed_metadata(stem: str) -> None:
    expected = EXPECTED[stem]
    found = extract(_read(stem)[1], "ar")
    assert found.lang == expected["lang"]
    assert found.published == expected["date"]
    assert found.outlet == expected["outlet"]
    assert found.author == expected["author"]
    assert found.place == expected["place"]
    if expected["title"] is None:
        assert found.title_derived and found.title
        assert "no title line found; title made from the first sentence" in found.review
    else:
        assert (found.title, found.title_derived) == (expected["title"], False)
    assert ("no date found" in found.review) == (expected["date"] is None)


@pytest.mark.parametrize("stem", sorted(BOILERPLATE))
def test_seed_boilerplate_gone_and_original_untouched(stem: str) -> None:
    raw, text = _read(stem)
    digest = hashlib.sha256(raw).hexdigest()
    found = extract(text, "ar")
    shown = "\n".join(block.text for block in found.body)
    for furniture in BOILERPLATE[stem]:
        assert furniture not in shown
    original_lines = text.split("\n")
    for removal in found.removals:
        # Every removal points at a real line of the original, which still holds the text.
        assert " ".join(removal.text.split()) in " ".join(original_lines[removal.line - 1].split())
    assert hashlib.sha256((CONTENT / f"{stem}.txt").read_bytes()).hexdigest() == digest


def test_seed_000_headings_are_headings() -> None:
    found = extract(_read("000_29e0669f1e92bf8a")[1], "ar")
    headings = [block.text for block in found.body if block.kind == "h"]
    assert headings == ["آغاز مذاكرات مقدماتي صلح", "تهديد داعش عليه پوتين", "ارتش جديد داعش"]
    assert not found.title.startswith("به گزارش"), "a derived title skips the outlet credit"


def test_seed_001_body_shown_once() -> None:
    found = extract(_read("001_bf4fdc5bbe916684")[1], "ar")
    repeated = [r for r in found.removals if r.rule == "repeated-body"]
    assert [r.line for r in repeated] == [24]
    assert [block.line for block in found.body] == [1, 3, 5, 7, 9, 11, 13, 15]
    assert all(block.text != found.title for block in found.body)


def test_seed_004_glued_credit_split_readably() -> None:
    found = extract(_read("004_5f292ea16519a414")[1], "ar")
    texts = [block.text for block in found.body]
    assert texts[0].endswith("كمقاتلين محتملين للتنظيم.")
    assert found.body[1] == found.body[1].__class__("h", "تنظيم داعش استخدم المدنيين في الرقة كدروع للفرار", 10)
    assert texts[2].startswith("واشنطن- أقرّ التحالف الدولي")
    assert any(r.rule == "metadata" and "نُشر في 2017/11/15" in r.text for r in found.removals)
