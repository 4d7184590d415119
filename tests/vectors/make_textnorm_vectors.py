"""Regenerate tests/vectors/textnorm.json from the inputs below: `python tests/vectors/make_textnorm_vectors.py`.

The expected values come from generator/textnorm.py; review the diff before committing,
since the vectors are the contract the JavaScript port is held to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generator.textnorm import normalize, query_stems, query_terms, stem, tokenize  # noqa: E402

# (name, language of the document, input). Hard cases modelled on ../shared/README.md.
CASES = [
    ("zwnj compound", "fa", "می‌خواهم"),
    ("particle written apart", "fa", "می خواهم"),
    ("particle written joined", "fa", "میخواهم"),
    ("plural after zwnj", "fa", "خانه‌هایمان"),
    ("plural written apart", "fa", "کتاب ها"),
    ("stray and doubled zwnj", "fa", "\u200cخانه\u200c\u200cها\u200c"),
    ("zwj inside a word", "fa", "خط\u200d\u200c مشی و سالن وي\u200d\u200d\u200dژه"),
    ("rlm inside a number", "ar", "زلزال قوته 5.\u200f7 درجة"),
    ("decimal kept whole", "en", "a 5.7 magnitude and 1,000 people"),
    ("persian decimal with slash", "fa", "نرخ ۵/۲۷ درصد"),
    ("date as separated number", "ar", "11/15/2017 و 2017/11/15"),
    ("arabic-indic digits", "ar", "عام ٢٠١٧ م"),
    ("persian digits", "fa", "سال ۲۰۱۷ و ۱۳۹۶"),
    ("digits glued to a word", "fa", "در 10ماه گذشته حدود 60نفر"),
    ("arabic decimal separator", "ar", "٣٫٥ مليون"),
    ("presentation forms", "fa", "ﺑﺴﻢ ﺍﻟﻠﻪ ﺍﻟﺮﺣﻤﻦ"),
    ("lam-alef ligature", "ar", "ﻻ يوجد ﻷن"),
    ("tatweel", "ar", "داعـــش لـ«الشرق» الـ 20"),
    ("diacritics", "ar", "المُقاتِلِينَ الأَجانِب"),
    ("superscript alef and hamza above", "ar", "هٰذا الرحمٰن مسئول"),
    ("quranic marks", "ar", "ذَٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ فِيهِۛ"),
    ("alef forms", "ar", "أحمد إبراهيم آمال ٱلله"),
    ("ye and kaf variants", "fa", "پوتین پوتين يك يک على علی"),
    ("teh marbuta and heh forms", "fa", "مدرسة مدرسه خانۀ خانهٔ"),
    ("hamza on waw and ye", "ar", "مؤتمر مسؤول رئيس"),
    ("bidi embeddings and nbsp", "ar", "\u202eتتراوح\u202c\u00a025\u202a و35\u202c سن"),
    ("zero-width space and bom", "ar", "\ufeffكلمة\u200bأخرى"),
    ("latin case folding", "en", "Fighters FLED the CITY; Straße"),
    ("english snowball stems", "en", "running cities passed classes focus"),
    ("english snowball exceptions", "en", "Generously, the news: skies dying; succeeding youth's sayings"),
    ("arabic prefixes", "ar", "والمقاتلين بالرقة كالأسد للتنظيم وداعش فداعش"),
    ("arabic suffixes", "ar", "حكوماتهم الإرهابية مقاتلون سورية"),
    ("arabic root letters kept", "ar", "لبنان كتاب برنامج وزير"),
    ("persian suffixes", "fa", "کتابی کتابها بزرگتر بزرگترین دانشجویان نمایندگان خانه‌ای ایرانی"),
    ("persian words that look suffixed", "fa", "دختر تنها سازمان ایران"),
    ("mixed script line", "fa", "گزارش Reuters درباره ISIS"),
    ("punctuation between words", "ar", "«داعش»،(الرقة)—سوريا!؟"),
    ("underscore splits", "en", "snake_case words"),
    ("empty", "ar", ""),
]


def vector(name: str, lang: str, text: str) -> dict[str, object]:
    tokens = tokenize(text)
    return {
        "name": name,
        "lang": lang,
        "input": text,
        "normalized": normalize(text),
        "tokens": [list(t) for t in tokens],
        "stems": [stem(t.term, lang) for t in tokens],
        "query": [t.term for t in query_terms(text)],
        "query_stems": [query_stems(t.term) for t in query_terms(text)],
    }


def main() -> None:
    out = Path(__file__).with_name("textnorm.json")
    data = {"cases": [vector(*case) for case in CASES]}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
