"""The page types of the site, and the pages of no layout of it: how each is known.

A scrape of the site is not all news articles. Each header template of the site is a row
of ``TEMPLATES``: its rule in EBNF, the regular expression that matches its header, how
the match becomes a header's fields, and how an article's fields are written back. The
news article of the current template is the first row, made of ``_header``'s parts
(whose reader also says what is wrong in a header that breaks it); the fast path's
grammar matches the rows as one alternation, and the reader tries the others' patterns
where a file starts. A page with no header at all (body-only) is read as its body, with
one error (E211): its header was lost, and nothing can rebuild it.

Pages of the site's old English archive (and mirrors) are in no layout of the site: they
are reported once (E106), kept whole, and never read as articles, so that no fix can
"repair" them into one. A kind of such page is a row of ``OTHER_SITES``: what the finding
calls it, and the test on the file's first lines.

To add a page type: a row of ``TEMPLATES``, and the fields it has in ``_model.Article``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from newsdump._blocks import ONCE_A_FILE_CHAR as LINE_CHAR, ONCE_A_FILE_LINE as TEXT_LINE
from newsdump._header import (
    HEADER_EBNF,
    HEADER_PATTERN,
    Fields,
    Header,
    news_header,
    render_header,
)
from newsdump._header_marks import TT, has_header_marks
from newsdump._lines import Lines
from newsdump._model import DATELINE, Article

__all__ = [
    "OTHER_SITES",
    "OTHER_TEMPLATES",
    "TEMPLATES",
    "OtherSite",
    "Template",
    "announced_template",
    "header_of",
    "other_site",
    "other_template",
    "page_header",
]


class Template(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """One header template of the site: its ``name``, its ``rule`` in EBNF, the regular
    expression of its header (``pattern``: its groups' names are its own, and the first
    is ``marker``, which only a match of this row sets), how a match becomes a header's
    fields, and which articles it writes (``writes``) and how (``render``). A template
    whose first lines say the page is one of its own (``announced_by``, a test of the
    lines where the page starts; what they are, ``announced_as``) has a header that a
    reader judges broken when its pattern does not match, rather than read as another
    page type's."""

    name: str
    rule: str
    pattern: str
    marker: str
    header: Callable[[Fields], Header]
    writes: Callable[[Article], bool]
    render: Callable[[Article], str]
    announced_by: Callable[[Lines, int], bool] | None = None
    announced_as: str = ""


def _opinion(match: Fields) -> Header:
    byline = (match["op_name"], match["op_bio"])
    return Header(match["op_headline"], None, "", ("", ""), byline=byline, tt=bool(match["op_tt"]))


def _older(match: Fields) -> Header:
    name = match["old_name"]
    return Header(
        match["old_headline"],
        match["old_standfirst"],
        "" if name else match["old_caption"],
        ("", ""),
        byline=(name, match["old_bio"]) if name else None,
        dateline=match["old_dateline"],
        banner=match["old_banner"],
    )


def _render_opinion(article: Article) -> str:
    assert article.byline is not None
    assert article.headline is not None
    tt = [TT] if article.layout.tt else []
    return "\n".join([article.byline.name, article.byline.bio, *tt, "", article.headline])


def _render_older(article: Article) -> str:
    assert article.headline is not None
    assert article.layout.banner is not None
    assert article.dateline is not None
    standfirst = [] if article.standfirst is None else [article.standfirst]
    if article.byline is not None:
        after = [article.byline.name, article.byline.bio]
    else:
        assert article.caption is not None
        after = [article.caption.text]
    headline = article.headline
    lines = [article.layout.banner, "", headline, "", headline, "", *standfirst, article.dateline]
    return "\n".join([*lines, *after])


# An author's name: a short line that does not end a sentence (so that a page of
# paragraphs glued by single line ends is never read as a column without TT).
_NAME = rf"(?!{LINE_CHAR}{{81}})(?!{LINE_CHAR}*[.!?]\n)(?!{TT}\n){TEXT_LINE}"
# The older template's banner: the site's name, as that template printed it. The old
# archive's banner ends in "English Archive": that page is no template of the site.
_BANNER = rf"(?i:Asharq Al-Awsat\b)(?!{LINE_CHAR}*Archive{LINE_CHAR}*\n){LINE_CHAR}*"
# A first line that says a page is the older template's whatever follows: the banner
# naming the English edition, and no sentence (a news headline could start with the
# site's name; none starts "Asharq Al-Awsat English" and stops without a full stop).
_ANNOUNCING_BANNER = rf"(?i:Asharq Al-Awsat English\b)(?!{LINE_CHAR}*Archive){LINE_CHAR}*(?<![.!?])"
# The date line's own groups are the model's; here it is matched as a whole.
_DATE = re.sub(r"\(\?P<\w+>", "(?:", DATELINE)


# Compiled when first asked: a hook's process checking a news article never needs them.
@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _older_announced(lines: Lines, start: int) -> bool:
    """The banner, first. Where the lines after it also read as a news header (a
    headline that starts with the site's name), a date line among the header's lines
    must say it is the older page."""
    if not _pattern(_ANNOUNCING_BANNER).fullmatch(lines.key(start) or ""):
        return False
    if not has_header_marks(lines, start):
        return True
    stop = min(lines.last, start + _MOST_HEADER_LINES) + 1
    date = _pattern(_DATE)
    return any(date.fullmatch(lines.key(index) or "") for index in range(start, stop))


def _opinion_announced(lines: Lines, start: int) -> bool:
    """An author's name, a bio and TT on the first three lines: a news header has a blank
    line after its headline, and its TT comes after the caption's two lines."""
    name, bio, tt = (lines.key(start + offset) or "" for offset in range(3))
    named = _pattern(rf"{_NAME}\n").fullmatch(name + "\n") is not None
    return tt == TT and bio not in ("", TT) and named


TEMPLATES: tuple[Template, ...] = (
    Template(
        "news",
        HEADER_EBNF,
        HEADER_PATTERN,
        "headline",
        news_header,
        lambda article: article.page_type == "news" and article.template == "current",
        render_header,
    ),
    Template(
        "opinion",
        'opinion header = name , bio , [ "TT" ] , BLANK , headline ;',
        rf"(?P<op_name>{_NAME})\n(?P<op_bio>(?!{TT}\n){TEXT_LINE})\n(?P<op_tt>{TT}\n)?\n"
        rf"(?P<op_headline>{TEXT_LINE})",
        "op_name",
        _opinion,
        lambda article: article.page_type == "opinion" and article.template == "current",
        _render_opinion,
        announced_by=_opinion_announced,
        announced_as="an opinion column's byline, bio and TT",
    ),
    Template(
        "older",
        "older header = banner , BLANK , headline , BLANK , headline , BLANK ,\n"
        "               [ standfirst ] , date line , ( caption line | name , bio ) ;",
        rf"(?P<old_banner>{_BANNER})\n\n(?P<old_headline>{TEXT_LINE})\n\n(?P=old_headline)\n\n"
        rf"(?:(?P<old_standfirst>{TEXT_LINE})\n)?(?P<old_dateline>{_DATE})\n"
        rf"(?:(?P<old_name>{TEXT_LINE})\n(?P<old_bio>{TEXT_LINE})|(?P<old_caption>{TEXT_LINE}))",
        "old_banner",
        _older,
        lambda article: article.template == "older",
        _render_older,
        announced_by=_older_announced,
        announced_as="the older template's banner",
    ),
)
"""The site's header templates, the current news article first (the common case)."""

OTHER_TEMPLATES = "|".join(template.pattern for template in TEMPLATES[1:])
"""Any other template's header, in one regular expression: the fast path tries it where a
file starts, after the news article's (``HEADER_PATTERN``), which may start any article."""

_MOST_HEADER_LINES = 12  # the older template's, with a standfirst and a byline: 11
_OTHERS = [(template, rf"(?:{template.pattern})(?=\n|\Z)") for template in TEMPLATES[1:]]


def header_of(match: re.Match[str]) -> Header:
    """The header a match of the news header or ``OTHER_TEMPLATES`` holds."""
    if match["headline"] is not None:
        return news_header(match)
    template = next(row for row in TEMPLATES[1:] if match[row.marker] is not None)
    return template.header(match)


def announced_template(lines: Lines, start: int) -> Template | None:
    """The template the page starting at line ``start`` says it follows, for a page whose
    header did not match any: its header is broken, not absent."""
    return next(
        (row for row in TEMPLATES[1:] if row.announced_by and row.announced_by(lines, start)),
        None,
    )


def other_template(lines: Lines, start: int) -> Header | None:
    """The header of a template other than the news article's whose first line is line
    ``start``, with its last line's index.

    The rows' patterns are matched against the lines' keys (control characters and white
    space at their ends left out), and the fields are then the lines themselves: a header
    with such a blemish is still its template's, and the blemish is a finding of its own
    (W103, E103), not a lost header."""
    stop = min(lines.last, start + _MOST_HEADER_LINES) + 1
    keyed = "\n".join(lines.key(index) or "" for index in range(start, stop))
    for template, pattern in _OTHERS:
        match = _pattern(pattern).match(keyed)
        if match is not None:
            fields = {
                name: lines.raw[start + keyed.count("\n", 0, match.start(name))]
                if value is not None and "\n" not in value
                else value
                for name, value in match.groupdict().items()
            }
            last = start + match.group().count("\n")
            return template.header(fields)._replace(last=last)
    return None


def page_header(article: Article) -> str:
    """The header an article's fields give, in its template ("" for a body-only page)."""
    if article.layout.banner is None and article.byline is None:
        return "" if article.headline is None else render_header(article)
    return next(row for row in TEMPLATES if row.writes(article)).render(article)


# How far into a file its marks are looked for: the banner and menu of a page come first.
_HEAD_LINES = 12


class OtherSite(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """One kind of page of no layout of this site: ``what`` it is (as the finding names
    it), and ``test``, on the keys of the file's first lines (blank ones left out) and on
    the lines of the whole file. With ``headerless``, only a page that starts with no
    header of the site's templates is tested: its marks could also be a page's text."""

    what: str
    test: Callable[[_Page], bool]
    headerless: bool = False


class _Page(NamedTuple):
    head: list[str]  # the keys of its first lines of text
    lines: Lines


def _archive(page: _Page) -> bool:
    return page.head[0].endswith("English Archive") or "Select Page" in page.head


# The archive's interview turns, where its banner was not kept: "Q) ", "(A) ", "[Name] ".
_TURN = re.compile(r"(?:\(?[QA]\)|\[[A-Z][^\]\n]{0,40}\])[ \t]")
_TURNS = 2


def _archive_turns(page: _Page) -> bool:
    turns = 0
    for index in range(page.lines.last + 1):
        turns += _TURN.match(page.lines.key(index) or "") is not None
        if turns >= _TURNS:
            return True
    return False


# A mirror's copy starts with the mirror's address on a line of its own.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def _mirror(page: _Page) -> bool:
    return any(_ADDRESS.fullmatch(line) for line in page.head)


OTHER_SITES: tuple[OtherSite, ...] = (
    OtherSite("the site's old English archive", _archive),
    OtherSite("the site's old English archive (its interview turns)", _archive_turns, True),
    OtherSite("a mirror site (a copy of one of the site's pages)", _mirror, True),
)


def other_site(lines: Lines, first: int) -> OtherSite | None:
    """The kind of page the text is, when it is one of ``OTHER_SITES``; ``first``: the
    index of its first line of text."""
    head = []
    for index in range(first, min(lines.last + 1, first + _HEAD_LINES)):
        line_key = lines.key(index)
        if line_key:
            head.append(line_key)
    headerless: bool | None = None
    for kind in OTHER_SITES:
        if kind.headerless:
            if headerless is None:
                headerless = not has_header_marks(lines, first) and not other_template(lines, first)
            if not headerless:
                continue
        if kind.test(_Page(head, lines)):
            return kind
    return None
