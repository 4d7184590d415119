"""Which template files each page template renders with, as one hash per page template.

A page is made again when its template or anything that template extends, includes or
imports changes (found by Jinja's own parser, followed to the end), or a translation
catalog does: editing a partial that only listings include leaves the article pages alone.
A template whose references cannot be known before rendering (a name computed at render
time, or a syntax error that rendering will report) is taken to use every template file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.meta

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


def template_keys(env: jinja2.Environment, templates_dir: Path, names: Sequence[str]) -> TemplateKeys:
    """The keys of the page templates `names` as `env` (whose loader reads `templates_dir`) renders them."""
    files = {p.relative_to(templates_dir).as_posix(): p.read_bytes()
             for p in sorted(templates_dir.rglob("*")) if p.is_file()}
    catalogs = [(name, data) for name, data in files.items() if name.startswith(f"{CATALOGS}/")]
    used = _Uses(env, files)

    def key(top: str) -> str:
        return digest(catalogs, [(name, files.get(name)) for name in sorted(used.closure(top))])

    # A page uses its language's version of its template (Renderer.render): editing one language's
    # version makes only that language's pages again.
    own = {(name, path.split("/")[0]): key(path) for name in names for path in files
           if path.count("/") == 1 and path.endswith(f"/{name}") and not path.startswith(f"{CATALOGS}/")}
    return TemplateKeys({name: key(name) for name in names}, own)


class _Uses:
    """The template files each template refers to, directly and through the ones it refers to."""

    def __init__(self, env: jinja2.Environment, files: dict[str, bytes]) -> None:
        self.env, self.files = env, files
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
        try:
            tree = self.env.parse(data.decode("utf-8"), name)
        except (UnicodeDecodeError, jinja2.TemplateSyntaxError):
            return None
        refs = set(jinja2.meta.find_referenced_templates(tree))
        return None if None in refs else refs
