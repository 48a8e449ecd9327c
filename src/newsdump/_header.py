"""The article header, known in this one module: how it looks, how it is read, how written.

The header is one table, ``HEADER_PARTS``: a row a part, in order, each with its rule in
EBNF, the regular expression the fast path matches it with, and the reader's step that
reads it line by line, saying what is wrong where, with the fix. ``HEADER_PATTERN`` (the
fast path's header, one match an article, whose backreferences check the copies), the
reader (``read_header``, which every text the fast path refuses goes through, strict or
lenient) and the EBNF in grammars/ are all made from the rows: a part added, dropped or
moved is so for all three. ``render_header`` writes a header from its fields.

    header = headline , BLANK , [ standfirst , BLANK ] , caption pair ,
             "TT" , BLANK , repeat ;
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

import attrs

from newsdump._blocks import ONCE_A_FILE_LINE, TEXT_LINE, Block
from newsdump._credits import find_credit
from newsdump._diagnostics import (
    BLANK_AFTER_HEADLINE,
    CAPTION_COPIES_DIFFER,
    CAPTION_NOT_REPEATED,
    HEADER_BLANK_LINES,
    HEADER_CUT_SHORT,
    MISSING_REPEAT,
    MISSING_TT,
    NO_HEADER,
    REPEAT_CAPTION_DIFFERS,
    REPEAT_HEADLINE_DIFFERS,
    STRAY_AFTER_TT,
    Code,
    found,
)
from newsdump._findings import Findings
from newsdump._header_marks import (
    TT,
    Cursor,
    CutOff,
    ends_in_a_header,
    has_header_marks,
    written_twice_before_tt,
)
from newsdump._lines import Lines, caption_key, key
from newsdump._model import (
    CAPTION_INDENT,
    TRAILING_SPACE,
    Article,
    ArticleLayout,
    Byline,
    Caption,
)

__all__ = [
    "HEADER_EBNF",
    "HEADER_PARTS",
    "HEADER_PATTERN",
    "Fields",
    "Header",
    "HeaderPart",
    "article_of",
    "news_header",
    "read_header",
    "render_header",
]

INDENT = CAPTION_INDENT
_REPEAT = "the headline repeated after TT"
_REPEAT_CAPTION = "the caption repeated after the headline"


class Header(NamedTuple):
    """A header's fields, as the fast path matched them or the reader read them; the
    reader's also say where the header ends and how whole it was."""

    headline: str | None  # None: a page that kept only its body
    standfirst: str | None
    caption: str  # "" for an opinion column, which has none
    caption_indents: tuple[str, str]
    last: int = -1  # the index of the header's last line (the reader's)
    complete: bool = True  # False: no header at all (E211), or the file ends in it
    other_layout: bool = False  # no header marks at all (E211): the page is its body
    marked: bool = True  # the headline has a header's marks after it (has_header_marks)
    # The other page types' fields (_pages.TEMPLATES): an opinion column's byline (name,
    # bio), the older template's date line and banner, a current column's TT.
    byline: tuple[str, str] | None = None
    dateline: str | None = None
    banner: str | None = None
    tt: bool = True


def article_of(
    header: Header, *, line: int, layout: ArticleLayout, body: tuple[Block, ...] = ()
) -> Article:
    """The article a header starts: the one builder of the fast path and the reader."""
    caption = None
    if header.headline is not None and header.byline is None:  # a news page's
        caption = Caption(header.caption, find_credit(header.caption))
    if header.banner is not None or not header.tt:  # the other templates' layout
        layout = attrs.evolve(layout, banner=header.banner, tt=header.tt)
    return Article(
        headline=header.headline,
        standfirst=header.standfirst,
        caption=caption,
        byline=None if header.byline is None else Byline(*header.byline),
        dateline=header.dateline,
        body=body,
        layout=layout,
        line=line,
    )


def render_header(article: Article) -> str:
    """The header a news article's fields give, as the site's current template writes it."""
    assert article.headline is not None
    assert article.caption is not None
    indent_1, indent_2 = article.layout.caption_indents
    caption = [indent_1 + article.caption.text, indent_2 + article.caption.text]
    standfirst = [] if article.standfirst is None else [article.standfirst, ""]
    lines = [article.headline, "", *standfirst, *caption, TT, "", article.headline, "", *caption]
    return "\n".join(lines)


# ---------------------------------------------------------------- the reader


def _split_indent(line: str) -> tuple[str, str]:
    text = line.lstrip(TRAILING_SPACE)
    return line[: len(line) - len(text)], text


class _Reader(Cursor):
    """A cursor over one header's lines: each method reads one part and reports what is
    not as the layout has it, with the edits that repair it."""

    def __init__(self, lines: Lines, start: int, findings: Findings) -> None:
        super().__init__(lines, start, findings)
        # The two caption lines differ (E210): a repeat that copies either one is right.
        self.copies_differ = False
        # What the parts read so far, for the parts after them.
        self.found_standfirst: str | None = None
        self.copies: tuple[str, str] | None = None  # the caption's two lines, as they should be
        self.reported = False  # a missing blank line after TT was reported already

    def blank_lines(self, index: int, code: Code, then: str, after: str = "") -> int:
        """One blank line at ``index`` (after the ``after`` of the message, before what
        the header has ``then``): else report ``code`` with the fix that leaves one. The
        index after the blank lines."""
        lines = self.lines
        if lines.line(index) is None:
            return index
        self.ends_here(index, then)
        run = lines.blank_run(index)
        if run == 0:
            self.report(
                code,
                index,
                edits=self.insert(index, ""),
                found=found(lines.line(index)),
                after=after,
            )
        elif run > 1:
            self.findings.append(
                code.at(
                    lines.start(index + 1),
                    lines.start(index + run),
                    edits=self.delete(index + 1, index + run),
                    found=f"{run} blank lines",
                    after=after,
                )
            )
        return index + run

    def ends_here(self, index: int, expected: str) -> None:
        """Two or more blank lines at ``index`` followed by a header: the next article
        starts there, and this header is cut short (the body reader sees the same)."""
        lines = self.lines
        run = lines.blank_run(index)
        after = index + run
        if (
            run >= 2
            and lines.visible(after)
            and has_header_marks(lines, after)
            and not self.continues(after)
        ):
            self.findings.append(HEADER_CUT_SHORT.at(lines.start(index), expected=expected))
            raise CutOff

    def continues(self, index: int) -> bool:
        """Blank lines too many inside a header are one finding, not the header cut short
        by the next article, where what follows them is this header's: before its caption,
        the caption written twice and ``TT``; after ``TT``, its headline again with no
        ``TT`` after that one's caption (a next article's caption has ``TT`` after it)."""
        lines = self.lines
        if self.copies is None:
            return written_twice_before_tt(lines, index)
        if lines.key(index) != lines.key(self.headline):
            return False
        return not written_twice_before_tt(lines, index + 1 + lines.blank_run(index + 1))

    # -------------------------------------------------------- reading

    def read(self) -> Header:
        """The header, part after part of ``HEADER_PARTS``."""
        # A file that ends inside a header has no marks yet: its parts are read as far
        # as they go (E208 where it ends), so what is there is kept as what it is.
        marked = has_header_marks(self.lines, self.headline)
        try:
            if not marked and not ends_in_a_header(self.lines, self.headline):
                self.no_header()
                return self.header(complete=False, marked=False, other_layout=True)
            index = self.headline
            for part in HEADER_PARTS:
                index = part.read(self, index)
        except CutOff:
            return self.header(complete=False, marked=marked)
        return self.header(complete=True, marked=marked)

    def header(self, *, complete: bool, marked: bool, other_layout: bool = False) -> Header:
        caption, indents = "", ("", "")
        if self.copies is not None:
            (indent_1, caption), (indent_2, _) = map(_split_indent, self.copies)
            indents = (indent_1, indent_2)
        headline = self.lines.raw[self.headline]
        standfirst = self.found_standfirst
        return Header(
            headline, standfirst, caption, indents, self.last, complete, other_layout, marked
        )

    # -------------------------------------------------------- the parts, as the table has them

    def read_headline(self, index: int) -> int:
        """The headline is where the reader starts; its marks are checked before."""
        return index + 1

    def read_blank_after_headline(self, index: int) -> int:
        index = self.blank_lines(index, BLANK_AFTER_HEADLINE, "the caption")
        self.need(index, "the caption")
        return index

    def read_standfirst(self, index: int) -> int:
        self.found_standfirst, index = self.standfirst(index)
        return index

    def read_caption_pair(self, index: int) -> int:
        self.copies, index = self.caption_pair(index)
        return index

    def read_tt(self, index: int) -> int:
        index, self.reported = self.tt(index)
        return index

    def read_repeat(self, index: int) -> int:
        assert self.copies is not None  # read by the part before
        self.repeat(index, self.copies, self.reported)
        return index

    # -------------------------------------------------------- how each part is read

    def no_header(self) -> None:
        """A first line with none of the header's marks, and more after it than a header
        cut off could hold: a page that kept only its body."""
        lines = self.lines
        after = self.headline + 1 + lines.blank_run(self.headline + 1)
        self.need(after, "a blank line and the caption")
        self.report(NO_HEADER, self.headline, span=True, found=found(lines.line(self.headline)))

    def standfirst(self, index: int) -> tuple[str | None, int]:
        """standfirst = text line , BLANK ;  (optional: told apart by what follows it)"""
        lines = self.lines
        run = lines.blank_run(index + 1)
        after = index + 1 + run
        glued = run == 0 and self.pair(index + 1) and not self.pair(index)
        spaced = run > 0 and (
            self.pair(after) or (self.is_tt(after + 1) and not lines.blank(after))
        )
        if not (glued or spaced) or self.pair(index):
            return None, index
        self.last = index
        caption = self.blank_lines(index + 1, HEADER_BLANK_LINES, "the caption", after="standfirst")
        return lines.raw[index], caption

    def caption_pair(self, index: int) -> tuple[tuple[str, str], int]:
        """caption pair = caption line , caption line ;  (the same text; indents may differ)

        The two copies as they should be, and the index of the line after them."""
        lines = self.lines
        self.last = index
        if self.pair(index):
            self.last = index + 1
            return (lines.raw[index], lines.raw[index + 1]), index + 2
        self.copies = (lines.raw[index], lines.raw[index])  # all there is, if the file ends
        self.need(index + 1, "the caption line repeated on the next line")
        if self.is_tt(index + 1) or lines.blank(index + 1):
            copies = self.copies_of(index)
            at = index if lines.raw[index] != copies[0] else index + 1
            missing = copies[0] if at == index else copies[1]
            self.report(
                CAPTION_NOT_REPEATED,
                at,
                edits=self.insert(at, missing),
                found=found(lines.line(at)),
            )
            return copies, index + 1
        self.cut_off_at(index + 1, "the caption line repeated on the next line")
        self.report(CAPTION_COPIES_DIFFER, index + 1, span=True)
        self.copies_differ = True
        self.last = index + 1
        return (lines.raw[index], lines.raw[index + 1]), index + 2

    def copies_of(self, index: int) -> tuple[str, str]:
        """The two copies of the caption written once at ``index``: as the repeat block
        has them where there is one (so that their indents are right), else the same line
        twice."""
        lines = self.lines
        caption = lines.caption_key(index)
        for later in range(index + 1, index + 8):
            if self.pair(later) and lines.caption_key(later) == caption:
                first, second = lines.raw[later], lines.raw[later + 1]
                if lines.raw[index] in (first, second):
                    return first, second
        return lines.raw[index], lines.raw[index]

    def tt(self, index: int) -> tuple[int, bool]:
        """ "TT" , BLANK ;  Where the blank lines after TT start, and whether a missing blank
        line there was reported already. Those blank lines are judged with what follows
        them (``repeat``): before a body, they are the body's."""
        lines = self.lines
        self.need(index, "the TT marker")
        if self.is_tt(index):
            self.last = index
            return self.after_tt(index + 1)
        if lines.blank(index):
            self.ends_here(index, "the TT marker")
            self.report(MISSING_TT, index, edits=self.insert(index, TT), found=found(""))
            return index, False
        if lines.key(index) == lines.key(self.headline):
            edits = self.insert(index, TT, "")
            self.report(MISSING_TT, index, edits=edits, found=found(lines.raw[index]))
            return index, True
        self.report(MISSING_TT, index, span=True, found=found(lines.raw[index]))
        self.last = index  # the line stands where TT should
        return index + 1, False

    def after_tt(self, index: int) -> tuple[int, bool]:
        lines = self.lines
        self.need(index, "a blank line after the TT marker")
        if lines.blank(index):
            return index, False
        stray = lines.raw[index]
        if lines.key(index) == lines.key(self.headline):
            self.report(STRAY_AFTER_TT, index, edits=self.insert(index, ""), found=found(stray))
            return index, True
        if lines.blank(index + 1):
            # A stray line (a number such as "20") between TT and its blank line.
            edits = self.delete(index, index + 1)
            self.report(STRAY_AFTER_TT, index, span=True, edits=edits, found=found(stray))
            self.last = index
            return index + 1, False
        self.report(STRAY_AFTER_TT, index, span=True, found=found(stray))
        return index, True

    def repeat(self, index: int, copies: tuple[str, str], reported: bool) -> None:
        """BLANK , headline , BLANK , caption line , caption line ;  (copies of the first
        block) ``index``: where the blank lines after TT start; ``reported``: a missing
        one was reported already."""
        lines = self.lines
        headline = lines.raw[self.headline]
        self.ends_here(index, _REPEAT)
        start = index + lines.blank_run(index)
        self.need(start, _REPEAT)
        caption = caption_key(copies[0])
        if lines.key(start) == lines.key(self.headline):
            self.blank_before(index, start, reported)
            self.last = start
            index = self.blank_lines(
                start + 1, HEADER_BLANK_LINES, _REPEAT_CAPTION, after="repeated headline"
            )
        elif lines.blank(start + 1) and lines.caption_key(start + 2) == caption:
            self.cut_off_at(start, _REPEAT)
            self.blank_before(index, start, reported)
            edits = self.replace(start, headline)
            self.report(
                REPEAT_HEADLINE_DIFFERS, start, span=True, edits=edits, expected=repr(headline)
            )
            self.last = start
            index = start + 2
        elif lines.caption_key(start) == caption:
            self.blank_before(index, start, reported)
            self.report(
                MISSING_REPEAT,
                start,
                edits=self.insert(start, headline, ""),
                expected="the headline",
                found=found(lines.line(start)),
            )
            index = start
        else:
            # No repeat block: the body starts here, and the blank lines before it are
            # the body's to judge (E302), not the header's.
            self.cut_off_at(start, _REPEAT)
            self.report(
                MISSING_REPEAT,
                start,
                edits=self.insert(start, headline, "", *copies, ""),
                expected="the headline and caption lines",
                found=found(lines.line(start)),
            )
            return
        self.repeat_captions(index, copies, caption)

    def blank_before(self, index: int, start: int, reported: bool) -> None:
        """One blank line from ``index`` to the repeated headline at ``start``."""
        if not reported and start - index != 1:
            self.blank_lines(index, HEADER_BLANK_LINES, _REPEAT, after="TT marker")

    def repeat_captions(self, index: int, copies: tuple[str, str], caption: str) -> None:
        """caption line , caption line ;  (both copies of the first block, byte for byte)"""
        lines = self.lines
        self.need(index, "the caption repeated after the headline")
        matches = [lines.caption_key(at) == caption for at in (index, index + 1)]
        two = lines.line(index + 1) is not None and not lines.blank(index + 1)
        if two and (any(matches) or self.pair(index)):
            self.last = index + 1
            either = {key(copy) for copy in copies} if self.copies_differ else set()
            for at, copy in zip((index, index + 1), copies, strict=True):
                if lines.key(at) != key(copy) and lines.key(at) not in either:
                    self.cut_off_at(at, "the caption repeated after the headline")
                    self.report(
                        REPEAT_CAPTION_DIFFERS,
                        at,
                        span=True,
                        edits=self.replace(at, copy),
                        expected=repr(copy),
                    )
            return
        if matches[0]:
            self.last = index
            self.need(index + 1, "the second caption line repeated")
            if lines.key(index) == key(copies[1]) != key(copies[0]):
                at, copy, expected = index, copies[0], "the first caption line"
            else:
                at, copy, expected = index + 1, copies[1], "the second caption line"
            self.report(
                MISSING_REPEAT,
                at,
                edits=self.insert(at, copy),
                expected=expected,
                found=found(lines.line(at)),
            )
            return
        self.cut_off_at(index, "the caption repeated after the headline")
        self.report(
            MISSING_REPEAT,
            index,
            edits=self.insert(index, *copies, ""),
            expected="the caption lines",
            found=found(lines.line(index)),
        )


class HeaderPart(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """One part of the header: its name, its rule in EBNF, the regular expression the fast
    path matches it with (its line ends included), and the reader's step that reads it
    from a line's index and gives the index after it."""

    name: str
    rule: str
    pattern: str
    read: Callable[[_Reader, int], int]


HEADER_PARTS: tuple[HeaderPart, ...] = (
    HeaderPart("headline", "headline", rf"(?P<headline>{TEXT_LINE})", _Reader.read_headline),
    HeaderPart("blank line", "BLANK", r"\n\n", _Reader.read_blank_after_headline),
    HeaderPart(
        "standfirst",
        "[ standfirst , BLANK ]",
        rf"(?:(?P<standfirst>{TEXT_LINE})\n\n)?",
        _Reader.read_standfirst,
    ),
    HeaderPart(
        "caption pair",
        "caption line , caption line (* the same caption; indents may differ *)",
        rf"(?P<indent_1>{INDENT})(?P<caption>{TEXT_LINE})\n(?P<indent_2>{INDENT})(?P=caption)\n",
        _Reader.read_caption_pair,
    ),
    HeaderPart("TT", f'"{TT}" , BLANK', rf"{TT}\n\n", _Reader.read_tt),
    HeaderPart(
        "repeat",
        "headline , BLANK , caption line , caption line (* the first block's, byte for byte *)",
        r"(?P=headline)\n\n(?P=indent_1)(?P=caption)\n(?P=indent_2)(?P=caption)(?=\n|\Z)",
        _Reader.read_repeat,
    ),
)
"""The header, in order: the fast path's regular expression and the reader are made from
these rows, and so is the header's EBNF in grammars/."""

HEADER_PATTERN = "".join(part.pattern for part in HEADER_PARTS)
"""The whole header in one regular expression (the fast path's header)."""

HEADER_EBNF = "header = " + " ,\n         ".join(part.rule for part in HEADER_PARTS) + " ;"


def read_header(lines: Lines, start: int, findings: Findings) -> Header:
    """Read the header whose headline is line ``start``, adding a finding, with its fix
    where there is one, for each thing that is not as the layout has it."""
    if not lines.controls:
        # A header as the fast path has it has nothing to report: read it in one match
        # (most headers of a file that strays elsewhere), not part by part.
        match = _whole_header().match(lines.text, lines.start(start))
        if match is not None:
            return news_header(match)._replace(last=start + match.group().count("\n"))
    return _Reader(lines, start, findings).read()


class Fields(Protocol):
    """A header's groups by name: a match, or the reader's lines for a match of keys."""

    def __getitem__(self, name: str, /) -> Any: ...


def news_header(match: Fields) -> Header:
    """The fields of a news article's header, from a match of HEADER_PATTERN."""
    indents = (match["indent_1"], match["indent_2"])
    return Header(match["headline"], match["standfirst"], match["caption"], indents)


@functools.cache
def _whole_header() -> re.Pattern[str]:
    # The set of line characters written as ONCE_A_FILE_CHAR: as fast to compile as a
    # hook's process needs, for a pattern matched once an article.
    pattern = HEADER_PATTERN.replace(TEXT_LINE, ONCE_A_FILE_LINE)
    return re.compile(rf"{pattern}(?=\n|\Z)")
