"""The reader: any text to articles and findings, every byte kept, each defect found once.

Every text the fast path (``_grammar``) refuses comes here, strict or lenient: a strict
parse raises this reader's first error, ``validate`` reports all it finds, and ``fix``
applies the edits its findings carry. So the three agree by construction.

    document = [ preamble ] , article , { separator , article } , { BLANK } ;
    article  = header , body ;                    (* the header: see _header.py *)
    body     = block , { BLANK , block } ;        (* one blank line before each block *)
    separator = BLANK , BLANK , { BLANK } ;       (* only before a line with a header's marks *)

It reads lines, front to back, with a cursor. Recovery:

- after a header it cannot read it goes on with the body, so one defect is one finding;
- two or more blank lines end an article only where what follows carries a header's marks
  (a caption written twice, ``TT``); else they are blank lines inside a body (E302);
- a headline with no header marks at all is a page in another layout: one finding (E211),
  its body read, and from then on every run of blank lines starts an article.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import attrs

from newsdump._blocks import Block, Unparsed, blocks_of_lines, read_blocks
from newsdump._diagnostics import (
    BLANK_LINES_IN_BODY,
    BROKEN_TEMPLATE_HEADER,
    EMPTY_FILE,
    GLUED_BLOCKS,
    HEADER_AFTER_ONE_BLANK,
    MISSING_HEADLINE,
    NO_BODY,
    OTHER_SITE,
    WHITE_SPACE_LINE,
    Edit,
    Finding,
    found,
)
from newsdump._findings import Findings
from newsdump._header import Header, article_of, read_header
from newsdump._header_marks import (
    ends_in_a_header,
    has_header_marks,
    written_twice_before_tt,
)
from newsdump._lines import Lines
from newsdump._model import Article, ArticleLayout
from newsdump._pages import (
    Template,
    announced_template,
    other_site,
    other_template,
    page_header,
)

__all__ = ["Read", "read"]


class Read(NamedTuple):
    preamble: str
    articles: list[Article]
    findings: list[Finding]
    headers: int = 0  # articles whose headline has a header's marks after it
    controls: bool = True  # the text holds a control character (False: none to look for)
    lines: list[str] | None = None  # the text split at its line ends, for the text's checks


def read(text: str, *, max_gaps: int | None) -> Read:
    """Articles and findings from a line-end normalised text (LF, no byte-order mark);
    ``max_gaps``: see MAX_IRREGULAR_GAPS (None: no bound)."""
    lines = Lines(text)
    findings = Findings(text)
    first = next((index for index in range(lines.last + 1) if lines.visible(index)), None)
    if first is None:
        if lines.last < 0:
            findings.append(EMPTY_FILE.at(0))
        else:
            line = next(index for index in range(lines.last + 1) if lines.raw[index])
            findings.append(MISSING_HEADLINE.at(lines.start(line), found=found(lines.raw[line])))
        return Read(text.rstrip("\n"), [], findings.done(), controls=lines.controls)
    page = other_site(lines, first)
    if page is not None:
        # One finding, and the text kept whole as the preamble: nothing in it is read.
        findings.append(OTHER_SITE.at(lines.start(first), lines.end(first), what=page.what))
        return Read(text.rstrip("\n"), [], findings.done(), controls=lines.controls)
    if first:
        findings.append(_preamble(lines, first))
    articles = []
    start, blank_before = first, 2
    irregular = _Irregular(max_gaps)
    headers = 0
    while True:
        header = other_template(lines, start) if start == first else None
        if header is not None:
            headers += 1
        elif start == first and (announced := announced_template(lines, start)):
            header = _broken_template(lines, start, announced, findings)
        else:
            header = read_header(lines, start, findings)
            headers += header.marked
        if header.other_layout:
            # No header at all: a page that kept only its body, read as its body.
            header = header._replace(headline=None, last=start - 1)
        body = _Body(irregular, after=header.last)
        next_article = _read_body(lines, header, body, findings)
        articles.append(
            _article(lines, start, header, body, blank_before=blank_before, findings=findings)
        )
        if next_article is None:
            break
        start, blank_before = next_article
    preamble = text[: lines.start(first)]
    return Read(
        preamble, articles, findings.done(), headers, controls=lines.controls, lines=lines.raw
    )


def _broken_template(lines: Lines, start: int, template: Template, findings: Findings) -> Header:
    """A page that starts as ``template`` does and breaks its header: one finding (E214),
    and the page read as its body."""
    shape = " ".join(template.rule.split("=", 1)[1].split()).rstrip(" ;").replace(" ,", ",")
    findings.append(
        BROKEN_TEMPLATE_HEADER.at(
            lines.start(start), lines.end(start), what=template.announced_as, shape=shape
        )
    )
    return Header(
        None, None, "", ("", ""), start - 1, complete=False, other_layout=True, marked=False
    )


def _preamble(lines: Lines, first: int) -> Finding:
    """Text before the first headline; deleting it is safe when it holds no text."""
    blank = all(not lines.raw[index].strip() for index in range(first))
    edits = (Edit(0, lines.start(first)),) if blank else ()
    return MISSING_HEADLINE.at(0, lines.start(first), edits=edits, found=found(lines.raw[0]))


MAX_IRREGULAR_GAPS = 100_000
"""The most blocks of a document the model records a gap for (not one blank line before
them). Past it, a line that would need another joins the block before it, kept as one
``Unparsed`` block of several lines: every byte is kept, and memory stays a small
multiple of the text (2.5 million glued one-letter lines would cost 440 MB as blocks
and gaps). Its findings are made all the same."""


class _Irregular:
    """How many more gaps the model may record in this document."""

    def __init__(self, most: int | None) -> None:
        self.left = math.inf if most is None else most


class _Body:
    """The lines of an article's body: the first line of each block, and the last of a
    block of several (see MAX_IRREGULAR_GAPS)."""

    def __init__(self, irregular: _Irregular, after: int) -> None:
        self.firsts: list[int] = []
        self.lasts: dict[int, int] = {}  # first line -> last line, for blocks of several
        self._irregular = irregular
        self._last = after  # the last line of the last block (or of the header)
        # Every line so far a line of text one blank line after the one before, in a text
        # with no control characters: the blocks can be built as the fast path builds them.
        self.plain = True

    def add(self, index: int) -> None:
        """Line ``index``, a block's line (the next block, or the last one's next line)."""
        if index - self._last != 2:  # not one blank line before it
            if self.firsts and self._irregular.left <= 0:
                self.lasts[self.firsts[-1]] = self._last = index
                return
            self._irregular.left -= 1
        self.firsts.append(index)
        self._last = index

    def add_run(self, first: int, count: int) -> None:
        """``count`` lines from ``first``, each one blank line after the one before."""
        self.firsts.extend(range(first, first + 2 * count, 2))
        self._last = first + 2 * (count - 1)

    def last_of(self, first: int) -> int:
        return self.lasts.get(first, first)


def _read_body(
    lines: Lines, header: Header, body: _Body, findings: Findings
) -> tuple[int, int] | None:
    """Reads the body's lines into ``body``; returns where the next article starts with
    the blank lines before it (None at the end of the file).

    Every line that is not empty is a block in the model, a line of control characters
    too (an ``Unparsed`` block, so that no byte is lost); to the layout such a line is
    blank, and it is reported on its own (E103).
    """
    previous = header.last  # the last line the layout sees
    plain = not lines.controls
    index = header.last + 1
    while index <= lines.last:
        if plain and index - previous == 1 and previous >= 0:
            # Most lines: text from the first column one blank line after the block
            # before, in a text with no control characters. Nothing to check (the
            # general case finds nothing for such a line): a run of them is found by one
            # match, and only counted.
            run = lines.plain_run(previous)
            if run >= 2 and written_twice_before_tt(lines, previous + 2 * run):
                # The run's last line is a caption written twice, with TT: the line two
                # before it is a header's headline, one blank line after the block before.
                if run > 2:
                    body.add_run(previous + 2, run - 2)
                previous = _header_in_body(lines, previous + 2 * (run - 1), body, findings)
                index = previous + 1
                continue
            if run:
                body.add_run(previous + 2, run)
                previous += 2 * run
                index = previous + 1
                continue
        if not lines.raw[index]:
            pass
        elif lines.blank(index):
            body.plain = False
            body.add(index)
        else:
            run = index - previous - 1
            # A story cut off in its header counts only after a block: before one, the
            # lines are this article's body.
            if run >= 2 and _starts_article(
                lines, previous, index, bool(body.firsts) and ends_in_a_header(lines, index)
            ):
                return (index, run)
            if run == 1 and _header_after(lines, index):
                previous = _header_in_body(lines, index, body, findings)
                index = previous + 1
                continue
            # After a header that could not be read, the gap before the first block is
            # that header's finding already; a body-only page's gaps are its one
            # finding's (E211).
            gap = (header.complete or bool(body.firsts)) and header.headline is not None
            _check_gap(lines, previous, index, run, findings, gap=gap)
            body.plain = False
            body.add(index)
            previous = index
        index += 1
    return None


def _header_after(lines: Lines, index: int) -> bool:
    """Line ``index`` is a headline with a header's marks written whole after it: one
    blank line, the caption twice, TT."""
    return lines.blank_run(index + 1) == 1 and written_twice_before_tt(lines, index + 2)


def _header_in_body(lines: Lines, index: int, body: _Body, findings: Findings) -> int:
    """A header at ``index`` after one blank line (E305, with the fix that adds a second):
    its lines are the body's blocks as they stand, with no finding of their own (a header
    written whole is not blocks glued). Its last line."""
    last = read_header(lines, index, Findings(lines.text)).last
    at = lines.start(index)
    findings.append(HEADER_AFTER_ONE_BLANK.at(at, lines.end(index), edits=(Edit(at, at, "\n"),)))
    for line in range(index, last + 1):
        if lines.raw[line]:
            body.add(line)
    body.plain = False
    return last


def _starts_article(lines: Lines, previous: int, index: int, any_headline: bool) -> bool:
    """Whether the blank lines before ``index`` separate articles: they are blank (no
    line of control characters among them) and a headline follows, with a header's
    marks unless ``any_headline`` (a story cut off)."""
    if not lines.visible(index) or any(lines.raw[at] for at in range(previous + 1, index)):
        return False
    return any_headline or has_header_marks(lines, index)


def _check_gap(
    lines: Lines, previous: int, index: int, run: int, findings: Findings, *, gap: bool
) -> None:
    """One blank line before each block (with ``gap``): else E301 or E302, with the fix;
    a line that starts with white space is E303 (and not also a gap finding)."""
    if not lines.visible(index):
        findings.append(_white_space_line(lines, index))
        return
    if not gap or not lines.visible(previous):
        return
    if run == 0:
        at = lines.start(index)
        findings.append(
            GLUED_BLOCKS.at(
                at,
                lines.end(index),
                edits=(Edit(at, at, "\n"),),
                previous=found(lines.raw[previous]),
            )
        )
    elif run > 1:
        removable = all(not lines.raw[at] for at in range(previous + 2, index))
        edits = (Edit(lines.start(previous + 2), lines.start(index)),) if removable else ()
        findings.append(
            BLANK_LINES_IN_BODY.at(
                lines.start(previous + 2), lines.start(index), edits=edits, count=run
            )
        )


def _white_space_line(lines: Lines, index: int) -> Finding:
    """E303 for a body line that does not start with text, with the fix that removes
    what stands before its text (white space, a stray byte-order mark)."""
    raw, readable = lines.raw[index], lines.readable(index)
    if not readable.strip():
        what = "holds only white space"
    elif readable.lstrip()[:1] == "\ufeff":
        what = "starts with a stray byte-order mark (U+FEFF)"
    else:
        what = "starts with white space"
    start = lines.start(index)
    lead = len(raw) - len(raw.lstrip().lstrip("\ufeff").lstrip())
    edits = (Edit(start, start + lead),) if lead else ()
    if lead == len(raw) and (lines.blank(index - 1) or lines.blank(index + 1)):
        # Beside a blank line, a line made empty would lengthen a run of blank lines (and
        # two or more before a last line read as a story cut off): the line goes whole.
        edits = (Edit(start, lines.start(index + 1)),)
    return WHITE_SPACE_LINE.at(start, lines.end(index), edits=edits, what=what)


def _article(
    lines: Lines,
    start: int,
    header: Header,
    lines_of: _Body,
    *,
    blank_before: int,
    findings: Findings,
) -> Article:
    body = lines_of.firsts
    span = range(body[0], lines_of.last_of(body[-1]) + 1) if body else range(0)
    if header.complete and all(lines.blank(index) for index in span):
        # No block the layout sees (a line of control characters is blank to it).
        findings.append(NO_BODY.at(lines.end(header.last)))
    blocks, gaps = _blocks(lines, header, lines_of) if body else ((), ())
    assert blocks or header.headline is not None, "a body-only page starts at a block"
    layout = ArticleLayout(
        caption_indents=header.caption_indents, blank_lines_before=blank_before, gaps=gaps
    )
    article = article_of(header, line=start + 1, layout=layout, body=blocks)
    if header.headline is None:
        return article
    header_text = lines.text[lines.start(start) : lines.end(header.last)]
    if page_header(article) != header_text:
        article = attrs.evolve(article, layout=attrs.evolve(article.layout, header=header_text))
    return article


def _blocks(
    lines: Lines, header: Header, lines_of: _Body
) -> tuple[tuple[Block, ...], tuple[tuple[int, int], ...]]:
    """The blocks of an article's body lines, and its gaps (blocks after other than one
    blank line, with how many)."""
    body, raw = lines_of.firsts, lines.raw
    if lines_of.plain and header.headline is not None:
        # As the fast path reads a body: one blank line before each block, no gap; so
        # the body's lines are every second line.
        return blocks_of_lines(raw[body[0] : body[-1] + 1 : 2], body[0] + 1), ()
    blocks = read_blocks((raw[index], lines.readable(index), index + 1) for index in body)
    for number, first in enumerate(body):
        if first in lines_of.lasts:
            several = lines.text[lines.start(first) : lines.end(lines_of.lasts[first])]
            blocks[number] = Unparsed(several, line=first + 1)
    # A body-only page's first block has no blank line before it, and no gap for that.
    top = header.last if header.headline is not None else body[0] - 2
    before = [top, *(lines_of.last_of(first) for first in body[:-1])]
    gaps = tuple(
        (number, index - previous - 1)
        for number, (previous, index) in enumerate(zip(before, body, strict=True))
        if index - previous - 1 != 1
    )
    return tuple(blocks), gaps
