import datetime as dt

import pytest

from generator.frontmatter import MetaError, merge, parse_meta, split_front_matter
from generator.model import CuratedMeta
from generator.yamlsafe import YamlError, load_yaml


def test_split_front_matter_gives_body_and_its_first_line():
    yaml_text, body, line = split_front_matter("---\ntitle: عنوان\nlang: ar\n---\nالنص\n")
    assert yaml_text == "title: عنوان\nlang: ar\n"
    assert body == "النص\n"
    assert line == 5


def test_unclosed_front_matter_says_how_to_close_it():
    with pytest.raises(MetaError) as info:
        split_front_matter("---\ntitle: x\nbody without end\n")
    assert "never closed" in str(info.value) and "---" in info.value.hint


def test_all_keys_are_read():
    reading = parse_meta(
        "title: عنوان\ndate: 2017-04-27\nlang: fa\noutlet: العرب\nauthor: هدى\nurl: https://example.org/a\n"
        "tags: [داعش, سوريا]\nslug: my/article\ntranslation_key: k1\ndraft: false\n", "a.md")
    meta = reading.meta
    assert (meta.title, meta.published, meta.lang) == ("عنوان", dt.date(2017, 4, 27), "fa")
    assert (meta.outlet, meta.author, meta.original_url) == ("العرب", "هدى", "https://example.org/a")
    assert meta.tags == ("داعش", "سوريا") and meta.slug == "my/article" and meta.translation_key == "k1"
    assert reading.warnings == []


def test_unknown_key_is_kept_and_warned_with_a_hint():
    reading = parse_meta("titel: x\ncolour: red\n", "a.md")
    assert reading.meta.extra == {"titel": "x", "colour": "red"}
    messages = [w.message + " " + w.hint for w in reading.warnings]
    assert any("titel" in m and "did you mean 'title'" in m for m in messages)
    assert len(messages) == 2


@pytest.mark.parametrize("yaml_text, field", [
    ("title: [a, b]\n", "title"),
    ("date: 2017-02-30\n", "date"),
    ("date: 3017-01-01\n", "date"),
    ("date: yesterday\n", "date"),
    ("url: javascript:alert(1)\n", "url"),
    ("lang: Arabic language\n", "lang"),
    ("slug: ../../etc/passwd\n", "slug"),
    ("draft: maybe\n", "draft"),
])
def test_a_wrong_value_is_reported_and_ignored(yaml_text, field):
    reading = parse_meta(yaml_text, "a.md")
    assert len(reading.warnings) == 1 and f"'{field}'" in reading.warnings[0].message


def test_broken_yaml_gives_the_line_in_the_file():
    with pytest.raises(MetaError) as info:
        parse_meta('title: "unclosed\nlang: ar\n', "a.md", first_line=2)
    assert info.value.line is not None and info.value.line >= 2


def test_tabs_get_a_hint():
    with pytest.raises(MetaError) as info:
        parse_meta("title: x\n\tlang: ar\n", "a.md")
    assert "tab" in str(info.value)


def test_python_tags_are_refused():
    with pytest.raises(YamlError):
        load_yaml("x: !!python/object/apply:os.system ['echo hi']\n")


def test_alias_bomb_is_bounded():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 9):
        bomb += f"{'abcdefghi'[i]}: &{'abcdefghi'[i]} [" + ",".join([f"*{'abcdefghi'[i - 1]}"] * 9) + "]\n"
    with pytest.raises(YamlError, match="aliases"):
        load_yaml(bomb)


def test_sidecar_wins_over_front_matter():
    front = CuratedMeta(title="front", lang="ar", tags=("a",))
    sidecar = CuratedMeta(title="sidecar")
    merged = merge(front, sidecar)
    assert (merged.title, merged.lang, merged.tags) == ("sidecar", "ar", ("a",))


def test_each_warning_points_at_its_own_key():
    reading = parse_meta("title: x\nlang: ar\n\ndate: 2017-02-30\ntags: {a: 1}\n", "a.md", first_line=2)
    assert {w.message.split(" ")[0]: w.line for w in reading.warnings} == {"'date'": 5, "'tags'": 6}


def test_a_python_tag_is_named_with_its_own_hint():
    with pytest.raises(MetaError) as info:
        parse_meta("lang: ar\ntitle: !!python/object/apply:os.system ['id']\n", "a.md")
    assert "!!python/object/apply:os.system" in str(info.value) and info.value.line == 2
    assert "remove the tag" in info.value.hint


def test_an_unclosed_quote_is_named_where_it_opens():
    with pytest.raises(MetaError) as info:
        parse_meta("lang: ar\ntitle: \"no end\nauthor: x\n", "a.md", first_line=2)
    assert "quoted value is never closed" in str(info.value) and info.value.line == 3


def test_control_characters_are_a_yaml_error_with_a_line():
    with pytest.raises(YamlError) as info:
        load_yaml("title: a\nauthor: b\x07\n")
    assert info.value.line == 2


@pytest.mark.parametrize("depth", [100, 5_000, 100_000])
def test_deep_nesting_is_an_error_not_a_crash(depth):
    # libyaml recurses in C without a limit: this must never reach it at a depth that overflows.
    text = "title: " + "[" * depth + "]" * depth + "\n"
    try:
        load_yaml(text)
    except YamlError as exc:
        assert "nested too deeply" in str(exc)
