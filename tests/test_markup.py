"""Markdown rendering: skipping the inline patterns of texts none of them can match changes nothing."""

from __future__ import annotations

import markdown
from conftest import CONTENT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.frontmatter import split_front_matter
from generator.markup import _converter

PIECES = [
    "كتب", " ", "  ", "\n", "\n\n", "مقال", "ناشر", "*", "**", "_", "__", "`", "\\", "[", "]", "(", ")", "!",
    "<", ">", "&", "&amp;", ";", "#", "-", "1.", ">", "http://x.example", "<b>", "</b>", "^", "{: .x}", "|",
    "    ", "~~~", "\t", "نص فارسی\u200cها", "a_b", "[^1]", "[^1]: حاشية", "*[HTML]: Hyper",
]


def _plain(text: str) -> str:
    md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return md.convert(text)


def _quick(text: str) -> str:
    md = _converter()
    md.reset()
    return md.convert(text)


def test_the_quick_inline_processor_is_in_use() -> None:
    # If a Markdown release changes its inline patterns, the guard falls back to the library's own
    # processor; this test then says the fast path is gone rather than letting it vanish silently.
    assert type(_converter().treeprocessors["inline"]).__name__ == "QuickInline"
    ours = [type(p).__name__.replace("QuickInline", "InlineProcessor") for p in _converter().treeprocessors]
    assert ours == [type(p).__name__ for p in markdown.Markdown(extensions=["extra", "sane_lists"]).treeprocessors]


def test_seed_and_markup_samples_render_as_the_library_does() -> None:
    sources = sorted(path for path in CONTENT.rglob("*.*") if path.suffix in {".txt", ".md"})
    samples = [path.read_text(encoding="utf-8") for path in sources]
    samples += [split_front_matter(text)[1] if text.startswith("---") else text for text in samples]
    samples += [
        "سطر أول  \nسطر ثان", "كلمة **عريضة** و*مائلة* و_مائلة_", "[رابط](https://example.org) و![صورة](/a.png)",
        "`شيفرة` و\\*نجمة\\*", "a &amp; b &copy; <span>x</span>", "نص[^1]\n\n[^1]: حاشية", "<http://a.example>",
        "فقرة عادية بلا أي رمز.\n\nوفقرة ثانية، مع فاصلة؛ وعلامة استفهام؟", "*[HTML]: Hyper\n\nHTML here",
    ]
    for text in samples:
        assert _quick(text) == _plain(text), text[:80]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_mix_of_markup_characters_renders_as_the_library_does(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _quick(text) == _plain(text)
