"""Text analysis: the shared vectors, the promises of the issue, and Python/JS agreement."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata
from importlib.metadata import version
from pathlib import Path

import pytest
from browser_support import CHROMIUM, chromium
from vectors import make_english_vectors

from generator.textnorm import PART, normalize, query_stems, query_terms, stem, stem_english, tokenize

ROOT = Path(__file__).resolve().parents[1]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "textnorm.json").read_text(encoding="utf-8"))["cases"]
ENGLISH = json.loads(make_english_vectors.OUT.read_text(encoding="utf-8"))
NODE = shutil.which("node")


@pytest.mark.parametrize("case", VECTORS, ids=[c["name"] for c in VECTORS])
def test_vectors(case: dict) -> None:
    tokens = tokenize(case["input"])
    assert normalize(case["input"]) == case["normalized"]
    assert [list(t) for t in tokens] == case["tokens"]
    assert [stem(t.term, case["lang"]) for t in tokens] == case["stems"]
    assert [t.term for t in query_terms(case["input"])] == case["query"]
    assert [query_stems(t.term) for t in query_terms(case["input"])] == case["query_stems"]


def _query(text: str) -> list[str]:
    return [t.term for t in query_terms(text)]


def _indexed(text: str) -> set[str]:
    return {t.term for t in tokenize(text)}


def test_zwnj_space_and_joined_spellings_meet() -> None:
    spellings = ["می‌خواهم", "می خواهم", "میخواهم"]
    for query in spellings:
        for document in spellings:
            assert set(_query(query)) <= _indexed(document), (query, document)


def test_folded_spellings_are_equal() -> None:
    assert normalize("پوتین") == normalize("پوتين")
    assert normalize("داعـش") == normalize("داعش")
    assert normalize("المُقاتِلين") == normalize("المقاتلين")
    assert normalize("۲۰۱۷") == normalize("٢٠١٧") == "2017"
    assert normalize("ﻻ") == "لا"


def test_numbers_stay_whole_and_their_parts_are_found() -> None:
    assert _query("5.\u200f7") == ["5.7"]
    assert "2017" in _indexed("2017/11/15")
    assert "5.7" in _indexed("قوته 5.\u200f7 درجة")


def test_persian_stemming_never_takes_a_letter_of_the_word() -> None:
    assert stem(normalize("کتابی"), "fa") == normalize("کتاب")
    for word in ("دختر", "تنها", "سازمان", "ایران", "کتاب"):
        assert stem(normalize(word), "fa") == normalize(word)


def test_parts_share_the_slot_of_their_compound() -> None:
    tokens = tokenize("یک خانه‌ها دو")
    assert [t.slot for t in tokens if t.kind == PART] == [1, 1]
    assert tokens[-1].slot == 2


def test_english_forms_of_one_word_meet() -> None:
    for forms in (["run", "runs", "running"], ["connect", "connected", "connection", "connections"],
                  ["generous", "generously"], ["hope", "hoped", "hoping", "hopes"], ["die", "dying"],
                  ["geology", "geologist"], ["happy", "happiness"]):
        assert len({stem(normalize(f), "en") for f in forms}) == 1, forms


def test_english_words_that_only_look_related_stay_apart() -> None:
    for pair in (["news", "new"], ["general", "generate"], ["universe", "university"], ["past", "paste"],
                 ["later", "lateral"], ["herring", "her"], ["evening", "even"], ["succeed", "succ"],
                 ["communism", "commune"], ["sky", "ski"]):
        assert stem(pair[0], "en") != stem(pair[1], "en"), pair


def test_english_query_meets_the_document_stem() -> None:
    [term] = query_terms("Generously")
    assert query_stems(term.term) == [stem("generous", "en")]
    assert [stem(t.term, "en") for t in tokenize("Fighters FLED cities")] == ["fighter", "fled", "citi"]


def test_english_vectors_are_the_stemmer_s_output() -> None:
    """Fails when the stemmer changed and tests/vectors/english.json was not regenerated."""
    assert ENGLISH["snowballstemmer"] == version("snowballstemmer")
    wrong = [(word, want, stem_english(word)) for word, want in ENGLISH["words"] if stem_english(word) != want]
    assert wrong == []


def test_english_vectors_hold_every_chosen_word() -> None:
    words = {word for word, _ in ENGLISH["words"]}
    assert len(words) > 5000
    assert make_english_vectors.chosen_words() <= words


@pytest.mark.corpus
@pytest.mark.skipif(not make_english_vectors.CORPUS.is_dir(),
                    reason=f"the development corpus is not at {make_english_vectors.CORPUS}")
def test_english_vectors_hold_every_corpus_word() -> None:
    found = make_english_vectors.corpus_words([make_english_vectors.CORPUS, ROOT / "content"])
    assert found - {word for word, _ in ENGLISH["words"]} == set()


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
def test_search_page_stems_english_from_disk(seed_site: tuple[object, Path]) -> None:
    """The search page, opened from file://, loads the English stemmer before textnorm.js."""
    page_url = (seed_site[1] / "search" / "index.html").as_uri()
    with chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(page_url)
        got = page.evaluate("[ArchiveTextnorm.queryStems('generously'), ArchiveTextnorm.stem('sayings', 'en')]")
    assert got == [["generous"], "say"]


def _assigned_characters() -> list[list[object]]:
    rows = []
    for cp in range(0x20, 0x30000):
        ch = chr(cp)
        if unicodedata.category(ch) in ("Cn", "Cs"):
            continue  # unassigned here: newer Unicode in the browser may know it
        text = "a" + ch + "b ب" + ch + "ت"
        rows.append([text, normalize(text), [list(t) for t in tokenize(text)]])
    return rows


@pytest.mark.skipif(NODE is None, reason="node is not installed; the JavaScript port is not checked")
def test_node_suite_agrees(tmp_path: Path) -> None:
    """Runs `node --test tests/js/` so that pytest covers the browser side too."""
    chars = tmp_path / "chars.json"
    chars.write_text(json.dumps(_assigned_characters(), ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, TEXTNORM_CHARS=str(chars))
    result = subprocess.run([NODE, "--test", "tests/js/"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
