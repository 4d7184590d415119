"""Regenerate tests/vectors/english.json: `python tests/vectors/make_english_vectors.py`.

English words and their Snowball English (Porter2) stems from `generator.textnorm.stem_english`,
the contract `static/js/stem-english.js` is held to. The words are every English word of the
development corpus (../shared/corpus) and of content/, words chosen for each step of the
algorithm, and constructed forms: bases of every shape the rules tell apart, each with every
suffix the algorithm knows. Needs ../shared/corpus, so that no corpus word silently drops out.
"""

from __future__ import annotations

import json
import re
import sys
from importlib.metadata import version
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.textnorm import stem_english, tokenize  # noqa: E402

OUT = Path(__file__).with_name("english.json")
CORPUS = ROOT.parent / "shared" / "corpus"
LATIN = re.compile(r"[a-z]+")

# Real words, by the rule each one exercises.
STEPS = {
    "special words": "skis skies sky idly gently ugly early only singly news howe atlas cosmos bias andes",
    "too short to stem": "a i as is us ab by my we ox",
    "R1 prefixes": (
        "general generally generate generated generating generous generously generic generically "
        "communism communist community communal communication arsenal arsenals arsenic "
        "past pasts paste pasted pastes pasting pastry universe universes universal universally "
        "university universities later lateral laterally lately intern internal international "
        "interested organ organic organism organisation emerge emergency emergent"
    ),
    "y as a consonant": (
        "youth young yes yellow yield yielding yearly sayings saying says player played playing "
        "employ employed employs enjoyable annoying boy boys buyer crayon eye eyes royal loyalty "
        "abeyance yoyo yyyy ayyy"
    ),
    "step 1a": (
        "caresses ponies ties cries tied died lied spied cried kiwis gaps gas this focus census "
        "bus ss class classes passes news lens series species hypotheses ies ied"
    ),
    "step 1b": (
        "agreed feed fee proceed proceeded proceedings exceed exceeds exceedingly succeed succeeding "
        "succeeded speed speedily deedly plastered bled motoring sing singing luxuriated troubled "
        "sized hopping hopped tanned falling hissing fizzed failing filing hoped hoping adding "
        "added egged offed ebbing erred dying lying tying vying hying dyings inning innings outing "
        "outings canning herring herrings earring earrings evening evenings winning shedding "
        "bedding seeing fearing feeling interestingly knowingly markedly reportedly"
    ),
    "step 1c": "cry by say happy sky try toy ploy fly flying dry",
    "step 2": (
        "relational conditional rational valenci hesitanci digitizer conformabli radicalli "
        "differentli vileli analogousli vietnamization predication operator feudalism decisiveness "
        "hopefulness callousness formaliti sensitiviti sensibiliti fruitfulli lawlessli geologist "
        "biologist geology biology analogy analogi apology archaeologist ability fully helplessly "
        "quickly finally happily nicely entirely subtly"
    ),
    "step 3": (
        "triplicate formative formalize electriciti electrical hopeful goodness derivative "
        "additional congregational authenticate tactical careful sadness talkative"
    ),
    "step 4": (
        "revival allowance inference airliner gyroscopic adjustable defensible irritant replacement "
        "adjustment dependent adoption homologous effective bowdlerize activate angulariti "
        "communism cardinal decision nation station opinion religion criticism"
    ),
    "step 5": (
        "hope rate probate debate create make cease controll roll fill generalise recognise "
        "absolute agreeable stable table"
    ),
    "double letters": "hopp tapping hugged running stopped dropping fitted swimming rubbed digger",
    "short syllables": "bed shed shred bead embed beds rap trap entrap ow on at uproot bestow disturb",
}

# Bases the rules tell apart: short and long, ending in a vowel, e, y, a double or w/x,
# starting with a vowel, and the stems whose R1 is fixed by their prefix.
BASES = (
    "hop tap bed fit rub shed ow at on ax bow box sew fix tie lie die dy pay play say cry sky spy "
    "add egg off inn hope rate care use agree see free fee proceed succ exc even out herr earr cann "
    "nation relation condition form friend quick slow care help happy beauty cone generat gener "
    "commun arsen past univers later inter organ emerg youth eye bye yell relate sens act"
)
SUFFIXES = (
    "s es ies ied sses ss us ed edly eed eedly ing ingly ings ly li y ied tional enci anci abli entli "
    "izer ization ational ation ator alism aliti alli fulness ousli ousness iveness iviti biliti bli "
    "ogist ogi logi fulli lessli alize icate iciti ical ful ness ative al ance ence er ic able ible "
    "ant ement ment ent ism ate iti ous ive ize ion sion tion e l ll at bl iz"
)

# Not a-z: kept as they are on both sides (the tokenizer never gives an apostrophe, but a
# direct caller might).
KEPT = ["don't", "cafés", "naïvely", "covid19s", "x86", "2017", "Running", "news\n", ""]


def corpus_words(folders: list[Path]) -> set[str]:
    """Every distinct token of the letters a-z in the .txt and .md files under `folders`."""
    words: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".md") and "LICENSES" not in path.parts:
                text = path.read_text(encoding="utf-8", errors="replace")
                words.update(t.term for t in tokenize(text) if LATIN.fullmatch(t.term))
    return words


def chosen_words() -> set[str]:
    """The words of this file: by step, constructed, and kept as they are."""
    words = {word for text in STEPS.values() for word in text.split()}
    words.update(base + suffix for base, suffix in product(BASES.split(), SUFFIXES.split()))
    words.update(BASES.split())
    words.update(KEPT)
    return words


def vectors(words: set[str]) -> dict[str, object]:
    return {
        "algorithm": "Snowball English (Porter2)",
        "snowballstemmer": version("snowballstemmer"),
        "words": [[word, stem_english(word)] for word in sorted(words)],
    }


def dump(data: dict[str, object]) -> str:
    """JSON with one word per line, so a change of stems reads as a short diff."""
    rows = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in data["words"])  # type: ignore[union-attr]
    head = {key: value for key, value in data.items() if key != "words"}
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "words": [\n' + rows + "\n]}\n"


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"the development corpus is not at {CORPUS}: its words would drop out of the vectors")
    words = chosen_words() | corpus_words([CORPUS, ROOT / "content"])
    OUT.write_text(dump(vectors(words)), encoding="utf-8")
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
