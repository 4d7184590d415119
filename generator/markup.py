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

    md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    quick = _quick_inline(md)
    if quick is not None:
        md.treeprocessors.register(quick, "inline", _INLINE_PRIORITY)
    return md


# The inline patterns of "extra" and the characters each needs to match: backtick and
# escape (` \), footnote, links and images ([), autolink, automail and raw HTML (<),
# entity (&), emphasis (* _), line break (two spaces before a newline), and the inline
# processor's own placeholders (\x02). A text with none of them is left as it is, so the
# ~15 pattern scans of every paragraph are skipped for most paragraphs of news prose.
_INLINE_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong",
})
_INLINE_TRIGGER = re.compile(r"[\\`\[<&*_\x02]|  \n")
_INLINE_PRIORITY = 20  # the library's own for "inline"


def _quick_inline(md: markdown.Markdown) -> markdown.treeprocessors.InlineProcessor | None:
    """Python-Markdown's inline processor, skipping texts no inline pattern can match; None where this
    library version's patterns or internals are not the ones the trigger characters were read from."""
    from markdown.treeprocessors import InlineProcessor

    handle = getattr(InlineProcessor, "_InlineProcessor__handleInline", None)
    patterns = md.inlinePatterns
    if handle is None or len(patterns) != len(_INLINE_PATTERNS) or not all(n in patterns for n in _INLINE_PATTERNS):
        return None

    class QuickInline(InlineProcessor):
        def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
            if patternIndex == 0 and not _INLINE_TRIGGER.search(data):
                return data
            return handle(self, data, patternIndex)

    return QuickInline(md)


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
