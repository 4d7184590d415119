"""Markdown bodies to safe HTML, and HTML back to plain text for excerpts and search.

Archived Markdown may carry script from hostile pages. nh3 cleans the rendered HTML
with an allow-list, so only plain document structure reaches a page.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:
    import markdown

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "strong", "em", "b", "i", "u", "s", "sub", "sup", "small", "mark", "q", "cite", "abbr", "bdi", "bdo",
    "code", "pre", "kbd", "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    "caption", "span",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "bdo": {"dir"},
    "*": {"dir", "lang"},
}
_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote|pre|tr|figcaption|dd|dt)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_FOREIGN = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|[/\\]{2})", re.IGNORECASE)  # a scheme, or //host


def sanitise(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_no_foreign_images,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _no_foreign_images(tag: str, attribute: str, value: str) -> str | None:
    """An image from another site would be fetched by every reader (a tracking pixel, or a
    dead link years later); the archive shows its alt text instead. Links stay: a reader
    follows them only by choice."""
    if tag == "img" and attribute == "src" and _FOREIGN.match(value):
        return None
    return value


@functools.cache
def _converter() -> markdown.Markdown:
    # Building a converter loads every extension; one per process, reset before each use,
    # is several times cheaper than one per article. Loaded on first use: a build that
    # reads no changed Markdown file does not import it.
    import markdown

    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML. Headings move down one level: the page's h1 is the title."""
    md = _converter()
    md.reset()
    rendered = md.convert(text)
    rendered = re.sub(r"<(/?)h([1-5])(\W)", lambda m: f"<{m[1]}h{int(m[2]) + 1}{m[3]}", rendered)
    return sanitise(rendered)


def html_to_text(fragment: str) -> str:
    """Visible text of sanitised HTML, blocks separated by newlines."""
    with_breaks = _BLOCK_END.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", with_breaks))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
