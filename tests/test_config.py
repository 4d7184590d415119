import pytest

from generator.config import ConfigError, SiteConfig, load_config


def test_no_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "site.yml")
    assert config == SiteConfig()
    assert config.language("fa").direction == "rtl" and config.language("en").direction == "ltr"


def test_direction_comes_from_the_language_table(tmp_path):
    (tmp_path / "site.yml").write_text("languages:\n  ur: {}\n  fr: {}\n  xx: {direction: rtl, name: X}\n"
                                       "default_language: ur\n", encoding="utf-8")
    config = load_config(tmp_path / "site.yml")
    assert [config.language(c).direction for c in ("ur", "fr", "xx")] == ["rtl", "ltr", "rtl"]
    assert config.language("ur").digits == "arabext"


def test_every_problem_is_listed_with_a_hint(tmp_path):
    (tmp_path / "site.yml").write_text("titel: x\npage_size: ten\nbase_url: [1]\nlanguages:\n  ar: {dirction: rtl}\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "site.yml")
    text = "\n".join(info.value.problems)
    assert "unknown key 'titel'" in text and "did you mean 'title'" in text
    assert "'page_size' must be a whole number" in text
    assert "'base_url' must be text" in text
    assert "did you mean 'direction'" in text
    assert len(info.value.problems) == 4


def test_boolean_is_not_a_page_size(tmp_path):
    (tmp_path / "site.yml").write_text("page_size: yes\n")
    with pytest.raises(ConfigError):
        load_config(tmp_path / "site.yml")


def test_default_language_must_be_listed(tmp_path):
    (tmp_path / "site.yml").write_text("default_language: de\n")
    with pytest.raises(ConfigError, match="default_language"):
        load_config(tmp_path / "site.yml")


def test_shipped_site_yml_is_valid():
    from conftest import ROOT
    config = load_config(ROOT / "site.yml")
    assert config.default_language == "ar" and set(config.languages) >= {"ar", "fa", "en"}
