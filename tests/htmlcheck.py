"""A small parsed view of an HTML page for tests: attributes, metadata, links, JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    html_attrs: dict[str, str] = field(default_factory=dict)
    title: str = ""
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (tag, attrs) with href/src
    json_ld: list[str] = field(default_factory=list)
    text_by_tag: dict[str, list[str]] = field(default_factory=dict)
    ids: list[str] = field(default_factory=list)

    def meta_value(self, name: str) -> str | None:
        values = self.meta.get(name)
        return values[0] if values else None


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._stack: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.html_attrs = attributes
        if tag == "meta" and ({"name", "property", "http-equiv"} & set(attributes)):
            key = attributes.get("name") or attributes.get("property") or attributes["http-equiv"]
            self.page.meta.setdefault(key, []).append(attributes.get("content", ""))
        if "href" in attributes or "src" in attributes:
            self.page.links.append((tag, attributes))
        if "id" in attributes:
            self.page.ids.append(attributes["id"])
        if tag not in ("meta", "link", "input", "br", "img", "hr"):
            self._stack.append((tag, attributes))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._stack:
            return
        tag, attrs = self._stack[-1]
        if tag == "title":
            self.page.title += data
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self.page.json_ld.append(data)
        else:
            self.page.text_by_tag.setdefault(tag, []).append(data)


def parse_page(path: Path) -> Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector.page


def internal_target(page_file: Path, url: str) -> Path | None:
    """The file a relative link points at, or None for external/fragment-only links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page_file.parent / unquote(parts.path)).resolve()
