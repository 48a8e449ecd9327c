"""parse and parse_file: text, through the grammar, to the typed model."""

from __future__ import annotations

import os
import pathlib
import re
from typing import Literal, NamedTuple

import attrs
import pyparsing as pp

from newsdump import _grammar
from newsdump._blocks import make_block
from newsdump._checks import at_positions, control_name, finding, line_end, text_findings
from newsdump._credits import find_credit
from newsdump._diagnostics import Diagnostic
from newsdump._errors import LayoutError
from newsdump._lenient import read_leniently
from newsdump._model import (
    Article,
    ArticleLayout,
    Block,
    Caption,
    Document,
    DocumentLayout,
    Paragraph,
    Subheading,
)

__all__ = ["parse", "parse_bytes", "parse_file", "validate", "validate_file"]

_BOM = "\ufeff"
_SENTENCE_END = re.compile(_grammar.SENTENCE_END + r"\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DEFAULT_ARTICLE_LAYOUT = ArticleLayout()


def parse(text: str, *, strict: bool = True) -> Document:
    """Parse the text of a file of articles into a Document.

    Strict (the default): raises LayoutError (a ValueError) at the first place where the
    text does not follow the layout, with its line, column, code and what was expected.
    ``strict=False``: never raises, for any text; keeps every byte (``render`` gives the
    text back); reads what follows the layout as usual, and keeps what does not as
    ``Unparsed`` blocks, a raw header or a preamble; ``diagnostics`` holds every error and
    warning found (a strict parse leaves it empty: it is the fast path).
    """
    bom = text.startswith(_BOM)
    line_ends = _normalise_line_ends(text[1:] if bom else text)
    body, line_end, error = line_ends.text, line_ends.line_end, line_ends.error
    if error is None:
        results, error = _recognise(body)
        if results is not None:
            doc = _build(body, list(results), bom=bom, line_end=line_end)
            # A strict parse is the fast path: the blemishes (a tenth of its time) are
            # left to validate() and lenient parsing.
            return doc if strict else attrs.evolve(doc, diagnostics=_warnings(body, doc))
    assert error is not None  # the grammar refused the text, or its line ends are mixed
    if strict:
        raise error
    return _parse_leniently(body, error, bom=bom, line_ends=line_ends)


def _recognise(text: str) -> tuple[list[object] | None, LayoutError | None]:
    """The grammar's results, or the error that says where the text strays and how.

    The fast grammar first; when it refuses the text, the line-by-line one, whose failure
    names the line and what it should hold.
    """
    try:
        return list(_grammar.DOCUMENT.parse_string(text, parse_all=True)), None
    except pp.ParseBaseException:
        pass
    try:
        return list(_grammar.DOCUMENT_LINE_BY_LINE.parse_string(text, parse_all=True)), None
    except _grammar.Violation as violation:
        return None, _error_at(text, violation.loc, violation.code, violation.message)
    except pp.ParseBaseException as failure:
        return None, _explain(text, failure)


def _warnings(text: str, doc: Document, *, controls: bool = False) -> tuple[Diagnostic, ...]:
    """The blemishes of a text; with ``controls``, its control characters too (a text the
    grammar accepted has none)."""
    findings = list(text_findings(text, controls=controls))
    if doc.layout.bom:
        findings.append(finding(0, 0, "W101", "the file starts with a byte-order mark"))
    if doc.layout.line_end == "\r\n":
        findings.append(
            finding(
                line_end(text, 0),
                line_end(text, 0),
                "W102",
                "the file uses CRLF line ends; the site writes LF",
            )
        )
    return tuple(sorted([*at_positions(text, findings), *_cut_off(doc)], key=_position))


def _position(diagnostic: Diagnostic) -> tuple[int, int, str]:
    return (diagnostic.line, diagnostic.column, diagnostic.code)


def _cut_off(doc: Document) -> list[Diagnostic]:
    """A warning when the file's last block is prose with no final punctuation."""
    if not doc.articles or not doc.articles[-1].body:
        return []
    last = doc.articles[-1].body[-1]
    if last.line is None or not isinstance(last, Paragraph | Subheading):
        return []
    if _SENTENCE_END.search(last.text):
        return []
    return [
        Diagnostic(
            code="W302",
            severity="warning",
            line=last.line,
            column=len(last.text) + 1,
            end_line=last.line,
            end_column=len(last.text) + 1,
            message="the file ends in the middle of a sentence: the scrape may be cut off",
        )
    ]


def _parse_leniently(text: str, error: LayoutError, *, bom: bool, line_ends: _LineEnds) -> Document:
    read = read_leniently(text)
    layout = DocumentLayout(
        bom=bom,
        line_end=line_ends.line_end,
        other_line_ends=line_ends.others,
        preamble=read.preamble,
        final_newlines=len(text) - len(text.rstrip("\n")),
    )
    doc = Document(articles=tuple(read.articles), layout=layout)
    # The strict parser's word on its line wins over what lenient reading says there.
    found = [
        diagnostic
        for diagnostic in [*at_positions(text, read.findings), *_warnings(text, doc, controls=True)]
        if diagnostic.severity != "error" or diagnostic.line != error.line
    ]
    return attrs.evolve(doc, diagnostics=tuple(sorted([*found, error.diagnostic()], key=_position)))


def parse_file(path: str | os.PathLike[str], *, strict: bool = True) -> Document:
    """Read a file as UTF-8 and parse it; errors name the file.

    With ``strict=False``, bytes that are not UTF-8 are kept as lone surrogates
    (Python's ``surrogateescape``: ``render(doc).encode("utf-8", "surrogateescape")``
    gives the bytes back) and reported as E102.
    """
    return parse_bytes(pathlib.Path(path).read_bytes(), os.fspath(path), strict=strict)


def parse_bytes(data: bytes, name: str, *, strict: bool = True) -> Document:
    """Decode UTF-8 bytes and parse them; errors name ``name`` as the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        error = _undecodable(data, bad).with_path(name)
        if strict:
            raise error from None
        doc = parse(data.decode("utf-8", errors="surrogateescape"), strict=False)
        return attrs.evolve(
            doc,
            diagnostics=tuple(
                sorted(
                    [*_undecodable_all(data), *(d for d in doc.diagnostics if d.code != "E103")],
                    key=_position,
                )
            ),
        )
    try:
        return parse(text, strict=strict)
    except LayoutError as error:
        raise error.with_path(name) from None


def validate(text: str) -> list[Diagnostic]:
    """Every deviation from the layout in the text, errors and warnings, in text order.

    Never raises. It reports an error exactly when ``parse(text)`` would raise, and then
    also at that error's line.
    """
    return list(parse(text, strict=False).diagnostics)


def validate_file(path: str | os.PathLike[str]) -> list[Diagnostic]:
    """``validate`` for a file; also reports bytes that are not UTF-8 (E102), with their
    line and byte offset. Raises OSError only when the file cannot be read."""
    return list(parse_file(path, strict=False).diagnostics)


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
    """The blocks of a matched body; a block sits every second line."""
    found = [
        (match.lastgroup or "", match.group(match.lastgroup or 0))
        for match in _grammar.BLOCK_PATTERN.finditer(body)
    ]
    following = [kind for kind, _ in found[1:]] + [None]
    return tuple(
        make_block(kind, text, first_line + 2 * index, next_kind)
        for index, ((kind, text), next_kind) in enumerate(zip(found, following, strict=True))
    )


# ---------------------------------------------------------------- line ends and bytes


class _LineEnds(NamedTuple):
    text: str  # with LF line ends only
    line_end: Literal["\n", "\r\n"]
    others: tuple[int, ...]  # lines that end otherwise (a mixed file)
    error: LayoutError | None  # E104 at the first such line


def _normalise_line_ends(text: str) -> _LineEnds:
    """The text with LF line ends, and what gives the file's own back."""
    crlf = text.count("\r\n")
    if crlf == 0:
        return _LineEnds(text, "\n", (), None)
    plain = text.replace("\r\n", "\n")
    if crlf == text.count("\n"):
        return _LineEnds(plain, "\r\n", (), None)
    ends_crlf = [
        match.start() > 0 and text[match.start() - 1] == "\r" for match in re.finditer("\n", text)
    ]
    majority: Literal["\n", "\r\n"] = "\r\n" if 2 * crlf > len(ends_crlf) else "\n"
    others = tuple(
        number
        for number, is_crlf in enumerate(ends_crlf, start=1)
        if is_crlf != (majority == "\r\n")
    )
    first_is_crlf = ends_crlf[0]
    first_other = next(n for n, is_crlf in enumerate(ends_crlf, 1) if is_crlf != first_is_crlf)
    line_start = 0
    for _ in range(first_other - 1):
        line_start = plain.index("\n", line_start) + 1
    expected = "CRLF (\\r\\n)" if first_is_crlf else "LF (\\n)"
    error = _error_at(
        plain,
        plain.index("\n", line_start),
        "E104",
        f"mixed line ends: this line does not end in {expected} like the first line of the file",
    )
    return _LineEnds(plain, majority, others, error)


def _undecodable_all(data: bytes) -> list[Diagnostic]:
    """An E102 for each run of bytes that are not UTF-8."""
    found = []
    offset = 0
    while True:
        try:
            data[offset:].decode("utf-8")
        except UnicodeDecodeError as bad:
            error = _undecodable(
                data,
                UnicodeDecodeError(
                    bad.encoding, data, offset + bad.start, offset + bad.end, bad.reason
                ),
            )
            found.append(error.diagnostic())
            offset += bad.end
        else:
            return found


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
        source_line=text[line_start : line_end(text, loc)],
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
        return _error_at(
            text,
            loc,
            "E103",
            f"control character {control_name(control.group())} is not allowed in the text",
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


def _found(text: str, loc: int) -> str:
    if loc >= len(text):
        return "the end of the file"
    rest = text[loc : line_end(text, loc)]
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
    line = text[loc : line_end(text, loc)]
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
