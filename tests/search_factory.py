"""Article values for search tests, built by hand so search is tested apart from the pipeline."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from generator.model import Article, Block

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content"

# Language and date of each seed article, as a person reading them would file them.
SEED_META = {
    "000_29e0669f1e92bf8a.txt": ("fa", None, "شیعه نیوز"),
    "001_bf4fdc5bbe916684.txt": ("ar", dt.date(2017, 7, 2), "الجارديان"),
    "002_7bdff688ace681d8.txt": ("ar", dt.date(2016, 6, 8), "مصراوي"),
    "003_8fd63c14d31d5337.txt": ("ar", None, "أخبار الآن"),
    "004_5f292ea16519a414.txt": ("ar", dt.date(2017, 11, 15), "العرب"),
}


def make_article(path: str, title: str, body: str, lang: str = "ar", published: dt.date | None = None,
                 outlet: str | None = None, author: str | None = None, tags: tuple[str, ...] = ()) -> Article:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    paragraphs = tuple(Block("p", p) for p in body.split("\n") if p.strip())
    return Article(
        path=path, sha256="0" * 64, encoding="utf-8", source_format="txt", lang=lang,
        direction="ltr" if lang == "en" else "rtl", title=title, published=published, outlet=outlet,
        author=author, place=None, original_url=None, tags=tags, url=f"articles/{stem}/",
        source_url=f"originals/{path}", translation_key=None, body=paragraphs,
        body_text="\n".join(b.text for b in paragraphs), provenance={},
    )


def seed_articles() -> list[Article]:
    """The five seeds: first line as title, the rest as body."""
    articles = []
    for name, (lang, published, outlet) in SEED_META.items():
        lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").split("\n") if line.strip()]
        title = lines[0] if len(lines[0]) < 120 else lines[0][:80]
        articles.append(make_article(name, title, "\n".join(lines[1:] if title == lines[0] else lines), lang,
                                     published, outlet))
    return articles


def seed_sentences() -> list[tuple[str, str]]:
    """(language, sentence) for every sentence of the seeds."""
    out = []
    for article in seed_articles():
        for line in article.body_text.split("\n"):
            for sentence in re.split(r"(?<=[.!؟?])\s+", line):
                if len(sentence.split()) >= 4:
                    out.append((article.lang, sentence.strip()))
    return out


def synthetic_articles(count: int, seed: int = 7) -> list[Article]:
    """`count` articles made of the seeds' sentences, reproducibly shuffled."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    by_lang: dict[str, list[str]] = {}
    for lang, sentence in sentences:
        by_lang.setdefault(lang, []).append(sentence)
    outlets = ["الجارديان", "مصراوي", "العرب", "أخبار الآن", "شیعه نیوز", "فارس"]
    articles = []
    for number in range(count):
        lang = "fa" if rng.random() < 0.3 else "ar"
        body = " ".join(rng.choice(by_lang[lang]) for _ in range(rng.randint(4, 12)))
        title = " ".join(rng.choice(by_lang[lang]).split()[:8])
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
        articles.append(make_article(f"synthetic/{number:06d}.txt", title, body, lang,
                                     day if rng.random() < 0.9 else None, rng.choice(outlets)))
    return articles
