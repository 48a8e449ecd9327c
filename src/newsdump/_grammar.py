"""The layout grammar: pyparsing elements that recognise a file of scraped articles.

The grammar, in EBNF (``grammars/layout.ebnf`` holds the same for readers)::

    document    = article , { separator , article } , final newlines ;
    article     = header , body ;
    header      = headline , EOL , BLANK , [ standfirst , EOL , BLANK ] ,
                  caption pair , EOL , "TT" , EOL , BLANK ,
                  headline (* repeated *) , EOL , BLANK , caption pair (* repeated *) ;
    caption pair = caption line , EOL , caption line ;   (* same text; indents may differ *)
    body        = ( BLANK-LINE-PAIR , block ) , { BLANK-LINE-PAIR , block } ;
    separator   = EOL , BLANK , BLANK , { BLANK } ;      (* two or more blank lines *)
    final newlines = { EOL } ;

Tokens are coarse on purpose: one ``Regex`` a header line and one for a whole body,
whose lines are then told apart by the ordered block table ``BLOCK_RULES``. A
pyparsing element per body line parses about a sixth as fast (see ``docs/speed.md``).

Checks that a grammar cannot state (the repeat block copies the first one) run as
parse actions, in reading order, so the first deviation in the text is the one
reported. Nothing here touches pyparsing's process-wide settings.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pyparsing as pp

from newsdump._model import CAPTION_INDENT

__all__ = [
    "BLOCK_PATTERN",
    "BLOCK_RULES",
    "DOCUMENT",
    "DOCUMENT_LINE_BY_LINE",
    "LINE_PATTERN",
    "BodyMatch",
    "HeaderMatch",
    "Violation",
]

# A character allowed inside a line: anything but a line end or a control character
# (tab is allowed; the validator reports it as a blemish).
LINE_CHAR = r"[^\x00-\x08\n-\x1f\x7f]"
# The first character of a line of text: not white space, not a control character, not
# U+FEFF (at the start of a line it is a stray byte-order mark, and at the start of a file
# it could not be told from the file's own).
FIRST_CHAR = r"[^\s\x00-\x08\x0e-\x1b\x7f\ufeff]"
TEXT_LINE = rf"{FIRST_CHAR}{LINE_CHAR}*"
# The white space a caption copy may start with.
INDENT = CAPTION_INDENT
# Sentence-final punctuation, possibly before closing quotes or brackets and trailing space.
SENTENCE_END = r"[.?!\u2026:;][\"'\u201d\u2019\u00bb)\]]*[ \t]*"
# A subheading is short; a longer line with no final punctuation is a paragraph.
SUBHEADING_MAX = 100

_EOL_OR_END = r"(?=\n|\Z)"

BLOCK_RULES: tuple[tuple[str, str, str], ...] = (
    # (kind, the rule in words, pattern of the whole line), tried in order: the first
    # that matches wins.
    ("starred", 'starts with "*": a question, or an editor\'s note', rf"\*{LINE_CHAR}*"),
    ("list_item", 'starts with "+ "', rf"\+ {LINE_CHAR}*"),
    (
        "photo",
        'ends with a credit in parentheses; not an aside like "(said so.)"',
        rf"{FIRST_CHAR}{LINE_CHAR}*\([^()\n]{{1,60}}(?<![.?!\u2026:;,])\)[ \t]*{_EOL_OR_END}",
    ),
    (
        "paragraph",
        "ends with . ? ! … : or ; perhaps before closing quotes or brackets",
        rf"{FIRST_CHAR}{LINE_CHAR}*{SENTENCE_END}{_EOL_OR_END}",
    ),
    (
        "subheading",
        f"any other line of at most {SUBHEADING_MAX} characters",
        rf"{FIRST_CHAR}{LINE_CHAR}{{0,{SUBHEADING_MAX - 1}}}{_EOL_OR_END}",
    ),
    ("prose", "any longer line: a paragraph with no final punctuation", TEXT_LINE),
)
"""The block table: which kind of block a body line is. ``starred`` lines become a
question when an answer (paragraph or list item) follows, otherwise an editor's note."""

# The block table compiled into one pattern: one regex call a block, the kind read off
# the name of the group that matched.

BLOCK_PATTERN = re.compile(
    "\n\n(?:" + "|".join(f"(?P<{kind}>{pattern})" for kind, _, pattern in BLOCK_RULES) + ")"
)


# The same table for one line on its own (lenient parsing reads lines one at a time).
LINE_PATTERN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, _, pattern in BLOCK_RULES))


class Violation(Exception):
    """A check in a parse action failed: the text breaks the layout at ``loc``.

    Not a pyparsing exception on purpose: it must not be taken for a failed
    alternative and backtracked over.
    """

    def __init__(self, code: str, loc: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.loc = loc
        self.message = message


class Line(NamedTuple):
    loc: int
    text: str


class HeaderMatch(NamedTuple):
    """The header block of one article, as matched (the named intermediate type)."""

    loc: int
    headline: str
    standfirst: str | None
    caption: str
    caption_indents: tuple[str, str]


class BodyMatch(NamedTuple):
    """A whole body as matched: each block is ``"\\n\\n" + line``."""

    loc: int
    text: str


# ---------------------------------------------------------------- header


def _token(name: str, pattern: str, *, with_line_end: bool = True) -> pp.ParserElement:
    """A whole header line with its line end (none at the end of the file).

    The last header line leaves its line end to the body, whose blocks each start
    with a blank line.
    """
    token = pp.Regex(pattern + (r"\n?" if with_line_end else "")).set_name(name)
    token.leave_whitespace()
    token.add_parse_action(_to_line)
    return token


def _to_line(loc: int, tokens: pp.ParseResults) -> Line:
    text: str = tokens[0]
    return Line(loc, text[:-1] if text.endswith("\n") else text)


def _blank(name: str) -> pp.ParserElement:
    # Left in the results (a Suppress would cost a second element call each); the header
    # parse action keeps only the Line tokens.
    return pp.Literal("\n").set_name(name).leave_whitespace()


def _split_indent(line: str) -> tuple[str, str]:
    text = line.lstrip(" \t\u00a0")
    return line[: len(line) - len(text)], text


def _lines(tokens: pp.ParseResults) -> list[Line]:
    return [token for token in tokens if isinstance(token, Line)]


def _check_cut_off(text: str, line: Line) -> None:
    """A header line that stops at the end of the file was cut off, whatever it says."""
    if line.loc + len(line.text) == len(text):
        raise Violation("E208", len(text), "the file ends inside an article header")


def _check_caption_pair(text: str, tokens: pp.ParseResults) -> None:
    """The two caption lines carry the same text (their indents may differ)."""
    first, second = _lines(tokens)[-2:]
    if _split_indent(first.text)[1] == _split_indent(second.text)[1]:
        return
    _check_cut_off(text, second)
    if second.text == "TT":
        raise Violation(
            "E203",
            second.loc,
            "the caption appears once; expected it repeated on the next line, before the TT marker",
        )
    raise Violation(
        "E203",
        second.loc,
        "the second caption line differs from the first; expected the same caption twice in a row",
    )


def _check_repeat_headline(text: str, tokens: pp.ParseResults) -> None:
    """The headline after ``TT`` repeats the first one."""
    lines = _lines(tokens)
    first, repeat = lines[0], lines[-1]
    if repeat.text != first.text:
        _check_cut_off(text, repeat)
        caption = _split_indent(lines[-4].text)[1]  # the first caption copy
        after = text[repeat.loc + len(repeat.text) :]
        if not after.startswith("\n\n") or _split_indent(after[2:].split("\n", 1)[0])[1] != caption:
            raise Violation(
                "E209",
                repeat.loc,
                "expected the headline and caption repeated after TT; the body starts here",
            )
        raise Violation(
            "E206",
            repeat.loc,
            f"the repeated headline differs from the headline "
            f"on the first line of the article; expected {first.text!r}",
        )


def _to_header(text: str, tokens: pp.ParseResults) -> HeaderMatch:
    """Check the repeated caption pair and fold the header lines into a HeaderMatch."""
    headline, *first_block, _tt, _repeat_headline, repeat_1, repeat_2 = _lines(tokens)
    caption_1, caption_2 = first_block[-2:]
    standfirst = first_block[0].text if len(first_block) == 3 else None
    for copy, repeat in ((caption_1, repeat_1), (caption_2, repeat_2)):
        if repeat.text != copy.text:
            _check_cut_off(text, repeat)
            raise Violation(
                "E207",
                repeat.loc,
                "the repeated caption line differs from the "
                f"caption line above it; expected {copy.text!r}",
            )
    indent_1, caption = _split_indent(caption_1.text)
    indent_2 = _split_indent(caption_2.text)[0]
    return HeaderMatch(headline.loc, headline.text, standfirst, caption, (indent_1, indent_2))


def _header() -> pp.ParserElement:
    headline = _token("headline", TEXT_LINE)
    standfirst = _token("standfirst", TEXT_LINE)
    caption = _token("caption line", INDENT + TEXT_LINE)
    caption_pair = caption + caption.copy().set_name("second caption line")
    caption_pair.add_parse_action(lambda text, _loc, tokens: _check_caption_pair(text, tokens))
    first_block = (
        headline
        - _blank("blank line after the headline")
        + pp.Opt(standfirst + _blank("blank line after the standfirst"))
        + caption_pair
        + _token("TT marker", "TT")
        + _blank("blank line after TT")
    )
    repeat_headline = _token("repeated headline", TEXT_LINE)
    with_repeat_headline = (first_block - repeat_headline).add_parse_action(
        lambda text, _loc, tokens: _check_repeat_headline(text, tokens)
    )
    repeat_caption = _token("repeated caption line", INDENT + TEXT_LINE)
    header = (
        with_repeat_headline
        - _blank("blank line after the repeated headline")
        + repeat_caption
        + _token("second repeated caption line", INDENT + TEXT_LINE, with_line_end=False)
    )
    header.add_parse_action(lambda text, _loc, tokens: _to_header(text, tokens))
    return header.set_name("header, line by line")


# The whole header in one Regex, backreferences checking the repeat block: one element
# an article instead of about twenty, which made parsing about 1.4 times as fast
# (docs/speed.md). A text it refuses is parsed again with the line-by-line header, whose
# checks say exactly where and what is wrong. (Not as alternatives in one MatchFirst:
# pyparsing then reports the alternative, not the line inside it, that failed.)
HEADER_IN_ONE_PIECE = (
    rf"(?P<headline>{TEXT_LINE})\n\n"
    rf"(?:(?P<standfirst>{TEXT_LINE})\n\n)?"
    rf"(?P<indent_1>{INDENT})(?P<caption>{TEXT_LINE})\n"
    rf"(?P<indent_2>{INDENT})(?P=caption)\n"
    r"TT\n\n"
    r"(?P=headline)\n\n"
    r"(?P=indent_1)(?P=caption)\n"
    r"(?P=indent_2)(?P=caption)(?=\n|\Z)"
)


def _to_header_in_one_piece(loc: int, tokens: pp.ParseResults) -> HeaderMatch:
    # Each named group is in the results; one that did not match (no standfirst) is None.
    return HeaderMatch(
        loc,
        tokens["headline"],
        tokens["standfirst"],
        tokens["caption"],
        (tokens["indent_1"], tokens["indent_2"]),
    )


def _header_in_one_piece() -> pp.ParserElement:
    header = pp.Regex(HEADER_IN_ONE_PIECE).set_name("header, in one piece")
    header.leave_whitespace()
    return header.add_parse_action(_to_header_in_one_piece)


# ---------------------------------------------------------------- document


def _to_body(loc: int, tokens: pp.ParseResults) -> BodyMatch:
    return BodyMatch(loc, tokens[0])


def _document(header: pp.ParserElement) -> pp.ParserElement:
    body = pp.Regex(rf"(?:\n\n{TEXT_LINE})+").set_name("body")
    body.leave_whitespace()
    body.add_parse_action(_to_body)
    article = (header - body).set_name("article")
    # Two or more blank lines: three newlines or more. Kept as the count of blank lines.
    separator = pp.Regex(r"\n\n\n+").set_name("blank lines between articles")
    separator.leave_whitespace()
    separator.add_parse_action(lambda tokens: len(tokens[0]) - 1)
    final = pp.Regex(r"\n*").set_name("final newlines")
    final.leave_whitespace()
    final.add_parse_action(lambda tokens: len(tokens[0]))
    end = pp.StringEnd().set_name("end of file")
    end.leave_whitespace()
    document = (article + pp.ZeroOrMore(separator + article) + final + end).set_name("document")
    document.leave_whitespace()
    document.parse_with_tabs()
    return document


DOCUMENT = _document(_header_in_one_piece())
"""The whole-file grammar, the fast path. Its results: for each article a HeaderMatch and
a BodyMatch, the number of blank lines before each article after the first, and last the
number of final newlines."""

DOCUMENT_LINE_BY_LINE = _document(_header())
"""The same grammar reading each header line by line: what a text the fast path refuses
is run through, so that the error names the line and what it should hold. It accepts
the same texts, with the same results (tests/test_grammar.py checks it)."""
