"""Property-based tests: arbitrary input gives a value or the documented error, never another exception.

Archives come from the open web, so the reader, the front-matter parser, the slug
functions, the Markdown sanitiser, the extractor and the text normaliser are fed
random bytes and text here, with hostile fragments mixed in.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import linefold, textnorm
from generator.charmap import translator
from generator.extract import extract
from generator.feeds import SUMMARY_CHARS
from generator.frontmatter import MetaError, MetaReading, parse_meta, split_front_matter
from generator.markup import render_markdown
from generator.metadata import DESCRIPTION_CHARS, describe
from generator.model import LEAD_CHARS, Extracted, flat_lead
from generator.reader import DecodeError, decode
from generator.render import EXCERPT_CHARS
from generator.slugs import SlugError, clean_slug, path_slug, slugify

BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
HOSTILE_HTML = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "<iframe src=//evil.example></iframe>", "<svg onload=alert(1)>",
    "<style>body{background:url(javascript:alert(1))}</style>", '<meta http-equiv="refresh" content="0;url=//x">',
    "<a href='jav&#x09;ascript:alert(1)'>x</a>", "<img src='https://t.example/p.gif'>", "![p](//t.example/p)",
    "<SCRIPT SRC=//x></SCRIPT>", "<div onmouseover='x'>y</div>",
    "![x](javascript:alert(1))", "<a href=\"  JaVaScRiPt:alert(1)\">x</a>", "<<script>script>", "`<script>`",
    "<object data=x>", "<embed src=x>", "<form action=javascript:x><button>y</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
]
ARABIC_WORDS = ["داعش", "سوريا", "الرقة", "نُشر في", "۲۴ خرداد ۱۳۹۵", "08 يونيو 2016", "إعلان", "به گزارش «فارس»"]
YAML_PIECES = ["---\n", "title: ", "date: 2017-02-30", "\t", "'", '"', "[", "]", "{", "}", ": ", "- ", "&a ", "*a ",
               "!!python/object:os.system ", "tags: [a, b]", "\n", "lang: xx", "slug: ../../etc", "…", "داعش"]

hostile_text = st.lists(
    st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_HTML), st.sampled_from(ARABIC_WORDS)), max_size=12,
).map("".join)
yaml_like = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=8)), max_size=30).map("".join)


@given(st.binary(max_size=4096))
@settings(max_examples=400)
def test_decode_returns_text_or_decode_error(raw: bytes) -> None:
    try:
        text, encoding = decode(raw)
    except DecodeError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and encoding


@given(st.text(max_size=500), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"]))
def test_decode_never_garbles_text_it_accepts(text: str, encoding: str) -> None:
    """Either the exact text comes back, or the file is refused; never silent mojibake of valid UTF."""
    raw = text.encode(encoding, errors="surrogatepass")
    try:
        decoded, _ = decode(raw)
    except DecodeError:
        return
    if encoding.startswith("utf-8"):
        assert decoded == text


@given(st.one_of(yaml_like, st.text(max_size=300)))
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_front_matter_gives_a_reading_or_meta_error(body: str) -> None:
    text = "---\n" + body
    try:
        yaml_text, rest, first_line = split_front_matter(text)
        reading = parse_meta(yaml_text or "", "x.md", 2)
    except MetaError as exc:
        assert str(exc) and exc.hint
        assert exc.line is None or exc.line >= 1
        return
    assert isinstance(reading, MetaReading)
    assert isinstance(rest, str) and first_line >= 1
    for warning in reading.warnings:
        assert warning.message and warning.hint


@given(yaml_like)
@settings(max_examples=300)
def test_sidecar_yaml_gives_a_reading_or_meta_error(text: str) -> None:
    try:
        reading = parse_meta(text, "x.yml")
    except MetaError as exc:
        assert str(exc) and exc.hint
        return
    meta = reading.meta
    assert meta.slug is None or not _unsafe_path(meta.slug)
    assert meta.title is None or isinstance(meta.title, str)


def _unsafe_path(slug: str) -> bool:
    segments = slug.split("/")
    return (slug.startswith("/") or "\\" in slug or ".." in segments or "" in segments
            or bool(BIDI_CONTROLS.search(slug)))


@given(st.one_of(st.text(), hostile_text, st.sampled_from(["..", "../x", "CON", "nul.txt", "\u202e", "a\\b"])))
@settings(max_examples=400)
def test_slugify_gives_one_safe_segment(name: str) -> None:
    slug = slugify(name)
    assert "/" not in slug and "\\" not in slug
    assert slug not in (".", "..")
    assert not BIDI_CONTROLS.search(slug)
    assert slug.split(".")[0] not in ("con", "prn", "aux", "nul")


@given(st.one_of(st.text(), st.lists(st.sampled_from(["..", ".", "/", "\\", "a", "C:", "\u202e", "داعش", " "]))
                 .map("".join)))
@settings(max_examples=400)
def test_clean_slug_is_safe_or_raises_slug_error(value: str) -> None:
    try:
        slug = clean_slug(value)
    except SlugError as exc:
        assert str(exc)
        return
    assert slug and not _unsafe_path(slug)


@given(st.lists(st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s), min_size=1, max_size=4))
def test_path_slug_never_climbs(segments: list[str]) -> None:
    assert not _unsafe_path(path_slug("/".join(segments) + ".txt"))


class _Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


ACTIVE_TAGS = {"script", "iframe", "style", "meta", "svg", "math", "object", "embed", "form", "link", "base"}
SAFE_URL = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.IGNORECASE)


@given(hostile_text)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_rendered_markdown_carries_no_active_content(text: str) -> None:
    rendered = render_markdown(text)
    assert "<script" not in rendered.lower()
    parser = _Elements()
    parser.feed(rendered)
    for tag, attrs in parser.tags:
        assert tag not in ACTIVE_TAGS, rendered
        for name, value in attrs:
            assert not name.startswith("on"), rendered
            if name in ("href", "src") and value is not None:
                # Browsers ignore control characters and spaces inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]", "", value)
                assert SAFE_URL.match(squeezed), rendered
                if tag == "img":  # images come from the site itself, never from a tracker
                    assert not re.match(r"^([a-z][a-z0-9+.-]*:|//)", squeezed, re.IGNORECASE), rendered


@given(st.one_of(st.text(max_size=2000), hostile_text,
                 st.lists(st.sampled_from(ARABIC_WORDS + ["\n", "\n\n", " ", "// انتهى //"]), max_size=40)
                 .map("".join)))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extract_always_returns_an_extraction(text: str) -> None:
    result = extract(text, "ar")
    assert isinstance(result, Extracted)
    assert result.body or result.review


@given(st.one_of(st.text(max_size=500), hostile_text))
@settings(max_examples=300)
def test_text_normaliser_takes_any_text(text: str) -> None:
    normalised = textnorm.normalize(text)
    assert not BIDI_CONTROLS.search(normalised)  # display controls never reach the index
    tokens = textnorm.tokenize(text)
    assert all(token.term and token.slot >= 0 for token in tokens)
    assert all(textnorm.stem(token.term, "ar") for token in textnorm.query_terms(text))


@given(st.text(alphabet=st.sampled_from(
    [*"ابتثيكةهوىیکۀؤئأإآ", "\u0640", "\u064b", "\u0654", "\u0670", "\u200b", "\u200c", "\u200d", "\u200f",
     *"٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "٫", "٬", "ß", " ", "a", "Z", "5", "\n"]), max_size=80))
def test_the_fast_translators_equal_str_translate(text: str) -> None:
    assert linefold._fold_characters(text) == text.translate(linefold._FOLD_TABLE)
    assert textnorm._fold(text) == text.translate(textnorm._TABLE)


@given(st.text(alphabet=st.sampled_from([*"-]^\\[a.b ", "\u0660", "\u0669", "ی"]), max_size=40))
def test_a_small_table_with_characters_special_to_regular_expressions_translates_exactly(text: str) -> None:
    table = {ord("-"): "_", ord("]"): None, ord("^"): "x", ord("\\"): "/", ord("["): "(",
             **{0x0660 + i: str(i) for i in range(10)}}
    assert translator(table)(text) == text.translate(table)


def test_a_table_whose_order_would_matter_is_refused() -> None:
    with pytest.raises(ValueError):
        translator({ord("a"): "b", ord("b"): "c"})


long_text = st.lists(st.one_of(st.sampled_from(ARABIC_WORDS), st.sampled_from([" ", "\n", "\t\u00a0", "  \n\n"]),
                               st.text(max_size=12)), max_size=600).map("".join)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(long_text, st.integers(min_value=1, max_value=LEAD_CHARS))
def test_an_excerpt_of_the_lead_is_the_excerpt_of_the_whole_text(text: str, limit: int) -> None:
    # Listings, feeds and descriptions are made from the lead alone, while the body stays in the cache.
    assert describe(flat_lead(text), limit) == describe(text, limit)


def test_a_lead_cut_short_says_so() -> None:
    assert max(SUMMARY_CHARS, DESCRIPTION_CHARS, EXCERPT_CHARS) <= LEAD_CHARS  # every use finds its text whole
    text = "كلمة " * LEAD_CHARS
    assert flat_lead(text) == text[:LEAD_CHARS] + "…"
    assert flat_lead(" كلمة\n\nأخرى ") == "كلمة أخرى"
    assert flat_lead(" " * 5 * LEAD_CHARS + "كلمة " * LEAD_CHARS) == text[:LEAD_CHARS] + "…"
