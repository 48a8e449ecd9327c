"""parse, validate and their file forms: text, through the grammar or the reader, to the model.

One path for every text: the byte-order mark and line ends are set aside (``_Source``);
the fast grammar (``_grammar``) builds the model of a text that follows the layout; any
other text goes to the reader (``_reader``), whose findings, with the character checks
(``_checks``), are the diagnostics. A strict parse raises the first error among exactly
those diagnostics, so it and ``validate`` cannot disagree.
"""

from __future__ import annotations

import bisect
import os
import re
import sys
from array import array
from typing import Literal, NamedTuple

import attrs

from newsdump._blocks import blocks_of
from newsdump._checks import text_findings, undecodable_findings
from newsdump._content import content_findings
from newsdump._diagnostics import (
    BYTE_ORDER_MARK,
    CRLF_LINE_ENDS,
    MIXED_LINE_ENDS,
    OTHER_SITE,
    Code,
    Diagnostic,
    Edit,
    Finding,
    Fix,
)
from newsdump._errors import LayoutError, require_text
from newsdump._findings import Findings, at_positions
from newsdump._guard import account
from newsdump._header import Header, article_of
from newsdump._model import (
    SURROGATES,
    Article,
    ArticleLayout,
    Document,
    DocumentLayout,
)
from newsdump._reader import MAX_IRREGULAR_GAPS, Read, read

__all__ = ["decode", "encode", "parse", "parse_bytes", "parse_file", "validate", "validate_file"]

_BOM = "\ufeff"
_DEFAULT_ARTICLE_LAYOUT = ArticleLayout()


def parse(text: str, *, strict: bool = True) -> Document:
    """Parse the text of a file of articles into a Document.

    Strict (the default): raises LayoutError (a ValueError) at the first error ``validate``
    reports, with its line, column, code and what was expected. ``strict=False``: never
    raises, for any text; keeps every byte (``render`` gives the text back); reads what
    follows the layout as usual, and keeps what does not as ``Unparsed`` blocks, a raw
    header or a preamble; ``diagnostics`` holds every error and warning found (a strict
    parse leaves it empty).
    """
    require_text(text, "parse")
    return _parse(text, strict=strict)


def _parse(
    text: str,
    *,
    strict: bool,
    undecodable: bool = False,
    max_gaps: int | None = MAX_IRREGULAR_GAPS,
) -> Document:
    """``parse``; ``max_gaps``: see ``MAX_IRREGULAR_GAPS``. None: every line its own
    block, however many gaps the model then records, for ``fix``, which compares blocks."""
    return read_text(text, strict=strict, undecodable=undecodable, max_gaps=max_gaps).doc


class TextRead(NamedTuple):
    """A text's document, and how many of its articles were read with a header (a
    headline with a header's marks after it): ``fix`` rewrites only a text that has one."""

    doc: Document
    headers: int


def read_text(
    text: str,
    *,
    strict: bool,
    undecodable: bool = False,
    max_gaps: int | None = MAX_IRREGULAR_GAPS,
) -> TextRead:
    """``_parse``, with the number of articles read with a header."""
    source = _Source(text)
    if source.mixed is None and not undecodable and _grammar_pays(len(text)):
        doc = _fast_path(source)
        if doc is not None:
            account(source.given, source.text, source.crlf, doc, source.original)
            # A strict parse is the fast path: the blemishes (a tenth of its time) are
            # left to validate() and lenient parsing.
            if not strict:
                doc = attrs.evolve(doc, diagnostics=_diagnose(source, doc, []))
            return TextRead(doc, len(doc.articles))  # the grammar reads every header
    doc, findings, reading = _read(source, max_gaps=max_gaps)
    account(source.given, source.text, source.crlf, doc, source.original)
    diagnostics = _diagnose(
        source,
        doc,
        findings,
        controls=reading.controls,
        undecodable=undecodable,
        lines=reading.lines,
    )
    if strict:
        error = next((d for d in diagnostics if d.severity == "error"), None)
        if error is not None:
            raise LayoutError.of(error, _line(source.text, error.line))
        return TextRead(doc, reading.headers)
    return TextRead(attrs.evolve(doc, diagnostics=diagnostics), reading.headers)


def parse_file(path: str | os.PathLike[str], *, strict: bool = True) -> Document:
    """Read a file as UTF-8 and parse it; errors name the file.

    Bytes that are not UTF-8 are an error (E102). With ``strict=False`` they are kept as
    lone surrogates (Python's ``surrogateescape``:
    ``render(doc).encode("utf-8", "surrogateescape")`` gives the bytes back).
    """
    with open(path, "rb") as file:  # not pathlib: a hook's start-up would load it for this
        data = file.read()
    return parse_bytes(data, os.fspath(path), strict=strict)


def decode(data: bytes) -> tuple[str, bool]:
    """The text of UTF-8 bytes, and whether some were not UTF-8: those are kept as lone
    surrogates (``surrogateescape``), so that ``encode`` gives every byte back."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="surrogateescape"), True


def encode(text: str) -> bytes:
    """The bytes of a text ``decode`` made, every byte as it was (any other lone
    surrogate, which only a caller's ``str`` can hold, in its three-byte form)."""
    return text.encode("utf-8", errors=SURROGATES)


def parse_bytes(data: bytes, name: str, *, strict: bool = True) -> Document:
    """Decode UTF-8 bytes and parse them; errors name ``name`` as the file."""
    text, undecodable = decode(data)
    try:
        return _parse(text, strict=strict, undecodable=undecodable)
    except LayoutError as error:
        raise error.with_path(name) from None


def validate(text: str) -> list[Diagnostic]:
    """Every deviation from the layout in the text, errors and warnings, in text order,
    each with the fix that repairs it where newsdump has one.

    Never raises. ``parse(text)`` raises exactly when this reports an error, and then
    raises the first one.
    """
    require_text(text, "validate")
    return list(_parse(text, strict=False).diagnostics)


def validate_file(path: str | os.PathLike[str]) -> list[Diagnostic]:
    """``validate`` for a file; also reports bytes that are not UTF-8 (E102), with their
    line and byte offset. Raises OSError only when the file cannot be read."""
    return list(parse_file(path, strict=False).diagnostics)


# ---------------------------------------------------------------- the source text


class _Source:
    """A text with its byte-order mark and line ends set aside: ``text`` has LF line ends
    only; ``original`` maps an offset of it back to one of the text as given."""

    def __init__(self, given: str) -> None:
        self.given = given
        self.bom = given.startswith(_BOM)
        body = given[1:] if self.bom else given
        # A single character is found many times faster than a pair (a twelfth of a
        # parse went to counting CRLFs in files that have none).
        crlf = body.count("\r\n") if "\r" in body else 0
        self.text = body.replace("\r\n", "\n") if crlf else body
        newlines = self.text.count("\n") if crlf else 0
        # The line end most lines have; the others are kept by number (other_line_ends).
        self.line_end: Literal["\n", "\r\n"] = "\r\n" if 2 * crlf > newlines else "\n"
        self.crlf = crlf
        self._crlf_ends: array[int] | None = None
        self.mixed = None if crlf in (0, newlines) else self._first_mixed()

    def crlf_ends(self) -> array[int]:
        """The offsets, in ``text``, of the line ends that were CRLF."""
        if self._crlf_ends is None:
            body = self.given[1:] if self.bom else self.given
            self._crlf_ends = array(
                "q",
                (match.start() - number for number, match in enumerate(re.finditer("\r\n", body))),
            )
        return self._crlf_ends

    def original(self, offset: int) -> int:
        crs = bisect.bisect_left(self.crlf_ends(), offset) if self.crlf else 0
        return offset + self.bom + crs

    def others(self) -> tuple[int, ...]:
        """In a file that mixes line ends, the 1-based numbers of the lines that do not
        end in ``line_end``."""
        if self.mixed is None:
            return ()
        crlf = set(self.crlf_ends())
        want = self.line_end == "\r\n"
        return tuple(
            number
            for number, match in enumerate(re.finditer("\n", self.text), start=1)
            if (match.start() in crlf) != want
        )

    def _first_mixed(self) -> int:
        """The offset, in ``text``, of the first line end unlike the first line's."""
        crlf = set(self.crlf_ends())
        ends = (match.start() for match in re.finditer("\n", self.text))
        first = next(ends)
        return next(end for end in ends if (end in crlf) != (first in crlf))

    def line_end_diagnostics(self) -> list[Diagnostic]:
        """W101, W102 and E104: what concerns the bytes the model keeps aside."""
        found = []
        if self.bom:
            found.append(_point(BYTE_ORDER_MARK, 1, 1, (Edit(0, 1),)))
        if self.mixed is not None:
            line = self.text.count("\n", 0, self.mixed) + 1
            column = self.mixed - self.text.rfind("\n", 0, self.mixed)
            found.append(
                _point(
                    MIXED_LINE_ENDS,
                    line,
                    column,
                    self._line_end_edits(to_crlf=self.line_end == "\r\n"),
                    expected="LF (\\n)" if self.mixed in set(self.crlf_ends()) else "CRLF (\\r\\n)",
                )
            )
        elif self.line_end == "\r\n":
            column = self.text.find("\n") + 1
            found.append(_point(CRLF_LINE_ENDS, 1, column, self._line_end_edits(to_crlf=False)))
        return found

    def _line_end_edits(self, *, to_crlf: bool) -> tuple[Edit, ...]:
        """The edits that end every line in CRLF, or in LF. None to LF where a line's text
        ends in a carriage return of its own (E103): without its CRLF's CR, that one would
        end the line, and the line's text would change."""
        crlf = set(self.crlf_ends())
        if not to_crlf and "\r\n" in self.text:
            return ()
        edits = []
        for match in re.finditer("\n", self.text):
            at = self.original(match.start())
            if match.start() in crlf and not to_crlf:
                edits.append(Edit(at, at + 1))
            elif match.start() not in crlf and to_crlf:
                edits.append(Edit(at, at, "\r"))
        return tuple(edits)


def _point(
    code: Code, line: int, column: int, edits: tuple[Edit, ...], **fields: object
) -> Diagnostic:
    assert code.fixable is not None
    fix = Fix(code.fixable, edits) if edits else None
    return code.diagnostic(line, column, code.message.format(**fields), fix=fix)


def _line(text: str, number: int) -> str:
    """Line ``number`` (1-based) of the text; the last one past the end."""
    start = 0
    for _ in range(number - 1):
        following = text.find("\n", start)
        if following < 0:
            break
        start = following + 1
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


# ---------------------------------------------------------------- diagnostics


def _diagnose(
    source: _Source,
    doc: Document,
    findings: list[Finding],
    *,
    controls: bool = False,
    undecodable: bool = False,
    lines: list[str] | None = None,
) -> tuple[Diagnostic, ...]:
    """Every diagnostic of a text: the reader's findings, the character checks, the line
    ends, and a last sentence cut off; in the order of the text. ``lines``: the text's
    lines, when the reader has split it."""
    text = source.text
    if any(finding.code is OTHER_SITE for finding in findings):
        # A page of another site is named once and not judged: no cascade after it.
        return tuple(at_positions(text, findings, source.original, source.line_end))
    # Each source of findings in the order of the text, so that its runs collapse.
    checks = Findings(text)
    checks.extend(text_findings(text, controls=controls, lines=lines))
    findings = [*findings, *checks.done(), *content_findings(text, doc)]
    if undecodable:
        bad_bytes = Findings(text)
        bad_bytes.extend(undecodable_findings(text, source.given, source.original))
        findings += bad_bytes.done()
    diagnostics = at_positions(text, findings, source.original, source.line_end)
    diagnostics += source.line_end_diagnostics()
    return tuple(sorted(diagnostics, key=_position))


def _position(diagnostic: Diagnostic) -> tuple[int, int, str]:
    return (diagnostic.line, diagnostic.column, diagnostic.code)


# ---------------------------------------------------------------- building the model


def _read(
    source: _Source, *, max_gaps: int | None = MAX_IRREGULAR_GAPS
) -> tuple[Document, list[Finding], Read]:
    """The reader's document and findings, for a text the fast path refused, and the
    reading (how many headers it read, whether the text holds control characters)."""
    text = source.text
    reading = read(text, max_gaps=max_gaps)
    preamble, articles, findings = reading.preamble, reading.articles, reading.findings
    layout = DocumentLayout(
        bom=source.bom,
        line_end=source.line_end,
        other_line_ends=source.others(),
        preamble=preamble,
        final_newlines=len(text) - len(text.rstrip("\n")),
    )
    return Document(articles=tuple(articles), layout=layout), findings, reading


# The grammar (pyparsing, and the patterns it compiles) takes a few tens of milliseconds to
# load, and it is a faster way to a valid file's document, not another answer: the
# reader makes the same document (tests/test_grammar.py), a few times slower a byte. So
# a process reads its first texts with the reader and loads the grammar once they come
# to FAST_PATH_AFTER characters: a pre-commit hook checking a file or two never pays for
# it, a run over a corpus pays once (docs/speed.md, "Start-up").
FAST_PATH_AFTER = 1_000_000
_read_without_grammar = [0]  # characters read so far by the reader alone


def _grammar_pays(length: int) -> bool:
    if "newsdump._grammar" in sys.modules:
        return True
    _read_without_grammar[0] += length
    return _read_without_grammar[0] > FAST_PATH_AFTER


def _fast_path(source: _Source) -> Document | None:
    """The document, when the grammar accepts the whole text."""
    import pyparsing as pp  # noqa: PLC0415 -- loaded when it pays (see FAST_PATH_AFTER)

    from newsdump import _grammar  # noqa: PLC0415

    text = source.text
    try:
        # The grammar ends at the end of the text (\Z): parse_all would add an element
        # to every call.
        results = list(_grammar.DOCUMENT.parse_string(text))
    except pp.ParseBaseException:
        return None
    *tokens, final_newlines = results
    articles: list[Article] = []
    # Line numbers by arithmetic, not by counting line ends through the text: a body of
    # n blocks holds 2n line ends, and the grammar says how many the rest hold.
    line = 1
    for token in tokens:
        assert isinstance(token, _grammar.ArticleMatch)
        blank_lines_before = token.blank_lines_before
        if blank_lines_before is None:
            blank_lines_before = _DEFAULT_ARTICLE_LAYOUT.blank_lines_before
        else:
            line += blank_lines_before + 1  # on from the last block before
        body_line = line + token.header_line_ends + 2
        article = _article(token.header, token.body, line, body_line, blank_lines_before)
        articles.append(article)
        line = body_line + 2 * (len(article.body) - 1)  # the last block's line
    assert isinstance(final_newlines, str)
    layout = DocumentLayout(
        bom=source.bom, line_end=source.line_end, final_newlines=len(final_newlines)
    )
    return Document(articles=tuple(articles), layout=layout)


def _article(
    header: Header, body: str, line: int, body_line: int, blank_lines_before: int
) -> Article:
    if header.caption_indents == ("", "") and blank_lines_before == 2:
        layout = _DEFAULT_ARTICLE_LAYOUT
    else:
        layout = ArticleLayout(
            caption_indents=header.caption_indents, blank_lines_before=blank_lines_before
        )
    return article_of(header, line=line, layout=layout, body=blocks_of(body, body_line))
