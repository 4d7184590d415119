"""Atom feeds, sitemap.xml and robots.txt, written with the standard library's XML tools.

Entry ids are `urn:sha256:` of the original bytes: stable whatever the site's address
becomes. Without a base URL, links are relative to the feed (xml:base), which feed
readers resolve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

from .config import SiteConfig
from .listings import newest_first
from .metadata import absolute, describe
from .model import Article, OutputFile
from .slugs import href

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_ENTRIES = 50
SUMMARY_CHARS = 400  # an entry's summary, from the article's lead (model.LEAD_CHARS)
_EPOCH = dt.date(1970, 1, 1)


def _stamp(day: dt.date | None) -> str:
    return f"{(day or _EPOCH).isoformat()}T00:00:00Z"


def _site_link(config: SiteConfig, path: str, depth: int) -> str:
    page = path + "index.html" if path == "" or path.endswith("/") else path
    return absolute(config, path) or "../" * depth + href(page)


def atom_feed(articles: Sequence[Article], config: SiteConfig, lang: str | None, path: str) -> OutputFile:
    ET.register_namespace("", ATOM)
    feed_lang = lang or config.default_language
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": feed_lang})
    entries = newest_first(articles)[:FEED_ENTRIES]
    depth = path.count("/")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute(config, path) or f"urn:archive-feed:{path}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = config.site_title(feed_lang)
    newest = max((a.published for a in entries if a.published), default=None)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    self_link = absolute(config, path) or href(path.rsplit("/", 1)[-1])
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_link})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": _site_link(config, "", depth)})
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = config.site_title(feed_lang)
    for article in entries:
        feed.append(_entry(article, config, depth))
    ET.indent(feed)
    return OutputFile(path, ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n")


def _entry(article: Article, config: SiteConfig, depth: int) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry", {"{http://www.w3.org/XML/1998/namespace}lang": article.lang})
    ET.SubElement(entry, f"{{{ATOM}}}id").text = f"urn:sha256:{article.sha256}"
    ET.SubElement(entry, f"{{{ATOM}}}title").text = article.title
    # Atom requires <updated>; an undated article gets the epoch, never an invented date.
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(article.published)
    if article.published:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(article.published)
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html",
                                             "href": _site_link(config, article.url, depth)})
    if article.author:
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = article.author
    for tag in article.tags:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": tag})
    ET.SubElement(entry, f"{{{ATOM}}}summary").text = describe(article.lead, SUMMARY_CHARS)
    return entry


def feeds(articles: Sequence[Article], config: SiteConfig) -> list[OutputFile]:
    files = [atom_feed(articles, config, None, "feeds/all.xml")]
    for lang in sorted({a.lang for a in articles}):
        files.append(atom_feed([a for a in articles if a.lang == lang], config, lang, f"feeds/{lang}.xml"))
    return files


def sitemap(articles: Sequence[Article], listing_paths: Sequence[str], config: SiteConfig,
            translations: dict[str, tuple[Article, ...]]) -> list[OutputFile]:
    """`sitemap.xml`, and past the protocol's 50,000 addresses a file, an index of `sitemaps/N.xml`.

    Sitemaps need absolute addresses; without a base URL they are relative, which crawlers skip.
    Written line by line rather than through ElementTree: it lists every page of the site, and
    building and serialising a tree of them took half a second per rebuild at 10,000 articles."""
    entries = [_article_entry(article, config, translations) for article in sorted(articles, key=lambda a: a.url)]
    entries += [[f"    <loc>{escape(_site_link(config, path.removesuffix('index.html'), 0))}</loc>"]
                for path in sorted(listing_paths)]
    if len(entries) <= SITEMAP_URLS:
        return [OutputFile("sitemap.xml", _urlset(entries))]
    parts = [entries[start:start + SITEMAP_URLS] for start in range(0, len(entries), SITEMAP_URLS)]
    files = [OutputFile(f"sitemaps/{number}.xml", _urlset(part)) for number, part in enumerate(parts, start=1)]
    lines = [_XML_HEAD, f'<sitemapindex xmlns="{SITEMAP}">']
    for file in files:
        lines += ["  <sitemap>", f"    <loc>{escape(_site_link(config, file.path, 0))}</loc>", "  </sitemap>"]
    lines.append("</sitemapindex>\n")
    return [OutputFile("sitemap.xml", "\n".join(lines).encode()), *files]


SITEMAP_URLS = 50_000  # addresses per sitemap file, the protocol's limit
_XML_HEAD = "<?xml version='1.0' encoding='utf-8'?>"


def _article_entry(article: Article, config: SiteConfig, translations: dict[str, tuple[Article, ...]]) -> list[str]:
    lines = [f"    <loc>{escape(_site_link(config, article.url, 0))}</loc>"]
    if article.published:
        lines.append(f"    <lastmod>{article.published.isoformat()}</lastmod>")
    for other in translations.get(article.translation_key or "", ()):
        lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(other.lang)} '
                     f"href={quoteattr(_site_link(config, other.url, 0))} />")
    return lines


def _urlset(entries: list[list[str]]) -> bytes:
    lines = [_XML_HEAD, f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">']
    for entry in entries:
        lines += ["  <url>", *entry, "  </url>"]
    lines.append("</urlset>\n")
    return "\n".join(lines).encode()


def robots(config: SiteConfig) -> OutputFile:
    lines = ["User-agent: *", "Allow: /"]
    sitemap_url = absolute(config, "sitemap.xml")
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return OutputFile("robots.txt", ("\n".join(lines) + "\n").encode())
