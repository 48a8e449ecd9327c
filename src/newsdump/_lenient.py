"""Lenient reading: every byte of any text kept, what follows the layout read as usual.

Used when the strict grammar refuses a text. It reads the text as lines, with the same
token shapes and block table as the grammar:

- an article starts at the first line that starts visibly, and after every run of two
  or more blank lines that is followed by something with a header's marks (a caption
  written twice, a ``TT`` line, or the headline repeated);
- a header is read as far as it goes, each deviation a finding; where its text is not
  what the fields would give, it is kept whole in ``ArticleLayout.header``;
- each body line is a block by the block table; blank-line runs other than one are kept
  in ``ArticleLayout.gaps``; a line that starts with white space is an ``Unparsed`` block;
- text before the first article is the document's ``preamble``.

Only lines with text are visited (found by one regex), so runs of blank lines cost
nothing per line: the time is linear in the size of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import attrs

from newsdump import _grammar
from newsdump._blocks import make_block
from newsdump._checks import Finding, finding
from newsdump._credits import find_credit
from newsdump._model import (
    Article,
    ArticleLayout,
    Block,
    Caption,
)
from newsdump._render import render_header

__all__ = ["LenientRead", "read_leniently"]

_NONBLANK = re.compile(r"[^\n]+")
_VISIBLE = re.compile(_grammar.FIRST_CHAR)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# Reports a finding about a header line: (index of the line, code, message).
_Report = Callable[[int, str, str], None]


class _Line(NamedTuple):
    number: int  # 1-based
    start: int
    end: int
    text: str


class LenientRead(NamedTuple):
    preamble: str
    articles: list[Article]
    findings: list[Finding]


def _lines(text: str) -> list[_Line]:
    """The lines that hold text, with their numbers, counted once front to back."""
    lines: list[_Line] = []
    number, counted = 1, 0
    for match in _NONBLANK.finditer(text):
        number += text.count("\n", counted, match.start())
        counted = match.start()
        lines.append(_Line(number, match.start(), match.end(), match.group()))
    return lines


def _visible(line: _Line) -> bool:
    return _VISIBLE.match(line.text) is not None


def _blank_between(first: _Line, second: _Line) -> int:
    return second.number - first.number - 1


def _caption_text(line: _Line) -> str:
    return line.text.lstrip(" \t\u00a0").rstrip("\r")


def _has_header_marks(lines: list[_Line], at: int) -> bool:
    """Whether the lines from ``at`` look like an article header (not a stray paragraph)."""
    window = lines[at : at + 8]
    if len(window) < 3 or not _visible(window[0]):
        return False
    for index in range(1, len(window)):
        line, previous = window[index], window[index - 1]
        if line.text.rstrip("\r") == "TT" and index <= 6:
            return True
        if (
            index >= 2
            and _blank_between(previous, line) == 0
            and _caption_text(line) == _caption_text(previous)
        ):
            return True
    return False


def read_leniently(text: str) -> LenientRead:
    """Articles and findings from line-end normalised text (no byte-order mark)."""
    lines = _lines(text)
    first = next((index for index, line in enumerate(lines) if _visible(line)), None)
    findings: list[Finding] = []
    if first is None:
        if lines:
            findings.append(
                finding(
                    lines[0].start, lines[0].start, "E201", "no headline: no line starts with text"
                )
            )
        else:
            findings.append(finding(0, 0, "E101", "the file is empty; expected an article"))
        return LenientRead(text.rstrip("\n"), [], findings)
    preamble = text[: lines[first].start]
    if preamble:
        findings.append(
            finding(
                0,
                lines[first].start,
                "E201",
                "text before the first article's headline; expected the headline on the first line",
            )
        )
    starts = [first] + [
        index
        for index in range(first + 1, len(lines))
        if _blank_between(lines[index - 1], lines[index]) >= 2 and _has_header_marks(lines, index)
    ]
    articles = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        blank_before = _blank_between(lines[start - 1], lines[start]) if number else 2
        articles.append(_read_article(text, lines[start:end], blank_before, findings))
    return LenientRead(preamble, articles, findings)


class _Header(NamedTuple):
    headline: str
    standfirst: str | None
    caption: str
    indents: tuple[str, str]
    length: int  # how many of the article's lines the header holds


def _read_header(text: str, lines: list[_Line], findings: list[Finding]) -> _Header:
    """Read a header as far as it goes; each deviation is a finding."""
    headline, count = lines[0], len(lines)

    def missing(index: int, code: str, message: str) -> None:
        # A line is missing: point at the line that stands in its place (blank or not),
        # the one right after the previous header line; or at the end of the text.
        at = min(lines[index - 1].end + 1, len(text))
        if at >= len(text):
            findings.append(
                finding(
                    len(text),
                    len(text),
                    "E208",
                    "the file ends inside an article header; " + message,
                )
            )
        else:
            findings.append(finding(at, at, code, message))

    def differs(index: int, code: str, message: str) -> None:
        findings.append(finding(lines[index].start, lines[index].end, code, message))

    index = 1
    if index < count and _blank_between(headline, lines[index]) != 1:
        missing(index, "E202", "expected one blank line after the headline")
    standfirst = None
    if (
        index + 2 < count
        and _blank_between(lines[index], lines[index + 1]) == 1
        and _blank_between(lines[index + 1], lines[index + 2]) == 0
        and (
            _caption_text(lines[index + 2]) == _caption_text(lines[index + 1])
            or lines[index + 2].text == "TT"
        )
    ):
        standfirst = lines[index].text
        index += 1
    if index >= count:
        missing(index, "E208", "expected the caption")
        return _Header(headline.text, standfirst, "", ("", ""), index)
    first_copy = lines[index]
    caption = _caption_text(first_copy)
    second_copy = first_copy
    index += 1
    if (
        index < count
        and _blank_between(first_copy, lines[index]) == 0
        and lines[index].text != "TT"
    ):
        second_copy = lines[index]
        if _caption_text(second_copy) != caption:
            differs(index, "E203", "the second caption line differs from the first")
        index += 1
    else:
        missing(index, "E203", "the caption appears once; expected it repeated on the next line")
    indents = (
        first_copy.text[: len(first_copy.text) - len(first_copy.text.lstrip(" \t\u00a0"))],
        second_copy.text[: len(second_copy.text) - len(second_copy.text.lstrip(" \t\u00a0"))],
    )
    if (
        index < count
        and lines[index].text == "TT"
        and _blank_between(lines[index - 1], lines[index]) == 0
    ):
        index += 1
        if index < count and _blank_between(lines[index - 1], lines[index]) == 0:
            differs(index, "E205", "expected a blank line after the TT marker")
            index += 1
    else:
        missing(index, "E204", "expected the TT marker on the line after the caption lines")
    index = _read_repeat(
        text,
        lines,
        index,
        headline=headline.text,
        copies=(first_copy.text, second_copy.text),
        missing=missing,
        differs=differs,
    )
    return _Header(headline.text, standfirst, caption, indents, index)


def _read_repeat(
    text: str,
    lines: list[_Line],
    index: int,
    *,
    headline: str,
    copies: tuple[str, str],
    missing: _Report,
    differs: _Report,
) -> int:
    """Read the repeated headline and caption lines; the index of the line after them."""
    count = len(lines)
    if index >= count:
        missing(index, "E208", "expected the headline repeated after TT")
        return index
    caption = _caption_text(_Line(0, 0, 0, copies[0]))
    looks_repeated = lines[index].text == headline or (
        index + 1 < count
        and _blank_between(lines[index], lines[index + 1]) == 1
        and _caption_text(lines[index + 1]) == caption
    )
    if not looks_repeated:
        differs(
            index,
            "E209",
            "expected the headline and caption repeated after TT; the body starts here",
        )
        return index
    if lines[index].text != headline:
        differs(index, "E206", f"the repeated headline differs; expected {headline!r}")
    index += 1
    for copy_number, copy in enumerate(copies):
        if index >= count:
            missing(index, "E208", "expected the caption repeated after the headline")
            return index
        line = lines[index]
        if line.end == len(text) and copy.startswith(line.text) and copy != line.text:
            differs(index, "E208", "the file ends inside an article header")
            return index + 1
        adjacent = _blank_between(lines[index - 1], line) == (1 if copy_number == 0 else 0)
        if not adjacent or (copy_number == 0 and _caption_text(line) != caption):
            missing(index, "E207", "expected the caption line repeated after the headline")
            return index
        if line.text != copy:
            differs(index, "E207", f"the repeated caption line differs; expected {copy!r}")
        index += 1
    return index


def _read_article(
    text: str, lines: list[_Line], blank_before: int, findings: list[Finding]
) -> Article:
    header = _read_header(text, lines, findings)
    header_lines, body_lines = lines[: header.length], lines[header.length :]
    header_text = text[header_lines[0].start : header_lines[-1].end]
    article = Article(
        headline=header.headline,
        standfirst=header.standfirst,
        caption=Caption(header.caption, find_credit(header.caption)),
        line=lines[0].number,
    )
    layout = ArticleLayout(caption_indents=header.indents, blank_lines_before=blank_before)
    if render_header(attrs.evolve(article, layout=layout)) != header_text:
        layout = attrs.evolve(layout, header=header_text)
    if not body_lines:
        at = header_lines[-1].end
        findings.append(finding(at, at, "E304", "the article has no body"))
        return attrs.evolve(article, layout=layout)
    blocks, gaps = _read_body(header_lines[-1], body_lines, findings)
    return attrs.evolve(article, body=tuple(blocks), layout=attrs.evolve(layout, gaps=tuple(gaps)))


def _read_body(
    last_header_line: _Line, lines: list[_Line], findings: list[Finding]
) -> tuple[list[Block], list[tuple[int, int]]]:
    kinds = [_kind_of(line.text) for line in lines]
    blocks: list[Block] = []
    gaps: list[tuple[int, int]] = []
    previous = last_header_line
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        blank = _blank_between(previous, line)
        if blank != 1:
            gaps.append((index, blank))
            if blank == 0:
                findings.append(
                    finding(line.start, line.end, "E301", "expected a blank line between blocks")
                )
            else:
                findings.append(
                    finding(
                        previous.end + 1,
                        line.start,
                        "E302",
                        f"{blank} blank lines inside an article; expected one",
                    )
                )
        following = kinds[index + 1] if index + 1 < len(kinds) else None
        blocks.append(make_block(kind, line.text, line.number, following))
        if kind == "unparsed":
            what = "holds only white space" if not line.text.strip() else "starts with white space"
            findings.append(
                finding(
                    line.start,
                    line.end,
                    "E303",
                    f"this line {what}; expected "
                    "text starting in the first column, or an empty line",
                )
            )
        previous = line
    return blocks, gaps


def _kind_of(line: str) -> str:
    if _VISIBLE.match(line) is None:
        return "unparsed"
    # Classify as if control characters were spaces: they are reported on their own.
    readable = _CONTROLS.sub(" ", line)
    match = _grammar.LINE_PATTERN.match(readable)
    return match.lastgroup if match is not None and match.lastgroup else "prose"
