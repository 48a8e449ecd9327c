"""Findings as readers make them, and as diagnostics: a run of one code collapsed as it
comes, and offsets into the normalised text counted into lines and columns of the text
as given. The codes themselves, and what a finding says, are in ``_diagnostics``."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from newsdump._diagnostics import Diagnostic, Edit, Finding, Fix

__all__ = ["RUN_LIMIT", "RUN_SUFFIX", "Findings", "at_positions"]


RUN_LIMIT = 10
"""Findings of one code one after another, each on the line of the last, the next, or the
one after a blank line, are reported one by one up to this many; the ``RUN_LIMIT``-th
stands for the rest of the run."""

RUN_SUFFIX = " ({repeats:,} more like it follow, to line {end_line:,}; reported once)"
"""What the finding that stands for a run adds to its code's message."""


class Findings:
    """The findings of a text as a reader makes them, in the order of the text, a long run
    of one code collapsed as it comes (the way a compiler caps a cascade).

    A file of 2.5 million glued one-letter lines is one defect, not 2.5 million findings:
    the first ``RUN_LIMIT - 1`` of a run are kept each, and the next stands for the rest,
    spanning them, with one edit that does what all their edits do. Memory stays a small
    multiple of the text, however many findings it holds.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._items: list[Finding] = []
        self._run = 0  # findings in the current run so far
        self._fold: _Fold | None = None  # the run's finding that stands for the rest

    def append(self, finding: Finding) -> None:
        last = self._items[-1] if self._items else None
        if last is None or last.code is not finding.code or not self._touches(last, finding):
            self._close()
            self._run = 0
        elif self._fold is not None and self._fold.add(finding):
            return
        elif self._run >= RUN_LIMIT - 1:
            self._close()
            self._fold = _Fold(self._text, finding)
            self._run += 1
            self._items.append(finding)
            return
        self._run += 1
        self._items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.append(finding)

    def done(self) -> list[Finding]:
        """Every finding, the last run closed."""
        self._close()
        return self._items

    def _touches(self, last: Finding, finding: Finding) -> bool:
        end = self._fold.end if self._fold is not None else last.end
        # On the same line, the next, or the one after a blank line (the next block).
        return end <= finding.start and self._text.count("\n", end, finding.start) <= 2

    def _close(self) -> None:
        if self._fold is not None:
            self._items[-1] = self._fold.finding()
            self._fold = None


class _Fold:
    """A run's findings from its ``RUN_LIMIT``-th on, as one: where it starts and ends,
    and its edits composed into one replacement, written as they come."""

    def __init__(self, text: str, first: Finding) -> None:
        self.text = text
        self.first = first
        self.end = first.end
        self.repeats = 0
        self.fixed = bool(first.edits)
        self.edit_start = first.edits[0].start if first.edits else first.start
        self.edit_end = self.edit_start
        self.content = io.StringIO()
        self._write(first.edits)

    def add(self, finding: Finding) -> bool:
        """Take ``finding`` into the run; False when its edits cannot join the others'."""
        if self.fixed and (not finding.edits or finding.edits[0].start < self.edit_end):
            return False
        self._write(finding.edits)
        self.end = max(self.end, finding.end)
        self.repeats += 1 + finding.repeats
        return True

    def _write(self, edits: tuple[Edit, ...]) -> None:
        for edit in edits:
            self.content.write(self.text[self.edit_end : edit.start])
            self.content.write(edit.content)
            self.edit_end = edit.end

    def finding(self) -> Finding:
        first = self.first
        if not self.repeats:
            return first
        edits = (Edit(self.edit_start, self.edit_end, self.content.getvalue()),)
        return first._replace(end=self.end, edits=edits if self.fixed else (), repeats=self.repeats)


def at_positions(
    text: str,
    findings: Iterable[Finding],
    original: Callable[[int], int] = lambda offset: offset,
    line_end: str = "\n",
) -> list[Diagnostic]:
    """Diagnostics with 1-based lines and columns, in the order of the text.

    ``text`` is the line-end normalised text the findings' offsets point into; ``original``
    maps such an offset to the text as given (a byte-order mark and CRs put back), and
    ``line_end`` is written for each line end an edit inserts. Lines are counted once,
    front to back, between sorted offsets: linear in the text.
    """
    ordered = sorted(findings, key=lambda item: (item.start, item.code.code))
    diagnostics: list[Diagnostic] = []
    counted, line, line_start = 0, 1, 0
    for first, last, code, said, edits, repeats in ordered:
        start, end = min(first, len(text)), min(max(last, first), len(text))
        line, line_start = _advance(text, counted, start, line, line_start)
        end_line, end_start = _advance(text, start, end, line, line_start)
        counted = start
        message = said + (RUN_SUFFIX.format(repeats=repeats, end_line=end_line) if repeats else "")
        fix = None
        if edits and code.fixable is not None:
            fix = Fix(
                code.fixable,
                tuple(
                    Edit(original(e.start), original(e.end), e.content.replace("\n", line_end))
                    for e in edits
                ),
            )
        column, end_column = start - line_start + 1, end - end_start + 1
        diagnostics.append(code.diagnostic(line, column, message, (end_line, end_column), fix))
    return diagnostics


def _advance(text: str, counted: int, offset: int, line: int, line_start: int) -> tuple[int, int]:
    newlines = text.count("\n", counted, offset)
    if newlines:
        line += newlines
        line_start = text.rfind("\n", counted, offset) + 1
    return line, line_start
