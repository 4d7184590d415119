"""Make one Article from a decoded source, its curated metadata and the extractor's reading.

Curated values (front matter, sidecar) always win; the extractor fills gaps; what
neither knows stays missing. `provenance` records which of these each field is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .config import SiteConfig
from .extract import derive_title, detect_language, extract
from .frontmatter import MetaError, merge, parse_meta, split_front_matter
from .markup import html_to_text, render_markdown
from .model import Article, Block, CuratedMeta, Diagnostic, Extracted, Origin, SourceFile
from .slugs import path_slug, source_name

# A hundred times the longest news article: a file past this is a dump, and its page
# shows the first part (the original is published whole; the report says so).
MAX_DISPLAY_CHARS = 2_000_000


@dataclass(frozen=True)
class Unpublished:
    """A source file that gets no page of its own, and why; listed in the report and catalog."""

    path: str
    sha256: str
    encoding: str
    reason: str
    status: str = "unpublished"  # "draft", "empty", "copy" or "error"
    copy_of: str | None = None
    source_url: str | None = None  # where its original is published, when it could be read


class ArticleError(ValueError):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def read_sidecar(path: str, text: str) -> tuple[CuratedMeta, list[Diagnostic]]:
    """Parse a sidecar; raises ArticleError when its YAML is unusable."""
    try:
        reading = parse_meta(text, path)
    except MetaError as exc:
        raise ArticleError(Diagnostic("error", "sidecar", path, str(exc), exc.hint, exc.line)) from exc
    return reading.meta, reading.warnings


def build_article(
    source: SourceFile, sidecar: CuratedMeta | None, config: SiteConfig
) -> tuple[Article | Unpublished, list[Diagnostic]]:
    """Raises ArticleError when the file cannot become an article at all."""
    text, cut = displayed_part(source.text)
    if source.path.lower().endswith(".md"):
        curated, extracted, warnings = _read_markdown(source.path, text, config)
    else:
        curated, extracted, warnings = CuratedMeta(), extract(text, config.default_language), []
    if cut:
        note = f"the text has {len(source.text):,} characters; its page shows the first {len(text):,}"
        warnings.append(Diagnostic("warning", "truncated", source.path, note,
                                   "the original is published whole beside the page; split the file if it holds "
                                   "several articles"))
        extracted = replace(extracted, review=(*extracted.review, note))
    if sidecar is not None:
        curated = merge(curated, sidecar)
    if curated.draft:
        return Unpublished(source.path, source.sha256, source.encoding, "draft", "draft"), warnings
    if not extracted.body:
        reason = extracted.review[0] if extracted.review else "no text to publish"
        diagnostic = Diagnostic("warning", "empty", source.path, f"{reason}; no page published",
                                "fill in the article or remove the file")
        return Unpublished(source.path, source.sha256, source.encoding, reason, "empty"), [*warnings, diagnostic]
    article, more = _compose(source, curated, extracted, config)
    return article, warnings + more


def displayed_part(text: str) -> tuple[str, bool]:
    """The part of a text its page shows, cut at a line end; True when that is not all of it.

    Only a dump the size of a book is cut: extraction, rendering and the search index
    then stay bounded in time and memory, and the original is still published whole.
    """
    if len(text) <= MAX_DISPLAY_CHARS:
        return text, False
    window = text[MAX_DISPLAY_CHARS // 2 : MAX_DISPLAY_CHARS]
    # Cut at the last line end, else the last word end, else anywhere.
    cut = next((at for at in (window.rfind("\n"), window.rfind(" ")) if at >= 0), len(window))
    return text[: MAX_DISPLAY_CHARS // 2 + cut], True


def _read_markdown(path: str, source_text: str, config: SiteConfig) -> tuple[CuratedMeta, Extracted, list[Diagnostic]]:
    try:
        yaml_text, body, body_line = split_front_matter(source_text)
        reading = parse_meta(yaml_text, path, 2) if yaml_text is not None else None
    except MetaError as exc:
        raise ArticleError(Diagnostic("error", "front-matter", path, str(exc), exc.hint, exc.line)) from exc
    curated = reading.meta if reading else CuratedMeta()
    rendered = render_markdown(body)
    text = html_to_text(rendered)
    first_line = text.split("\n", 1)[0] if text else ""
    extracted = Extracted(
        # Detection is a good part of reading an article: skipped when the front matter says the language.
        lang=detect_language(text, config.default_language) if text and curated.lang is None else None,
        title=derive_title(first_line) if first_line else None,
        title_derived=True,
        body=(Block("html", rendered, body_line),) if text else (),
        review=() if text else ("the file holds no text",),
    )
    return curated, extracted, reading.warnings if reading else []


def _pick(curated: object, extracted: object, origin: Origin = "extracted") -> tuple[object, Origin]:
    if curated is not None:
        return curated, "curated"
    if extracted is not None:
        return extracted, origin
    return None, "missing"


def _compose(
    source: SourceFile, curated: CuratedMeta, extracted: Extracted, config: SiteConfig
) -> tuple[Article, list[Diagnostic]]:
    warnings: list[Diagnostic] = []
    provenance: dict[str, Origin] = {}
    title, provenance["title"] = _pick(curated.title, extracted.title,
                                       "derived" if extracted.title_derived else "extracted")
    published, provenance["published"] = _pick(curated.published, extracted.published)
    lang, provenance["lang"] = _pick(curated.lang, extracted.lang)
    outlet, provenance["outlet"] = _pick(curated.outlet, extracted.outlet)
    author, provenance["author"] = _pick(curated.author, extracted.author)
    original_url, provenance["original_url"] = _pick(curated.original_url, extracted.original_url)
    tags, provenance["tags"] = _pick(curated.tags, None)
    review = list(extracted.review)
    if lang is None:
        lang = config.default_language
        review.append("language unknown; shown as the default language")
        warnings.append(Diagnostic("warning", "language", source.path, "the language could not be told",
                                   "add 'lang: …' to the metadata (a sidecar NAME.yml for a .txt)"))
    elif lang not in config.languages:
        warnings.append(Diagnostic("warning", "language", source.path, f"language '{lang}' is not in site.yml",
                                   "add it under 'languages' to set its name and direction"))
    stem = curated.slug or path_slug(source.path)
    url = f"articles/{stem}/"
    suffix = source.path.rsplit(".", 1)[-1].lower()
    article = Article(
        path=source.path, sha256=source.sha256, encoding=source.encoding,
        source_format="md" if suffix == "md" else "txt",
        lang=str(lang), direction=config.language(str(lang)).direction,  # type: ignore[arg-type]
        title=str(title or ""), published=published, outlet=outlet, author=author,  # type: ignore[arg-type]
        place=extracted.place, original_url=original_url, tags=tuple(tags or ()),  # type: ignore[arg-type]
        url=url, source_url=url + source_name(source.path), translation_key=curated.translation_key,
        body=extracted.body, body_text=_plain_body(extracted.body), provenance=provenance,
        removals=extracted.removals, review=tuple(review), extra=dict(curated.extra),
    )
    return article, warnings


def _plain_body(body: tuple[Block, ...]) -> str:
    return "\n".join(html_to_text(b.text) if b.kind == "html" else b.text for b in body)
