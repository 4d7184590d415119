"""The build report: what was built, what was removed from display, what needs a person's eye.

Published as `build-report.json` beside the catalog, and summarised in the terminal.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence

from .articles import Unpublished
from .model import Article, Diagnostic, OutputFile

REPORT = "build-report.json"
_ORDER = {"error": 0, "warning": 1, "info": 2}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def sorted_diagnostics(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (_ORDER[d.severity], d.path, d.line or 0, d.code))


def report_data(articles: Sequence[Article], unpublished: Sequence[Unpublished],
                diagnostics: Sequence[Diagnostic]) -> dict[str, object]:
    return {
        "articles": len(articles),
        "unpublished": [{"path": u.path, "status": u.status, "reason": u.reason} for u in unpublished],
        "diagnostics": [
            {"severity": d.severity, "code": d.code, "path": d.path, "line": d.line, "message": d.message,
             "hint": d.hint} for d in sorted_diagnostics(diagnostics)
        ],
        "removals": [
            {"path": a.path, "line": r.line, "rule": r.rule, "text": r.text} for a in articles for r in a.removals
        ],
        "review": [{"path": a.path, "note": note} for a in articles for note in a.review],
    }


def report_file(articles: Sequence[Article], unpublished: Sequence[Unpublished],
                diagnostics: Sequence[Diagnostic]) -> OutputFile:
    data = report_data(articles, unpublished, diagnostics)
    return OutputFile(REPORT, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())


def summary(articles: Sequence[Article], diagnostics: Sequence[Diagnostic], files_written: int,
            verbose: bool = False) -> str:
    counts = Counter(d.severity for d in diagnostics)
    lines = [printable(d.format()) for d in sorted_diagnostics(diagnostics) if verbose or d.severity != "info"]
    removed = sum(len(a.removals) for a in articles)
    lines.append(
        f"{len(articles)} article pages, {files_written} files written; "
        f"{counts['error']} errors, {counts['warning']} warnings; {removed} lines removed from display "
        f"(listed in {REPORT})"
    )
    return "\n".join(lines)


def printable(line: str) -> str:
    """One terminal line, whatever a file name holds: control characters shown as escapes.

    A name with a line break could forge a second message, and one with an escape
    sequence could clear or recolour the reader's terminal.
    """
    return _CONTROL.sub(lambda match: repr(match[0])[1:-1], line)
