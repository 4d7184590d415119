"""A page template's key follows every template file it renders with, and no other."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.meta
import pytest

from generator.render import make_environment
from generator.template_keys import _Uses, template_keys

PAGES = ("article.html", "listing.html")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    (folder / "i18n").mkdir(parents=True)
    files = {
        "base.html": "<html>{% block content %}{% endblock %}</html>",
        "_card.html": "{% macro card(x) %}<li>{{ x }}</li>{% endmacro %}",
        "_pager.html": "<nav>pages</nav>",
        "article.html": '{% extends "base.html" %}{% block content %}article{% endblock %}',
        "listing.html": '{% extends "base.html" %}{% from "_card.html" import card %}'
                        '{% block content %}{% include "_pager.html" %}{% endblock %}',
        "i18n/ar.yml": "search: بحث\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def keys(folder: Path) -> dict[str, str]:
    found = template_keys(folder, PAGES)
    return {**found.shared, **{f"{lang}/{name}": key for (name, lang), key in found.own.items()}}


def edit(file: Path, text: str = "<!-- edited -->") -> None:
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def test_a_partial_one_page_template_includes_changes_only_that_template(templates: Path):
    before = keys(templates)
    edit(templates / "_pager.html")
    assert changed(before, keys(templates)) == {"listing.html"}
    before = keys(templates)
    edit(templates / "_card.html", "{# imported macros #}")
    assert changed(before, keys(templates)) == {"listing.html"}


def test_the_layout_every_page_extends_and_the_catalogs_change_every_template(templates: Path):
    before = keys(templates)
    edit(templates / "base.html")
    assert changed(before, keys(templates)) == set(PAGES)
    before = keys(templates)
    edit(templates / "i18n" / "ar.yml", "home: الرئيسية\n")
    assert changed(before, keys(templates)) == set(PAGES)


def test_a_partial_included_from_the_layout_changes_every_template(templates: Path):
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</html>", '{% include "_footer.html" %}</html>'),
                    encoding="utf-8")
    (templates / "_footer.html").write_text("<footer>1</footer>", encoding="utf-8")
    before = keys(templates)
    edit(templates / "_footer.html")
    assert changed(before, keys(templates)) == set(PAGES)


def test_a_file_no_template_uses_changes_nothing(templates: Path):
    before = keys(templates)
    (templates / "_unused.html").write_text("<p>unused</p>", encoding="utf-8")
    assert changed(before, keys(templates)) == set()


def test_a_missing_partial_that_appears_changes_the_template_that_includes_it(templates: Path):
    listing = templates / "listing.html"
    edit(listing, '{% include "_later.html" ignore missing %}')
    before = keys(templates)
    (templates / "_later.html").write_text("<p>now here</p>", encoding="utf-8")
    assert changed(before, keys(templates)) == {"listing.html"}


@pytest.mark.parametrize("source", ['{% include partial_name %}', '{% extends "a" ~ "b" %}'])
def test_a_template_whose_references_are_known_only_when_rendering_uses_every_file(templates: Path, source: str):
    edit(templates / "article.html", source)
    before = keys(templates)
    edit(templates / "_card.html", "{# unrelated to articles until rendered #}")
    assert changed(before, keys(templates)) == {"article.html", "listing.html"}


def test_a_languages_own_version_follows_what_it_extends_and_changes_only_itself(templates: Path):
    own = templates / "fa" / "article.html"
    own.parent.mkdir()
    own.write_text('{% extends "article.html" %}{% block content %}فارسی{% endblock %}', encoding="utf-8")
    before = keys(templates)
    assert "fa/article.html" in before and before["fa/article.html"] != before["article.html"]
    edit(own)
    assert changed(before, keys(templates)) == {"fa/article.html"}
    before = keys(templates)
    edit(templates / "article.html")
    assert changed(before, keys(templates)) == {"article.html", "fa/article.html"}


SOURCES = [
    '{% extends "base.html" %}',
    "{%- extends 'base.html' -%}",
    '{%+ include "a.html" ignore missing with context %}{% include"b.html"%}',
    '{% include ["c.html", \'d.html\',] without context %}',
    '{% from "_macros.html" import card, date_line as line with context %}',
    '{% import "forms.html" as forms %}',
    '{% include\n    "multi-line.html"\n%}',
    '{% set name = "x.html" %}{% include name %}',
    '{% include "a.html" if wide else "b.html" %}',
    '{% extends ("base.html") %}',
    '{% include "a" ~ ".html" %}',
    '<p>{{ "{% include \'not-a-tag.html\' %}" }}</p>{% include "real.html" %}',
]


@pytest.mark.parametrize("source", SOURCES)
def test_references_read_by_pattern_are_those_jinjas_parser_finds(source: str):
    """The pattern never finds fewer names than Jinja's parser (a tag-like text inside a string may add
    one: more pages made again, never fewer), and where the parser cannot name them all, neither does it.
    Only an argument Jinja folds to a constant, `("base.html")`, is named by the parser alone."""
    by_jinja = set(jinja2.meta.find_referenced_templates(make_environment(Path(".")).parse(source)))
    by_pattern = _Uses({"page.html": source.encode()})._parse("page.html")
    if by_pattern is None:
        assert None in by_jinja or "(" in source
    else:
        assert None not in by_jinja and by_jinja <= by_pattern
