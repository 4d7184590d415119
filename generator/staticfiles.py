"""The site's own assets (styles, fonts and their licences, scripts), copied under `static/`."""

from __future__ import annotations

from pathlib import Path

from .model import OutputFile


def static_files(static_dir: Path) -> list[OutputFile]:
    if not static_dir.is_dir():
        return []
    return [
        OutputFile("static/" + file.relative_to(static_dir).as_posix(), file.read_bytes())
        for file in sorted(static_dir.rglob("*"))
        if file.is_file() and not file.name.startswith(".")
    ]
