"""Build the seed archive and check the real output, parsed."""

from __future__ import annotations

import csv
import hashlib
import json
from xml.etree import ElementTree as ET

import pytest
from conftest import CONTENT
from htmlcheck import internal_target, parse_page

RTL = {"ar", "fa", "ur"}
SEEDS = sorted(p.name for p in CONTENT.glob("*.txt"))


@pytest.fixture(scope="module")
def site(seed_site):
    return seed_site


def html_pages(out):
    return sorted(out.rglob("*.html"))


def test_the_seed_archive_builds_without_errors(site):
    result, out = site
    assert len(SEEDS) == 5
    assert result.errors == []
    assert len(result.articles) + len(result.unpublished) == 5
    assert (out / "index.html").is_file() and (out / "404.html").is_file()


def test_every_page_declares_language_direction_title_and_description(site):
    _, out = site
    for file in html_pages(out):
        page = parse_page(file)
        lang, direction = page.html_attrs.get("lang"), page.html_attrs.get("dir")
        assert lang in {"ar", "fa", "en"}, file
        assert direction == ("rtl" if lang in RTL else "ltr"), file
        assert page.title.strip(), file
        assert page.meta_value("viewport"), file
        assert "script-src 'self'" in (page.meta_value("Content-Security-Policy") or ""), file


def test_every_internal_link_and_asset_resolves(site):
    _, out = site
    root = out.resolve()
    missing = []
    for file in html_pages(out):
        for tag, attrs in parse_page(file).links:
            url = attrs.get("href") or attrs.get("src")
            if tag == "link" and attrs.get("rel") == "canonical":
                continue
            assert not url.startswith(("http://", "https://", "//")) or tag == "a", f"{file}: external {url}"
            target = internal_target(file, url)
            if target is None:
                continue
            assert target.is_relative_to(root), f"{file}: {url} leaves the site"
            if not target.is_file():
                missing.append(f"{file.relative_to(out)} -> {url}")
    assert not missing, "\n".join(missing)


def test_article_pages_carry_metadata_and_their_original(site):
    result, out = site
    assert result.articles
    for article in result.articles:
        file = out / article.url / "index.html"
        page = parse_page(file)
        assert page.html_attrs["lang"] == article.lang and page.html_attrs["dir"] == "rtl"
        assert page.meta_value("DC.title") == article.title
        assert page.meta_value("DC.language") == article.lang
        assert page.meta_value("og:locale") == {"ar": "ar_AR", "fa": "fa_IR"}[article.lang]
        data = json.loads(page.json_ld[0])
        assert data["@type"] == "NewsArticle" and data["headline"] == article.title
        assert data["inLanguage"] == article.lang
        if article.published:
            assert data["datePublished"] == article.published.isoformat()
        original = (out / article.source_url).read_bytes()
        assert original == (CONTENT / article.path).read_bytes()
        assert hashlib.sha256(original).hexdigest() == article.sha256
        assert article.sha256 in "".join(page.text_by_tag.get("code", []))
        assert any(internal_target(file, a.get("href", "")) == (out / article.source_url).resolve()
                   for _, a in page.links)


def test_manifest_lists_every_original_with_its_hash(site):
    result, out = site
    lines = (out / "manifest-sha256.txt").read_text().splitlines()
    assert len(lines) == 5
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == digest
    originals = {(out / line.split("  ", 1)[1]).read_bytes() for line in lines}
    assert originals == {(CONTENT / name).read_bytes() for name in SEEDS}


def test_feeds_and_sitemap_are_well_formed(site):
    _, out = site
    atom = "{http://www.w3.org/2005/Atom}"
    for name in ("all", "ar", "fa"):
        feed = ET.parse(out / "feeds" / f"{name}.xml").getroot()
        assert feed.tag == f"{atom}feed"
        entries = feed.findall(f"{atom}entry")
        assert entries and all(e.find(f"{atom}id").text.startswith("urn:sha256:") for e in entries)
    assert len(ET.parse(out / "feeds" / "all.xml").getroot().findall(f"{atom}entry")) == 5
    urlset = ET.parse(out / "sitemap.xml").getroot()
    assert urlset.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert (out / "robots.txt").read_text().startswith("User-agent: *")


def test_catalog_has_one_record_per_file_with_provenance(site):
    _, out = site
    records = json.loads((out / "catalog.json").read_text())
    assert sorted(r["path"] for r in records) == SEEDS
    for record in records:
        for key in ("url", "lang", "dir", "title", "published", "outlet", "author", "tags", "original_url",
                    "encoding", "sha256", "provenance"):
            assert key in record
        assert set(record["provenance"].values()) <= {"curated", "extracted", "derived", "missing"}
        assert record["provenance"]["original_url"] == "missing"  # nothing invented
    rows = list(csv.DictReader((out / "catalog.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r["path"] for r in rows) == SEEDS


def test_home_lists_every_article_newest_first_undated_last(site):
    result, out = site
    page = parse_page(out / "index.html")
    listed = [a["href"] for tag, a in page.links if tag == "a" and a.get("href", "").startswith("articles/")]
    expected = [a.url + "index.html" for a in sorted(result.articles, key=lambda a: a.published is None)]
    assert sorted(listed) == sorted(expected)
    dated = sorted((a for a in result.articles if a.published), key=lambda a: a.published, reverse=True)
    assert len(dated) >= 2, "the seeds have dated articles"
    assert [listed.index(a.url + "index.html") for a in dated] == list(range(len(dated)))
    undated_positions = [listed.index(a.url + "index.html") for a in result.articles if not a.published]
    assert all(p >= len(dated) for p in undated_positions)
