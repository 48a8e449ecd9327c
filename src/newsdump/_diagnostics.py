"""Diagnostics: the catalogue of codes, what a finding says, and the fix it carries.

This module is the one home of every code: its name, severity, the one sentence a
finding says (a template), and whether newsdump can fix it, safely or not. The readers
refer to the entries by their Python names (``MISSING_TT``), never by a code literal or a
message of their own. docs/codes/ has a page for each entry, made by
docs/codes/generate.py.

Codes are stable: a code's meaning never changes and a retired code is never reused.
``E`` codes are errors (the file does not follow the layout: a strict parse refuses it),
``W`` codes warnings (it does, with a blemish).

A fix, as ruff has them: edits to the text (a range and its replacement), marked *safe*
when they change only layout (blank lines, the ``TT`` marker, the repeat block written
from the first header, a caption line written twice, a stray line after ``TT``, line
ends, a byte-order mark, trailing white space) and *unsafe* when a character inside a
line changes (a tab made a space, a control character removed, a differing repeat made
equal to the first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

import attrs

__all__ = [
    "CODES",
    "Applicability",
    "Code",
    "Diagnostic",
    "Edit",
    "Finding",
    "Fix",
    "Severity",
    "found",
    "unreadable",
]

Severity = Literal["error", "warning"]
Applicability = Literal["safe", "unsafe"]


@attrs.frozen
class Edit:
    """Replace ``text[start:end]`` with ``content``: offsets (0-based, ``end`` exclusive)
    into the text as given to ``validate`` or ``parse``, byte-order mark and CR included.
    ``start == end`` inserts; an empty ``content`` deletes."""

    start: int = attrs.field(validator=attrs.validators.ge(0), metadata={"minimum": 0})
    end: int = attrs.field(validator=attrs.validators.ge(0), metadata={"minimum": 0})
    content: str = ""


@attrs.frozen
class Fix:
    """The edits that repair one finding, applied together or not at all."""

    applicability: Applicability
    edits: tuple[Edit, ...]


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One deviation from the layout, at a 1-based position inside the input.

    ``end_line`` and ``end_column`` (exclusive) mark where it ends; they equal ``line`` and
    ``column`` for a point, such as a missing line. ``fix``: the edits that repair it, when
    newsdump knows them (see ``newsdump.fix``).
    """

    code: str
    severity: Severity
    line: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    column: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    end_line: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    end_column: int = attrs.field(validator=attrs.validators.ge(1), metadata={"minimum": 1})
    message: str
    fix: Fix | None = None

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.code} [{self.severity}] {self.message}"

    def located(self, name: str) -> str:
        """``NAME:LINE:COL: CODE message``: the finding on one line, as every command
        names one on standard error (validate's text report adds the severity)."""
        return f"{name}:{self.line}:{self.column}: {self.code} {self.message}"


class Code(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """A code's entry in the catalogue.

    ``message`` is the one sentence every finding of this code says, a ``str.format``
    template filled by the reader that finds it; ``fixable`` says what newsdump's own fix
    is (``None``: it has none); ``retired``, for a code no longer reported, says why.
    """

    code: str
    name: str
    summary: str
    message: str
    explanation: str
    example: str
    how_to_fix: str
    fixable: Applicability | None = None
    retired: str | None = None

    @property
    def severity(self) -> Severity:
        return "error" if self.code.startswith("E") else "warning"

    def at(
        self, start: int, end: int | None = None, *, edits: Iterable[Edit] = (), **fields: object
    ) -> Finding:
        """A finding of this code over ``text[start:end]`` of the line-end normalised
        text, its message filled from ``fields``, with the edits that fix it."""
        edits = tuple(edits)
        if edits and self.fixable is None:
            raise ValueError(f"{self.code} has no fix in the catalogue")
        message = self.message.format(**fields)
        return Finding(start, start if end is None else end, self, message, edits)

    def diagnostic(
        self,
        line: int,
        column: int,
        message: str,
        end: tuple[int, int] | None = None,
        fix: Fix | None = None,
    ) -> Diagnostic:
        """A diagnostic of this code at ``line``, ``column`` (to ``end``, a line and a
        column; a point without it): the one way one is built."""
        end_line, end_column = end or (line, column)
        return Diagnostic(
            code=self.code,
            severity=self.severity,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            message=message,
            fix=fix,
        )


class Finding(NamedTuple):
    """A diagnostic before its lines are counted: offsets into the line-end normalised
    text (no byte-order mark, LF line ends), as are its edits. ``repeats``: how many more
    findings of its code, one after another, it stands for (see ``Findings``)."""

    start: int
    end: int
    code: Code
    message: str
    edits: tuple[Edit, ...] = ()
    repeats: int = 0


def found(line: str | None) -> str:
    """What stands where something else was expected, as messages say it."""
    if line is None:
        return "the end of the file"
    if not line:
        return "a blank line"
    return repr(line if len(line) <= 60 else line[:57] + "...")


# ---------------------------------------------------------------- the catalogue

_HEAD = "Dam Opens Its Gates"
_CAP = "Water flows through the spillway (AFP)"
_HEADER = f"{_HEAD}\n\n{_CAP}\n{_CAP}\nTT\n\n{_HEAD}\n\n{_CAP}\n{_CAP}\n\n"
_BODY = "Engineers opened the gates on Monday."
_FILE = _HEADER + _BODY
_MORE = "\n\nResidents gathered on the banks."

EMPTY_FILE = Code(
    "E101",
    "empty-file",
    "the file holds no text",
    "the file is empty; expected an article",
    "The file is empty, or holds only line ends.",
    "",
    "Scrape the page again.",
)
NOT_UTF8 = Code(
    "E102",
    "not-utf8",
    "bytes that are not UTF-8",
    "{bytes} at byte offset {offset}: not UTF-8; expected UTF-8 text",
    "The file must be UTF-8. A run of bad bytes is one finding, at its first byte's offset.",
    "Engineers \udcffopened the gates.",  # the byte 0xFF, as surrogateescape keeps it
    "Decode with the right character set and save as UTF-8.",
)
CONTROL_CHARACTER = Code(
    "E103",
    "control-character",
    "a control character in the text",
    "control character {name}: not allowed in the text",
    "NUL, form feed, escape, a carriage return that does not end a line, and the other C0 "
    "controls (but tab) have no place in article text. A run of them is one finding. The "
    "rest of the layout is checked as if they were not there.",
    _FILE.replace("opened", "op\x00ened"),
    "Remove the characters (an unsafe fix: it changes a line's text).",
    fixable="unsafe",
)
MIXED_LINE_ENDS = Code(
    "E104",
    "mixed-line-ends",
    "CRLF and LF line ends in one file",
    "mixed line ends: this line does not end in {expected} like the first line of the file",
    "Either every line ends in CRLF or none does; a mix cannot be told apart from carriage "
    "returns inside the text.",
    _FILE.replace("\n", "\r\n", 3),
    "End every line as most lines of the file end.",
    fixable="safe",
)
UNREADABLE_FILE = Code(
    "E105",
    "unreadable-file",
    "a file that could not be read",
    "cannot read the file: {reason}",
    "newsdump could not read the file at all: it is not a regular file (a FIFO, a device, "
    "a socket), or reading it failed (no permission, an I/O error). validate lists it in "
    "every report format so that no file goes unchecked unseen; convert, render and show "
    "name it the same way on standard error. The other files are still handled, and the "
    "run exits with status 2.",
    "$ mkfifo fifo.txt\n$ newsdump validate fifo.txt\n"
    "fifo.txt:1:1: E105 [error] cannot read the file: a FIFO, not a regular file: "
    "skipped",
    "Make it a regular file newsdump may read, or leave it out of the paths.",
)
OTHER_SITE = Code(
    "E106",
    "other-site-page",
    "a page that is not in a layout of this site",
    "this is a page of {what}, not in a layout of this site; it is kept as it is, unread",
    "Pages of the site's old English archive follow none of the site's layouts (their "
    "interviews mark turns `Q)` and `A)`), and neither do copies on mirror sites. One is "
    'known by its first lines: a banner line ending in "English Archive", or a "Select '
    'Page" line among the first twelve; or, in a page that starts with no header of the '
    "site's templates, by two or more of the archive's turns (`Q) `, `(A) `, `[Name] ` "
    "starting a line) or by a line holding only a web address among its first twelve (a "
    "mirror's copy). Such a file gets this one finding, at its first line, and nothing "
    "after it; a lenient parse keeps every byte (as the preamble of a document with no "
    'article, `page_type` `"other-site"`), and `fix` leaves the file as it is.',
    "Asharq Al-Awsat English Archive\n\nSelect Page\n\nPort Reopens After Week-Long Strike"
    "\n\nQ) Why now?\n\nA) The offer was fair.",
    "Leave the page out of the corpus, or scrape it again from the current site.",
)
MISSING_HEADLINE = Code(
    "E201",
    "missing-headline",
    "no headline where an article starts",
    "expected the article's headline on the first line, found {found}",
    "An article starts with its headline on the first line of the file, or after two or "
    "more blank lines. A blank line or a line that starts with white space is not one.",
    "\n" + _FILE,
    "Remove what comes before the headline (safe when it is only blank lines and white space).",
    fixable="safe",
)
BLANK_AFTER_HEADLINE = Code(
    "E202",
    "blank-after-headline",
    "not one blank line after the headline",
    "expected one blank line after the headline, found {found}",
    "The headline is followed by exactly one blank line.",
    _FILE.replace(f"{_HEAD}\n\n{_CAP}", f"{_HEAD}\n{_CAP}", 1),
    "Leave one blank line.",
    fixable="safe",
)
CAPTION_NOT_REPEATED = Code(
    "E203",
    "caption-not-repeated",
    "the caption is written once",
    "expected the caption line repeated on the next line, found {found}",
    "The lead photo's caption appears twice in a row. This finds it written once; two "
    "caption lines that differ are E210.",
    _FILE.replace(f"{_CAP}\n{_CAP}\nTT", f"{_CAP}\nTT", 1),
    "Write the caption line twice (the copy is taken from the repeat block when there is "
    "one, so that its leading white space is right).",
    fixable="safe",
)
MISSING_TT = Code(
    "E204",
    "missing-tt",
    "no TT marker after the caption lines",
    "expected the TT marker after the caption lines, found {found}",
    "The line after the two caption lines is `TT`, alone.",
    _FILE.replace("TT\n", "", 1),
    "Add the `TT` line.",
    fixable="safe",
)
STRAY_AFTER_TT = Code(
    "E205",
    "stray-after-tt",
    "no blank line right after TT",
    "expected a blank line after the TT marker, found {found}",
    "`TT` is followed by one blank line. Some scrapes put a stray line, such as a number, "
    "right after it.",
    _FILE.replace("TT\n", "TT\n20\n", 1),
    "Remove the stray line, or add the blank line.",
    fixable="safe",
)
REPEAT_HEADLINE_DIFFERS = Code(
    "E206",
    "repeat-headline-differs",
    "the repeated headline differs from the first",
    "the repeated headline differs from the headline on the first line of the article; "
    "expected {expected}",
    "After `TT` and a blank line the headline is repeated exactly. (White space at the end "
    "of a line, tabs and control characters are reported on their own, not as this.)",
    _FILE.replace(f"TT\n\n{_HEAD}", "TT\n\nDam Opened Its Gates", 1),
    "Copy the headline exactly (an unsafe fix: which of the two is right is for a person to say).",
    fixable="unsafe",
)
REPEAT_CAPTION_DIFFERS = Code(
    "E207",
    "repeat-caption-differs",
    "a repeated caption line differs",
    "the repeated caption line differs from the caption line above it; expected {expected}",
    "After the repeated headline, both caption lines are repeated byte for byte.",
    _FILE.replace(f"{_CAP}\n\n{_BODY}", f"{_CAP[:-6]}(AP)\n\n{_BODY}", 1),
    "Copy both caption lines exactly (an unsafe fix, as for E206).",
    fixable="unsafe",
)
CUT_OFF_HEADER = Code(
    "E208",
    "cut-off-header",
    "the file ends inside an article header",
    "the file ends inside an article header; expected {expected}",
    "The scrape stopped before the header was complete.",
    _HEADER[:60],
    "Scrape the page again.",
)
MISSING_REPEAT = Code(
    "E209",
    "missing-repeat-block",
    "the repeated headline or caption lines are missing after TT",
    "expected {expected} repeated after TT, found {found}",
    "After `TT` and a blank line, the headline and both caption lines are repeated. This "
    "finds the whole repeat block, or a part of it, missing.",
    _FILE.replace(f"TT\n\n{_HEAD}\n\n{_CAP}\n{_CAP}\n", "TT\n", 1) + _MORE,
    "Write the missing lines, copied from the first header.",
    fixable="safe",
)
CAPTION_COPIES_DIFFER = Code(
    "E210",
    "caption-copies-differ",
    "the two caption lines differ",
    "the second caption line differs from the first; expected the same caption twice",
    "The two caption lines of the first header hold the same text (only their leading white "
    "space may differ). Until 0.2 this was reported as E203.",
    _FILE.replace(f"{_CAP}\n{_CAP}\nTT", f"{_CAP}\nWater flows over the spillway (AFP)\nTT", 1),
    "Make the two lines the same; which is right is for a person to say.",
)
NO_HEADER = Code(
    "E211",
    "no-header",
    "a page with no header: only its body was kept",
    "expected a page's header (a headline, then the caption written twice and TT, or a "
    "template of the site's other page types), found {found}; the page is read as a body "
    "with no headline",
    "The scraper kept only the page's body: no headline, caption or `TT` where the page "
    "starts, and no other template of the site (an opinion column's byline, the older "
    "template's banner). A lenient parse reads the text as the body of a page with no "
    'headline (`page_type` "body-only"), every byte kept, its blocks as the lines give '
    "them, however they are spaced: this one finding stands for the whole page, and no "
    "fix can bring a lost header back, so `fix` leaves the file as it is.",
    f"{_BODY}\n{_MORE.strip()}",
    "Scrape the page again with its header, or keep it as a body-only page.",
)
BROKEN_TEMPLATE_HEADER = Code(
    "E214",
    "broken-template-header",
    "a page of another template of the site whose header breaks it",
    "this page starts with {what}, but its header does not follow that template; expected "
    "{shape}; the page is read as a body with no headline",
    "A page whose first lines say which of the site's other templates it follows (the "
    "older template's banner; an opinion column's name, bio and `TT` on its first three "
    "lines) is that template's page, whatever follows: when its header does not match "
    "the template, it is not read as a news article of the current template (the banner "
    "or the author's name would become a headline, and a fix would invent a caption, a "
    "`TT` line and a repeat block for it). It gets this one finding, at its first line, "
    'and is read as a page that kept only its body (`page_type` `"body-only"`), every '
    "byte kept; `fix` leaves it as it is: which part of the header is missing, no text "
    "tells.",
    "Asharq Al-awsat English News\n\nPort Reopens After Week-Long Strike\n"
    "Port Reopens After Week-Long Strike\n\nTuesday, 4 May, 2021 - 09:15\n"
    "Cranes idle at the container terminal. (Reuters)\n\nDockworkers returned on Tuesday.",
    "Scrape the page again, or write the header as its template has it (see the layout).",
)
HEADER_BLANK_LINES = Code(
    "E212",
    "header-blank-lines",
    "not one blank line where the header has one",
    "expected one blank line after the {after}, found {found}",
    "After the standfirst and after the repeated headline comes exactly one blank line "
    "(after the headline it is E202, after TT E205). Until 0.2 a missing one after the "
    "repeated headline was reported as E206.",
    _FILE.replace(f"{_HEAD}\n\n{_CAP}\n{_CAP}\n\n", f"{_HEAD}\n{_CAP}\n{_CAP}\n\n", 1),
    "Leave one blank line.",
    fixable="safe",
)
HEADER_CUT_SHORT = Code(
    "E213",
    "header-cut-short",
    "an article header cut short by the next article",
    "the next article starts here, inside this article's header; expected {expected}",
    "Two or more blank lines followed by a headline with a header's marks start the next "
    "article, even where this article's header is not whole yet: the rest of this header "
    "is missing, and the article has no body.",
    f"{_HEAD}\n\n{_CAP}\n{_CAP}\nTT\n\n\n{_FILE}",
    "Scrape the first article again.",
)
UNEXPECTED_TEXT = Code(
    "E300",
    "unexpected-text",
    "text that is no block, separator or end of file",
    "expected a blank line and a block, two or more blank lines and an article, or the end "
    "of the file; found {found}",
    "Something follows a body that the layout has no place for.",
    "",
    "See the message.",
    retired="0.2: every such text is now reported as what it is (E301, E302 or E303).",
)
GLUED_BLOCKS = Code(
    "E301",
    "glued-blocks",
    "two blocks with no blank line between them",
    "expected a blank line between {previous} and this line, found none",
    "Body blocks are separated by exactly one blank line. Scrapes sometimes glue a "
    "subheading to the paragraph below it, or every paragraph to the next.",
    _FILE + "\n\nRecord levels\nResidents gathered on the banks.",
    "Put a blank line between the two.",
    fixable="safe",
)
BLANK_LINES_IN_BODY = Code(
    "E302",
    "blank-lines-in-body",
    "a run of blank lines inside an article",
    "{count} blank lines inside an article; expected one (two or more end an article, and "
    "what follows them has no header)",
    "Two or more blank lines end an article, so they must be followed by the next article's "
    "header; inside a body (and between a header and its body) blocks are separated by one "
    "blank line.",
    _FILE + "\n\n" + _MORE,
    "Leave one blank line.",
    fixable="safe",
)
WHITE_SPACE_LINE = Code(
    "E303",
    "white-space-line",
    "a body line that starts with white space or is only white space",
    "this line {what}; expected text starting in the first column, or an empty line",
    "A block starts in the first column; a line of spaces looks blank but is not.",
    _FILE + "\n\n  Residents gathered on the banks.",
    "Remove the white space (an unsafe fix: the line's text changes).",
    fixable="unsafe",
)
NO_BODY = Code(
    "E304",
    "no-body",
    "an article with a header and no body",
    "the article has no body; expected a blank line and the first block after the header",
    "Every article has at least one block after its header.",
    _HEADER.rstrip("\n"),
    "The scrape was cut off: scrape the page again.",
)
HEADER_AFTER_ONE_BLANK = Code(
    "E305",
    "header-after-one-blank-line",
    "an article's header after one blank line, not two",
    "the next article's header starts here after one blank line; expected two",
    "Two or more blank lines end an article. A header written whole (a headline, a blank "
    "line, the caption twice and TT) after only one is read as lines of the article before, "
    "each as it stands, and reported once, here: not as the blank lines its caption and TT "
    "lack as blocks of a body.",
    _FILE + "\n\n" + _FILE,
    "Put a second blank line before the headline (an unsafe fix: the lines are then read as "
    "the next article, so what the article before says changes). Fixes that are safe leave "
    "the header's lines as they are.",
    fixable="unsafe",
)
BYTE_ORDER_MARK = Code(
    "W101",
    "byte-order-mark",
    "the file starts with a byte-order mark",
    "the file starts with a byte-order mark",
    "UTF-8 needs no byte-order mark; it is kept on a round trip.",
    "\ufeff" + _FILE,
    "Save without a BOM.",
    fixable="safe",
)
CRLF_LINE_ENDS = Code(
    "W102",
    "crlf-line-ends",
    "the file uses CRLF line ends",
    "the file uses CRLF line ends; the site writes LF",
    "The site's files use LF; CRLF is kept on a round trip.",
    _FILE.replace("\n", "\r\n"),
    "Convert the line ends to LF.",
    fixable="safe",
)
TRAILING_WHITE_SPACE = Code(
    "W103",
    "trailing-white-space",
    "white space at the end of a line",
    "white space at the end of the line",
    "Kept in the text, but invisible and easy to get wrong when comparing. Tabs there are "
    "reported as this, not as W104.",
    _FILE + "  ",
    "Remove it.",
    fixable="safe",
)
TAB = Code(
    "W104",
    "tab",
    "a tab character",
    "{tabs}; expected spaces",
    "Scrapes use spaces; a tab usually comes from a broken copy.",
    _FILE.replace("the gates", "the\tgates"),
    "Replace each tab with a space (an unsafe fix: the line's text changes).",
    fixable="unsafe",
)
QUESTION_WITHOUT_STAR = Code(
    "W301",
    "question-without-star",
    "an interview question not marked with `*`",
    "{how}; interview questions start with '*'",
    "Questions start with `*`; some scrapes write `Q:` or `- ` instead, or lose the marker "
    "altogether. The line stays a paragraph in the model, as its text says. A `Q:` line is "
    "found anywhere; in an interview (an article with two or more questions marked `*`, "
    'or whose headline, standfirst or first paragraph says "interview"), so is a `- ` '
    "paragraph ending in `?` before an answer, and a paragraph ending in `?` that stands "
    "between two answers: not the first paragraph after a question (an answer may open "
    "with a question of its own), quoting no one (no quotation marks), and followed by a "
    "paragraph that asks nothing. A rhetorical question that ends a later paragraph of a "
    "long answer reads the same: that is why this is a warning, and its fix unsafe.",
    _FILE + "\n\nQ: When did you start?\n\nIn 1990.",
    "Write `*When did you start?`: `--unsafe-fixes` writes `*` for `Q:` or `- ` and the "
    "white space after it, or before an unmarked question (unsafe: the line becomes a "
    "question, which changes what the article says).",
    fixable="unsafe",
)
CUT_OFF_SENTENCE = Code(
    "W302",
    "cut-off-sentence",
    "the file ends in the middle of a sentence",
    "the file ends in the middle of a sentence: the scrape may be cut off",
    "The last block of the file is prose with no final punctuation: the scrape was probably "
    "cut off.",
    _HEADER + "The minister said that the",
    "Scrape the page again.",
)

CODES: dict[str, Code] = {
    entry.code: entry
    for entry in sorted(
        (value for value in dict(globals()).values() if isinstance(value, Code)),
        key=lambda entry: entry.code,
    )
}
"""Every code, in code order: the catalogue."""


def unreadable(error: OSError | str) -> Diagnostic:
    """The finding for a file that could not be read at all (E105), at its start: why,
    as the error says it."""
    reason = error if isinstance(error, str) else str(error.strerror or error)
    return UNREADABLE_FILE.diagnostic(1, 1, UNREADABLE_FILE.message.format(reason=reason))


def unreadable_message(name: str, error: OSError) -> str:
    """How convert, show and render name a file they could not read: as validate does,
    ``NAME:1:1: E105 cannot read the file: REASON``."""
    return unreadable(error).located(name)
