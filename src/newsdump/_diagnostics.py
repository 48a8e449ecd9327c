"""Diagnostics: what the validator finds, and the catalogue of codes it may say.

Codes are stable: a code's meaning never changes and a retired code is never reused.
``E`` codes are errors (the file does not follow the layout: a strict parse refuses it),
``W`` codes warnings (it does, with a blemish). docs/codes/ has a page for each, made
from ``CODES`` by docs/codes/generate.py.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["CODES", "Code", "Diagnostic", "Severity"]

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One deviation from the layout, at a 1-based position inside the input.

    ``end_line`` and ``end_column`` (exclusive) mark where it ends; they equal ``line`` and
    ``column`` for a point, such as a missing line.
    """

    code: str
    severity: Severity
    line: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    column: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    end_line: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    end_column: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.code} [{self.severity}] {self.message}"


@attrs.frozen
class Code:
    """A code's entry in the catalogue: its name and what to tell a user about it."""

    code: str
    name: str
    summary: str
    explanation: str
    example: str
    fix: str

    @property
    def severity(self) -> Severity:
        return "error" if self.code.startswith("E") else "warning"


_HEAD = "Dam Opens Its Gates"
_CAP = "Water flows through the spillway (AFP)"
_HEADER = f"{_HEAD}\n\n{_CAP}\n{_CAP}\nTT\n\n{_HEAD}\n\n{_CAP}\n{_CAP}\n\n"
_BODY = "Engineers opened the gates on Monday."
_FILE = _HEADER + _BODY

CODES: dict[str, Code] = {
    entry.code: entry
    for entry in (
        Code(
            "E101",
            "empty-file",
            "the file holds no text",
            "The file is empty, or holds only line ends.",
            "",
            "Scrape the page again.",
        ),
        Code(
            "E102",
            "not-utf8",
            "bytes that are not UTF-8",
            "The file must be UTF-8. The diagnostic names the byte offset of the first bad byte.",
            "Engineers \\xffopened the gates.",
            "Decode with the right character set and save as UTF-8.",
        ),
        Code(
            "E103",
            "control-character",
            "a control character in the text",
            "NUL, form feed, escape, a carriage return that does not end a line, and the "
            "other C0 controls (but tab) have no place in article text.",
            _FILE.replace("opened", "op\x00ened"),
            "Remove the character.",
        ),
        Code(
            "E104",
            "mixed-line-ends",
            "CRLF and LF line ends in one file",
            "Either every line ends in CRLF or none does; a mix cannot be told apart from "
            "carriage returns inside the text.",
            _FILE.replace("\n", "\r\n", 3),
            "Use one kind of line end throughout.",
        ),
        Code(
            "E201",
            "missing-headline",
            "no headline where an article starts",
            "An article starts with its headline on the first line of the file, or after two "
            "or more blank lines. A blank line or a line that starts with white space is not "
            "one.",
            "\n" + _FILE,
            "Start the article with its headline.",
        ),
        Code(
            "E202",
            "blank-after-headline",
            "no blank line after the headline",
            "The headline is followed by one blank line.",
            _FILE.replace(f"{_HEAD}\n\n{_CAP}", f"{_HEAD}\n{_CAP}", 1),
            "Add the blank line.",
        ),
        Code(
            "E203",
            "caption-not-repeated",
            "the caption is not written twice",
            "The lead photo's caption appears twice in a row, the same text both times (only "
            "the leading white space may differ). This finds a caption written once, or two "
            "caption lines that differ.",
            _FILE.replace(f"{_CAP}\n{_CAP}\nTT", f"{_CAP}\nTT", 1),
            "Write the caption line twice.",
        ),
        Code(
            "E204",
            "missing-tt",
            "no TT marker after the caption lines",
            "The line after the two caption lines is `TT`, alone.",
            _FILE.replace("TT\n", "", 1),
            "Add the `TT` line.",
        ),
        Code(
            "E205",
            "stray-after-tt",
            "something between TT and the blank line after it",
            "`TT` is followed by one blank line. Some scrapes put a stray line, such as a "
            "number, right after it.",
            _FILE.replace("TT\n", "TT\n20\n", 1),
            "Remove the stray line.",
        ),
        Code(
            "E206",
            "repeat-headline-differs",
            "the repeated headline differs from the first",
            "After `TT` and a blank line the headline is repeated exactly.",
            _FILE.replace(f"TT\n\n{_HEAD}", "TT\n\nDam Opened Its Gates", 1),
            "Copy the headline exactly.",
        ),
        Code(
            "E207",
            "repeat-caption-differs",
            "a repeated caption line differs",
            "After the repeated headline, both caption lines are repeated byte for byte.",
            _FILE.replace(f"{_CAP}\n\n{_BODY}", f"{_CAP[:-6]}(AP)\n\n{_BODY}", 1),
            "Copy both caption lines exactly.",
        ),
        Code(
            "E208",
            "cut-off-header",
            "the file ends inside an article header",
            "The scrape stopped before the header was complete.",
            _HEADER[:60],
            "Scrape the page again.",
        ),
        Code(
            "E209",
            "missing-repeat-block",
            "no repeated headline and caption after TT",
            "After `TT` and a blank line, the headline and both caption lines are repeated; "
            "here the body starts at once.",
            _FILE.replace(f"TT\n\n{_HEAD}\n\n{_CAP}\n{_CAP}\n", "TT\n", 1)
            + "\n\nResidents gathered on the banks.",
            "Repeat the headline and the caption lines.",
        ),
        Code(
            "E300",
            "unexpected-text",
            "text that is no block, separator or end of file",
            "Something follows a body that the layout has no place for.",
            "",
            "See the message.",
        ),
        Code(
            "E301",
            "glued-blocks",
            "two blocks with no blank line between them",
            "Body blocks are separated by exactly one blank line. Scrapes sometimes glue a "
            "subheading to the paragraph below it.",
            _FILE + "\nRecord levels\nResidents gathered on the banks.",
            "Put a blank line between the two.",
        ),
        Code(
            "E302",
            "blank-lines-in-body",
            "a run of blank lines inside an article",
            "Two or more blank lines end an article, so they must be followed by the next "
            "article's header; inside a body (and between a header and its body) blocks are "
            "separated by one blank line.",
            _FILE + "\n\n\nResidents gathered on the banks.",
            "Leave one blank line.",
        ),
        Code(
            "E303",
            "white-space-line",
            "a body line that starts with white space or is only white space",
            "A block starts in the first column; a line of spaces looks blank but is not.",
            _FILE + "\n\n  Residents gathered on the banks.",
            "Remove the white space.",
        ),
        Code(
            "E304",
            "no-body",
            "an article with a header and no body",
            "Every article has at least one block after its header.",
            _HEADER.rstrip("\n"),
            "The scrape was cut off: scrape the page again.",
        ),
        Code(
            "W101",
            "byte-order-mark",
            "the file starts with a byte-order mark",
            "UTF-8 needs no byte-order mark; it is kept on a round trip.",
            "\ufeff" + _FILE,
            "Save without a BOM.",
        ),
        Code(
            "W102",
            "crlf-line-ends",
            "the file uses CRLF line ends",
            "The site's files use LF; CRLF is kept on a round trip.",
            _FILE.replace("\n", "\r\n"),
            "Convert the line ends to LF.",
        ),
        Code(
            "W103",
            "trailing-white-space",
            "white space at the end of a line",
            "Kept in the text, but invisible and easy to get wrong when comparing.",
            _FILE + "  ",
            "Remove it.",
        ),
        Code(
            "W104",
            "tab",
            "a tab character",
            "Scrapes use spaces; a tab usually comes from a broken copy.",
            _FILE.replace("the gates", "the\tgates"),
            "Replace it with a space.",
        ),
        Code(
            "W301",
            "question-without-star",
            "an interview question not marked with `*`",
            "Questions start with `*`; some scrapes write `Q:` instead.",
            _FILE + "\n\nQ: When did you start?\n\nIn 1990.",
            "Write `*When did you start?`.",
        ),
        Code(
            "W302",
            "cut-off-sentence",
            "the file ends in the middle of a sentence",
            "The last block of the file is prose with no final punctuation: the scrape was "
            "probably cut off.",
            _HEADER + "The minister said that the",
            "Scrape the page again.",
        ),
    )
}
