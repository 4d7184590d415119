"""Shared fixtures: inline fixture archives written from a dict, and a one-call build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.pipeline import BuildResult, Paths, build_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return folder


@pytest.fixture
def archive(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write an archive from {relative path: text or bytes}; returns its folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(tmp_path / "content", files)

    return make


def build_into(content: Path, out: Path, config: SiteConfig | None = None,
               index: Path | None = None) -> BuildResult:
    paths = Paths(content, out, ROOT / "templates", ROOT / "static", index)
    return build_site(paths, config or SiteConfig())


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., tuple[BuildResult, Path]]:
    """Build a content folder into tmp_path/public; returns (result, output folder)."""

    def run(content: Path, config: SiteConfig | None = None) -> tuple[BuildResult, Path]:
        out = tmp_path / "public"
        return build_into(content, out, config), out

    return run


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The default archive (content/) built once for the whole session."""
    out = tmp_path_factory.mktemp("seed") / "public"
    return build_into(CONTENT, out, index=out.parent / "index"), out
