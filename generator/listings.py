"""Group articles into the site's listings: home, languages, outlets, years, tags.

Pure data in, pure data out: which pages exist, at which paths, holding which
articles in which order. Rendering them is the next stage's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .config import SiteConfig
from .model import Article, Diagnostic
from .slugs import unique_slugs

ListingKind = Literal["home", "language", "outlet", "year", "tag"]


@dataclass(frozen=True)
class Listing:
    kind: ListingKind
    key: str  # the language code, outlet, year or tag; "" for home
    lang: str  # the interface language of the listing
    base: str  # folder from the site root, "" for home, e.g. "tags/داعش/"
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class ListingPage:
    listing: Listing
    number: int
    count: int
    path: str  # output file, e.g. "tags/داعش/page/2/index.html"
    items: tuple[Article, ...]


@dataclass(frozen=True)
class TermIndex:
    """The page listing every outlet, year or tag with its count."""

    kind: Literal["outlet", "year", "tag"]
    path: str
    lang: str
    terms: tuple[tuple[str, str, int], ...]  # (name, listing folder, article count)


@dataclass(frozen=True)
class SiteMap:
    listings: tuple[Listing, ...]
    term_indexes: tuple[TermIndex, ...]
    translations: dict[str, tuple[Article, ...]]  # translation_key -> its articles
    diagnostics: tuple[Diagnostic, ...]


def newest_first(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Dated articles newest first, then undated ones; never an invented date."""
    dated = sorted((a for a in articles if a.published), key=lambda a: (a.published, a.path), reverse=True)
    undated = sorted((a for a in articles if not a.published), key=lambda a: a.path)
    return (*dated, *undated)


def majority_language(articles: Sequence[Article], default: str) -> str:
    counts = Counter(a.lang for a in articles)
    best = max(counts.values(), default=0)
    winners = sorted(code for code, n in counts.items() if n == best)
    return default if not winners or default in winners else winners[0]


def plan_site(articles: Sequence[Article], config: SiteConfig) -> SiteMap:
    ordered = newest_first(articles)
    default = config.default_language
    listings = [Listing("home", "", default, "", ordered)]
    for code in sorted({a.lang for a in ordered}):
        in_language = tuple(a for a in ordered if a.lang == code)
        listings.append(Listing("language", code, code, f"languages/{code}/", in_language))
    diagnostics: list[Diagnostic] = []
    term_indexes = []
    for kind, folder, terms_of in (
        ("outlet", "outlets", lambda a: [a.outlet] if a.outlet else []),
        ("year", "years", lambda a: [str(a.year)] if a.year else []),
        ("tag", "tags", lambda a: list(a.tags)),
    ):
        groups: dict[str, list[Article]] = {}
        for article in ordered:
            for term in terms_of(article):
                groups.setdefault(term, []).append(article)
        slugs, collisions = unique_slugs(list(groups))
        for slug, names in collisions:
            diagnostics.append(Diagnostic("warning", "slug-collision", f"{folder}/{slug}/",
                                          f"the {kind} names {', '.join(names)} give the same address; "
                                          "numbered addresses were used", f"spell the {kind} names the same way"))
        index_terms = []
        for term in sorted(groups, key=lambda t: (-len(groups[t]), t) if kind != "year" else t):
            members = tuple(groups[term])
            base = f"{folder}/{slugs[term]}/"
            listings.append(Listing(kind, term, majority_language(members, default), base, members))
            index_terms.append((term, base, len(members)))
        term_indexes.append(TermIndex(kind, f"{folder}/index.html", default, tuple(index_terms)))
    translations: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.lang, a.path)):
        if article.translation_key:
            translations.setdefault(article.translation_key, []).append(article)
    return SiteMap(tuple(listings), tuple(term_indexes),
                   {key: tuple(group) for key, group in translations.items() if len(group) > 1}, tuple(diagnostics))


def paginate(listing: Listing, page_size: int) -> list[ListingPage]:
    chunks = [listing.articles[i:i + page_size] for i in range(0, len(listing.articles), page_size)] or [()]
    return [
        ListingPage(listing, number, len(chunks), page_path(listing.base, number), tuple(items))
        for number, items in enumerate(chunks, start=1)
    ]


def page_path(base: str, number: int) -> str:
    return f"{base}index.html" if number == 1 else f"{base}page/{number}/index.html"
