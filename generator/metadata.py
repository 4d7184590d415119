"""Head metadata for pages: description, canonical link, Dublin Core, OpenGraph, JSON-LD.

Built from the model as plain dicts; the templates only print them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .config import SiteConfig
from .listings import ListingPage
from .model import Article
from .slugs import href

DESCRIPTION_CHARS = 200


def absolute(config: SiteConfig, path: str) -> str | None:
    """The page's public address when the site's base URL is known, else None."""
    if not config.base_url:
        return None
    return config.base_url.rstrip("/") + "/" + href(path)


def describe(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def article_head(article: Article, config: SiteConfig, translations: Sequence[Article]) -> dict[str, object]:
    canonical = absolute(config, article.url)
    description = describe(article.lead)
    dublin_core = [
        ("DC.title", article.title),
        ("DC.date", article.published.isoformat() if article.published else None),
        ("DC.language", article.lang),
        ("DC.publisher", article.outlet),
        ("DC.creator", article.author),
        ("DC.source", article.original_url),
        ("DC.identifier", canonical or f"urn:sha256:{article.sha256}"),
        ("DC.format", "text/html"),
    ]
    opengraph = [
        ("og:type", "article"),
        ("og:title", article.title),
        ("og:description", description),
        ("og:locale", config.language(article.lang).locale),
        ("og:site_name", config.site_title(article.lang)),
        ("og:url", canonical),
        ("article:published_time", article.published.isoformat() if article.published else None),
        ("article:author", article.author),
        *(("article:tag", tag) for tag in article.tags),
        *(("og:locale:alternate", config.language(t.lang).locale) for t in translations),
    ]
    return {
        "title": article.title,
        "description": description,
        "canonical": canonical,
        "dublin_core": [(name, value) for name, value in dublin_core if value],
        "opengraph": [(name, value) for name, value in opengraph if value],
        "json_ld": json_ld(article, canonical, description),
        "alternates": [(t.lang, t.url) for t in translations],
    }


def json_ld(article: Article, canonical: str | None, description: str) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": article.lang,
        "description": description,
        "identifier": f"sha256:{article.sha256}",
    }
    if canonical:
        data["url"] = canonical
        data["mainEntityOfPage"] = canonical
    if article.published:
        data["datePublished"] = article.published.isoformat()
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    if article.outlet:
        data["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.original_url:
        data["isBasedOn"] = article.original_url
    if article.tags:
        data["keywords"] = list(article.tags)
    if article.place:
        data["contentLocation"] = {"@type": "Place", "name": article.place}
    return script_safe_json(data)


def script_safe_json(data: object) -> str:
    """JSON that cannot close its <script> element or open a comment, whatever the text holds."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def listing_head(page: ListingPage, config: SiteConfig) -> dict[str, object]:
    return {
        "title": page.listing.key or config.site_title(page.listing.lang),
        "description": config.site_description(page.listing.lang),
        "canonical": absolute(config, page.path.removesuffix("index.html")),
    }
