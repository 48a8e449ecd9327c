"""The typed model: what an article says, with the little that exact text needs kept apart.

Every class is a frozen attrs class: hashable, comparable, picklable, safe to share
between threads and processes. Source positions (``line``: where a block or article
starts, 1-based, ``None`` for one built by hand) are provenance, not content: they
are left out of equality, so a document built by hand equals the same document
parsed from text.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

from newsdump._blocks import (
    BLOCK_KINDS,
    SPACES,
    TRAILING,
    Block,
    Bullet,
    ListItem,
    Note,
    Paragraph,
    Photo,
    Question,
    Subheading,
    Unparsed,
    source_line,
)
from newsdump._credits import find_credit
from newsdump._diagnostics import OTHER_SITE, Diagnostic

if TYPE_CHECKING:
    import datetime

__all__ = [
    "CAPTION_INDENT",
    "SURROGATES",
    "Article",
    "ArticleLayout",
    "Block",
    "Bullet",
    "Byline",
    "Caption",
    "Document",
    "DocumentLayout",
    "ListItem",
    "Note",
    "PageType",
    "Paragraph",
    "Photo",
    "Question",
    "Subheading",
    "Turn",
    "Unparsed",
    "said",
]


@attrs.frozen
class Caption:
    """The lead photo's caption: ``text`` as a reader sees it, and its ``credit``.

    ``credit`` is found at the end of ``text`` when not given: ``"AP"`` for
    ``"Iraqi Foreign Minister Fuad Hussein (AP)"``; ``None`` where there is none.
    """

    text: str
    credit: str | None = attrs.field(
        default=attrs.Factory(lambda caption: find_credit(caption.text), takes_self=True)
    )


@attrs.frozen
class Byline:
    """An opinion column's author: ``name`` and the one-line ``bio`` printed under it."""

    name: str
    bio: str


PageType: TypeAlias = Literal["news", "opinion", "body-only"]
"""What a page is: a news article, an opinion column, or a page that kept only its body."""

OTHER_SITE_CODE = OTHER_SITE.code

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

DATELINE = (
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?P<day>[1-9]|[12][0-9]|3[01]) "
    rf"(?P<month>{'|'.join(_MONTHS)}), "
    r"(?P<year>[0-9]{4}) - (?P<hour>[01][0-9]|2[0-3]):(?P<minute>[0-5][0-9])"
)
"""The older template's date line, as the site prints it: ``Tuesday, 4 May, 2021 - 09:15``."""

_DATELINE = re.compile(DATELINE)


def published_of(dateline: str | None) -> datetime.datetime | None:
    """The date and time a date line prints (naive: the site prints no time zone); None
    when there is no date line or it is not a real date (30 February)."""
    # White space at the end of the line is layout (W103), not part of the date.
    match = None if dateline is None else _DATELINE.fullmatch(dateline.rstrip(TRAILING_SPACE))
    if match is None:
        return None
    import datetime  # noqa: PLC0415 -- only a page with a date line needs it

    try:
        return datetime.datetime(
            int(match["year"]),
            _MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
        )
    except ValueError:
        return None


Turn: TypeAlias = tuple[Question, tuple[Block, ...]]
"""An interview turn: a question and the blocks that answer it."""

TRAILING_SPACE = SPACES
"""What counts as white space at the end of a line (W103; the fingerprint leaves it out)."""

CAPTION_INDENT = TRAILING
"""The white space a caption copy may start with (the grammar reads the same)."""


def _encode_surrogates(error: UnicodeError) -> tuple[bytes, int]:
    """A byte that was not UTF-8 (``\\udc80``-``\\udcff``, as ``surrogateescape`` keeps it)
    as that byte; any other lone surrogate as its three-byte form (``surrogatepass``), so
    that every ``str`` a caller passes has a fingerprint."""
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start : error.end]
    encoded = b"".join(
        bytes([ord(char) - 0xDC00])
        if 0xDC80 <= ord(char) <= 0xDCFF
        else char.encode("utf-8", "surrogatepass")
        for char in text
    )
    return encoded, error.end


SURROGATES = "newsdump-surrogates"
codecs.register_error(SURROGATES, _encode_surrogates)

# Blocks that may answer a question (the block table's answers); anything else ends one.
_ANSWER_KINDS = tuple(row.cls for row in BLOCK_KINDS if row.answers)


def _gaps_in_order(
    _instance: object, _attribute: object, gaps: tuple[tuple[int, int], ...]
) -> None:
    previous = -1
    for index, blank_lines in gaps:
        if index <= previous or blank_lines < 0:
            raise ValueError(
                "'gaps' must be (block index, blank lines) pairs, indexes increasing from 0 "
                f"and blank lines from 0: {(index, blank_lines)!r} after index {previous}"
            )
        previous = index


def _gaps_in_body(article: Article, _attribute: object, layout: ArticleLayout) -> None:
    if layout.gaps and layout.gaps[-1][0] >= len(article.body):
        raise ValueError(
            f"'gaps' names block {layout.gaps[-1][0]}, but the body has {len(article.body)}"
        )


def _line_numbers(_instance: object, _attribute: object, numbers: tuple[int, ...]) -> None:
    previous = 0
    for number in numbers:
        if number <= previous:
            raise ValueError(
                "'other_line_ends' must be line numbers from 1, increasing: "
                f"{number!r} after {previous}"
            )
        previous = number


@attrs.frozen(kw_only=True)
class ArticleLayout:
    """What the exact text of one article needs besides what the article says.

    ``caption_indents``: the leading white space of the two caption copies (the
    site sometimes writes the first copy as ``" Caption"``); the repeat block after
    ``TT`` copies both. ``blank_lines_before``: blank lines between this article
    and the one before it (three after a lead story, two between related ones);
    it is not used for the first article of a document.

    ``banner``: the older template's first line, the site's name as that template
    printed it (``None``: the current template). ``tt``: an opinion column of the current
    template has its ``TT`` line (the site sometimes leaves it out; a news article always
    has one).

    Only lenient parsing of a file that breaks the layout sets the other two:
    ``header``, the header's exact text where it is not the one the fields give
    (written back as it is; ``None`` otherwise); ``gaps``, ``(block index, blank lines
    before it)`` for each block not preceded by exactly one blank line.
    """

    caption_indents: tuple[str, str] = attrs.field(
        default=("", ""),
        validator=attrs.validators.deep_iterable(attrs.validators.matches_re(CAPTION_INDENT)),
        metadata={"prefixItems": [{"type": "string", "pattern": f"^{CAPTION_INDENT}$"}] * 2},
    )
    blank_lines_before: int = attrs.field(
        default=2, validator=attrs.validators.ge(2), metadata={"minimum": 2}
    )
    banner: str | None = None
    tt: bool = True
    header: str | None = None
    gaps: tuple[tuple[int, int], ...] = attrs.field(default=(), validator=_gaps_in_order)


def _hashed_field(field: str) -> bytes:
    """A field as ``Article.fingerprint`` hashes it: its length, then its bytes."""
    data = field.rstrip(TRAILING_SPACE).encode("utf-8", SURROGATES)
    return len(data).to_bytes(8, "big") + data


_HASHED_KINDS = {row.name: _hashed_field(row.name) for row in BLOCK_KINDS}


def said(article: Article) -> list[str]:
    """What an article says: the fields ``Article.fingerprint`` hashes, in its order, each
    without the white space at its end. Two articles say the same exactly when these are
    equal; comparing them is faster than hashing them (``fix`` compares every article
    after each round). tests/test_model.py holds the fingerprint to them."""
    fields = [
        "newsdump-article-2",
        article.headline or "",
        "" if article.standfirst is None else "+" + article.standfirst,
        "" if article.caption is None else article.caption.text,
        str(len(article.body)),
    ]
    for block in article.body:
        fields += (block.kind, block.text)
    if article.byline is not None:
        fields += ("byline", article.byline.name, article.byline.bio)
    if article.dateline is not None:
        fields += ("dateline", article.dateline)
    return [field.rstrip(TRAILING_SPACE) for field in fields]


def _a_page(article: Article, _attribute: object, layout: ArticleLayout) -> None:
    """The header fields of one page type and template, as ``render`` can write them."""
    problem = _page_problem(article, layout)
    if problem:
        raise ValueError(f"{problem} (see Article.page_type)")


def _page_problem(article: Article, layout: ArticleLayout) -> str | None:
    news = article.headline is not None and article.caption is not None and layout.tt
    if news and article.byline is None and article.dateline is None and layout.banner is None:
        return None  # a news article of the current template: the common case, told at once
    if article.headline is None:
        others = (article.standfirst, article.caption, article.byline, article.dateline)
        rules = [
            (
                any(field is not None for field in others) or layout.banner is not None,
                "a page with no headline (body-only) has no other header field or banner",
            ),
            (
                not article.body or any(index == 0 for index, _ in layout.gaps),
                "a body-only page has a body, and no gap before its first block",
            ),
        ]
    else:
        opinion, older = article.byline is not None, layout.banner is not None
        rules = [
            (
                (article.caption is None) != opinion,
                "an article has a caption (news) or a byline (opinion), one of the two",
            ),
            (
                (article.dateline is None) == older,
                "a date line and a banner come together (the older template), or neither",
            ),
            (
                not layout.tt and (not opinion or older),
                "only an opinion column of the current template may have no TT line",
            ),
            (
                opinion and not older and article.standfirst is not None,
                "an opinion column of the current template has no standfirst",
            ),
        ]
    return next((message for broken, message in rules if broken), None)


@attrs.frozen(kw_only=True)
class Article:
    """One article: header fields, then the body blocks in reading order.

    Which fields a page has says what it is (``page_type``): a news article has a
    ``headline`` and a ``caption``; an opinion column a ``headline`` and a ``byline``
    instead of the caption; a page that kept only its body (``headline`` None) nothing
    but its body. A page of the older template (``template``) also has its ``dateline``,
    and ``published`` is the date it prints.
    """

    headline: str | None
    standfirst: str | None = None
    caption: Caption | None = None
    byline: Byline | None = None
    dateline: str | None = None
    body: tuple[Block, ...] = ()
    line: int | None = attrs.field(
        default=None, eq=False, validator=source_line, metadata={"minimum": 1}
    )
    layout: ArticleLayout = attrs.field(default=ArticleLayout(), validator=[_gaps_in_body, _a_page])

    @property
    def page_type(self) -> PageType:
        """``"news"``, ``"opinion"`` or ``"body-only"``: what the page is."""
        if self.headline is None:
            return "body-only"
        return "news" if self.byline is None else "opinion"

    @property
    def template(self) -> Literal["current", "older"] | None:
        """The site's template the page follows: ``"current"``, ``"older"`` (its banner,
        headline twice and date line), or None for a body-only page."""
        if self.headline is None:
            return None
        return "current" if self.layout.banner is None else "older"

    @property
    def published(self) -> datetime.datetime | None:
        """When the page says it was published: its date line as a naive datetime (the
        site prints no time zone); None with no date line."""
        return published_of(self.dateline)

    @property
    def fingerprint(self) -> str:
        """A stable hex digest of what the article says, the same wherever it was scraped.

        SHA-256 of these fields, each with the spaces, tabs and no-break spaces at its end
        left out, as UTF-8 bytes preceded by their length as an 8-byte big-endian number:
        ``"newsdump-article-2"``; the headline (``""`` for none); ``""`` when there is
        no standfirst, else ``"+"`` and the standfirst; the caption text (``""`` for
        none); the number of blocks in decimal; each block's kind and text; then, only
        for a page that has them, ``"byline"``, the author's name and bio, and
        ``"dateline"`` and the date line (so a news article's fingerprint is as it was
        before newsdump knew other page types). Layout (separators, line ends, final
        newlines, a BOM, caption indents, white space at the end of a line: what a safe
        fix changes) and source lines take no part. See docs/scale.md for the same in a
        few lines of another language.
        """
        import hashlib  # noqa: PLC0415 -- OpenSSL's start-up: only fingerprints need it

        digest = hashlib.sha256()
        update = digest.update
        for field in (
            "newsdump-article-2",
            self.headline or "",
            "" if self.standfirst is None else "+" + self.standfirst,
            "" if self.caption is None else self.caption.text,
            str(len(self.body)),
        ):
            update(_hashed_field(field))
        # The hot part (a fifth of to_json): a block's kind is a name from the block
        # table, hashed once for all; its text is hashed as every field is.
        for block in self.body:
            data = block.text.rstrip(TRAILING_SPACE).encode("utf-8", SURROGATES)
            update(_HASHED_KINDS[block.kind])
            update(len(data).to_bytes(8, "big"))
            update(data)
        if self.byline is not None:
            for field in ("byline", self.byline.name, self.byline.bio):
                update(_hashed_field(field))
        if self.dateline is not None:
            for field in ("dateline", self.dateline):
                update(_hashed_field(field))
        return digest.hexdigest()

    @property
    def text(self) -> str:
        """The body as plain text: each block's text, without the ``*`` of a question
        or the ``+ `` of a list item, joined by a blank line."""
        return "\n\n".join(block.text for block in self.body)

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The interview as (question, answer blocks) pairs, in order.

        An answer is the paragraphs and list items after a question, up to the next
        question, subheading, photo, note or the end of the article.
        """
        turns: list[Turn] = []
        question: Question | None = None
        answer: list[Block] = []
        for block in self.body:
            if question is not None and isinstance(block, _ANSWER_KINDS):
                answer.append(block)
                continue
            if question is not None:
                turns.append((question, tuple(answer)))
            question, answer = (block, []) if isinstance(block, Question) else (None, [])
        if question is not None:
            turns.append((question, tuple(answer)))
        return tuple(turns)


@attrs.frozen(kw_only=True)
class DocumentLayout:
    """What the exact text of a whole file needs besides its articles.

    ``bom``: the file starts with a byte-order mark. ``line_end``: ``"\\n"`` or
    ``"\\r\\n"``, used for every line. ``final_newlines``: how many line ends
    follow the last line of text. ``preamble``: text before the first article's
    headline, kept as it is (only lenient parsing sets it; with no article at all, it is
    the whole text but its final newlines). ``other_line_ends``: in a file that mixes
    CRLF and LF (lenient parsing only), the 1-based numbers of the lines that do not end
    in ``line_end``.
    """

    bom: bool = False
    line_end: Literal["\n", "\r\n"] = "\n"
    final_newlines: int = attrs.field(
        default=0, validator=attrs.validators.ge(0), metadata={"minimum": 0}
    )
    preamble: str = ""
    other_line_ends: tuple[int, ...] = attrs.field(default=(), validator=_line_numbers)


@attrs.frozen(kw_only=True)
class Document:
    """A parsed file: its articles, the layout that gives its exact text back, and what a
    lenient parse found wrong or odd in it (``diagnostics``, errors and warnings; a strict
    parse leaves it empty). Diagnostics take no part in equality."""

    articles: tuple[Article, ...] = ()
    layout: DocumentLayout = DocumentLayout()
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)

    @property
    def page_type(self) -> PageType | Literal["other-site"] | None:
        """What the file is, as ``validate`` counts files: its first article's
        ``page_type``; ``"other-site"`` for a page of no layout of this site (E106, which
        only a lenient parse returns); None for a file with no text."""
        if self.articles:
            return self.articles[0].page_type
        if any(diagnostic.code == OTHER_SITE_CODE for diagnostic in self.diagnostics):
            return "other-site"
        return None
