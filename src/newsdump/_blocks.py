"""Body blocks: their classes, and the one table that says how a line becomes each.

To add a kind of block: write its class here, give it a row in ``BLOCK_KINDS`` and add it
to the ``Block`` union below the table. The grammar's classification, the renderer, the
JSON tags, the JSON Schema and the grammar documents are all made from the table.
"""

from __future__ import annotations

import collections
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, NamedTuple, TypeAlias, get_args

import attrs

from newsdump._credits import find_credit

__all__ = [
    "BLOCK_CLASSES",
    "BLOCK_KINDS",
    "FIRST_CHAR",
    "LINE_CHAR",
    "ONCE_A_FILE_CHAR",
    "ONCE_A_FILE_LINE",
    "SENTENCE_END",
    "TEXT_LINE",
    "VISIBLE_FIRST",
    "Block",
    "BlockKind",
    "Bullet",
    "ListItem",
    "Note",
    "Paragraph",
    "Photo",
    "Question",
    "Subheading",
    "Unparsed",
    "blocks_of",
    "blocks_of_lines",
    "body_length",
    "render_block",
    "sentence_ends",
]

# ---------------------------------------------------------------- the shapes of a line

# A character allowed inside a line: anything but a line end or a control character
# (tab is allowed; the validator reports it as a blemish), that is, printable ASCII,
# anything above ASCII, or a tab. Said as what is allowed, not as what is not
# (``[^\x00-\x08\n-\x1f\x7f]``, the same set): Python's re tests this set in half the
# time, and it is most of the time the grammar takes (tests/test_grammar.py holds the two
# to the same characters).
LINE_CHAR = r"[ -~\x80-\U0010ffff\t]"
# The same set said as what is not allowed: re compiles it in a thirtieth of the time
# (each LINE_CHAR costs milliseconds to compile: a hook's process pays it at start-up) and
# matches it in 1.7 times the time. For patterns matched once a file, not once a line.
ONCE_A_FILE_CHAR = r"[^\x00-\x08\n-\x1f\x7f]"
# The first character of a line of text: not white space, not a control character, not
# U+FEFF (at the start of a line it is a stray byte-order mark, and at the start of a file
# it could not be told from the file's own).
FIRST_CHAR = r"[^\s\x00-\x08\x0e-\x1b\x7f\ufeff]"
TEXT_LINE = rf"{FIRST_CHAR}{LINE_CHAR}*"
ONCE_A_FILE_LINE = rf"{FIRST_CHAR}{ONCE_A_FILE_CHAR}*"
SPACES = " \t\u00a0"
"""White space at the end of a line (W103), and before a caption copy: no part of the
rules below, so that removing it (a safe fix) never changes a block's kind; the
fingerprint leaves it out."""
SPACE = "[" + SPACES.replace("\t", r"\t").replace("\u00a0", r"\u00a0") + "]"
"""SPACES as a regular expression's class, written as a schema can show it."""
TRAILING = SPACE + "*"
# Sentence-final punctuation, possibly before closing quotes or brackets and trailing space.
SENTENCE_END = rf"[.?!\u2026:;][\"'\u201d\u2019\u00bb)\]]*{TRAILING}"
# A subheading is short; a longer line with no final punctuation is a paragraph.
SUBHEADING_MAX = 100
_END = r"(?=\n|\Z)"
_SENTENCE_ENDS = re.compile(SENTENCE_END + r"\Z")


def sentence_ends(text: str) -> bool:
    """Whether ``text`` ends a sentence (perhaps before a closing quote)."""
    return _SENTENCE_ENDS.search(text) is not None


# ---------------------------------------------------------------- the classes


def _credit_of(photo: Photo) -> str | None:
    return find_credit(photo.text)


def source_line(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    """The validator of a ``line``: none (built by hand), or a line number from 1."""
    if value is not None and (not isinstance(value, int) or value < 1):
        raise ValueError(f"'{attribute.name}' must be a line number from 1 or None: {value!r}")


@attrs.frozen
class _TextBlock:
    # What every block has: its text, and where it starts in the source (not part of
    # equality). attrs compares classes too: a Paragraph never equals a Subheading.
    kind: ClassVar[str]
    text: str
    # No validator: blocks are the hot path (a check here cost a tenth of a parse).
    # JSON is checked as it is read (``_json``); the readers number lines from 1.
    line: int | None = attrs.field(default=None, eq=False, kw_only=True, metadata={"minimum": 1})


@attrs.frozen
class Paragraph(_TextBlock):
    """A line of prose (also each answer line of an interview)."""

    kind: ClassVar[str] = "paragraph"


@attrs.frozen
class Subheading(_TextBlock):
    """A short line with no sentence-final punctuation that heads a section."""

    kind: ClassVar[str] = "subheading"


@attrs.frozen
class Bullet(_TextBlock):
    """One entry of a bulleted list, as a timeline writes it: a ``* `` line (star, then a
    space); ``text`` has no ``* ``. The unmarked paragraphs after it stay paragraphs."""

    kind: ClassVar[str] = "bullet"


@attrs.frozen
class Question(_TextBlock):
    """An interviewer's question: a ``*`` line followed by its answer; ``text`` has no ``*``."""

    kind: ClassVar[str] = "question"


@attrs.frozen
class Note(_TextBlock):
    """An editor's note: a ``*`` line with no answer after it; ``text`` has no ``*``."""

    kind: ClassVar[str] = "note"


@attrs.frozen
class ListItem(_TextBlock):
    """One item of a list: a ``+ `` line; ``text`` has no ``+ ``."""

    kind: ClassVar[str] = "list_item"


@attrs.frozen
class Photo(_TextBlock):
    """The caption of a photo inside the body, ending with its credit in parentheses."""

    kind: ClassVar[str] = "photo"
    credit: str | None = attrs.field(default=attrs.Factory(_credit_of, takes_self=True))


@attrs.frozen
class Unparsed(_TextBlock):
    """A line that lenient parsing could not read as any block, kept as it is.

    Only ``parse(text, strict=False)`` makes these; a diagnostic says what is wrong there.
    """

    kind: ClassVar[str] = "unparsed"


# ---------------------------------------------------------------- the table


class BlockKind(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
    """One row of the block table.

    ``marker``: what the line starts with before the block's text. ``pattern``: the whole
    line, marker included (``None``: no line of a valid file is this kind). ``test``: the
    same rule with string methods, for a line the grammar has already read as a line of
    text (no control characters, text from the first column): the fast path's, about
    three times as fast as the pattern, which runs to the end of each line and back.
    tests/test_grammar.py holds the two to the same answer on every such line.
    ``answers``: the block may answer a question. ``needs_answer``: the row applies only
    when the next block answers; otherwise the next row that matches does.
    """

    cls: type[Block]
    rule: str
    pattern: str | None
    test: Callable[[str], bool] | None = None
    marker: str = ""
    answers: bool = False
    needs_answer: bool = False

    @property
    def name(self) -> str:
        return self.cls.kind


# The rules as string tests (see BlockKind.test). Each reads the line without the white
# space TRAILING allows at its end.
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_FINAL = ".?!\u2026:;"
_NOT_BEFORE_CREDIT_END = ".?!\u2026:;,"


def _is_photo(line: str) -> bool:
    text = line
    if line[-1] != ")":  # most lines: no credit at the end (one look, not a strip)
        if line[-1] not in SPACES:
            return False
        text = line.rstrip(SPACES)
        if not text.endswith(")"):
            return False
    opening = text.rfind("(")
    credit = text[opening + 1 : -1]
    return (
        opening >= 1  # some text before the parenthesis
        and 1 <= len(credit) <= 60
        and ")" not in credit
        and credit[-1] not in _NOT_BEFORE_CREDIT_END
    )


def _is_paragraph(line: str) -> bool:
    text = line.rstrip(SPACES)
    if len(text) > SUBHEADING_MAX:
        return True
    ended = text.rstrip(_CLOSERS)
    return len(ended) >= 2 and ended[-1] in _FINAL


def _is_bullet(line: str) -> bool:
    return line.startswith("* ") and len(line) > 2 and not line[2].isspace() and line[2] != "\ufeff"


BLOCK_KINDS: tuple[BlockKind, ...] = (
    BlockKind(
        Bullet,
        'starts with "* " (star, a space), then text',
        rf"\* {FIRST_CHAR}{LINE_CHAR}*",
        _is_bullet,
        marker="* ",
        answers=True,
    ),
    BlockKind(
        Question,
        'starts with "*", and a paragraph or list item follows',
        rf"\*{LINE_CHAR}*",
        lambda line: line.startswith("*"),
        marker="*",
        needs_answer=True,
    ),
    BlockKind(
        Note,
        'starts with "*" (an editor\'s note)',
        rf"\*{LINE_CHAR}*",
        lambda line: line.startswith("*"),
        marker="*",
    ),
    BlockKind(
        ListItem,
        'starts with "+ "',
        rf"\+ {LINE_CHAR}*",
        lambda line: line.startswith("+ "),
        marker="+ ",
        answers=True,
    ),
    BlockKind(
        Photo,
        'ends with a credit in parentheses; not an aside like "(said so.)"',
        rf"{FIRST_CHAR}{LINE_CHAR}*\([^()\n]{{1,60}}(?<![.?!\u2026:;,])\){TRAILING}{_END}",
        _is_photo,
    ),
    BlockKind(
        Paragraph,
        "ends with . ? ! … : or ; perhaps before closing quotes or brackets; or is longer "
        f"than {SUBHEADING_MAX} characters",
        rf"{FIRST_CHAR}(?:{LINE_CHAR}*{SENTENCE_END}{_END}"
        rf"|{LINE_CHAR}{{{SUBHEADING_MAX},}}(?<!{SPACE}){TRAILING}{_END})",
        _is_paragraph,
        answers=True,
    ),
    BlockKind(
        Subheading,
        f"any other line of at most {SUBHEADING_MAX} characters",
        rf"{FIRST_CHAR}{LINE_CHAR}{{0,{SUBHEADING_MAX - 1}}}{TRAILING}{_END}",
        lambda line: len(line.rstrip(SPACES)) <= SUBHEADING_MAX,
    ),
    BlockKind(
        Unparsed,
        "a line no row above reads (lenient parsing only: it starts with white space)",
        None,
    ),
)
"""The block table, in order: a body line is the first kind whose pattern matches it."""

Block: TypeAlias = Paragraph | Subheading | Bullet | Question | Note | ListItem | Photo | Unparsed
"""One body block. Every block has ``text`` and a class attribute ``kind``."""

if set(get_args(Block)) != {row.cls for row in BLOCK_KINDS}:  # pragma: no cover
    raise TypeError("the Block union and BLOCK_KINDS must name the same classes")

BLOCK_CLASSES: dict[str, type[Block]] = {row.name: row.cls for row in BLOCK_KINDS}
"""Each kind's JSON tag and class."""

_MARKERS: dict[type, str] = {row.cls: row.marker for row in BLOCK_KINDS}
_MARKER_LENGTHS: dict[type, int] = {row.cls: len(row.marker) for row in BLOCK_KINDS}
_ROWS = tuple(row for row in BLOCK_KINDS if row.pattern is not None)
_UNPARSED = next(row for row in BLOCK_KINDS if row.pattern is None)
_TESTED = tuple(row for row in _ROWS if row.test is not None)
# The rows to ask, in the table's order, by a line's first character: a row with a
# marker only where the line can start with it.
_UNMARKED = tuple(row for row in _TESTED if not row.marker)
_ROWS_BY_FIRST = {
    row.marker[0]: tuple(other for other in _TESTED if other.marker[:1] in ("", row.marker[0]))
    for row in _TESTED
    if row.marker
}
# The same as (test, row) pairs: the hot path asks them without looking the test up.
_Tests = tuple[tuple[Callable[[str], bool], BlockKind], ...]
_UNMARKED_TESTS: _Tests = tuple((row.test, row) for row in _UNMARKED if row.test is not None)
_TESTS_BY_FIRST: dict[str, _Tests] = {
    first: tuple((row.test, row) for row in rows if row.test is not None)
    for first, rows in _ROWS_BY_FIRST.items()
}

# An unmarked line of two characters or more that ends in final punctuation: no photo
# (a credit ends in a parenthesis), and a paragraph. tests/test_grammar.py holds the
# shortcut to the table: each line's kind is the first row whose pattern it matches.
_PARAGRAPH = next(row for row in _UNMARKED if row.cls is Paragraph)
_FINAL_CHARACTERS = frozenset(_FINAL)
if [row.cls for row in _UNMARKED[: _UNMARKED.index(_PARAGRAPH)]] != [Photo]:  # pragma: no cover
    raise TypeError("the photo row alone may come before the paragraph row: see _PARAGRAPH")

# A line of text starts with a visible character; the rest of a readable line (control
# characters left out) is all LINE_CHAR: such a line is a TEXT_LINE, on which each row's
# string test answers as its pattern does (tests/test_grammar.py). So the reader asks
# the tests too, and the patterns, costly to compile, serve only the grammar and the docs.
VISIBLE_FIRST = re.compile(FIRST_CHAR)


def render_block(block: Block) -> str:
    """The line a block is written as: its text after its marker, if it has one."""
    return _MARKERS[type(block)] + block.text


def body_length(body: Sequence[Block]) -> int:
    """``sum(len(render_block(block)) for block in body)``, without writing the lines:
    texts and markers summed by C loops (the byte-accounting guard asks it of each body)."""
    texts = sum(map(len, map(_TEXT_OF, body)))
    return texts + sum(map(_MARKER_LENGTHS.__getitem__, map(type, body)))


_TEXT_OF = operator.attrgetter("text")


def _unanswered(row: BlockKind, line: str) -> BlockKind:
    """The row for a line whose row needs an answer and has none: the next that matches."""
    later = _ROWS[_ROWS.index(row) + 1 :]
    return next((other for other in later if _passes(other, line)), _UNPARSED)


def _passes(row: BlockKind, line: str) -> bool:
    assert row.test is not None  # every row with a pattern has its test
    return row.test(line)


def blocks_of(body: str, first_line: int) -> tuple[Block, ...]:
    """The blocks of a body the grammar matched: ``"\\n\\n" + line`` for each, the first
    block on ``first_line``, a block every second line. The grammar has read each line
    as a line of text, so the rows' string tests tell the kinds: it is the hot path."""
    lines = body.split("\n\n")
    del lines[0]
    return blocks_of_lines(lines, first_line)


def blocks_of_lines(lines: list[str], first_line: int) -> tuple[Block, ...]:
    """The blocks of body lines one blank line apart, each a line of text (see
    ``blocks_of``), the first on ``first_line``."""
    rows = list(map(_fast_row, lines))
    if any(map(_NEEDS_ANSWER, rows)):  # an interview's questions: rare
        last = len(rows) - 1
        for number, row in enumerate(rows):
            if row.needs_answer and (number == last or not rows[number + 1].answers):
                rows[number] = _unanswered(row, lines[number])
    texts = lines
    if any(map(_MARKER, rows)):
        texts = [line[len(row.marker) :] for row, line in zip(rows, lines, strict=True)]
    classes = list(map(_CLASS, rows))
    # Made by C loops, not by each class's __init__ (a Python call a block, the most
    # of this function's time: docs/speed.md): allocated, then their two slots set as
    # attrs' __init__ sets them. The classes so made have only those two (checked
    # below); a photo's credit is worked out from its text, so photos are made by their
    # class.
    blocks: list[Block] = list(map(object.__new__, classes))
    collections.deque(map(_SET_TEXT, blocks, texts), maxlen=0)
    numbers = range(first_line, first_line + 2 * len(lines), 2)
    collections.deque(map(_SET_LINE, blocks, numbers), maxlen=0)
    number = -1
    for _ in range(classes.count(Photo)):
        number = classes.index(Photo, number + 1)
        blocks[number] = Photo(texts[number], line=first_line + 2 * number)
    return tuple(blocks)


_NEEDS_ANSWER = operator.attrgetter("needs_answer")
_MARKER = operator.attrgetter("marker")
_CLASS = operator.attrgetter("cls")
_SET_TEXT = _TextBlock.__dict__["text"].__set__
_SET_LINE = _TextBlock.__dict__["line"].__set__


def _check_slots_suffice() -> None:
    """Refuse, at import, a block class that blocks_of_lines could not make by setting
    its text and line: one with another field, or anything attrs does on setting one."""
    for row in BLOCK_KINDS:
        fields = attrs.fields(row.cls)
        if row.cls is not Photo and (
            [field.name for field in fields] != ["text", "line"]
            or any(field.validator or field.converter or field.on_setattr for field in fields)
            or hasattr(row.cls, "__attrs_post_init__")
        ):  # pragma: no cover
            name = row.cls.__name__
            raise TypeError(f"{name} is more than a text and a line: see blocks_of_lines")


_check_slots_suffice()


def _fast_row(line: str) -> BlockKind:
    if line[-1:] in _FINAL_CHARACTERS and len(line) >= 2 and line[:1] not in _TESTS_BY_FIRST:
        # The commonest line, a sentence: its row without asking the tests (see _PARAGRAPH).
        return _PARAGRAPH
    # Only the rows a line's first character allows: a paragraph is asked two tests, not
    # six (a third of the time of a parse went to asking the marked rows).
    for test, row in _TESTS_BY_FIRST.get(line[:1], _UNMARKED_TESTS):
        if test(line):
            return row
    return _UNPARSED


def read_blocks(lines: Iterable[tuple[str, str, int]]) -> list[Block]:
    """Blocks for body lines read one at a time (the recovering reader), each given as
    its text, its ``readable`` form and its line number. A line is classified by its
    readable form (control characters left out: they are reported on their own), but a
    marker counts only where the line itself starts with it, so no byte is lost. One
    pass, a line's block built once the next line's kind is known."""
    blocks: list[Block] = []
    row: BlockKind | None = None  # the line before, waiting for the next
    text = shown = ""
    line = 0
    for next_text, next_shown, next_line in lines:
        following = _fast_row(next_shown) if VISIBLE_FIRST.match(next_shown) else _UNPARSED
        while following.marker and not next_text.startswith(following.marker):
            following = _next_row(following, next_shown)
        if row is not None:
            if row.needs_answer and not following.answers:
                row = _unanswered(row, shown)
            blocks.append(row.cls(text[len(row.marker) :], line=line))
        row, text, shown, line = following, next_text, next_shown, next_line
    if row is not None:
        if row.needs_answer:
            row = _unanswered(row, shown)
        blocks.append(row.cls(text[len(row.marker) :], line=line))
    return blocks


def _next_row(row: BlockKind, shown: str) -> BlockKind:
    later = _ROWS[_ROWS.index(row) + 1 :]
    return next((other for other in later if not other.marker and _passes(other, shown)), _UNPARSED)
