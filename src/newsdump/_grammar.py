"""The fast path: a pyparsing grammar that accepts the files that follow the layout.

    document    = article , { separator , article } , { EOL } ;
    article     = header , body ;                 (* the header: see _header.py *)
    body        = BLANK , block , { BLANK , block } ;      (* one blank line before each *)
    separator   = BLANK , BLANK , { BLANK } ;     (* two or more blank lines *)

Tokens are coarse on purpose: one ``Regex`` a whole article, the blank lines before it
included: its header (``_header.HEADER_PATTERN``) and its body, whose lines the block
table (``_blocks``) then tells apart. pyparsing's own work is then a few calls an
article; a pyparsing element per line parsed about a sixth as fast, and one for the
header, the body and the blank lines apart about four fifths (docs/speed.md).

It only accepts or refuses: a text it refuses goes to the reader (``_reader``), which says
where and what is wrong, the same for a strict parse, a lenient one and ``validate``. The
two are held to the same documents by tests/test_grammar.py. Nothing here touches
pyparsing's process-wide settings.
"""

from __future__ import annotations

from typing import NamedTuple

import pyparsing as pp

from newsdump._blocks import TEXT_LINE
from newsdump._header import HEADER_PATTERN, HeaderMatch

__all__ = ["DOCUMENT", "ArticleMatch", "BodyMatch", "HeaderMatch"]


class BodyMatch(NamedTuple):
    """A whole body as matched: each block is ``"\\n\\n" + line``."""

    loc: int
    text: str


class ArticleMatch(NamedTuple):
    """One article as matched, and the blank lines before it (None for the first)."""

    blank_lines_before: int | None
    header: HeaderMatch
    body: BodyMatch


def _to_article(loc: int, tokens: pp.ParseResults) -> ArticleMatch:
    # Each named group is in the results; one that did not match (no standfirst, no
    # separator before the first article) is None.
    separator = tokens["separator"]
    header_loc = loc + (len(separator) if separator else 0)
    header = HeaderMatch(
        header_loc,
        tokens["headline"],
        tokens["standfirst"],
        tokens["caption"],
        (tokens["indent_1"], tokens["indent_2"]),
    )
    body = BodyMatch(header_loc + len(tokens["header"]), tokens["body"])
    return ArticleMatch(len(separator) - 1 if separator else None, header, body)


def _regex(name: str, pattern: str) -> pp.ParserElement:
    element = pp.Regex(pattern).set_name(name)
    element.leave_whitespace()
    return element


def _document() -> pp.ParserElement:
    article = rf"(?P<header>{HEADER_PATTERN})(?P<body>(?:\n\n{TEXT_LINE})+)"
    first = _regex("article", rf"(?P<separator>)?{article}").add_parse_action(_to_article)
    # Two or more blank lines before each later article: three newlines or more.
    later = _regex("blank lines and an article", rf"(?P<separator>\n\n\n+){article}")
    later.add_parse_action(_to_article)
    final = _regex("final newlines", r"\n*").add_parse_action(lambda tokens: len(tokens[0]))
    end = pp.StringEnd().set_name("end of file")
    end.leave_whitespace()
    document = (first + pp.ZeroOrMore(later) + final + end).set_name("document")
    document.leave_whitespace()
    document.parse_with_tabs()
    return document


DOCUMENT = _document()
"""The whole-file grammar. Its results: an ArticleMatch for each article, and last the
number of final newlines."""
