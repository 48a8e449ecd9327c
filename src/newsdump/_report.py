"""Validation reports in the forms people and CI systems read: text, JSON, GitHub, SARIF."""

from __future__ import annotations

import os
import pathlib
import urllib.parse
from collections.abc import Sequence
from typing import IO, Any

import attrs

from newsdump import __version__
from newsdump._diagnostics import CODES, UNREADABLE_FILE, Diagnostic
from newsdump._json import dumps

__all__ = ["FORMATS", "FileReport", "format_report", "wants_color"]


@attrs.frozen
class FileReport:
    """What validation found in one file."""

    path: str  # as messages show it (see _batch.shown)
    diagnostics: tuple[Diagnostic, ...]
    file: str | None = None  # as the file system has it, for SARIF's URIs; None: ``path``


def _counts(reports: Sequence[FileReport]) -> tuple[int, int]:
    found = [d for report in reports for d in report.diagnostics]
    errors = sum(d.severity == "error" for d in found)
    return errors, len(found) - errors


def _unreadable(reports: Sequence[FileReport]) -> int:
    return sum(any(d.code == UNREADABLE_FILE.code for d in r.diagnostics) for r in reports)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ANSI styles, as ruff colours its findings: the path bold, code and severity by severity.
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_SEVERITY_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}


def _text(reports: Sequence[FileReport], *, color: bool = False) -> str:
    def styled(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if color else text

    lines = [
        f"{styled(report.path, _BOLD)}:{d.line}:{d.column}: "
        + styled(f"{d.code} [{d.severity}]", _SEVERITY_STYLE[d.severity])
        + f" {d.message}"
        for report in reports
        for d in report.diagnostics
    ]
    errors, warnings = _counts(reports)
    unreadable = _unreadable(reports)
    lines.append(
        f"{_plural(len(reports) - unreadable, 'file')} checked: {_plural(errors, 'error')}, "
        f"{_plural(warnings, 'warning')}"
        + (f"; {_plural(unreadable, 'file')} could not be read" if unreadable else "")
    )
    return "\n".join(lines) + "\n"


def _json(reports: Sequence[FileReport]) -> str:
    errors, warnings = _counts(reports)
    unreadable = _unreadable(reports)
    document = {
        "files_checked": len(reports) - unreadable,
        "files_unreadable": unreadable,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [
            {"path": report.path, **attrs.asdict(d)}
            for report in reports
            for d in report.diagnostics
        ],
    }
    return dumps(document, indent=2).decode("utf-8") + "\n"


def _escape_data(text: str) -> str:
    # GitHub workflow commands: https://github.com/actions/toolkit (command.ts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(reports: Sequence[FileReport]) -> str:
    lines = []
    for report in reports:
        for d in report.diagnostics:
            where = (
                f"file={_escape_property(report.path)},line={d.line},col={d.column},"
                f"endLine={d.end_line},endColumn={d.end_column},"
                f"title={_escape_property(f'{d.code} {CODES[d.code].name}')}"
            )
            lines.append(f"::{d.severity} {where}::{_escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)


_BASE = "%SRCROOT%"


def _artifact(path: str) -> dict[str, str]:
    """A path as SARIF wants it: a URI, percent-encoded (``a b#1.txt`` is
    ``a%20b%231.txt``); a relative one relative to ``%SRCROOT%``, the folder newsdump
    ran in, and an absolute one a ``file:`` URI."""
    # The file name's own bytes, encoded: a name that is not UTF-8 keeps them.
    raw = os.fsencode(path.replace(os.sep, "/"))
    if os.path.isabs(path):
        return {"uri": "file://" + urllib.parse.quote(raw)}
    return {"uri": urllib.parse.quote(raw), "uriBaseId": _BASE}


def _sarif(reports: Sequence[FileReport]) -> str:
    used = sorted({d.code for report in reports for d in report.diagnostics})
    rules = [
        {
            "id": code,
            "name": CODES[code].name,
            "shortDescription": {"text": CODES[code].summary},
            "fullDescription": {"text": CODES[code].explanation},
            # No helpUri: SARIF wants an absolute URI, and the docs have no address of
            # their own yet; the page's words are here instead.
            "help": {"text": f"{CODES[code].how_to_fix} (See docs/codes/{code}.md.)"},
            "defaultConfiguration": {"level": CODES[code].severity},
        }
        for code in used
    ]
    results: list[dict[str, Any]] = [
        {
            "ruleId": d.code,
            "ruleIndex": used.index(d.code),
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(report.file or report.path),
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
        }
        for report in reports
        for d in report.diagnostics
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "newsdump", "version": __version__, "rules": rules}},
                # Relative paths are relative to where newsdump ran.
                "originalUriBaseIds": {_BASE: {"uri": pathlib.Path.cwd().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return dumps(log, indent=2).decode("utf-8") + "\n"


FORMATS = {"text": _text, "json": _json, "github": _github, "sarif": _sarif}


def format_report(reports: Sequence[FileReport], form: str, *, color: bool = False) -> str:
    """The whole report in one of FORMATS; ``color``: the text form with ANSI styles."""
    if form == "text":
        return _text(reports, color=color)
    return FORMATS[form](reports)


def wants_color(stream: IO[str]) -> bool:
    """Whether to colour what goes to ``stream``: never with NO_COLOR set, always with
    FORCE_COLOR set (https://no-color.org, https://force-color.org), else on a terminal
    that is not dumb. Pipes and files get plain text."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"
