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

import re
from typing import NamedTuple

import pyparsing as pp

from newsdump._blocks import TEXT_LINE
from newsdump._header import HEADER_PATTERN, Header
from newsdump._pages import OTHER_TEMPLATES, header_of

__all__ = ["DOCUMENT", "ArticleMatch"]


class ArticleMatch(NamedTuple):
    """One article as matched, the blank lines before it (None for the first), and how
    many line ends its header holds (its body starts two lines further on)."""

    blank_lines_before: int | None
    header: Header
    body: str  # each block is "\n\n" + its line
    header_line_ends: int


def _to_article(tokens: pp.ParseResults) -> ArticleMatch:
    # The token is the re.Match itself (as_match): its groups and their offsets, with no
    # named results for pyparsing to build. An unmatched group (no standfirst, no
    # blank lines before the first article) is None.
    match: re.Match[str] = tokens[0]
    separator = match["separator"]
    header = header_of(match)
    line_ends = match["header"].count("\n")
    return ArticleMatch(len(separator) - 1 if separator else None, header, match["body"], line_ends)


def _regex(name: str, pattern: str, *, as_match: bool = False) -> pp.ParserElement:
    element = pp.Regex(pattern, as_match=as_match).set_name(name)
    element.leave_whitespace()
    return element


def _document() -> pp.ParserElement:
    # One Regex for every article: the start of the file or two or more blank lines (three
    # newlines or more) after an article's last line, then the article. The separator
    # needs a line of text before it: at the start of the file, blank lines are not a
    # separator but lines before the first headline (E201), which only the reader keeps.
    # One element, not a first and a later one: each LINE_CHAR is costly for re to
    # compile, and a process parsing one file pays it (docs/speed.md, "Figures behind
    # the code"). The other page types' headers
    # (_pages.TEMPLATES) may only start a file: where a separator matched, the
    # conditional group refuses them. The body's repeat is possessive (++): it ends the
    # pattern, so no line is ever given back, and a greedy one keeps a backtracking
    # entry a line (docs/speed.md, "Memory").
    article = _regex(
        "article",
        rf"(?:\A|(?<=[^\n])(?P<separator>\n\n\n+))"
        rf"(?P<header>{HEADER_PATTERN}|(?(separator)(?!)|(?:{OTHER_TEMPLATES})))"
        rf"(?P<body>(?:\n\n{TEXT_LINE})++)",
        as_match=True,
    )
    article.add_parse_action(_to_article)
    # One element, with no parse action: a short file spends much of its parse in
    # pyparsing's calls, and each element is one more (docs/speed.md).
    final = _regex("final newlines, then the end of the file", r"\n*\Z")
    document = (pp.OneOrMore(article) + final).set_name("document")
    document.leave_whitespace()
    document.parse_with_tabs()
    return document


DOCUMENT = _document()
"""The whole-file grammar. Its results: an ArticleMatch for each article, and last the
final newlines."""
