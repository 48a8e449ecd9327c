"""The fast path: a pyparsing grammar that accepts the files that follow the layout.

    document    = article , { separator , article } , { EOL } ;
    article     = header , body ;                 (* the header: see _header.py *)
    body        = BLANK , block , { BLANK , block } ;      (* one blank line before each *)
    separator   = BLANK , BLANK , { BLANK } ;     (* two or more blank lines *)

Tokens are coarse on purpose: one ``Regex`` a header (``_header.HEADER_PATTERN``) and one
for a whole body, whose lines the block table (``_blocks``) then tells apart. A pyparsing
element per line parses about a sixth as fast (docs/speed.md).

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

__all__ = ["DOCUMENT", "BodyMatch", "HeaderMatch"]


class BodyMatch(NamedTuple):
    """A whole body as matched: each block is ``"\\n\\n" + line``."""

    loc: int
    text: str


def _to_header(loc: int, tokens: pp.ParseResults) -> HeaderMatch:
    # Each named group is in the results; one that did not match (no standfirst) is None.
    return HeaderMatch(
        loc,
        tokens["headline"],
        tokens["standfirst"],
        tokens["caption"],
        (tokens["indent_1"], tokens["indent_2"]),
    )


def _regex(name: str, pattern: str) -> pp.ParserElement:
    element = pp.Regex(pattern).set_name(name)
    element.leave_whitespace()
    return element


def _document() -> pp.ParserElement:
    header = _regex("header", HEADER_PATTERN).add_parse_action(_to_header)
    body = _regex("body", rf"(?:\n\n{TEXT_LINE})+")
    body.add_parse_action(lambda loc, tokens: BodyMatch(loc, tokens[0]))
    article = (header + body).set_name("article")
    # Two or more blank lines: three newlines or more. Kept as the count of blank lines.
    separator = _regex("blank lines between articles", r"\n\n\n+")
    separator.add_parse_action(lambda tokens: len(tokens[0]) - 1)
    final = _regex("final newlines", r"\n*").add_parse_action(lambda tokens: len(tokens[0]))
    end = pp.StringEnd().set_name("end of file")
    end.leave_whitespace()
    document = (article + pp.ZeroOrMore(separator + article) + final + end).set_name("document")
    document.leave_whitespace()
    document.parse_with_tabs()
    return document


DOCUMENT = _document()
"""The whole-file grammar. Its results: for each article a HeaderMatch and a BodyMatch,
the number of blank lines before each article after the first, and last the number of
final newlines."""
