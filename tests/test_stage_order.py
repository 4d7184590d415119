"""The pipeline runs in one direction: a stage never imports a later one."""

import ast

from conftest import ROOT

# Earlier stages first. Modules not listed are shared helpers any stage may use.
STAGES = [
    ["model", "yamlsafe", "config", "slugs", "textnorm"],
    ["reader"],
    ["frontmatter", "markup"],
    ["extract", "langdetect", "dateparse", "bylines", "rules", "linefold", "titles", "boilerplate"],
    ["articles", "duplicates"],
    ["sources"],
    ["gather", "cache", "cache_file"],
    ["listings", "i18n", "metadata"],
    ["render", "template_keys", "feeds", "catalog", "originals", "staticfiles", "report"],
    ["search", "indexing"],
    ["outputs"],
    ["writer"],
    ["execute"],
    ["pipeline", "check"],
    ["cli"],
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def imported_modules(path):
    """Top-level generator modules a file imports (a subpackage's own modules are its business)."""
    package_level = 1 if path.parent.name == "generator" else 2
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == package_level and node.module:
            yield node.module.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator."):
            yield node.module.split(".")[1]


def test_no_stage_imports_a_later_stage():
    problems = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        name = path.stem if path.parent.name == "generator" else path.parent.name
        if name not in RANK:
            continue
        for module in imported_modules(path):
            if module in RANK and RANK[module] > RANK[name]:
                problems.append(f"{path.relative_to(ROOT)} imports the later stage '{module}'")
    assert not problems, "\n".join(problems)
