"""Where a header is, and the cursor its reader reads it with.

``has_header_marks`` tells a headline from a line of a body by what follows it, for the
reader and the fast path's callers alike; ``ends_in_a_header`` tells a story cut off in
its header. ``Cursor`` is what reading a header line by line needs besides the parts
themselves (``_header.HEADER_PARTS``): reporting a finding at a line, the edits that
repair it, and looking at a line.
"""

from __future__ import annotations

from newsdump._blocks import sentence_ends
from newsdump._diagnostics import CUT_OFF_HEADER, Code, Edit
from newsdump._findings import Findings
from newsdump._lines import Lines

__all__ = [
    "HEADER_LINES",
    "TT",
    "Cursor",
    "CutOff",
    "ends_in_a_header",
    "has_header_marks",
    "written_twice_before_tt",
]

TT = "TT"
HEADER_LINES = 10  # with no standfirst


def has_header_marks(lines: Lines, start: int) -> bool:
    """Whether the headline at ``start`` is followed by a header's marks where a header
    has them: after at most one blank line, a caption written twice or a caption and
    ``TT``, perhaps after a standfirst and one blank line; or, after more blank lines
    than one (a scrape's stray newlines), all of them: the caption written twice, then
    ``TT``. Two or more blank lines followed by such a headline start an article;
    followed by anything else, they are blank lines inside a body."""
    slot = start + 1 + lines.blank_run(start + 1)
    if slot - start > 2:
        # Not a standfirst after them: "line, blank lines, headline, blank, caption
        # twice, TT" is the last line of a body and the next article's header.
        return written_twice_before_tt(lines, slot)
    return _caption_marks(lines, slot)


def _caption_marks(lines: Lines, slot: int) -> bool:
    """The marks at ``slot``, the line after the headline's blank line: the caption, or a
    standfirst and then the caption."""
    for _ in range(2):
        if lines.line(slot) is None or lines.line(slot + 1) is None:
            return False
        caption = lines.caption_key(slot)
        if caption and (
            caption == lines.caption_key(slot + 1)
            or TT in (lines.key(slot + 1), lines.key(slot + 2))
        ):
            return True
        run = lines.blank_run(slot + 1)
        if run != 1:  # a standfirst with no blank line after it, or more: the marks whole
            return written_twice_before_tt(lines, slot + 1 + run)
        slot += 2
    return False


def written_twice_before_tt(lines: Lines, index: int) -> bool:
    """Lines ``index`` and the next are a caption written twice, and ``TT`` follows."""
    caption = lines.caption_key(index)
    twice = bool(caption) and caption == lines.caption_key(index + 1)
    return twice and lines.key(index + 2) == TT


def ends_in_a_header(lines: Lines, start: int) -> bool:
    """Whether the file ends inside a header whose headline is line ``start``: fewer lines
    are left than a header has, none ends a sentence last, and no two blank lines stand
    among them. Such lines are a story cut off, never blocks of the story before: a safe
    fix must not make its headline a subheading (E302's fix would)."""
    last = lines.last
    if last >= start + HEADER_LINES - 1 or sentence_ends(lines.raw[last]):
        return False
    return all(lines.blank_run(index) <= 1 for index in range(start, last + 1))


class CutOff(Exception):
    """The header ends before it is whole: the file ends (E208), or the next article
    starts (E213)."""


class Cursor:
    """A cursor over one header's lines, for its reader (``_header``): where a finding
    goes, the edits that repair it, and what a line is."""

    def __init__(self, lines: Lines, start: int, findings: Findings) -> None:
        self.lines = lines
        self.headline = start
        self.last = start  # the last header line read so far
        self.findings = findings

    # -------------------------------------------------------- reporting

    def report(
        self,
        code: Code,
        index: int,
        *,
        span: bool = False,
        edits: tuple[Edit, ...] = (),
        **fields: object,
    ) -> None:
        """A finding at line ``index``: over the line with ``span``, else at its start."""
        lines = self.lines
        start = lines.start(index)
        self.findings.append(
            code.at(start, lines.end(index) if span else start, edits=edits, **fields)
        )

    def need(self, index: int, expected: str) -> None:
        """Line ``index`` must exist; else the file ends inside the header."""
        if self.lines.line(index) is None:
            self.cut_off(expected)

    def cut_off_at(self, index: int, expected: str) -> None:
        """A header line that fails a check and ends the file was cut off, whatever it says."""
        lines = self.lines
        if index == lines.last == len(lines.raw) - 1:
            self.cut_off(expected)

    def cut_off(self, expected: str) -> None:
        """The file ends inside the header, which holds all that is left of it."""
        self.findings.append(CUT_OFF_HEADER.at(len(self.lines.text), expected=expected))
        self.last = max(self.last, self.lines.last)
        raise CutOff

    def insert(self, index: int, *new_lines: str) -> tuple[Edit, ...]:
        at = self.lines.start(index)
        return (Edit(at, at, "".join(line + "\n" for line in new_lines)),)

    def delete(self, first: int, stop: int) -> tuple[Edit, ...]:
        """Delete lines ``first`` to ``stop - 1``, with their line ends."""
        return (Edit(self.lines.start(first), self.lines.start(stop)),)

    def replace(self, index: int, text: str) -> tuple[Edit, ...]:
        return (Edit(self.lines.start(index), self.lines.end(index), text),)

    # -------------------------------------------------------- looking

    def pair(self, index: int) -> bool:
        """Lines ``index`` and the next are a caption written twice."""
        lines = self.lines
        caption = lines.caption_key(index)
        return bool(caption) and caption == lines.caption_key(index + 1)

    def is_tt(self, index: int) -> bool:
        return self.lines.key(index) == TT
