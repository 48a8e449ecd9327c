"""Validation reports in the forms people and CI systems read: text, JSON, GitHub, SARIF."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any, NamedTuple

import attrs

from newsdump._diagnostics import (
    CODES,
    UNREADABLE_FILE,
    Diagnostic,
    unreadable as unreadable_finding,
)
from newsdump._parse import parse_bytes

__all__ = [
    "FORMATS",
    "Checked",
    "FileReport",
    "ReportWriter",
    "Tally",
    "checked",
    "report_writer",
    "unreadable",
    "wants_color",
]


Checked = tuple[Sequence[Diagnostic], str | None]
"""What checking one input gives: its findings, and its page type (``Document.page_type``)."""


def checked(data: bytes, name: str) -> Checked:
    """The findings and page type of a file's bytes, as a lenient parse reads them."""
    doc = parse_bytes(data, name, strict=False)
    return doc.diagnostics, doc.page_type


def unreadable(error: OSError | str) -> Checked:
    """An input that could not be read: one finding (E105), so every format lists it."""
    return (unreadable_finding(error),), None


class FileReport(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """What validation found in one file, and what the file is (its ``page_type``, None
    for a file with no text or that could not be read)."""

    path: str  # as messages show it (see _inputs.shown)
    diagnostics: tuple[Diagnostic, ...]
    file: str | None = None  # as the file system has it, for SARIF's URIs; None: ``path``
    page_type: str | None = None


class Tally:
    """What a report has counted so far: all it keeps of the files it has written, so
    that a run over any number of files holds one file's findings at a time. (A plain
    class, not attrs: each attrs class costs a hook's start-up half a millisecond.)"""

    def __init__(self) -> None:
        self.files = 0  # checked, the unreadable ones not counted
        self.unreadable = 0
        self.errors = 0
        self.warnings = 0
        self.safe_fixes = 0  # findings --fix would repair
        self.unsafe_fixes = 0  # ... and --fix --unsafe-fixes too
        self.page_types: dict[str, int] = {}  # files of each, in the order met

    def add(self, report: FileReport) -> None:
        if any(d.code == UNREADABLE_FILE.code for d in report.diagnostics):
            self.unreadable += 1
        else:
            self.files += 1
        if report.page_type is not None:
            self.page_types[report.page_type] = self.page_types.get(report.page_type, 0) + 1
        for d in report.diagnostics:
            if d.severity == "error":
                self.errors += 1
            else:
                self.warnings += 1
            if d.fix is not None:
                if d.fix.applicability == "safe":
                    self.safe_fixes += 1
                else:
                    self.unsafe_fixes += 1


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class ReportWriter:
    """A report in one of FORMATS, written to ``stream`` a file at a time: ``add`` each
    file's report as it is checked, then ``end``. The counts it ends with are in
    ``tally``."""

    def __init__(self, stream: IO[str], *, color: bool = False) -> None:
        self.stream = stream
        self.color = color
        self.tally = Tally()

    def add(self, report: FileReport) -> None:
        self.tally.add(report)
        for d in report.diagnostics:
            self._finding(report, d)

    def end(self) -> None:
        """Write what follows the findings (a summary, the closing brackets)."""

    def _finding(self, report: FileReport, d: Diagnostic) -> None:
        raise NotImplementedError


# ANSI styles, as ruff colours its findings: the path bold, code and severity by severity.
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"
_SEVERITY_STYLE = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m"}


class _Text(ReportWriter):
    """``path:line:col: CODE [severity] message`` a finding, then a summary line."""

    def _styled(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def _finding(self, report: FileReport, d: Diagnostic) -> None:
        self.stream.write(
            f"{self._styled(report.path, _BOLD)}:{d.line}:{d.column}: "
            + self._styled(f"{d.code} [{d.severity}]", _SEVERITY_STYLE[d.severity])
            + f" {d.message}\n"
        )

    def end(self) -> None:
        tally = self.tally
        unreadable = tally.unreadable
        self.stream.write(
            f"{_plural(tally.files, 'file')} checked{_page_types(tally)}: "
            f"{_plural(tally.errors, 'error')}, "
            f"{_plural(tally.warnings, 'warning')}"
            + (f"; {_plural(unreadable, 'file')} could not be read" if unreadable else "")
            + "\n"
        )


def _page_types(tally: Tally) -> str:
    """`` (2 news, 1 opinion)``: how many files of each page type, most first."""
    counts = sorted(tally.page_types.items(), key=lambda item: (-item[1], item[0]))
    return f" ({', '.join(f'{count:,} {kind}' for kind, count in counts)})" if counts else ""


def _indented(data: object, by: str) -> str:
    """``data`` as indented JSON, each line but the first indented ``by`` more."""
    from newsdump._jsonio import dumps  # noqa: PLC0415 -- not loaded to validate

    return dumps(data, indent=2).decode("utf-8").replace("\n", "\n" + by)


class _Json(ReportWriter):
    """One JSON object: ``diagnostics``, each with its file's ``path``, then the counts
    (after them, so that they can be written as they are found)."""

    _first = True

    def _finding(self, report: FileReport, d: Diagnostic) -> None:
        self.stream.write('{\n  "diagnostics": [\n' if self._first else ",\n")
        self._first = False
        self.stream.write("    " + _indented({"path": report.path, **attrs.asdict(d)}, "    "))

    def end(self) -> None:
        self.stream.write('{\n  "diagnostics": [],\n' if self._first else "\n  ],\n")
        tally = self.tally
        counts = {
            "files_checked": tally.files,
            "files_unreadable": tally.unreadable,
            "errors": tally.errors,
            "warnings": tally.warnings,
            "page_types": dict(sorted(tally.page_types.items())),
        }
        self.stream.write(
            ",\n".join(f'  "{key}": {_indented(value, "  ")}' for key, value in counts.items())
        )
        self.stream.write("\n}\n")


def _escape_data(text: str) -> str:
    # GitHub workflow commands: https://github.com/actions/toolkit (command.ts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class _GitHub(ReportWriter):
    """GitHub Actions workflow commands, one a finding."""

    def _finding(self, report: FileReport, d: Diagnostic) -> None:
        where = (
            f"file={_escape_property(report.path)},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},"
            f"title={_escape_property(f'{d.code} {CODES[d.code].name}')}"
        )
        self.stream.write(f"::{d.severity} {where}::{_escape_data(d.message)}\n")


_BASE = "%SRCROOT%"


def _artifact(path: str) -> dict[str, str]:
    """A path as SARIF wants it: a URI, percent-encoded (``a b#1.txt`` is
    ``a%20b%231.txt``); a relative one relative to ``%SRCROOT%``, the folder newsdump
    ran in, and an absolute one a ``file:`` URI."""
    import urllib.parse  # noqa: PLC0415 -- only SARIF needs it

    # The file name's own bytes, encoded: a name that is not UTF-8 keeps them.
    raw = os.fsencode(path.replace(os.sep, "/"))
    if os.path.isabs(path):
        return {"uri": "file://" + urllib.parse.quote(raw)}
    return {"uri": urllib.parse.quote(raw), "uriBaseId": _BASE}


# Every code is a rule, in the catalogue's order, so that a result's ruleIndex is known
# before any finding is (as ruff's SARIF lists its rules).
_RULE_INDEX = {code: index for index, code in enumerate(CODES)}


def _rule(code: str) -> dict[str, Any]:
    entry = CODES[code]
    return {
        "id": code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": entry.explanation},
        # No helpUri: SARIF wants an absolute URI, and the docs have no address of their
        # own yet; the page's words are here instead.
        "help": {"text": f"{entry.how_to_fix} (See docs/codes/{code}.md.)"},
        "defaultConfiguration": {"level": entry.severity},
    }


class _Sarif(ReportWriter):
    """A SARIF 2.1.0 log of one run, its results written as they are found."""

    _first = True

    def _finding(self, report: FileReport, d: Diagnostic) -> None:
        if self._first:
            self._first = False
            self.stream.write(self._head())
        else:
            self.stream.write(",\n")
        result = {
            "ruleId": d.code,
            "ruleIndex": _RULE_INDEX[d.code],
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
        self.stream.write("        " + _indented(result, "        "))

    def end(self) -> None:
        # The run's properties come after its results: they are counted as those are.
        properties = _indented({"pageTypes": dict(sorted(self.tally.page_types.items()))}, "      ")
        closing = f'],\n      "properties": {properties}\n    }}\n  ]\n}}\n'
        if self._first:
            self.stream.write(self._head() + closing)
        else:
            self.stream.write("\n      " + closing)

    @staticmethod
    def _head() -> str:
        """The log up to its first result, as JSON: everything but the results is
        known before the first file is read."""
        from newsdump._jsonio import dumps  # noqa: PLC0415 -- not loaded to validate

        run = {
            "tool": {
                "driver": {
                    "name": "newsdump",
                    "version": _version(),
                    "rules": [_rule(code) for code in CODES],
                }
            },
            # Relative paths are relative to where newsdump ran.
            "originalUriBaseIds": {_BASE: {"uri": _cwd_uri()}},
            "results": [],
        }
        log = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        }
        whole = dumps(log, indent=2).decode("utf-8")
        # Cut where the empty results list closes: the results go there.
        head, tail = whole.rsplit('"results": []', 1)
        assert tail == "\n    }\n  ]\n}", tail
        return head + '"results": [\n'


def _version() -> str:
    import newsdump  # noqa: PLC0415 -- the version is read from the metadata when asked for

    return newsdump.__version__


FORMATS: dict[str, type[ReportWriter]] = {
    "text": _Text,
    "json": _Json,
    "github": _GitHub,
    "sarif": _Sarif,
}


def report_writer(form: str, stream: IO[str], *, color: bool = False) -> ReportWriter:
    """A writer of a report in one of FORMATS to ``stream``; ``color``: the text form
    with ANSI styles."""
    return FORMATS[form](stream, color=color and form == "text")


def wants_color(stream: IO[str]) -> bool:
    """Whether to colour what goes to ``stream``: never with NO_COLOR set, always with
    FORCE_COLOR set (https://no-color.org, https://force-color.org), else on a terminal
    that is not dumb. Pipes and files get plain text."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _cwd_uri() -> str:
    import pathlib  # noqa: PLC0415 -- only SARIF needs it

    return pathlib.Path.cwd().as_uri() + "/"
