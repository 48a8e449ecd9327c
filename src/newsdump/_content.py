"""Checks on what a document's blocks say, once it is read: a last sentence cut off, and
an interview's questions written without their ``*``.

These judge blocks in their article, not lines alone, so they run on the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdump._blocks import (
    Block,
    Paragraph,
    Question,
    Subheading,
    Unparsed,
    read_blocks,
    sentence_ends,
)
from newsdump._diagnostics import CUT_OFF_SENTENCE, QUESTION_WITHOUT_STAR, Edit, Finding
from newsdump._lines import CONTROL
from newsdump._model import TRAILING_SPACE, Article, Document

__all__ = ["content_findings"]


def content_findings(text: str, doc: Document) -> list[Finding]:
    """What the blocks of ``doc``, read from the line-end normalised ``text``, say that a
    scraper should look at."""
    return [*_unmarked_questions(text, doc), *_cut_off(text, doc)]


def _cut_off(text: str, doc: Document) -> list[Finding]:
    """A warning when the file's last block is prose with no final punctuation."""
    if not doc.articles or not doc.articles[-1].body:
        return []
    last = doc.articles[-1].body[-1]
    if isinstance(last, Unparsed) and "\n" in last.text:
        # Lines joined into one block past MAX_IRREGULAR_GAPS: the last of them is judged
        # as the block it would be below the bound, so the findings stay the same.
        line = last.text.rsplit("\n", 1)[-1]
        (last,) = read_blocks([(line, CONTROL.sub("", line), last.line or 1)])
    # Judged as the layout is, without control characters (reported on their own).
    if not isinstance(last, Paragraph | Subheading) or sentence_ends(CONTROL.sub("", last.text)):
        return []
    end = len(text.rstrip("\n"))
    return [CUT_OFF_SENTENCE.at(end)]


# ---------------------------------------------------------------- unmarked questions

# An article is an interview when at least this many of its questions carry their `*`,
# or when its headline, standfirst or first paragraph says it is one.
_MARKED_QUESTIONS = 2
_QUOTES = frozenset('"\u201c\u201d')
_DASH = "- "


def _unmarked_questions(text: str, doc: Document) -> Iterator[Finding]:
    """W301 for each paragraph of an interview that is the interviewer's question written
    without its ``*``: as ``- Question?``, or as a bare paragraph ending in ``?`` that
    stands between two answers. (``Q:`` lines are found on the text: ``_checks``.)

    A question mark alone would flag the rhetorical questions of prose, so a bare
    paragraph is flagged only where an interviewer's question stands: in an interview,
    not quoting anyone (no quotation marks in it), after an answer that is not the
    first paragraph after a question, and before a paragraph that is no question."""
    if "?" not in text:
        return
    starts: _LineStarts | None = None
    for article in doc.articles:
        if not _is_interview(article):
            continue
        for block, marker in _questions_in(article.body):
            starts = starts or _LineStarts(text)
            start = starts.offset(block.line or 1)
            yield QUESTION_WITHOUT_STAR.at(
                start,
                start + (len(marker) or len(block.text)),
                edits=(Edit(start, start + len(marker), "*"),),
                how=f"a question written with {_DASH!r}"
                if marker
                else "an interviewer's question written with no marker",
            )


def _is_interview(article: Article) -> bool:
    marked = 0
    for block in article.body:
        marked += isinstance(block, Question)
        if marked >= _MARKED_QUESTIONS:
            return True
    first = next((block.text for block in article.body if isinstance(block, Paragraph)), "")
    said = " ".join(filter(None, (article.headline, article.standfirst, first)))
    return "interview" in said.lower()


def _questions_in(body: tuple[Block, ...]) -> Iterator[tuple[Paragraph, str]]:
    """Each paragraph that reads as an unmarked question, with the marker written for
    ``*`` (``"- "``, or ``""`` for none)."""
    for index in range(1, len(body) - 1):
        block = body[index]
        if not isinstance(block, Paragraph) or not _asks(block.text):
            continue
        before, after = body[index - 1], body[index + 1]
        if isinstance(before, Question) or not _answers(after):
            continue
        if block.text.startswith(_DASH):
            rest = block.text[len(_DASH) :]
            yield block, block.text[: len(block.text) - len(rest.lstrip(" "))]
        elif isinstance(before, Paragraph) and not (
            index >= 2 and isinstance(body[index - 2], Question)
        ):
            yield block, ""


def _asks(text: str) -> bool:
    """A question of its own: ends in ``?``, quotes no one, and is neither ``Q:`` (a
    finding of the text's) nor marked ``*`` behind a control character (E103's)."""
    if not text.rstrip(TRAILING_SPACE).endswith("?") or _QUOTES.intersection(text):
        return False
    said = CONTROL.sub("", text) if CONTROL.search(text) else text
    return not said.startswith(("Q:", "*"))


def _answers(block: Block) -> bool:
    return isinstance(block, Paragraph) and not _asks(block.text)


class _LineStarts:
    """The offset of a line of the text by its number, counted on from the last asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line = 1
        self.at = 0

    def offset(self, line: int) -> int:
        if line < self.line:
            self.line, self.at = 1, 0
        while self.line < line:
            self.at = self.text.index("\n", self.at) + 1
            self.line += 1
        return self.at
