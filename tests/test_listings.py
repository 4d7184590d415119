import datetime as dt
from dataclasses import replace

from generator.config import SiteConfig
from generator.listings import majority_language, newest_first, paginate, plan_site
from generator.model import Article


def make(path: str, published=None, lang="ar", outlet=None, tags=(), key=None) -> Article:
    return Article(path=path, sha256="0" * 64, encoding="utf-8", source_format="txt", lang=lang, direction="rtl",
                   title=path, published=published, outlet=outlet, author=None, place=None, original_url=None,
                   tags=tuple(tags), url=f"articles/{path}/", source_url=f"articles/{path}/source.txt",
                   translation_key=key, body=(), body_text="", provenance={})


def test_undated_articles_come_after_dated_ones_never_given_a_date():
    a = make("a", dt.date(2016, 1, 1))
    b = make("b")
    c = make("c", dt.date(2017, 1, 1))
    assert [x.path for x in newest_first([a, b, c])] == ["c", "a", "b"]


def test_plan_groups_by_language_outlet_year_and_tag():
    articles = [make("a", dt.date(2017, 1, 1), "ar", "العرب", ["داعش"]), make("b", None, "fa", None, ["داعش"]),
                make("c", dt.date(2016, 5, 1), "ar", "العرب", ["العراق", "الرقة"])]
    site = plan_site(articles, SiteConfig())
    kinds = {(listing.kind, listing.key): [a.path for a in listing.articles] for listing in site.listings}
    assert kinds[("home", "")] == ["a", "c", "b"]
    assert kinds[("language", "fa")] == ["b"]
    assert kinds[("outlet", "العرب")] == ["a", "c"]
    assert kinds[("year", "2016")] == ["c"]
    assert kinds[("tag", "داعش")] == ["a", "b"]
    bases = {listing.base for listing in site.listings}
    assert {"tags/العراق/", "tags/الرقة/"} <= bases  # never merged into one ASCII slug


def test_pagination_paths():
    articles = [make(str(i), dt.date(2017, 1, 1 + i)) for i in range(5)]
    listing = plan_site(articles, SiteConfig()).listings[0]
    pages = paginate(listing, 2)
    assert [p.path for p in pages] == ["index.html", "page/2/index.html", "page/3/index.html"]
    assert [len(p.items) for p in pages] == [2, 2, 1]


def test_translations_are_grouped_by_key():
    a, b = make("a", key="k"), make("b", lang="fa", key="k")
    site = plan_site([a, b, make("c", key="lonely")], SiteConfig())
    assert site.translations == {"k": (a, b)}


def test_listing_language_is_the_majority():
    articles = [make("a", lang="fa"), make("b", lang="fa"), make("c", lang="ar")]
    assert majority_language(articles, "ar") == "fa"
    assert majority_language([replace(articles[0], lang="ar"), articles[1]], "ar") == "ar"
