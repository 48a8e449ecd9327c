"""The guard: every document a parse returns accounts for every character of its text.

A parse has two builders (the fast path's and the reader's); a bug in either could build
a document that renders to less, or more, than it read, and a test suite only samples.
So each document is measured before it is returned, by the lengths ``render`` would write
(never by rendering: that would cost a fifth of a parse), against the text it came from:
the preamble, each article where the lengths before it say it starts (its first line is
there), the blank lines between articles, the final newlines, then the byte-order mark
and the carriage returns. Anything else raises ``AccountingError`` with the offset where
the two part, instead of returning a document that would lose or invent text.
"""

from __future__ import annotations

from collections.abc import Callable

from newsdump._blocks import body_length, render_block
from newsdump._errors import AccountingError
from newsdump._model import Article, Document
from newsdump._pages import page_header

__all__ = ["account"]


def account(given: str, text: str, crs: int, doc: Document, original: Callable[[int], int]) -> None:
    """Raise ``AccountingError`` unless ``render(doc) == given`` as far as lengths and
    each article's first line tell. ``text``: ``given`` without its byte-order mark and
    with LF line ends; ``crs``: how many CRLF line ends ``given`` has; ``original``: an
    offset of ``text`` as one of ``given``."""
    try:
        _account(given, text, crs, doc)
    except _Parted as parted:
        offset, what = parted.args
        raise AccountingError(original(offset), what) from None


class _Parted(Exception):
    """Where, in ``text``, the document and the text part, and how."""


def _account(given: str, text: str, crs: int, doc: Document) -> None:
    layout = doc.layout
    position = len(layout.preamble)
    if not text.startswith(layout.preamble):
        raise _Parted(0, "the preamble is not the start of the text")
    for number, article in enumerate(doc.articles):
        if number:
            separator = article.layout.blank_lines_before + 1
            if text.count("\n", position, position + separator) != separator:
                raise _Parted(position, "the blank lines before an article differ")
            position += separator
        header = _header(article)
        if not text.startswith(_first_line(article, header), position):
            raise _Parted(position, f"article {number + 1} does not start here")
        position += _article_length(article, header)
    final = layout.final_newlines
    if position + final != len(text) or text.count("\n", position) != final:
        raise _Parted(min(position, len(text)), "the text ends elsewhere")
    written_crs = _crs(doc, text) if layout.line_end == "\r\n" or layout.other_line_ends else 0
    if written_crs != crs or layout.bom != (len(given) - len(text) - crs == 1):
        raise _Parted(0, "the line ends or the byte-order mark differ")


def _header(article: Article) -> str:
    header = article.layout.header
    return page_header(article) if header is None else header


def _first_line(article: Article, header: str) -> str:
    # A body-only page has no header: its first line is its first block's.
    return (header or render_block(article.body[0])).split("\n", 1)[0]


def _article_length(article: Article, header: str) -> int:
    layout = article.layout
    length = len(header) + body_length(article.body)
    blank_lines = len(article.body)  # one blank line before each block, but for gaps
    blank_lines += sum(gap - 1 for _, gap in layout.gaps)
    if article.headline is None:
        blank_lines -= 2  # a body-only page: no line end, no blank line before its first block
    return length + blank_lines + len(article.body)  # and each block's line end


def _crs(doc: Document, text: str) -> int:
    """How many carriage returns ``render`` writes: one a line end in CRLF."""
    others = len(doc.layout.other_line_ends)
    return text.count("\n") - others if doc.layout.line_end == "\r\n" else others
