"""Markdown, sidecars and curated metadata, built through the whole pipeline on inline archives."""

from __future__ import annotations

import datetime as dt
import json

from htmlcheck import parse_page

MD = """---
title: "مقاتلو داعش الأجانب"
date: 2016-06-08
lang: ar
outlet: مصراوي
author: هدى الشيمي
url: https://example.org/news/1
tags: [داعش, تركيا]
translation_key: fighters
titel: typo
---
# عنوان فرعي

نص المقال مع <script>alert(1)</script> و [رابط](javascript:alert(2)) و <img src=x onerror=alert(3)>.
"""

MD_FA = """---
title: "جنگجویان خارجی داعش"
lang: fa
translation_key: fighters
---
متن مقاله
"""


def catalog(out):
    return {r["path"]: r for r in json.loads((out / "catalog.json").read_text())}


def test_markdown_with_front_matter(archive, build):
    result, out = build(archive({"news/a.md": MD, "news/b.md": MD_FA}))
    article = next(a for a in result.articles if a.path == "news/a.md")
    assert article.title == "مقاتلو داعش الأجانب" and article.published == dt.date(2016, 6, 8)
    assert article.provenance["title"] == "curated" and article.provenance["published"] == "curated"
    assert article.tags == ("داعش", "تركيا") and article.extra == {"titel": "typo"}
    assert any("did you mean 'title'" in d.hint for d in result.warnings)
    html = (out / article.url / "index.html").read_text()
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert "<h2>عنوان فرعي</h2>" in html
    page = parse_page(out / article.url / "index.html")
    alternates = [a for tag, a in page.links if tag == "link" and a.get("hreflang") == "fa"]
    assert alternates and alternates[0]["href"].endswith("news/b/index.html")
    assert (out / "tags" / "داعش" / "index.html").is_file()
    assert (out / "outlets" / "مصراوي" / "index.html").is_file()


def test_sidecar_wins_over_extraction_and_front_matter(archive, build):
    content = archive({
        "a.txt": "عنوان مستخرج\nنص المقال الأول في الأرشيف.\n",
        "a.yml": "title: عنوان من المحرر\ndate: 2015-05-17\noutlet: واس\n",
        "b.md": "---\ntitle: from front matter\nlang: en\n---\nBody text.\n",
        "b.yml": "title: from sidecar\n",
    })
    result, out = build(content)
    by_path = {a.path: a for a in result.articles}
    assert by_path["a.txt"].title == "عنوان من المحرر"
    assert by_path["a.txt"].provenance["title"] == "curated"
    assert by_path["a.txt"].provenance["lang"] == "extracted"
    assert by_path["b.md"].title == "from sidecar"
    records = catalog(out)
    assert records["a.txt"]["published"] == "2015-05-17" and records["a.txt"]["outlet"] == "واس"


def test_bad_file_is_reported_and_the_rest_builds(archive, build):
    content = archive({
        "good.txt": "عنوان\nنص جيد.\n",
        "broken.md": "---\ntitle: \"unclosed\nlang: ar\n---\nbody\n",
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "empty.txt": "   \n\n",
        "draft.md": "---\ntitle: x\ndraft: true\n---\nbody\n",
    })
    result, out = build(content)
    assert [a.path for a in result.articles] == ["good.txt"]
    errors = {d.path: d for d in result.errors}
    assert set(errors) == {"broken.md", "binary.txt"}
    assert errors["broken.md"].line == 2 and errors["binary.txt"].hint
    records = catalog(out)
    assert {p: r["status"] for p, r in records.items()} == {
        "good.txt": "published", "broken.md": "error", "binary.txt": "error", "empty.txt": "empty", "draft.md": "draft"}
    # every original is kept, even the ones without a page
    manifest = (out / "manifest-sha256.txt").read_text()
    assert manifest.count("\n") == 5


def test_same_permalink_is_never_overwritten(archive, build):
    content = archive({
        "a.md": "---\nslug: same\n---\nالنص الأول\n",
        "b.md": "---\nslug: same\n---\nالنص الثاني\n",
    })
    result, out = build(content)
    urls = sorted(a.url for a in result.articles)
    assert urls == ["articles/same-2/", "articles/same/"]
    assert any(d.code == "permalink-collision" and d.path == "b.md" for d in result.warnings)


def test_identical_texts_become_one_page_with_copies(archive, build):
    text = "عنوان الخبر\nنص الخبر نفسه تحت عنوانين مختلفين.\n"
    result, out = build(archive({"x/one.txt": text, "y/two.txt": text.replace("\n", "\r\n")}))
    assert [a.path for a in result.articles] == ["x/one.txt"]
    copy = result.articles[0].copies[0]
    assert copy.path == "y/two.txt"
    assert (out / copy.source_url).read_bytes() == text.replace("\n", "\r\n").encode()
    assert catalog(out)["y/two.txt"]["copy_of"] == "x/one.txt"
