import datetime as dt

import pytest
from conftest import ROOT

from generator.i18n import Localizer, load_catalogs, localize_digits

CATALOGS = load_catalogs(ROOT / "templates" / "i18n")


def test_digits_per_style():
    assert localize_digits("2017-04-27", "arab") == "٢٠١٧-٠٤-٢٧"
    assert localize_digits("2017", "arabext") == "۲۰۱۷"
    assert localize_digits("2017", "latn") == "2017"


def test_persian_date_also_in_solar_hijri():
    loc = Localizer("fa", "arabext", CATALOGS)
    day = dt.date(2016, 6, 13)
    assert loc.date(day) == "۱۳ ژوئن ۲۰۱۶"
    assert loc.calendar_dates(day) == ["۲۴ خرداد ۱۳۹۵ خورشیدی"]


def test_arabic_date_with_hijri():
    loc = Localizer("ar", "arab", CATALOGS)
    day = dt.date(2017, 4, 27)
    assert loc.date(day) == "٢٧ أبريل ٢٠١٧"
    assert loc.calendar_dates(day) == ["١ شعبان ١٤٣٨ هـ"]  # Umm al-Qura: Ramadan 1438 began on 27 May 2017


def test_english_has_no_extra_calendar():
    loc = Localizer("en", "latn", CATALOGS)
    assert loc.calendar_dates(dt.date(2017, 4, 27)) == []
    assert loc.t("count_articles", count=5) == "5 articles"


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_every_english_key_is_translated(lang):
    missing = set(CATALOGS.by_language["en"]) - set(CATALOGS.by_language[lang])
    assert not missing, f"templates/i18n/{lang}.yml lacks {sorted(missing)}"
