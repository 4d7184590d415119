"""The browser's engine (run under node on the exported files) agrees with `build.py search`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from search_factory import seed_articles, synthetic_articles

from generator.config import SiteConfig
from generator.search import build_static_index, query_index, write_whoosh_index

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")

QUERIES = [
    "داعش", "داعـش", "داعش ", "پوتین", "المُقاتِلين", "۲۰۱۷", "٢٠١٧", "المقاتلين الأجانب", '"المقاتلين الأجانب"',
    "المقا", "الرق", "داعش -سوريا", "-داعش", "می خواهم", "خبرگزاری رویترز", '"تنظيم داعش" الرقة', "التنظيم الإرهابي",
    "مقاتلو", "اروپا", "کارت عضویت", "قبل", "«الدولة الاسلامية»", "5.7", "xyz",
]


def _write(files: list, folder: Path) -> Path:
    for f in files:
        target = folder / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.data)
    return folder / "search" / "index"


def _node_results(index_dir: Path, queries: list[dict], tmp_path: Path) -> list[dict]:
    spec = tmp_path / "queries.json"
    spec.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([NODE, str(ROOT / "tests/js/run-search.js"), str(index_dir), str(spec)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed; the browser engine cannot be run")
@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_browser_engine_gives_the_cli_results(corpus: str, tmp_path: Path) -> None:
    articles = seed_articles() if corpus == "seeds" else synthetic_articles(500)
    write_whoosh_index(articles, tmp_path / "whoosh")
    index_dir = _write(build_static_index(articles, SiteConfig()), tmp_path / "site")
    queries = [{"query": q, "limit": 50, "lang": lang} for q in QUERIES for lang in (None, "fa")]
    for spec, got in zip(queries, _node_results(index_dir, queries, tmp_path), strict=True):
        want = query_index(tmp_path / "whoosh", spec["query"], limit=50, lang=spec["lang"])
        assert [(r["url"], r["score"]) for r in got["results"]] == [(r["url"], r["score"]) for r in want], spec
        for row, expected in zip(got["results"], want, strict=True):
            assert row["snippet"]["text"] == expected["snippet"], spec
