"""Turn the model and the site plan into HTML pages with Jinja.

One environment per build, autoescaping on and StrictUndefined, so a misspelt
variable fails the build instead of printing nothing. Every link is relative to the
page, so the site works under any sub-path and straight from disk; the one exception is
a page a host shows at any missing address (404.html), whose links start from the site's
own path when `base_url` names it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .config import SiteConfig
from .i18n import Catalogs, Localizer
from .listings import ListingPage, SiteMap, TermIndex
from .metadata import article_head, describe, listing_head
from .model import Article, OutputFile
from .slugs import href

EXCERPT_CHARS = 220  # about three lines of a listing card on a phone
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'none'"
)


# Pages a host serves in place of whatever address was asked for: a relative link would resolve
# against that address, so with a base URL they link from the site's path instead.
SERVED_ANYWHERE = frozenset({"404.html"})


@dataclass(frozen=True)
class DevMode:
    """What pages built for the development server add: the reload script and build problems."""

    port: int
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Renderer:
    env: jinja2.Environment
    config: SiteConfig
    catalogs: Catalogs
    site: SiteMap
    term_links: dict[tuple[str, str], str]  # (kind, name) -> listing folder
    dev: DevMode | None = None  # set by `build.py serve` only
    # (template, language) -> the template its pages use. Jinja caches the templates it found but
    # not a name it did not: without this, every page looked again for its language's own version.
    chosen: dict[tuple[str, str], jinja2.Template] = field(default_factory=dict, compare=False, repr=False)
    # Site path -> its percent-encoded form: the same addresses (navigation, tags, outlets, the
    # articles of listings) are linked from page after page, and encoding is most of a link's cost.
    hrefs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _common(self, path: str, lang: str) -> dict[str, object]:
        language = self.config.language(lang)
        loc = Localizer(lang if self.catalogs.has_language(lang) else "en", language.digits, self.catalogs,
                        self.config.hijri_dates)
        root = self.config.site_root() if path in SERVED_ANYWHERE and self.config.base_url else "../" * path.count("/")
        hrefs = self.hrefs

        def link(target: str) -> str:
            """Relative href to a site path; folders get index.html so file:// opens the page."""
            encoded = hrefs.get(target)
            if encoded is None:
                folder = target == "" or target.endswith("/")
                encoded = hrefs[target] = href(target + "index.html" if folder else target)
            return root + encoded

        return {
            "lang": lang, "dir": language.direction, "root": root, "loc": loc, "t": loc.t, "link": link,
            "config": self.config, "csp": CONTENT_SECURITY_POLICY, "page_path": path, "dev": self.dev,
            "site_title": self.config.site_title(lang), "switcher": self._switcher(lang),
            "term_link": lambda kind, name: link(self.term_links[(kind, name)]),
            "language_of": self.config.language,
        }

    def _switcher(self, current: str) -> list[dict[str, object]]:
        codes = [listing.key for listing in self.site.listings if listing.kind == "language"]
        return [{"code": code, "name": self.config.language(code).name, "path": f"languages/{code}/",
                 "current": code == current} for code in codes]

    def render(self, template: str, path: str, lang: str, **context: object) -> OutputFile:
        chosen = self.chosen.get((template, lang))
        if chosen is None:
            names = [f"{lang}/{template}", template]  # a language may override any template
            chosen = self.chosen[(template, lang)] = self.env.select_template(names)
        page = chosen.render(**self._common(path, lang), **context)
        return OutputFile(path, page.encode("utf-8"))

    def article(self, article: Article) -> OutputFile:
        if article.partial:
            raise ValueError(f"{article.path}: a page needs the article's body (see Article.partial)")
        path = article.url + "index.html"
        siblings = self.site.translations.get(article.translation_key or "", ())
        translations = [a for a in siblings if a.path != article.path]
        head = article_head(article, self.config, translations)
        return self.render("article.html", path, article.lang, article=article, head=head,
                           translations=translations, language=self.config.language(article.lang))

    def listing(self, page: ListingPage) -> OutputFile:
        listing = page.listing
        head = listing_head(page, self.config)
        return self.render("listing.html", page.path, listing.lang, page=page, listing=listing, head=head,
                           language=self.config.language(listing.key) if listing.kind == "language" else None)

    def term_index(self, index: TermIndex) -> OutputFile:
        head = {"title": f"{index.kind}", "description": self.config.site_description(index.lang)}
        return self.render("terms.html", index.path, index.lang, index=index, head=head)

    def simple(self, template: str, path: str, lang: str) -> OutputFile:
        head = {"title": self.config.site_title(lang), "description": self.config.site_description(lang)}
        return self.render(template, path, lang, head=head)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # Keeping a compiled template only saves time: a folder removed meanwhile changes no page.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """The templates' environment; with `compiled_dir`, compiled templates are kept there between
    builds (Jinja checks each against its source). The folder must be one per version of this code,
    as the compiled form depends on the options set here too."""
    cache = None
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
        cache = _CompiledTemplates(str(compiled_dir))
    env = jinja2.Environment(
        # One environment per build, which renders the templates as they were when it first used
        # them: no looking at each template file again for every page that extends or imports it.
        auto_reload=False,
        bytecode_cache=cache,
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["iso"] = lambda day: day.isoformat() if day else ""
    env.filters["excerpt"] = lambda text, limit=EXCERPT_CHARS: describe(text, limit)
    return env
