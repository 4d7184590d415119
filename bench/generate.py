"""Write N deterministic synthetic Arabic and Persian articles for the benchmarks.

    python bench/generate.py N DIR

Articles are Markdown with YAML front matter, made by recombining the sentences of the
seed articles in content/ with a seeded random generator: the same N always gives the
same bytes, and the first N articles of a larger run are the articles of a smaller one.
Files go into DIR/<year>/<lang>/. Every tenth article starts a translation pair: an
Arabic article and the Persian one after it share a translation_key.
"""

from __future__ import annotations

import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "content"
PERSIAN_LETTERS = set("پچژگیک")
MIN_WORDS, MAX_WORDS = 300, 1500
FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2021, 12, 31)
PAIR_EVERY = 10
OUTLETS = {
    "ar": ["الجزيرة", "العربية", "بي بي سي عربي", "الشرق الأوسط", "القدس العربي", "مصراوي", "أخبار الآن"],
    "fa": ["همشهری", "ایسنا", "ایرنا", "شیعه نیوز", "بی بی سی فارسی"],
}
AUTHORS = {
    "ar": ["هدى الشيمي", "أيمن رسلان", "محمد علي", "سارة حسن", "خالد يوسف", "ليلى عمر"],
    "fa": ["مریم احمدی", "علی رضایی", "زهرا کریمی", "حسین محمدی", "نرگس موسوی"],
}
TAGS = [
    "داعش", "سوريا", "العراق", "تركيا", "الرقة", "الموصل", "اللاجئين", "المعارضة", "الحكومة", "الانتخابات",
    "الاقتصاد", "النفط", "الأمم المتحدة", "حقوق الإنسان", "الصحافة", "التعليم", "الصحة", "المرأة", "الشباب",
    "الحدود", "الهدنة", "المفاوضات", "جنيف", "روسيا", "أوروبا", "القاهرة", "بيروت", "بغداد", "دمشق", "الخليج",
    "سوریه", "عراق", "ترکیه", "ایران", "تهران", "پناهندگان", "مذاکرات", "انتخابات", "اقتصاد", "نفت",
    "سازمان ملل", "حقوق بشر", "روزنامه", "آموزش", "سلامت", "زنان", "جوانان", "مرز", "آتش‌بس", "ژنو",
]


def seed_sentences() -> dict[str, list[str]]:
    """The seeds' sentences of five words or more, by language (Persian if the seed has Persian letters)."""
    pools: dict[str, list[str]] = {"ar": [], "fa": []}
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8-sig")
        lang = "fa" if len(PERSIAN_LETTERS & set(text)) >= 3 else "ar"
        for sentence in re.split(r"(?<=[.!?؟])\s+|\n+", text):
            sentence = " ".join(sentence.split())
            if len(sentence.split()) >= 5:
                pools[lang].append(sentence if sentence[-1] in ".!?؟»\"" else sentence + ".")
    return pools


def article_body(rng: random.Random, sentences: list[str]) -> tuple[str, str]:
    """A title and a body of MIN_WORDS to MAX_WORDS words in paragraphs of two to six sentences."""
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    title = " ".join(rng.choice(sentences).rstrip(".!?؟»\"").split()[:rng.randint(5, 10)])
    paragraphs, words = [], 0
    while words < target:
        paragraph = [rng.choice(sentences) for _ in range(rng.randint(2, 6))]
        words += sum(len(s.split()) for s in paragraph)
        paragraphs.append(" ".join(paragraph))
    return title, "\n\n".join(paragraphs)


def yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article(number: int, pools: dict[str, list[str]]) -> tuple[str, str]:
    """Article `number`: its relative path and its Markdown text; depends on nothing but the number."""
    rng = random.Random(f"rtl-archive-bench-{number}")
    pair_role = number % PAIR_EVERY
    lang = "ar" if pair_role == 0 else "fa" if pair_role == 1 else rng.choice(["ar", "ar", "fa"])
    day = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    title, body = article_body(rng, pools[lang])
    tags = rng.sample(TAGS, rng.randint(1, 4))
    front = [
        f"title: {yaml_text(title)}",
        f"date: {day.isoformat()}",
        f"lang: {lang}",
        f"outlet: {yaml_text(rng.choice(OUTLETS[lang]))}",
        f"author: {yaml_text(rng.choice(AUTHORS[lang]))}",
        "tags: [" + ", ".join(yaml_text(t) for t in tags) + "]",
    ]
    if pair_role in (0, 1):
        front.append(f"translation_key: pair-{number - pair_role:06d}")
    path = f"{day.year}/{lang}/article-{number:06d}.md"
    return path, "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"


def generate(count: int, out_dir: Path) -> None:
    pools = seed_sentences()
    for number in range(count):
        # The partner of the last Arabic article of a pair may fall beyond `count`; the key then stays unshared.
        rel, text = article(number, pools)
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    generate(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
