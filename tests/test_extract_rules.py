"""Each extraction rule on real short lines from the seeds and the corpus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.boilerplate import boilerplate_rule, repeated_paragraphs
from generator.dateparse import best_of_line, dates_in
from generator.extract import detect_language, extract
from generator.linefold import fold
from generator.rules import all_rules, rules_in_force
from generator.titles import derive_title

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
ARABIC_BODY = (
    "وأكد ناشطون لأخبار الآن أن قرار التنظيم منع المدنيين والأهالي الخروج من مناطق سيطرته يهدف أيضا لمواجهة الإنشقاقات."
)
PERSIAN_BODY = "وي افزود: از طريق اين دفاتر، بيش از 224 ميليارد ريال تسهيلات به روستائيان اعطا شده است."


@pytest.mark.parametrize(
    ("line", "lang", "rule"),
    [
        ("إعلان", "ar", "advert"),
        ("فيديو قد يعجبك:", "ar", "video-teaser"),
        ("اكتب تعليق", "ar", "comment-form"),
        ("كل الحقول التي عليها علامة (*) مطلوبة", "ar", "comment-form"),
        ("تعليقات () ", "ar", "comment-form"),
        ("مشاركة :", "ar", "share"),
        ("news-picture", "ar", "image-placeholder"),
        ("  • 7529", "ar", "counter"),
        (" // انتهى //", "ar", "wire-footer"),
        (" 18:35 ت م ", "ar", "wire-footer"),
        ("...المزيد", "ar", "navigation"),
        ("   Next Previous", "ar", "navigation"),
        ("للتواصل مع الكاتب ارسل رسالة SMS", "ar", "sms-footer"),
        ("737221 - Zain ", "ar", "sms-footer"),
        ("salem_sahab@hotmail.com", "ar", "contact"),
        ("Array", "ar", "debris"),
        ("انتهای پیام/ .", "fa", "sign-off"),
        ("انتهای متن/", "fa", "sign-off"),
        ("بازگشت به صفحه نخست گروه فضای مجازی", "fa", "navigation"),
    ],
)
def test_boilerplate_lines(line: str, lang: str, rule: str) -> None:
    assert boilerplate_rule(fold(line), rules_in_force(lang)) == rule


@pytest.mark.parametrize(
    "line",
    [
        "آغاز مذاكرات مقدماتي صلح",
        "أبو محمد من ريف دير الزور يقول لأخبار الآن",
        "ساوتهمپتون 1 - 0 ساندرلند.",
        "إعلان حالة الطوارئ في المدينة",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert boilerplate_rule(fold(line), rules_in_force(None)) is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("11:39 ص الأربعاء 08 يونيو 2016", "ar", dt.date(2016, 6, 8)),
        ("  • 11/15/2017", "ar", dt.date(2017, 11, 15)),
        ("[نُشر في 2017/11/15]", "ar", dt.date(2017, 11, 15)),
        ("17/05/2015", "ar", dt.date(2015, 5, 17)),
        ("<TIME>26/04/2017</TIME>", "ar", dt.date(2017, 4, 26)),
        ("2017-04-23T21:41:00+01:00", "ar", dt.date(2017, 4, 23)),
        ("يوم ١٢ اغسطس ٢٠١٥ على إستاد", "ar", dt.date(2015, 8, 12)),
        ("15 حزيران 2014", "ar", dt.date(2014, 6, 15)),
        ("1 تشرين الأول 2013", "ar", dt.date(2013, 10, 1)),
        ("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", "ar", dt.date(2015, 8, 10)),
        ("25 شوال 1436 هـ", "ar", dt.date(2015, 8, 10)),
        ("۲۴ خرداد ۱۳۹۵", "fa", dt.date(2016, 6, 13)),
        ("1395/04/04", "fa", dt.date(2016, 6, 24)),
        ("در تاريخ 1387/2/17 شهرداري", "fa", dt.date(2008, 5, 6)),
        ("15/7/1383", "fa", dt.date(2004, 10, 6)),
        ("June 8, 2016", "en", dt.date(2016, 6, 8)),
        ("8 juin 2016", "fr", dt.date(2016, 6, 8)),
    ],
)
def test_dates(text: str, lang: str, expected: dt.date) -> None:
    assert best_of_line(dates_in(fold(text), all_rules(), lang)) == expected


@pytest.mark.parametrize("text", ["رشد اقتصادي 5/27 درصد بود", "قيمت 5.7 درصد", "31/02/2015", "ساعت 11:39"])
def test_not_dates(text: str) -> None:
    assert dates_in(fold(text), all_rules(), "fa") == []


def test_body_dates_are_not_publication_dates() -> None:
    text = "عنوان الخبر هنا للاختبار\n\nوقعت الحرب في 12 يونيو 1967 وانتهت بعد ستة أيام من القتال في المنطقة كلها."
    assert extract(text, "ar").published is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("به گزارش «شیعه نیوز»، اين مردان كه اكثرا صورت خود را پوشاندهاند، كارت عضويت داعش را به همراه دارند", "fa"),
        ("وي افزود: از طريق اين دفاتر، بيش از 224 ميليارد ريال تسهيلات به روستائيان اعطا شده است.", "fa"),
        ("أكد دبلوماسيون وأعضاء شبكات سوريا التي تدعم المعارضين إن مقاتلي تنظيم الدولة في الغرب على اتصال", "ar"),
        ("وزیر اعظم نے کہا کہ حکومت عوام کے مسائل حل کرنے کے لیے کام کر رہی ہے اور یہ سلسلہ جاری رہے گا", "ur"),
        ("The ministry said on Tuesday that the talks would resume in Geneva next week with both sides.", "en"),
        ("Le ministère a annoncé mardi que les négociations reprendront à Genève la semaine prochaine.", "fr"),
        ("Das Ministerium teilte am Dienstag mit, dass die Gespräche nächste Woche in Genf fortgesetzt werden.", None),
        ("Министерство сообщило во вторник, что переговоры возобновятся в Женеве.", None),
        ("   \n\n ", None),
    ],
)
def test_language(text: str, lang: str | None) -> None:
    assert detect_language(text, "ar") == lang


def test_persian_with_arabic_ye_and_kaf_is_persian() -> None:
    text = "خبرگزاري فارس: رئيس اداره كل دفاتر خدمات بانكي پست بانك گفت: با خريد و نصب نرم افزار متمركز به زودي"
    assert "ی" not in text and "ک" not in text
    assert extract(text, "ar").lang == "fa"


@pytest.mark.parametrize(
    ("line", "outlet", "author", "place"),
    [
        ("المصدر : الماسة السورية", "الماسة السورية", None, None),
        ("كتبت- هدى الشيمي:", None, "هدى الشيمي", None),
        ("أخبار الآن | الرقة – سوريا ( أيمن رسلان ) ", "أخبار الآن", "أيمن رسلان", "الرقة – سوريا"),
        ("عين اليوم – جدة", "عين اليوم", None, "جدة"),
        ("عمر إبراهيم – عين اليوم", "عين اليوم", "عمر إبراهيم", None),
        ("ناصر الطميحي ـ جدة", None, "ناصر الطميحي", "جدة"),
        ("عين اليومم – واشنطن", "عين اليومم", None, "واشنطن"),  # the outlet misspelt, as the source spells it
        ("عين الوم – واشنطن", "عين الوم", None, "واشنطن"),
        ("خبرگزاري فارس :", "خبرگزاري فارس", None, None),
    ],
)
def test_byline_lines(line: str, outlet: str | None, author: str | None, place: str | None) -> None:
    body = PERSIAN_BODY if "خبرگزار" in line else ARABIC_BODY
    found = extract(f"{line}\n\n{body}", "ar")
    assert (found.outlet, found.author, found.place) == (outlet, author, place)
    assert found.removals[0].rule == "metadata" and found.removals[0].line == 1


@pytest.mark.parametrize(
    ("paragraph", "outlet", "author", "place"),
    [
        ("يوسف سفر- سبق- المدينة المنوّرة: رسمت فعاليات مهرجان الصيف البسمة على الوجوه.", "سبق", "يوسف سفر",
         "المدينة المنوّرة"),
        ("واس – جدة: تلقى خادم الحرمين الشريفين الملك سلمان اتصالا هاتفيا.", "واس", None, "جدة"),
        ("خبرگزاري فارس: رئيس اداره كل دفاتر خدمات بانكي پست بانك گفت: خدمات بر خط مي شود.", "خبرگزاري فارس",
         None, None),
    ],
)
def test_leading_bylines(paragraph: str, outlet: str, author: str | None, place: str | None) -> None:
    found = extract(paragraph, "ar")
    assert (found.outlet, found.author, found.place) == (outlet, author, place)
    assert not found.body[0].text.startswith(outlet)


def test_outlet_is_never_invented() -> None:
    found = extract("تقول صحيفة وول ستريت جورنال إن الأمر تحول إلى مهمة دبلوماسية في تركيا.", "ar")
    assert found.outlet is None and found.author is None


def test_wire_dateline_and_footer() -> None:
    found = extract((FIXTURES / "was_wire.txt").read_text(encoding="utf-8"), "ar")
    assert (found.outlet, found.place, found.published) == ("واس", "القاهرة", dt.date(2015, 8, 10))
    assert [r.rule for r in found.removals] == ["metadata", "wire-footer", "wire-footer"]
    assert len(found.body) == 1


def test_sms_footer_removed() -> None:
    found = extract((FIXTURES / "sms_footer.txt").read_text(encoding="utf-8"), "ar")
    assert len(found.body) == 1
    assert {r.rule for r in found.removals} == {"contact", "sms-footer"}
    assert len(found.removals) == 6


def test_doc_header() -> None:
    found = extract((FIXTURES / "jawhara_header.txt").read_text(encoding="utf-8"), "ar")
    assert (found.title, found.title_derived) == ("ميسي يحسم كلاسيكو الأرض", False)
    assert found.published == dt.date(2017, 4, 23)
    assert found.outlet == "Jawhara FM" and found.author is None
    assert found.original_url.startswith("http://www.jawharafm.net/ar/article/")
    assert len(found.body) == 1 and not found.body[0].text.startswith("<")
    assert {r.rule for r in found.removals} == {"doc-header"}


@pytest.mark.parametrize("text", ["", "   \n\n\t  ", "\u00a0\u00a0\u00a0\u00a0 "])
def test_empty_text(text: str) -> None:
    found = extract(text, "ar")
    assert found.body == () and found.lang is None and found.review[0].startswith("empty")


def test_agency_tag_stub_is_not_published() -> None:
    found = extract((FIXTURES / "fars_stub.txt").read_text(encoding="utf-8"), "ar")
    assert found.body == ()
    assert found.review[0].startswith("stub")
    assert found.lang == "fa" and found.outlet == "خبرگزاري فارس"


def test_repeated_paragraph_and_run_together_body() -> None:
    paragraphs = [fold(p) for p in ("ا" * 30 + " أول", "ب" * 120 + " ثان", "ج" * 150 + " ثالث")]
    run_together = " ".join(paragraphs)
    assert repeated_paragraphs([*paragraphs, run_together]) == {3}
    assert repeated_paragraphs([*paragraphs, paragraphs[1]]) == {3}
    items = ["-المعالج : ثماني النواة من كوالكوم فئة سناب دراغون 835 وهناك ايضاً معالج Exynos 8895 من سامسونج ."] * 2
    assert repeated_paragraphs([fold(item) for item in items]) == set(), "list items may repeat"


@pytest.mark.parametrize(("text", "title"), [
    ("؟ X", "X"),  # a sentence end before any word opens no sentence (found by the property test)
    ("... قال المتحدث إن المفاوضات مستمرة. وأضاف", "قال المتحدث إن المفاوضات مستمرة"),
])
def test_derived_title_starts_at_the_first_word(text: str, title: str) -> None:
    found = extract(text, "ar")
    assert found.title == title and found.title_derived


def test_a_derived_title_is_never_empty() -> None:
    assert derive_title("؟ ؟") == "؟ ؟"  # nothing but sentence ends: the text is its own title


@pytest.mark.parametrize(
    ("text", "other", "expected"),
    [("عين اليومم", "عين اليوم", True), ("عين اليو", "عين اليوم", True), ("عين اليوب", "عين اليوم", True),
     ("عين اليوم", "عين اليوم", False), ("عين اليوممم", "عين اليوم", False), ("عيناليوم", "عين اليوم", True),
     ("ين اليومم", "عين اليوم", False), ("الشرق الأوسط", "الشرق الاوسط", True)],
)
def test_one_letter_off(text: str, other: str, expected: bool) -> None:
    from generator.bylines import _one_edit

    assert _one_edit(text, other) is expected
    assert _one_edit(other, text) is expected
