"""Incremental and parallel builds give exactly the output of a clean build, and skip what did not change."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT

from generator.cache import CACHE_FILE, CacheStore
from generator.config import SiteConfig
from generator.pipeline import KeptCache, Paths, build_site


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def synthetic_archive(folder: Path, count: int) -> Path:
    seeds = sorted(CONTENT.glob("*.txt"))
    for number in range(count):
        seed = seeds[number % len(seeds)].read_text(encoding="utf-8")
        year = 2014 + number % 4
        front = (f"---\ntitle: مقالة رقم {number}\ndate: {year}-0{1 + number % 9}-1{number % 9}\n"
                 f"tags: [وسم{number % 7}, داعش]\noutlet: مصدر {number % 5}\n---\n")
        (folder / f"{number % 10}").mkdir(parents=True, exist_ok=True)
        (folder / f"{number % 10}" / f"a{number}.md").write_text(front + seed[number:] + "\n", encoding="utf-8")
    return folder


class Site:
    """A content folder with an incremental output and a way to compare it with a clean build."""

    def __init__(self, tmp: Path, content: Path, templates: Path = ROOT / "templates"):
        self.tmp, self.content, self.templates = tmp, content, templates
        self.paths = Paths(content, tmp / "out", templates, ROOT / "static", None, tmp / "cache")

    def build(self, jobs: int = 1):
        return build_site(self.paths, SiteConfig(), jobs=jobs)

    def clean_build(self, jobs: int = 1) -> dict[str, str]:
        out = self.tmp / f"clean-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        build_site(Paths(self.content, out, self.templates, ROOT / "static"), SiteConfig(), jobs=jobs)
        return snapshot(out)

    def assert_same_as_clean(self) -> None:
        assert snapshot(self.paths.out) == self.clean_build()


@pytest.fixture
def seed_copy(tmp_path: Path) -> Site:
    shutil.copytree(CONTENT, tmp_path / "content")
    return Site(tmp_path, tmp_path / "content")


def test_second_build_writes_nothing(seed_copy: Site):
    first = seed_copy.build()
    assert first.files_written > 20
    before = {p: p.stat().st_mtime_ns for p in seed_copy.paths.out.rglob("*")}
    second = seed_copy.build()
    assert (second.files_written, second.pages_rendered, second.files_removed) == (0, 0, 0)
    assert second.sources_reused == 5
    assert {p: p.stat().st_mtime_ns for p in seed_copy.paths.out.rglob("*")} == before


def test_editing_one_article_rewrites_only_what_shows_it(seed_copy: Site):
    seed_copy.build()
    source = seed_copy.content / "003_8fd63c14d31d5337.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("أبو محمد", "أبو أحمد"), encoding="utf-8")
    result = seed_copy.build()
    assert result.sources_reused == 4
    assert 0 < result.files_written < 20
    seed_copy.assert_same_as_clean()


def test_add_rename_delete_match_a_clean_build(seed_copy: Site):
    seed_copy.build()
    (seed_copy.content / "new.md").write_text("---\ntitle: مقالة جديدة\ndate: 2018-01-02\ntags: [جديد]\n---\nنص.\n",
                                              encoding="utf-8")
    seed_copy.build()
    seed_copy.assert_same_as_clean()
    assert (seed_copy.paths.out / "tags" / "جديد" / "index.html").is_file()
    (seed_copy.content / "new.md").rename(seed_copy.content / "renamed.md")
    seed_copy.build()
    seed_copy.assert_same_as_clean()
    assert not (seed_copy.paths.out / "articles" / "new").exists()
    (seed_copy.content / "renamed.md").unlink()
    (seed_copy.content / "000_29e0669f1e92bf8a.txt").unlink()
    seed_copy.build()
    seed_copy.assert_same_as_clean()
    assert not (seed_copy.paths.out / "tags" / "جديد").exists()


def test_template_change_rerenders_the_pages_that_use_it(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(CONTENT, tmp_path / "content")
    site = Site(tmp_path, tmp_path / "content", templates)
    site.build()
    article = templates / "article.html"
    article.write_text(article.read_text(encoding="utf-8").replace('class="article-body"', 'class="article-body x"'),
                       encoding="utf-8")
    result = site.build()
    assert result.pages_rendered == 5  # the five article pages, not the listings
    assert 'class="article-body x"' in next((site.paths.out / "articles").rglob("index.html")).read_text()
    site.assert_same_as_clean()


def test_editing_a_partial_a_template_includes_rerenders_the_pages_that_show_it(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(CONTENT, tmp_path / "content")
    listing = templates / "listing.html"
    text = listing.read_text(encoding="utf-8")
    block = text.index("{% block content %}") + len("{% block content %}")
    listing.write_text(text[:block] + '{% include "_notice.html" %}' + text[block:], encoding="utf-8")
    notice = templates / "_notice.html"
    notice.write_text('<p class="notice">قديم</p>\n', encoding="utf-8")
    site = Site(tmp_path, tmp_path / "content", templates)
    site.build()
    notice.write_text('<p class="notice">جديد</p>\n', encoding="utf-8")
    result = site.build()
    listings = [p for p in site.paths.out.rglob("index.html") if "قديم" in p.read_text(encoding="utf-8")]
    assert listings == []  # no page shows the old text
    assert 0 < result.pages_rendered < len(list(site.paths.out.rglob("index.html")))
    articles = list((site.paths.out / "articles").rglob("index.html"))
    assert not any("notice" in page.read_text(encoding="utf-8") for page in articles)
    site.assert_same_as_clean()


def test_a_language_may_have_its_own_template_and_editing_it_rerenders_only_its_pages(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copytree(CONTENT, tmp_path / "content")
    own = templates / "fa" / "article.html"
    own.parent.mkdir()
    own.write_text('{% extends "article.html" %}{% block content %}<p class="own">نسخه فارسی</p>{{ super() }}'
                   "{% endblock %}", encoding="utf-8")
    site = Site(tmp_path, tmp_path / "content", templates)
    site.build()

    def marked(marker: str) -> list[bool]:
        pages = (site.paths.out / "articles").rglob("index.html")
        return sorted(marker in page.read_text(encoding="utf-8") for page in pages)

    assert marked('class="own"') == [False] * 4 + [True]  # the Persian seed alone
    own.write_text(own.read_text(encoding="utf-8").replace('class="own"', 'class="own fa"'), encoding="utf-8")
    assert site.build().pages_rendered == 1
    assert marked('class="own fa"') == [False] * 4 + [True]
    site.assert_same_as_clean()


def _damage_row(cache_file: Path, table: str, key: str | None = None) -> None:
    """Flip bytes in the middle of a row, as a bad disk sector would, leaving its checksum as it was."""
    with sqlite3.connect(cache_file) as db:
        where, args = ("WHERE key = ?", (key,)) if key else ("", ())
        row_key, data = db.execute(f"SELECT key, data FROM {table} {where} LIMIT 1", args).fetchone()
        middle = len(data) // 2
        db.execute(f"UPDATE {table} SET data = ? WHERE key = ?",
                   (data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 8]) + data[middle + 8:], row_key))


@pytest.mark.parametrize("damage", ["empty", "garbage", "truncated", "index", "index-piece", "index-piece-gone",
                                    "readings", "texts", "analyses", "search-state", "parts", "files"])
def test_a_corrupt_cache_is_detected_and_rebuilt(seed_copy: Site, damage: str, monkeypatch: pytest.MonkeyPatch):
    from generator import cache_index, cache_parts

    monkeypatch.setattr(cache_parts, "PART_BYTES", 64)  # the seeds' export state then has parts
    monkeypatch.setattr(cache_index, "PIECE_ITEMS", 4)  # and the index several pieces
    seed_copy.build()
    cache_file = seed_copy.paths.cache / CACHE_FILE
    if damage == "index":
        _damage_row(cache_file, "blobs", damage)
    elif damage == "index-piece":
        _damage_row(cache_file, "blobs", "index:outputs:2")
    elif damage == "index-piece-gone":
        with sqlite3.connect(cache_file) as db:
            assert db.execute("DELETE FROM blobs WHERE key = 'index:analysis_heads:1'").rowcount == 1
    elif damage == "readings":  # read by every build
        _damage_row(cache_file, damage)
    elif damage == "texts":  # bodies are read only for pages made again: delete every article page
        _damage_row(cache_file, damage)
        for page in (seed_copy.paths.out / "articles").rglob("index.html"):
            page.unlink()
    elif damage == "files":  # a search index file is read from the cache only when the site lacks it
        _damage_row(cache_file, damage)
        shutil.rmtree(seed_copy.paths.out / "search" / "index")
    elif damage in ("analyses", "search-state", "parts"):  # read only when the search index changes: edit one
        _damage_row(cache_file, *(("blobs", damage) if damage == "search-state" else (damage,)))
        source = sorted(seed_copy.content.glob("*.txt"))[0]
        source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة.\n", encoding="utf-8")
    else:
        blob = cache_file.read_bytes()
        cache_file.write_bytes({"empty": b"", "garbage": b"garbage" * 100, "truncated": blob[: len(blob) // 3]}[damage])
    result = seed_copy.build()
    assert any(d.code == "cache" for d in result.diagnostics) or damage == "empty"
    seed_copy.assert_same_as_clean()


def test_the_cache_index_is_read_back_whole_from_its_pieces(seed_copy: Site, monkeypatch: pytest.MonkeyPatch):
    from generator import cache_index
    from generator.cache_file import load_cache
    from generator.fingerprint import code_fingerprint, digest

    monkeypatch.setattr(cache_index, "PIECE_ITEMS", 3)
    seed_copy.build()
    fingerprint = digest(code_fingerprint(), SiteConfig())  # as the build names its cache
    index = load_cache(seed_copy.paths.cache, fingerprint, seed_copy.paths.out)[0]
    assert len(index.outputs) > 3 * 3 and len(index.analysis_heads) == 5
    assert seed_copy.build().pages_rendered == 0  # every output was found in the index read back
    with sqlite3.connect(seed_copy.paths.cache / CACHE_FILE) as db:
        db.execute("INSERT INTO blobs (key, crc, data) VALUES ('index:outputs:999', 0, x'00')")  # a stale piece
    source = sorted(seed_copy.content.glob("*.txt"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة.\n", encoding="utf-8")
    seed_copy.build()  # saves the index again
    with sqlite3.connect(seed_copy.paths.cache / CACHE_FILE) as db:
        pieces = [key for (key,) in db.execute("SELECT key FROM blobs WHERE key LIKE 'index:%'")]
    assert "index:outputs:999" not in pieces and len(pieces) == -(-len(index.outputs) // 3) + 2
    assert seed_copy.build().pages_rendered == 0
    seed_copy.assert_same_as_clean()


def test_a_deleted_output_file_is_restored(seed_copy: Site):
    seed_copy.build()
    page = next((seed_copy.paths.out / "articles").rglob("index.html"))
    page.unlink()
    seed_copy.build()
    assert page.is_file()
    seed_copy.assert_same_as_clean()


def test_output_is_identical_whatever_the_number_of_processes(tmp_path: Path):
    content = synthetic_archive(tmp_path / "content", 150)
    site = Site(tmp_path, content)
    assert site.clean_build(jobs=1) == site.clean_build(jobs=2)


def test_a_long_running_process_keeps_the_cache_in_memory(seed_copy: Site):
    kept = KeptCache()
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    kept.wait()  # the cache is saved after the build returns
    shutil.rmtree(seed_copy.paths.cache)  # what is reused now can only come from memory
    source = sorted(seed_copy.content.glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة عن داعش.\n", encoding="utf-8")
    result = build_site(seed_copy.paths, SiteConfig(), kept=kept)
    assert result.sources_reused == 4 and result.pages_rendered < 20
    kept.wait()  # the files no page shows follow the pages
    seed_copy.assert_same_as_clean()


def test_a_long_running_process_publishes_the_pages_before_the_files_no_page_shows(
        seed_copy: Site, monkeypatch: pytest.MonkeyPatch):
    import threading

    import generator.pipeline as pipeline

    kept = KeptCache()
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    kept.wait()
    catalog = seed_copy.paths.out / "catalog.json"
    catalog_before = catalog.read_bytes()
    released = threading.Event()
    publish_rest = pipeline._publish_rest

    def held(*args: object) -> object:
        released.wait(30)
        return publish_rest(*args)

    monkeypatch.setattr(pipeline, "_publish_rest", held)
    source = sorted(seed_copy.content.glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8") + "\nعنوان: مقالة منقحة\nجملة عن الزرزور.\n",
                      encoding="utf-8")
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    assert any("الزرزور" in page.read_text(encoding="utf-8")
               for page in (seed_copy.paths.out / "articles").rglob("index.html"))
    assert catalog.read_bytes() == catalog_before  # not yet: the open pages reload first
    released.set()
    kept.wait()
    assert catalog.read_bytes() != catalog_before
    seed_copy.assert_same_as_clean()


def test_a_small_change_is_moved_into_the_site_and_equals_a_clean_build(tmp_path: Path):
    content = synthetic_archive(tmp_path / "content", 150)
    site = Site(tmp_path, content)
    site.build()
    folder = site.paths.out.stat().st_ino
    source = content / "3" / "a13.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة بكلمة لم ترد من قبل: زرزور.\n",
                      encoding="utf-8")
    result = site.build()
    assert 0 < result.files_written < 30
    assert site.paths.out.stat().st_ino == folder  # patched in place, not a whole new tree swapped in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "out"]
    site.assert_same_as_clean()


def test_an_edit_undone_under_a_kept_cache_leaves_a_cache_the_next_process_can_use(seed_copy: Site):
    kept = KeptCache()
    source = sorted(seed_copy.content.glob("*.txt"))[2]
    original = source.read_bytes()
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    source.write_bytes(original + "\nجملة مؤقتة.\n".encode())
    build_site(seed_copy.paths, SiteConfig(), kept=kept)  # the original's body row is dropped from the file
    source.write_bytes(original)
    build_site(seed_copy.paths, SiteConfig(), kept=kept)  # ... and must be written again
    kept.wait()
    for page in (seed_copy.paths.out / "articles").rglob("index.html"):
        page.unlink()  # so a fresh process needs every body from the file
    result = seed_copy.build()
    assert not any(d.code == "cache" for d in result.diagnostics)
    assert result.sources_reused == 5
    seed_copy.assert_same_as_clean()


def test_edits_one_after_another_under_a_kept_cache_export_only_what_changed(seed_copy: Site,
                                                                              monkeypatch: pytest.MonkeyPatch):
    from generator.search import incremental

    kept = KeptCache()
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    source = sorted(seed_copy.content.glob("*.txt"))[3]

    def whole_export(*_: object) -> None:
        raise AssertionError("an edit under serve made the browser index again in full")

    monkeypatch.setattr(incremental, "full_entries", whole_export)
    for sentence in ("جملة أولى عن داعش.", "جملة ثانية عن سوريا."):  # the second starts from the first's export
        source.write_text(source.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        build_site(seed_copy.paths, SiteConfig(), kept=kept)
    kept.wait()
    monkeypatch.undo()
    seed_copy.assert_same_as_clean()


def test_an_edit_rewrites_the_cached_reading_of_that_article_only(seed_copy: Site):
    seed_copy.build()
    cache_file = seed_copy.paths.cache / CACHE_FILE

    def readings() -> dict[str, bytes]:
        with sqlite3.connect(cache_file) as db:
            return dict(db.execute("SELECT key, data FROM readings"))

    before = readings()
    source = sorted(seed_copy.content.glob("*.txt"))[1]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة.\n", encoding="utf-8")
    seed_copy.build()
    after = readings()
    assert after.keys() == before.keys()
    assert [key for key in after if after[key] != before[key]] == [source.name]
    seed_copy.assert_same_as_clean()


def test_an_edit_encodes_the_catalog_lines_of_that_article_only(seed_copy: Site, monkeypatch: pytest.MonkeyPatch):
    from generator import catalog, outputs

    encoded: list[str] = []

    def counted(article):  # noqa: ANN001, ANN202 - the function it stands for
        encoded.append(article.path)
        return catalog.article_lines(article)

    monkeypatch.setattr(outputs, "article_lines", counted)
    seed_copy.build()  # from nothing: no lines kept (see the large archive's test)
    sources = sorted(seed_copy.content.glob("*.txt"))
    sources[0].write_text(sources[0].read_text(encoding="utf-8") + "\nجملة.\n", encoding="utf-8")
    seed_copy.build()
    assert len(encoded) == 5
    sources[1].write_text(sources[1].read_text(encoding="utf-8") + "\nجملة جديدة.\n", encoding="utf-8")
    sources[2].unlink()
    encoded.clear()
    seed_copy.build()
    assert encoded == [sources[1].name]
    seed_copy.assert_same_as_clean()
    with sqlite3.connect(seed_copy.paths.cache / CACHE_FILE) as db:
        assert db.execute("SELECT count(*) FROM catalog").fetchone()[0] == 4  # the deleted article's lines are gone


def _build_with_small_spills(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             articles: int) -> tuple[Site, CacheStore, dict[str, int]]:
    """A synthetic archive built as if more than 12 articles were a large archive (a window of 4 rows);
    the build's store, and the most new bodies and analyses it held at once."""
    from generator import pipeline

    monkeypatch.setattr(pipeline, "SPILL_ROWS", 12)
    monkeypatch.setattr(pipeline, "SPILL_WINDOW", 4)
    held: dict[str, int] = {"texts": 0, "analyses": 0}
    original_put = CacheStore.put

    def put(store: CacheStore, table: str, key: str, value: object) -> None:
        original_put(store, table, key, value)
        if table in held:
            held[table] = max(held[table], len(store.rows[table]))

    monkeypatch.setattr(CacheStore, "put", put)
    site = Site(tmp_path, synthetic_archive(tmp_path / "content", articles))
    kept = KeptCache()
    build_site(site.paths, SiteConfig(), jobs=2, kept=kept)
    kept.wait()
    assert kept.store is not None
    return site, kept.store, held


def test_a_large_archive_is_built_without_holding_every_body_and_analysis(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    site, store, held = _build_with_small_spills(tmp_path, monkeypatch, 40)
    assert {"texts", "analyses"} <= store.spilled
    assert held == {"texts": 3, "analyses": 3}  # at most the window, from the first: the 4th was a spill
    site.assert_same_as_clean()
    source = tmp_path / "content" / "4" / "a14.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة بكلمة زرزور.\n", encoding="utf-8")
    assert site.build().pages_rendered < 20
    site.assert_same_as_clean()


def test_a_large_archive_keeps_its_catalog_lines_from_its_second_build(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch):
    site, _, _ = _build_with_small_spills(tmp_path, monkeypatch, 40)  # from nothing: no lines kept

    def kept_lines() -> int:
        with sqlite3.connect(site.paths.cache / CACHE_FILE) as db:
            return db.execute("SELECT count(*) FROM catalog").fetchone()[0]

    assert kept_lines() == 0
    source = tmp_path / "content" / "4" / "a14.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة.\n", encoding="utf-8")
    site.build()
    assert kept_lines() == 40
    site.assert_same_as_clean()


def test_an_archive_under_the_spill_size_is_built_from_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    _, store, held = _build_with_small_spills(tmp_path, monkeypatch, 10)
    assert not {"texts", "analyses"} & store.spilled
    assert held == {"texts": 10, "analyses": 10}


def test_a_spill_lets_go_of_each_row_as_it_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import cache

    store = CacheStore(tmp_path / CACHE_FILE, False, 4, 4)
    held_while_writing: list[int] = []
    real_pack = cache._pack

    def pack(key: str, value: object) -> tuple[str, int, bytes]:
        held_while_writing.append(len(store.rows["texts"]))
        return real_pack(key, value)

    monkeypatch.setattr(cache, "_pack", pack)
    for number in range(4):
        store.put("texts", f"key-{number}", ("نص المقال", str(number)))
    assert held_while_writing == [3, 2, 1, 0]  # each body left memory once in the file, not after the last
    assert store.get("texts", "key-2") == ("نص المقال", "2")


def test_an_edit_writes_only_the_export_state_parts_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import cache_parts

    monkeypatch.setattr(cache_parts, "PART_BYTES", 64)  # as if the archive were large: many strings are parts
    site = Site(tmp_path, synthetic_archive(tmp_path / "content", 60))
    site.build()
    cache_file = site.paths.cache / CACHE_FILE

    def parts() -> set[str]:
        with sqlite3.connect(cache_file) as db:
            return {row[0] for row in db.execute("SELECT key FROM parts")}

    before = parts()
    source = tmp_path / "content" / "7" / "a17.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة جديدة بكلمة زرزور.\n", encoding="utf-8")
    site.build()
    after = parts()
    assert before and after - before and len(after - before) < len(before) / 2
    site.assert_same_as_clean()
    shutil.rmtree(site.paths.out)  # the next build reads the state back, parts and all, to export again
    site.build()
    site.assert_same_as_clean()


def test_under_a_kept_cache_the_command_line_index_follows_after_the_build_and_a_failure_there_is_reported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import generator.pipeline as pipeline
    from generator.search import query_index

    shutil.copytree(CONTENT, tmp_path / "content")
    paths = Paths(tmp_path / "content", tmp_path / "out", ROOT / "templates", ROOT / "static",
                  tmp_path / "whoosh", tmp_path / "cache")
    messages: list[str] = []
    kept = KeptCache(report=messages.append)
    build_site(paths, SiteConfig(), kept=kept)
    kept.wait()
    source = sorted(paths.content.glob("*.txt"))[1]

    def full_disk(*_: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(pipeline, "update_whoosh", full_disk)
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة عن الزرزور.\n", encoding="utf-8")
    build_site(paths, SiteConfig(), kept=kept)
    kept.wait()
    assert messages == ["error: after publishing: OSError: no space left on device"]
    assert any("الزرزور" in page.read_text(encoding="utf-8")
               for page in (paths.out / "articles").rglob("index.html"))  # the site was published all the same
    monkeypatch.undo()
    build_site(paths, SiteConfig(), kept=kept)  # starts from the cache on disk, which the failure left as it was
    kept.wait()
    assert [hit["path"] for hit in query_index(paths.index, "الزرزور")] == [source.name]
    assert messages == ["error: after publishing: OSError: no space left on device"]
    assert snapshot(paths.out) == Site(tmp_path, paths.content).clean_build()


def test_a_long_running_process_started_over_a_cache_on_disk_finishes_its_builds_cleanly(seed_copy: Site):
    seed_copy.build()  # `build`, then `serve` on the same folders: the cache is read from disk
    messages: list[str] = []
    kept = KeptCache(report=messages.append)
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    source = sorted(seed_copy.content.glob("*.txt"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة عن الزرزور.\n", encoding="utf-8")
    build_site(seed_copy.paths, SiteConfig(), kept=kept)
    kept.wait()
    assert messages == []
    assert kept.index is not None  # the next edit starts from memory
    seed_copy.assert_same_as_clean()


def test_an_edit_of_a_large_site_renders_beside_the_search_export_and_equals_a_clean_build(
        seed_copy: Site, monkeypatch: pytest.MonkeyPatch):
    import os

    from generator import execute

    monkeypatch.setattr(execute, "LARGE_SITE", 10)  # the seeds' site stands for a large one
    seed_copy.build(jobs=2)
    makers = seed_copy.tmp / "makers"
    make = execute._make

    def recorded(*args: object) -> object:
        with makers.open("a") as log:  # a file: the forked worker's memory is its own
            log.write(f"{os.getpid()}\n")
        return make(*args)

    monkeypatch.setattr(execute, "_make", recorded)
    source = sorted(seed_copy.content.glob("*.txt"))[2]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة عن الزرزور.\n", encoding="utf-8")
    result = seed_copy.build(jobs=2)
    assert 0 < result.pages_rendered < execute.PARALLEL_THRESHOLD
    pids = set(makers.read_text().split())
    assert str(os.getpid()) in pids and len(pids) == 2  # the search export here, the rest in one worker
    seed_copy.assert_same_as_clean()


def test_a_body_in_the_cache_round_trips_and_leaves_no_utf8_copy_behind() -> None:
    import pickle
    import sys

    from generator.cache_body import StoredBody
    from generator.model import Block

    control = "نص المقال " * 500
    size = sys.getsizeof(control)
    pickle.dumps(control)
    if sys.getsizeof(control) == size:
        pytest.skip("this Python keeps no UTF-8 copy of a pickled string")
    text = "جملة أولى\ud800 " * 500  # a lone surrogate survives too, as it does in a plain pickle
    body = (Block("h", "عنوان", 1), Block("p", text, 3))
    sizes = [sys.getsizeof(block.text) for block in body] + [sys.getsizeof(text)]
    stored = StoredBody(body, text)
    assert pickle.loads(pickle.dumps(stored)) == stored
    assert [sys.getsizeof(block.text) for block in body] + [sys.getsizeof(text)] == sizes


def test_an_article_record_round_trips_shares_recurring_values_and_leaves_no_utf8_copy() -> None:
    """Readings are pickled to the cache on every save and held by the build between saves."""
    import dataclasses
    import pickle
    import sys

    from search_factory import seed_articles

    whole = dataclasses.replace(seed_articles()[1], title="عنوان\ud800 المقال", tags=("سوريا", "داعش"),
                                outlet="الجارديان", provenance={"title": "curated", "published": "extracted"})
    twin = dataclasses.replace(whole, path="other.txt", tags=("داعش",), outlet="".join(["الجار", "ديان"]))
    for article in (whole, whole.without_body()):
        assert pickle.loads(pickle.dumps(article)) == article
    first, second = pickle.loads(pickle.dumps([whole.without_body(), twin.without_body()]))
    assert first.partial and first.lead == whole.lead and first.body_text == ""
    assert first.outlet is second.outlet and first.tags[1] is second.tags[0] and first.lang is second.lang
    assert [*first.provenance][0] is [*pickle.loads(pickle.dumps(twin)).provenance][0]
    lead_size, title_size = sys.getsizeof(first.lead), sys.getsizeof(first.title)
    pickle.dumps(first)
    assert (sys.getsizeof(first.lead), sys.getsizeof(first.title)) == (lead_size, title_size)


def test_a_large_archive_holds_its_search_files_by_size_as_well(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import cache

    # Shard files are few but large: a window of them by count alone was the peak of a large export.
    monkeypatch.setattr(cache, "SPILL_BYTES", 10_000)
    store = CacheStore(tmp_path / CACHE_FILE, False, 100, 50)
    store.expect(1_000)
    most = 0
    for number in range(40):
        store.keep_file(f"{number:04d}".encode() * 1_000)  # 4,000 bytes each
        most = max(most, sum(len(data) for data in store.rows["files"].values()))
    assert most < 12_000  # three files: the third reaches 10,000 bytes and goes to the file
    assert "files" in store.spilled
    assert store.read_file(store.keep_file(b"0007" * 1_000)) == b"0007" * 1_000


def _indexed_seeds(tmp_path: Path) -> Paths:
    shutil.copytree(CONTENT, tmp_path / "content")
    paths = Paths(tmp_path / "content", tmp_path / "out", ROOT / "templates", ROOT / "static",
                  tmp_path / "whoosh", tmp_path / "cache")
    build_site(paths, SiteConfig(), jobs=2)
    return paths


def test_an_edits_command_line_index_is_updated_beside_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import os

    from generator import indexing
    from generator.search import query_index

    paths = _indexed_seeds(tmp_path)
    real = indexing.update_whoosh

    def recorded(*args: object) -> tuple:
        (tmp_path / "updated-by").write_text(str(os.getpid()))  # a forked process's list is not ours
        return real(*args)

    monkeypatch.setattr(indexing, "update_whoosh", recorded)
    source = sorted(paths.content.glob("*.txt"))[2]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة عن الزرزور.\n", encoding="utf-8")
    build_site(paths, SiteConfig(), jobs=2)
    assert int((tmp_path / "updated-by").read_text()) != os.getpid()
    assert [hit["path"] for hit in query_index(paths.index, "الزرزور")] == [source.name]
    assert build_site(paths, SiteConfig(), jobs=2).files_written == 0  # the index's mark was kept: nothing to do


def test_a_failed_update_beside_the_pages_fails_the_build_and_the_next_build_mends_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from generator import indexing
    from generator.search import query_index

    paths = _indexed_seeds(tmp_path)

    def full_disk(*_: object) -> tuple:
        raise OSError("no space left on device")

    monkeypatch.setattr(indexing, "update_whoosh", full_disk)
    source = sorted(paths.content.glob("*.txt"))[2]
    source.write_text(source.read_text(encoding="utf-8") + "\nجملة عن الزرزور.\n", encoding="utf-8")
    with pytest.raises(OSError, match="no space left on device"):
        build_site(paths, SiteConfig(), jobs=2)
    monkeypatch.undo()
    build_site(paths, SiteConfig(), jobs=2)
    assert [hit["path"] for hit in query_index(paths.index, "الزرزور")] == [source.name]


def test_bodies_read_back_for_pages_are_not_held_but_analyses_are(tmp_path: Path):
    writing = CacheStore(tmp_path / CACHE_FILE, False, 1, 1)  # every row written as soon as it is put
    writing.put("texts", "body", ("نص المقال", "1"))
    writing.put("analyses", "analysis", ("تحليل",))
    reading = CacheStore(tmp_path / CACHE_FILE, True)
    assert reading.get("texts", "body") == ("نص المقال", "1")
    assert reading.get("analyses", "analysis") == ("تحليل",)
    # A template change makes every page again, each reading its article's body once: held, an
    # archive's bodies would all sit in memory; both search indexes read an analysis, so it is held.
    assert "body" not in reading.rows["texts"] and "analysis" in reading.rows["analyses"]
