import pytest

from generator.slugs import SlugError, clean_slug, path_slug, slugify, unique_slugs


def test_arabic_and_persian_words_stay_readable_and_distinct():
    assert slugify("العراق") == "العراق"
    assert slugify("الرقة") == "الرقة"
    assert slugify("جبهة النصرة") == "جبهة-النصرة"
    assert slugify("می‌خواهم") == "میخواهم"  # ZWNJ is invisible in a URL bar


def test_tatweel_bidi_controls_and_punctuation_go():
    assert slugify("داعـــش") == "داعش"
    assert slugify("\u202eevil\u202c name!") == "evil-name"


def test_windows_reserved_names_are_escaped():
    assert slugify("CON") == "_con"
    assert slugify("nul.txt") == "_nul.txt"


def test_collisions_are_numbered_and_reported():
    mapping, collisions = unique_slugs(["داعش", "داعش!", "سوريا"])
    assert mapping == {"داعش": "داعش", "داعش!": "داعش-2", "سوريا": "سوريا"}
    assert collisions == [("داعش", ["داعش", "داعش!"])]


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../b", "C:\\x", "\\\\server\\share", "///", "!!!"])
def test_curated_slugs_cannot_leave_the_site(bad):
    with pytest.raises(SlugError):
        clean_slug(bad)


def test_curated_slug_segments_are_cleaned():
    assert clean_slug("أخبار/ My Article ") == "أخبار/my-article"


def test_path_slug_keeps_folders():
    assert path_slug("2017/مقالة جديدة.txt") == "2017/مقالة-جديدة"
    assert path_slug("000_29e0669f1e92bf8a.txt") == "000_29e0669f1e92bf8a"


@pytest.mark.parametrize("name", ["x/copies/1", "x/index.html", "x/source.txt", "source.md/y"])
def test_stems_cannot_spell_the_files_of_an_article_folder(name):
    # Otherwise one article's folder would land where another's page, original or copies go.
    assert all(s not in ("copies", "index.html", "source.txt", "source.md") for s in clean_slug(name).split("/"))
    assert all(s not in ("copies", "index.html", "source.txt", "source.md")
               for s in path_slug(name + ".txt").split("/"))


def test_listing_names_cannot_spell_a_listing_folders_page():
    mapping, _ = unique_slugs(["index.html", "_index.html", "داعش"])
    assert mapping == {"_index.html": "_index.html", "index.html": "_index.html-2", "داعش": "داعش"}
