"""Checks on the text as a whole: bad characters and blemishes, wherever they sit.

Each finds every occurrence in one pass, so a pathological input (a 10 MB line, 10 MB of
tabs) costs time linear in its size; a run of the same character is one finding. The
reader judges the layout as if what these report were not there (``Lines.key``).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator

from newsdump._diagnostics import (
    CONTROL_CHARACTER,
    NOT_UTF8,
    QUESTION_WITHOUT_STAR,
    TAB,
    TRAILING_WHITE_SPACE,
    Edit,
    Finding,
)
from newsdump._lines import control_runs
from newsdump._model import TRAILING_SPACE

__all__ = ["control_name", "text_findings", "undecodable_findings"]

# Literal searches (str.find, "in") run many times faster than character-class scans:
# the checks look for literals first (docs/speed.md).
_TABS = re.compile(r"\t+")
# Bytes that were not UTF-8, as surrogateescape decodes them.
_UNDECODABLE = re.compile("[\udc80-\udcff]+")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
}


def control_name(char: str) -> str:
    """``U+0000 (NUL)``: a control character as messages name it."""
    return f"U+{ord(char):04X} ({_CONTROL_NAMES.get(ord(char), 'control character')})"


def text_findings(
    text: str, *, controls: bool = True, lines: list[str] | None = None
) -> Iterator[Finding]:
    """Blemishes and bad characters anywhere in the (line-end normalised) text.

    ``controls=False`` leaves out the control-character scan, for a text the strict
    grammar accepted (it refuses them). ``lines``: ``text.split("\n")``, when the
    reader has made it already.
    """
    if controls:
        yield from _controls(text)
    trailing, questions = _lines_to_check(text, lines)
    yield from _trailing_space(text, trailing)
    if "\t" in text:
        yield from _tabs(text)
    yield from _q_questions(text, questions)


def _controls(text: str) -> Iterator[Finding]:
    for match in control_runs(text):
        count = len(match.group())
        name = control_name(match.group()[0]) + (f" and {count - 1} more" if count > 1 else "")
        edit = Edit(match.start(), match.end())
        yield CONTROL_CHARACTER.at(match.start(), match.end(), edits=(edit,), name=name)


def _trailing_space(text: str, line_ends: list[int]) -> Iterator[Finding]:
    """White space before each line end: not on a line of white space alone, which the
    reader reports as what it is (E303, or text before the headline)."""
    for end in line_ends:
        line_start = text.rfind("\n", 0, end) + 1
        run_start = line_start + len(text[line_start:end].rstrip(TRAILING_SPACE))
        if run_start > line_start:
            yield TRAILING_WHITE_SPACE.at(run_start, end, edits=(Edit(run_start, end),))


def _lines_to_check(text: str, lines: list[str] | None) -> tuple[list[int], list[int]]:
    """The offset of each line end (or the text's end) with white space just before it,
    and of each line that starts with ``Q:``.

    On text of real lines, one split and a look at each line's ends: searching for each
    two- or three-character literal took twice as long. On text of very short lines (10
    MB of newlines), a split would make a string a line, so the literals are searched."""
    if text.count("\n") * _SHORT_LINE > len(text):
        return _searched(text)
    return _split(text, text.split("\n") if lines is None else lines)


def _searched(text: str) -> tuple[list[int], list[int]]:
    # In the order of the text, as _split gives them: the findings must not depend on
    # which way they were found.
    return sorted(_searched_line_ends(text)), list(_searched_starts(text, "Q:"))


def _split(text: str, lines: list[str]) -> tuple[list[int], list[int]]:
    # Most texts have neither: each line's last character is gathered in C first, and
    # the lines are walked in Python only when one is white space or a line is a Q: line.
    if _TRAILING_CHARACTERS.isdisjoint(map(_LAST, lines)) and not (
        text.startswith("Q:") or "\nQ:" in text
    ):
        return [], []
    trailing: list[int] = []
    questions: list[int] = []
    offset = 0
    for line in lines:
        if line[:2] == "Q:":
            questions.append(offset)
        offset += len(line)
        if line[-1:] in _TRAILING_CHARACTERS:
            trailing.append(offset)
        offset += 1
    return trailing, questions


_LAST = operator.itemgetter(slice(-1, None))


_SHORT_LINE = 16  # characters: below this on average, lines are searched, not split


def _searched_line_ends(text: str) -> Iterator[int]:
    for space in TRAILING_SPACE:
        position = text.find(space + "\n")
        while position >= 0:
            yield position + 1
            position = text.find(space + "\n", position + 2)
    if text and text[-1] in TRAILING_SPACE:
        yield len(text)


def _searched_starts(text: str, prefix: str) -> Iterator[int]:
    """Offsets of the lines that start with ``prefix``."""
    if text.startswith(prefix):
        yield 0
    position = text.find("\n" + prefix)
    while position >= 0:
        yield position + 1
        position = text.find("\n" + prefix, position + 1)


_TRAILING_CHARACTERS = frozenset(TRAILING_SPACE)


def _tabs(text: str) -> Iterator[Finding]:
    """Tabs inside a line's text: those before its text are E303's or a caption's indent,
    and those after it W103's. Each line's bounds are found once."""
    line_end, first, last = -1, 0, 0
    for match in _TABS.finditer(text):
        start, end = match.span()
        if start > line_end:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = _line_end(text, start)
            line = text[line_start:line_end]
            first = line_start + len(line) - len(line.lstrip())
            last = line_start + len(line.rstrip(TRAILING_SPACE))
        if first < start and end < last:
            tabs = "a tab character" if end - start == 1 else f"{end - start} tab characters"
            yield TAB.at(start, end, edits=(Edit(start, end, " " * (end - start)),), tabs=tabs)


_Q_WRITTEN = "a question written with 'Q:'"


def _q_questions(text: str, starts: list[int]) -> Iterator[Finding]:
    """``Q:`` lines, with the unsafe fix that writes ``*`` for ``Q:`` and the white space
    after it (the line's kind changes, from a paragraph to a question)."""
    for start in starts:
        end = _line_end(text, start)
        question = text[start + 2 : end]
        if question.strip():
            marker = start + 2 + len(question) - len(question.lstrip(TRAILING_SPACE))
            yield QUESTION_WITHOUT_STAR.at(
                start, start + 2, edits=(Edit(start, marker, "*"),), how=_Q_WRITTEN
            )


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def undecodable_findings(
    text: str, source: str, original: Callable[[int], int]
) -> Iterator[Finding]:
    """An E102 for each run of bytes that were not UTF-8 in the line-end normalised
    ``text`` of ``source``, a text decoded with ``surrogateescape``; each names the byte
    offset of its first byte in the file (``original`` maps an offset of ``text`` to one
    of ``source``). One pass: each run's offset is counted on from the last."""
    offset, counted = 0, 0
    for match in _UNDECODABLE.finditer(text):
        at = original(match.start())
        offset += len(source[counted:at].encode("utf-8", "surrogateescape"))
        counted = at
        bad = [ord(char) - 0xDC00 for char in match.group()]
        shown = " ".join(f"0x{byte:02x}" for byte in bad[:4]) + (" ..." if len(bad) > 4 else "")
        what = f"byte {shown}" if len(bad) == 1 else f"{len(bad)} bytes {shown}"
        yield NOT_UTF8.at(match.start(), match.end(), bytes=what, offset=offset)
