"""Unit tests of the output stages on hand-made records: feeds, sitemap, head metadata, catalog."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace
from xml.etree import ElementTree as ET

from test_listings import make

from generator import feeds as feeds_module
from generator.articles import Unpublished
from generator.catalog import catalog_files
from generator.config import SiteConfig
from generator.feeds import atom_feed, sitemap
from generator.metadata import article_head, json_ld

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = SiteConfig(base_url="https://example.org/archive/")


def test_atom_entries_use_absolute_links_with_a_base_url_and_never_invent_dates():
    dated = replace(make("a", dt.date(2017, 4, 27)), title="عنوان")
    undated = make("b")
    feed = ET.fromstring(atom_feed([dated, undated], BASE, "ar", "feeds/ar.xml").data)
    entries = {e.find(f"{ATOM}title").text: e for e in feed.findall(f"{ATOM}entry")}
    assert entries["عنوان"].find(f"{ATOM}link").get("href") == "https://example.org/archive/articles/a/"
    assert entries["عنوان"].find(f"{ATOM}published").text == "2017-04-27T00:00:00Z"
    assert entries["b"].find(f"{ATOM}published") is None  # unknown stays unknown
    assert entries["b"].find(f"{ATOM}id").text == "urn:sha256:" + "0" * 64


def test_without_a_base_url_feed_links_are_relative_to_the_feed():
    feed = ET.fromstring(atom_feed([make("a", dt.date(2017, 1, 1))], SiteConfig(), None, "feeds/all.xml").data)
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == "../articles/a/index.html"


def test_sitemap_lists_translations_as_hreflang_alternates():
    ar, fa = make("a", key="k"), make("b", lang="fa", key="k")
    root = ET.fromstring(sitemap([ar, fa], ["index.html"], BASE, {"k": (ar, fa)})[0].data)
    url = root.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    alternates = {link.get("hreflang"): link.get("href") for link in url.findall("{http://www.w3.org/1999/xhtml}link")}
    assert alternates == {"ar": "https://example.org/archive/articles/a/", "fa": "https://example.org/archive/articles/b/"}


def test_a_site_past_the_sitemap_limit_gets_an_index_of_sitemaps(monkeypatch):
    monkeypatch.setattr(feeds_module, "SITEMAP_URLS", 2)
    articles = [make(name, dt.date(2017, 1, 1)) for name in "abcde"]
    files = {f.path: ET.fromstring(f.data) for f in sitemap(articles, ["index.html"], BASE, {})}
    space = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = files.pop("sitemap.xml")
    assert index.tag == f"{space}sitemapindex"
    listed = [loc.text for loc in index.iter(f"{space}loc")]
    assert listed == [f"https://example.org/archive/sitemaps/{n}.xml" for n in (1, 2, 3)]
    assert sorted(files) == ["sitemaps/1.xml", "sitemaps/2.xml", "sitemaps/3.xml"]
    urls = [loc.text for root in files.values() for loc in root.iter(f"{space}loc")]
    assert len(urls) == len(set(urls)) == 6 and all(len(list(root)) <= 2 for root in files.values())


def test_json_ld_cannot_close_its_script_element():
    article = replace(make("a", dt.date(2016, 6, 8)), title="</script><script>alert(1)</script>", author="هدى")
    text = json_ld(article, None, "وصف")
    assert "</script" not in text and "<" not in text
    data = json.loads(text)
    assert data["headline"] == article.title and data["author"]["name"] == "هدى"
    assert data["datePublished"] == "2016-06-08" and data["@type"] == "NewsArticle"


def test_head_carries_dublin_core_and_locale():
    article = replace(make("a", dt.date(2016, 6, 8), lang="fa"), outlet="شیعه نیوز", original_url="https://x.org/1")
    head = article_head(article, BASE, [make("b", key="k")])
    dublin_core = dict(head["dublin_core"])
    assert dublin_core["DC.publisher"] == "شیعه نیوز" and dublin_core["DC.source"] == "https://x.org/1"
    assert dublin_core["DC.identifier"] == "https://example.org/archive/articles/a/"
    assert ("og:locale", "fa_IR") in head["opengraph"]
    assert head["canonical"] == "https://example.org/archive/articles/a/"


def test_catalog_lists_published_and_unpublished_files_with_provenance():
    article = replace(make("a", dt.date(2017, 4, 27), tags=["داعش", "سوريا"]),
                      provenance={"title": "derived", "published": "extracted"})
    empty = Unpublished("empty.txt", "1" * 64, "utf-8", "empty: the file holds no text", "empty")
    files = {f.path: f.data for f in catalog_files([article], [empty])}
    records = {r["path"]: r for r in json.loads(files["catalog.json"])}
    assert records["a"]["provenance"]["title"] == "derived" and records["a"]["provenance"]["author"] == "missing"
    assert records["a"]["published"] == "2017-04-27" and records["a"]["tags"] == ["داعش", "سوريا"]
    assert records["empty.txt"]["status"] == "empty" and records["empty.txt"]["url"].startswith("originals/")
    rows = list(csv.DictReader(files["catalog.csv"].decode("utf-8-sig").splitlines()))
    assert [r["path"] for r in rows] == ["a", "empty.txt"] and rows[0]["tags"] == "داعش; سوريا"
