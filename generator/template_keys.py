"""Which template files each page template renders with, as one hash per page template.

A page is made again when its template or anything that template extends, includes or
imports changes (followed to the end), or a translation catalog does: editing a partial
that only listings include leaves the article pages alone. A template whose references
cannot be known before rendering (a name computed at render time) is taken to use every
template file.

References are found with a pattern rather than Jinja's parser, which took 20-40 ms of
every build for six templates: a tag naming its template by a string literal (or a list
of them) is read; any other argument counts as computed. A tag inside a comment or a raw
block is read too, which can only make more pages again, never fewer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .fingerprint import digest

CATALOGS = "i18n"  # the translation catalogs' folder among the templates; every page uses them


@dataclass(frozen=True)
class TemplateKeys:
    """Hashes of what each page template renders with: the template, what it uses and the
    catalogs; for a language with its own version of it (`templates/<code>/<name>`), that too."""

    shared: dict[str, str]  # template -> its hash for languages without their own version
    own: dict[tuple[str, str], str]  # (template, language) -> its hash with the language's version

    def of(self, name: str, lang: str) -> str:
        return self.own.get((name, lang)) or self.shared[name]


# `{% extends/include/import/from ARGUMENT ... %}` with Jinja's default delimiters and whitespace control.
_TAG = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)(?:\s+|(?=[\"'\[]))(.*?)\s*[-+]?%\}", re.DOTALL)
_LITERAL = r"""(?:"([^"\\]*)"|'([^'\\]*)')"""
_ARGUMENT = re.compile(rf"(?:{_LITERAL}|\[\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*\s*,?\s*\])(?=\s|$)")
_NAMES = re.compile(_LITERAL)
_OPTIONS = re.compile(r"(?:\s+(?:ignore\s+missing|with\s+context|without\s+context|import\s+.*|as\s+\w+))*",
                      re.DOTALL)


def template_keys(templates_dir: Path, names: Sequence[str]) -> TemplateKeys:
    """The keys of the page templates `names`, as a loader reading `templates_dir` finds them."""
    files = {p.relative_to(templates_dir).as_posix(): p.read_bytes()
             for p in sorted(templates_dir.rglob("*")) if p.is_file()}
    catalogs = [(name, data) for name, data in files.items() if name.startswith(f"{CATALOGS}/")]
    used = _Uses(files)

    def key(top: str) -> str:
        return digest(catalogs, [(name, files.get(name)) for name in sorted(used.closure(top))])

    # A page uses its language's version of its template (Renderer.render): editing one language's
    # version makes only that language's pages again.
    own = {(name, path.split("/")[0]): key(path) for name in names for path in files
           if path.count("/") == 1 and path.endswith(f"/{name}") and not path.startswith(f"{CATALOGS}/")}
    return TemplateKeys({name: key(name) for name in names}, own)


class _Uses:
    """The template files each template refers to, directly and through the ones it refers to."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.direct: dict[str, set[str] | None] = {}

    def closure(self, top: str) -> set[str]:
        seen, todo = {top}, [top]
        while todo:
            refs = self._refers_to(todo.pop())
            if refs is None:
                return set(self.files) | seen
            todo += refs - seen
            seen |= refs
        return seen

    def _refers_to(self, name: str) -> set[str] | None:
        """The names `name` extends, includes or imports; None where they are known only when rendering."""
        if name not in self.direct:
            self.direct[name] = self._parse(name)
        return self.direct[name]

    def _parse(self, name: str) -> set[str] | None:
        data = self.files.get(name)
        if data is None:
            return set()  # missing: rendering reports it; its key changes when it appears
        refs: set[str] = set()
        for tag in _TAG.finditer(data.decode("utf-8", "replace")):
            argument = _ARGUMENT.match(tag[1])
            if argument is None or not _OPTIONS.fullmatch(tag[1], argument.end()):
                return None  # a computed name, or more than the tag's options after it
            refs.update(a or b for a, b in _NAMES.findall(argument[0]))
        return refs
