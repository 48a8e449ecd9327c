"""parse and parse_file: text, through the grammar, to the typed model."""

from __future__ import annotations

import os
import pathlib
import re
import unicodedata
from typing import Literal

import pyparsing as pp

from newsdump import _grammar
from newsdump._credits import find_credit
from newsdump._errors import LayoutError
from newsdump._model import (
    Article,
    ArticleLayout,
    Block,
    Caption,
    Document,
    DocumentLayout,
    ListItem,
    Note,
    Paragraph,
    Photo,
    Question,
    Subheading,
)

__all__ = ["parse", "parse_bytes", "parse_file"]

_BOM = "\ufeff"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\t": "tab",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
}
_ANSWER_KINDS = frozenset({"paragraph", "prose", "list_item"})
_DEFAULT_ARTICLE_LAYOUT = ArticleLayout()


def parse(text: str, *, strict: bool = True) -> Document:
    """Parse the text of a file of articles into a Document.

    Raises LayoutError (a ValueError) at the first place where the text does not
    follow the layout, with its line, column, code and what was expected.
    ``strict=False`` (lenient parsing, which never raises) is not available yet.
    """
    if not strict:
        raise NotImplementedError("lenient parsing (strict=False) is not implemented yet")
    bom = text.startswith(_BOM)
    body = text[1:] if bom else text
    body, line_end = _normalise_line_ends(body)
    try:
        results = _grammar.DOCUMENT.parse_string(body, parse_all=True)
    except _grammar.Violation as violation:
        raise _error_at(body, violation.loc, violation.code, violation.message) from None
    except pp.ParseBaseException as failure:
        raise _explain(body, failure) from None
    return _build(body, list(results), bom=bom, line_end=line_end)


def parse_file(path: str | os.PathLike[str]) -> Document:
    """Read a file as UTF-8 and parse it; errors name the file."""
    return parse_bytes(pathlib.Path(path).read_bytes(), os.fspath(path))


def parse_bytes(data: bytes, name: str) -> Document:
    """Decode UTF-8 bytes and parse them; errors name ``name`` as the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise _undecodable(data, bad).with_path(name) from None
    try:
        return parse(text)
    except LayoutError as error:
        raise error.with_path(name) from None


# ---------------------------------------------------------------- building the model


def _build(
    text: str, results: list[object], *, bom: bool, line_end: Literal["\n", "\r\n"]
) -> Document:
    *tokens, final_newlines = results
    articles: list[Article] = []
    counted_to, line = 0, 1  # newlines are counted once, front to back
    blank_lines_before = _DEFAULT_ARTICLE_LAYOUT.blank_lines_before
    for token in tokens:
        if isinstance(token, int):
            blank_lines_before = token
        elif isinstance(token, _grammar.HeaderMatch):
            header = token
            line += text.count("\n", counted_to, header.loc)
            counted_to = header.loc
        else:
            assert isinstance(token, _grammar.BodyMatch)
            body_line = line + text.count("\n", counted_to, token.loc) + 2
            articles.append(_article(header, token, line, body_line, blank_lines_before))
    assert isinstance(final_newlines, int)
    layout = DocumentLayout(bom=bom, line_end=line_end, final_newlines=final_newlines)
    return Document(articles=tuple(articles), layout=layout)


def _article(
    header: _grammar.HeaderMatch,
    body: _grammar.BodyMatch,
    line: int,
    body_line: int,
    blank_lines_before: int,
) -> Article:
    if header.caption_indents == ("", "") and blank_lines_before == 2:
        layout = _DEFAULT_ARTICLE_LAYOUT
    else:
        layout = ArticleLayout(
            caption_indents=header.caption_indents, blank_lines_before=blank_lines_before
        )
    return Article(
        headline=header.headline,
        standfirst=header.standfirst,
        caption=Caption(header.caption, find_credit(header.caption)),
        body=_blocks(body.text, body_line),
        layout=layout,
        line=line,
    )


def _blocks(body: str, first_line: int) -> tuple[Block, ...]:
    """The blocks of a matched body; a block sits every second line.

    A ``*`` line is settled when the block after it is seen: a question if that
    block answers it, else an editor's note.
    """
    blocks: list[Block] = []
    starred: tuple[str, int] | None = None
    line = first_line
    for match in _grammar.BLOCK_PATTERN.finditer(body):
        kind = match.lastgroup
        assert kind is not None  # every alternative is a named group
        text = match[kind]
        if starred is not None:
            settled = Question if kind in _ANSWER_KINDS else Note
            blocks.append(settled(starred[0], line=starred[1]))
            starred = None
        if kind == "starred":
            starred = (text[1:], line)
        elif kind == "list_item":
            blocks.append(ListItem(text[2:], line=line))
        elif kind == "photo":
            blocks.append(Photo(text, find_credit(text), line=line))
        elif kind == "subheading":
            blocks.append(Subheading(text, line=line))
        else:
            blocks.append(Paragraph(text, line=line))
        line += 2
    if starred is not None:
        blocks.append(Note(starred[0], line=starred[1]))
    return tuple(blocks)


# ---------------------------------------------------------------- line ends and bytes


def _normalise_line_ends(text: str) -> tuple[str, Literal["\n", "\r\n"]]:
    """Text with ``\\n`` line ends, and which line end the file used throughout."""
    crlf = text.count("\r\n")
    if crlf == 0:
        return text, "\n"
    if crlf == text.count("\n"):
        return text.replace("\r\n", "\n"), "\r\n"
    first_end = text.find("\n")
    first_is_crlf = first_end > 0 and text[first_end - 1] == "\r"
    for match in re.finditer("\n", text):
        if (match.start() > 0 and text[match.start() - 1] == "\r") != first_is_crlf:
            # Point at where this line's end starts: its "\r" or, with none, its "\n".
            loc = match.start() if first_is_crlf else match.start() - 1
            plain_loc = len(text[:loc].replace("\r\n", "\n"))
            expected = "CRLF (\\r\\n)" if first_is_crlf else "LF (\\n)"
            raise _error_at(
                text.replace("\r\n", "\n"),
                plain_loc,
                "E104",
                f"mixed line ends: this line does not end in {expected} like the "
                "first line of the file",
            )
    raise AssertionError("unreachable: counts differ, so some line end differs")


def _undecodable(data: bytes, bad: UnicodeDecodeError) -> LayoutError:
    offset = bad.start
    line_start = data.rfind(b"\n", 0, offset) + 1
    line_end = data.find(b"\n", offset)
    source = data[line_start : line_end if line_end >= 0 else len(data)]
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return LayoutError(
        f"byte 0x{data[offset]:02x} at byte offset {offset} is not UTF-8; expected UTF-8 text",
        code="E102",
        line=data.count(b"\n", 0, offset) + 1,
        column=column,
        source_line=source.decode("utf-8", errors="replace").rstrip("\r"),
    )


# ---------------------------------------------------------------- errors


def _error_at(text: str, loc: int, code: str, message: str) -> LayoutError:
    loc = min(loc, len(text))
    line_start = text.rfind("\n", 0, loc) + 1
    return LayoutError(
        message,
        code=code,
        line=text.count("\n", 0, loc) + 1,
        column=loc - line_start + 1,
        source_line=text[line_start : _line_end(text, loc)],
    )


# What the header expected where it failed, by element name: (code, what was expected).
_HEADER_EXPECTATIONS: dict[str, tuple[str, str]] = {
    "headline": ("E201", "a headline"),
    "blank line after the headline": ("E202", "a blank line after the headline"),
    "standfirst": ("E203", "a caption line"),
    "blank line after the standfirst": ("E203", "a blank line after the standfirst"),
    "caption line": ("E203", "a caption line"),
    "second caption line": ("E203", "the caption line repeated on the next line"),
    "TT marker": ("E204", "the TT marker on the line after the caption lines"),
    "blank line after TT": ("E205", "a blank line after the TT marker"),
    "repeated headline": ("E206", "the headline repeated after the TT marker"),
    "blank line after the repeated headline": ("E206", "a blank line after the repeated headline"),
    "repeated caption line": ("E207", "the caption repeated after the headline"),
    "second repeated caption line": ("E207", "the second repeated caption line"),
}


def _explain(text: str, failure: pp.ParseBaseException) -> LayoutError:
    """Turn a grammar failure into a LayoutError that says what was expected and found."""
    loc = failure.loc
    control = _CONTROL.match(text, loc)
    if control is not None:
        char = control.group()
        name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "control character")
        return _error_at(
            text,
            loc,
            "E103",
            f"control character U+{ord(char):04X} ({name}) is not allowed in the text",
        )
    if not text.strip("\n"):
        return _error_at(text, 0, "E101", "the file is empty; expected an article")
    element = failure.parser_element
    name = element.customName if element is not None else ""
    if name == "body":
        return _explain_body_start(text, loc)
    if name in _HEADER_EXPECTATIONS:
        return _explain_header(text, loc, *_HEADER_EXPECTATIONS[name])
    return _explain_body_end(text, loc)


def _line_end(text: str, loc: int) -> int:
    end = text.find("\n", loc)
    return end if end >= 0 else len(text)


def _found(text: str, loc: int) -> str:
    if loc >= len(text):
        return "the end of the file"
    rest = text[loc : _line_end(text, loc)]
    if not rest:
        return "a blank line"
    return repr(rest if len(rest) <= 60 else rest[:57] + "...")


def _explain_header(text: str, loc: int, code: str, expected: str) -> LayoutError:
    start = _article_start(text, loc)
    if start > 0 and text.count("\n", start, loc) <= 1:
        # A run of blank lines ended an article, but what follows fails within its first
        # two lines: it is no header, so the run was most likely meant inside the body.
        blank_start = start - len(text[:start]) + len(text[:start].rstrip("\n")) + 1
        blank = start - blank_start
        return _error_at(
            text,
            blank_start,
            "E302",
            f"{blank} blank lines inside an article: "
            "two or more blank lines must be followed by an article header, but "
            f"the text after them is not one (expected {expected}, found "
            f"{_found(text, loc)}); inside a body, blocks are separated by one "
            "blank line",
        )
    if loc >= len(text) and code != "E304":
        return _error_at(
            text, loc, "E208", f"the file ends inside an article header; expected {expected}"
        )
    if code == "E304" and loc >= len(text):
        return _error_at(text, loc, code, f"the article has no body; expected {expected}")
    return _error_at(text, loc, code, f"expected {expected}, found {_found(text, loc)}")


def _article_start(text: str, loc: int) -> int:
    """Where the article holding ``loc`` starts: after the last run of 3+ newlines."""
    starts = [match.end() for match in re.finditer(r"\n\n\n+", text[:loc])]
    return starts[-1] if starts else 0


def _explain_body_start(text: str, loc: int) -> LayoutError:
    """The header ended at ``loc`` and no body follows it as it should."""
    newlines = len(text) - loc - len(text[loc:].lstrip("\n"))
    if loc + newlines >= len(text):
        return _error_at(
            text,
            loc,
            "E304",
            "the article has no body; expected a blank line "
            "and the first block after the repeated caption",
        )
    if newlines >= 3:
        return _error_at(
            text,
            loc + 1,
            "E302",
            f"{newlines - 1} blank lines between the header and the body; expected one",
        )
    return _explain_body_end(text, loc + newlines)


def _explain_body_end(text: str, loc: int) -> LayoutError:
    """The body (or the final newlines) stopped at ``loc`` and what follows is not valid."""
    newlines_before = loc - len(text[:loc].rstrip("\n"))
    if newlines_before == 1:
        return _error_at(
            text,
            loc,
            "E301",
            "expected a blank line between blocks, found "
            f"{_found(text, loc)} on the very next line",
        )
    line = text[loc : _line_end(text, loc)]
    if line[:1].isspace():
        what = "holds only white space" if not line.strip() else "starts with white space"
        return _error_at(
            text,
            loc,
            "E303",
            f"this line {what}; expected text starting in the first column, or an empty line",
        )
    return _error_at(
        text,
        loc,
        "E300",
        "expected a blank line and a block, two or more "
        "blank lines and an article, or the end of the file; found "
        f"{_found(text, loc)}",
    )
