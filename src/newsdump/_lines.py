"""The text as the reader sees it: numbered lines, where each starts, and how to compare them.

The reader judges the layout on each line's *key*: the line with what a character-level
check reports on its own left out (control characters, tabs made spaces, white space at
the end). So a NUL in a caption is one finding (E103), not also "the caption copies
differ"; and the fix for the NUL gives back a file whose copies agree.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from itertools import accumulate

from newsdump._blocks import FIRST_CHAR, VISIBLE_FIRST
from newsdump._model import TRAILING_SPACE

__all__ = ["CONTROL", "Lines", "caption_key", "control_runs", "has_controls", "key"]

# Control characters but tab and line end (the text's line ends are LF by now).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]+")
# Every other character. Matching a run of these is how the texts are scanned for
# control characters: faster than a search for CONTROL, which tries to start a match at
# each character (docs/speed.md).
_NOT_CONTROL = re.compile(r"[^\x00-\x08\x0b-\x1f\x7f]*")


# Blocks of one line, each one blank line after the one before: most of a body.
# Possessive (*+): nothing after it can take a line back, and a greedy repeat of a group
# keeps a backtracking entry a line, a possessive one none (docs/speed.md, "Memory").
_PLAIN_RUN = re.compile(rf"(?:\n\n{FIRST_CHAR}[^\n]*)*+")


def control_runs(text: str) -> Iterator[re.Match[str]]:
    """Each run of control characters in the text, in order: ``CONTROL.finditer(text)``,
    faster on whole texts."""
    at = _past_others(text, 0)
    while at < len(text):
        run = CONTROL.match(text, at)
        assert run is not None
        yield run
        at = _past_others(text, run.end())


def has_controls(text: str) -> bool:
    """Whether the text holds a control character CONTROL finds."""
    # They are ASCII, so its UTF-8 holds them as they are: deleting them from the bytes,
    # a slice at a time (memory stays a slice's), runs in C, faster than a match of
    # _NOT_CONTROL, which tests a character class at each character.
    for at in range(0, len(text), _SLICE):
        data = text[at : at + _SLICE].encode("utf-8", "surrogatepass")
        if len(data.translate(None, _CONTROL_BYTES)) != len(data):
            return True
    return False


_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
_SLICE = 1 << 20


def _past_others(text: str, at: int) -> int:
    """Where the run of characters that are not control characters from ``at`` ends."""
    run = _NOT_CONTROL.match(text, at)
    assert run is not None  # it matches, if only the empty string
    return run.end()


def key(line: str) -> str:
    """What the layout compares of a line: the line without control characters, tabs
    made spaces, white space at its end left out; ``""`` for a blank line."""
    if CONTROL.search(line) is not None:
        line = CONTROL.sub("", line)
    return line.replace("\t", " ").rstrip(TRAILING_SPACE)


def caption_key(line: str) -> str:
    """A caption line's key: its indent left out as well (the two copies may differ)."""
    return key(line).lstrip(TRAILING_SPACE)


class Lines:
    """A line-end normalised text (LF only, no byte-order mark) as a list of lines.

    ``line(index)`` is ``None`` past the last line holding anything (the final newlines
    hold no line of their own), so that a reader asking for a line there is told the file
    has ended.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.raw = text.split("\n")
        self._starts: array[int] | None = None
        self.controls = has_controls(text)
        # The last line holding anything (-1 for none): the final newlines follow it.
        content = text.rstrip("\n")
        self.last = content.count("\n") if content else -1

    def line(self, index: int) -> str | None:
        return self.raw[index] if 0 <= index <= self.last else None

    def start(self, index: int) -> int:
        """Where line ``index`` starts in the text (the text's length past the end)."""
        if self._starts is None:
            # Made when first asked for (a text with nothing to report needs none), one
            # machine word a line: a 5 MB text of one-character lines has 2.5 million.
            # Each line's length summed, without its line end: ``index`` adds those.
            self._starts = array("q", accumulate(map(len, self.raw), initial=0))
        if index < len(self.raw):
            return self._starts[index] + index
        return len(self.text)

    def end(self, index: int) -> int:
        """Where line ``index`` ends, before its line end."""
        return self.start(index) + len(self.raw[index])

    def plain_run(self, index: int) -> int:
        """How many lines follow line ``index`` each one blank line after the one before
        and starting with text (in a text with no control characters: see FIRST_CHAR)."""
        run = _PLAIN_RUN.match(self.text, self.end(index))
        assert run is not None  # it matches, if only the empty string
        return self.text.count("\n", *run.span()) // 2

    def readable(self, index: int) -> str:
        """The line without control characters (reported on their own, as E103); empty
        past the end of the text."""
        if index >= len(self.raw):
            return ""
        line = self.raw[index]
        return CONTROL.sub("", line) if self.controls else line

    def key(self, index: int) -> str | None:
        """What the layout compares of a line (``key``); None past the end."""
        if index > self.last:
            return None
        line = self.raw[index]
        # The text was searched for control characters once: no line need be again.
        return key(line) if self.controls else line.replace("\t", " ").rstrip(TRAILING_SPACE)

    def caption_key(self, index: int) -> str | None:
        """A caption line's key: its indent left out as well (the two copies may differ)."""
        line_key = self.key(index)
        return None if line_key is None else line_key.lstrip(TRAILING_SPACE)

    def blank(self, index: int) -> bool:
        """Blank to the layout: empty, or holding only control characters (reported on
        their own). A line of spaces is not blank: it is a line that starts with white
        space (E303)."""
        return not self.readable(index)

    def visible(self, index: int) -> bool:
        """The line starts with text: it can be a headline or a block."""
        return VISIBLE_FIRST.match(self.readable(index)) is not None

    def blank_run(self, index: int) -> int:
        """How many blank lines start at ``index`` (not counting the final newlines)."""
        count = 0
        while index + count <= self.last and self.blank(index + count):
            count += 1
        return count
