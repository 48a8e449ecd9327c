"""JSON: the model to and from JSON, through one cattrs converter of our own.

The format: a document is ``{"format_version": 4, "articles": [...], "layout": {...},
"diagnostics": [...]}``.
Semantic keys come first and stay clean; what only the exact text needs sits in the
``layout`` objects. Every block carries a ``kind`` tag first. Keys are snake_case and
always in the same order, so the same file always gives the same bytes.

Reading is strict: unknown keys, wrong types, an unknown ``kind`` or a number where text
belongs are refused with the JSON path of each problem (``$.articles[0].body[3].text``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from newsdump._blocks import BLOCK_CLASSES, Block, source_line
from newsdump._diagnostics import Diagnostic
from newsdump._jsonio import JSONFormatError, dumps, loads
from newsdump._model import Article, Document, DocumentLayout
from newsdump._render import added_line_ends, render

__all__ = [
    "FORMAT_VERSION",
    "MAX_ADDED_LINE_ENDS",
    "READ_VERSIONS",
    "ArticleRecord",
    "JSONFormatError",
    "article_records",
    "checked_layout",
    "dumps",
    "from_json",
    "jsonl_records",
    "loads",
    "make_converter",
    "record_from_dict",
    "record_from_json",
    "structure",
    "to_json",
    "unstructure",
    "unstructure_record",
]

_T = TypeVar("_T")

FORMAT_VERSION = 4
"""Raised whenever a key is added, removed, renamed or changes meaning (see docs/json.md)."""

READ_VERSIONS = (2, 3, FORMAT_VERSION)
"""The versions ``from_json`` and ``record_from_json`` read. Each only added to the one
before (3: records' ``diagnostics``, and a record for a file with no article; 4: the page
types: an article's ``page_type``, ``template``, ``published``, ``byline`` and
``dateline``, a null ``headline`` or ``caption``, the layout's ``banner`` and ``tt``), so
what an earlier version wrote reads as it was meant."""


@attrs.frozen(kw_only=True)
class ArticleRecord:
    """One line of JSON Lines: an article, where it came from, and what rebuilds its file.

    ``index`` is the article's place in its source file, counted from 0, and
    ``article_count`` how many articles the file holds; ``document_layout`` is the
    file's layout, the same on each of its lines. ``diagnostics`` are those of a lenient
    parse on the article's lines (the first article's take those before it too). A file
    in which a lenient parse found no article has one record, with ``article`` null,
    ``index`` and ``article_count`` 0: what it holds is in its layout's preamble, and
    ``render`` rebuilds it from that.
    """

    source: str
    index: int = attrs.field(validator=attrs.validators.ge(0), metadata={"minimum": 0})
    article_count: int = attrs.field(validator=attrs.validators.ge(0), metadata={"minimum": 0})
    article: Article | None
    document_layout: DocumentLayout
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False)


@attrs.frozen
class Place:
    """Where an article was found: its source, and its index there (from 0)."""

    source: str
    index: int = attrs.field(validator=attrs.validators.ge(0), metadata={"minimum": 0})


@attrs.frozen(kw_only=True)
class MergedRecord:
    """One line of ``convert --jsonl --dedupe``: a distinct article, once, with every
    place it was found, in the order they were read. Its layout is that of the first.

    The command line writes these lines by splicing the article's JSON from a worker;
    this class gives them their schema, which a test holds the written lines to.
    """

    article: Article
    found_in: tuple[Place, ...] = attrs.field(metadata={"minItems": 1})


class _Mismatch(TypeError):
    """A value of the wrong type or shape; its message says what was expected and found."""


def _describe(value: object) -> str:
    kinds = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    shown = repr(value) if not isinstance(value, dict | list) else ""
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return kinds.get(type(value), type(value).__name__) + (f" {shown}" if shown else "")


def _strict(expected: str, accepts: Callable[[object], bool]) -> Callable[[Any, type], Any]:
    def structure(value: object, _type: type) -> object:
        if not accepts(value):
            raise _Mismatch(f"expected {expected}, found {_describe(value)}")
        return value

    return structure


def _structure_pair_of_strings(value: object, _type: type) -> tuple[str, str]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(item, str) for item in value)
    ):
        raise _Mismatch(f"expected an array of two strings, found {_describe(value)}")
    return (value[0], value[1])


def _structure_literal(value: object, type_: type) -> object:
    allowed = get_args(type_)
    if value not in allowed or not isinstance(value, str):
        raise _Mismatch(
            f"expected one of {', '.join(map(repr, allowed))}, found {_describe(value)}"
        )
    return value


# The fields each kind of block has besides its text and line (a photo's credit).
_BLOCK_EXTRAS = {
    cls: tuple(field.name for field in attrs.fields(cls) if field.name not in ("text", "line"))
    for cls in BLOCK_CLASSES.values()
}


def _unstructure_body(body: tuple[Block, ...]) -> list[dict[str, Any]]:
    # Written out rather than generated: the kind tag first, and it is the hot path (a
    # body is most of a document): a block of text and line alone takes no call.
    return [
        {"kind": block.kind, "text": block.text, "line": block.line}
        if type(block) in _TEXT_AND_LINE
        else _with_extras(block)
        for block in body
    ]


def _unstructure_block(block: Block) -> dict[str, Any]:
    return _unstructure_body((block,))[0]


def _with_extras(block: Block) -> dict[str, Any]:
    """A block with fields besides its text and line (a photo's credit), between them."""
    data: dict[str, Any] = {"kind": block.kind, "text": block.text}
    data.update((name, getattr(block, name)) for name in _BLOCK_EXTRAS[type(block)])
    data["line"] = block.line
    return data


_TEXT_AND_LINE = frozenset(cls for cls, extras in _BLOCK_EXTRAS.items() if not extras)


def make_converter() -> cattrs.Converter:
    """A new converter for the newsdump model, for those who want dicts instead of text.

    Each call gives a fresh one: register hooks of your own on it without touching the
    one newsdump uses.
    """
    # Tuples become lists: the dict form is JSON-shaped, whatever encoder comes next.
    converter = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=True,
        unstruct_collection_overrides={tuple: list},
    )
    # cattrs would turn 5 into "5" and "5" into 5; a reader of our JSON must not.
    converter.register_structure_hook(str, _strict("a string", lambda v: isinstance(v, str)))
    converter.register_structure_hook(bool, _strict("true or false", lambda v: isinstance(v, bool)))
    converter.register_structure_hook(
        int, _strict("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))
    )
    converter.register_structure_hook_func(
        lambda type_: type_ == tuple[str, str], _structure_pair_of_strings
    )
    converter.register_structure_hook_func(
        lambda type_: getattr(type_, "__origin__", None) is Literal, _structure_literal
    )
    converter.register_structure_hook_factory(attrs.has, _mapping_checked)

    converter.register_unstructure_hook_func(lambda type_: type_ == Block, _unstructure_block)
    converter.register_unstructure_hook_func(
        lambda type_: type_ == tuple[Block, ...], _unstructure_body
    )
    for cls in BLOCK_CLASSES.values():
        converter.register_unstructure_hook(cls, _unstructure_block)
    converter.register_structure_hook_func(
        lambda type_: type_ == Block, lambda value, _: _structure_block(converter, value)
    )

    # A factory, not a hook: made on first use, so hooks a user registers before that on
    # a converter of their own (for Caption, say) are the ones it uses.
    converter.register_unstructure_hook_factory(lambda type_: type_ in _LEADING, _with_leading)
    return converter


# The top-level objects, which say which format they are written in.
_VERSIONED = (Document, ArticleRecord)


# Keys written before an object's fields: derived, so read back only to be checked.
_LEADING: dict[type, Callable[[Any], dict[str, Any]]] = {
    Document: lambda _: {"format_version": FORMAT_VERSION},
    ArticleRecord: lambda _: {"format_version": FORMAT_VERSION},
    Article: lambda article: {key: derived(article) for key, derived in _DERIVED.items()},
}


def _with_leading(cls: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    to_dict: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, converter)
    leading = _LEADING[cls]
    return lambda value: {**leading(value), **to_dict(value)}


def _mapping_checked(cls: type, converter: cattrs.Converter) -> Callable[[Any, type], Any]:
    """Generated structuring for an attrs class, refusing anything but a JSON object."""
    generated: Callable[[Any, type], Any] = make_dict_structure_fn(cls, converter)
    versioned = cls in _VERSIONED

    def structure(value: object, _type: type) -> object:
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected an object, found {_describe(value)}")
        if versioned:
            value = _at_key("format_version", cls, _without_version, value)
        if cls is Article:
            return _checked_article(value, generated)
        return generated(value, cls)

    return structure


def _at_key(key: str, cls: type, check: Callable[..., _T], *arguments: Any) -> _T:
    """``check(*arguments)``, a mismatch it finds reported at ``key``'s own JSON path
    (``$.format_version``), as cattrs reports a field's: not at the object's."""
    try:
        return check(*arguments)
    except _Mismatch as mismatch:
        mismatch.__notes__ = [AttributeValidationNote(f"Structuring {key}", key, object)]
        raise ClassValidationError(f"While structuring {cls.__name__}", [mismatch], cls) from None


def _checked_article(value: Mapping[str, Any], generated: Callable[[Any, type], Any]) -> Any:
    """An article read without its derived keys, each of which, where given, must match
    what its content gives (``fingerprint``; from version 4 ``page_type``, ``template``
    and ``published``)."""
    article = generated({key: item for key, item in value.items() if key not in _DERIVED}, Article)
    for key, derived in _DERIVED.items():
        if key in value:
            _at_key(key, Article, _matches, key, value[key], derived(article))
    return article


_DERIVED: dict[str, Callable[[Article], str | None]] = {
    "fingerprint": lambda article: article.fingerprint,
    "page_type": lambda article: article.page_type,
    "template": lambda article: article.template,
    "published": lambda article: (
        None if article.published is None else article.published.isoformat()
    ),
}
"""An article's keys that its content gives, written before its fields (for a reader who
filters on them) and, when read, checked against what the content gives."""


def _matches(key: str, given: object, derived: str | None) -> None:
    if given != derived:
        raise _Mismatch(
            f"expected {key} {derived!r} (what the article's content gives: the content "
            f"has changed, or the {key}), found {_describe(given)}"
        )


def _without_version(value: Mapping[str, Any]) -> dict[str, Any]:
    version = value.get("format_version")
    if version not in READ_VERSIONS or isinstance(version, bool):
        # Version 1 (newsdump 0.1) had other fingerprints and no fixes.
        old = type(version) is int and version == 1
        hint = "; it was written by newsdump 0.1: convert the text again" if old else ""
        raise _Mismatch(
            f"expected format_version {' or '.join(map(str, reversed(READ_VERSIONS)))}, found "
            f"{_describe(version) if 'format_version' in value else 'none'}{hint}"
        )
    return {key: item for key, item in value.items() if key != "format_version"}


def _structure_block(converter: cattrs.Converter, value: object) -> Block:
    if not isinstance(value, Mapping):
        raise _Mismatch(f"expected a block object, found {_describe(value)}")
    kind = value.get("kind")
    cls = BLOCK_CLASSES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise _Mismatch(
            f"expected a kind among {', '.join(map(repr, BLOCK_CLASSES))}, "
            f"found {_describe(kind) if 'kind' in value else 'none'}"
        )
    fields = {key: item for key, item in value.items() if key != "kind"}
    block: Block = converter.structure(fields, cls)
    source_line(block, attrs.fields(cls).line, block.line)  # the model leaves it to us
    return block


_CONVERTER = make_converter()  # built once, never changed after


def _format(exception: BaseException, _type: type | None) -> str:
    if isinstance(exception, _Mismatch):
        return str(exception)
    if isinstance(exception, KeyError):
        return "required key missing"
    if isinstance(exception, cattrs.ForbiddenExtraKeysError):
        return f"unknown keys: {', '.join(sorted(exception.extra_fields))}"
    if isinstance(exception, ValueError) and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]  # an attrs validator's message: "'x' must be >= 2: 1"
    return f"{type(exception).__name__}: {exception}"


def unstructure(doc: Document) -> dict[str, Any]:
    """The document as plain dicts and lists, ready for any JSON encoder."""
    data: dict[str, Any] = _CONVERTER.unstructure(doc)
    return data


def structure(data: Any) -> Document:
    """A document from plain dicts and lists; JSONFormatError names each problem's path."""
    return checked_layout(_structure_as(data, Document))


MAX_ADDED_LINE_ENDS = 1_000_000
"""The most line ends a document read from JSON may ask for beyond one a line (blank lines
between articles and blocks, final newlines). No scrape holds that many blank lines, and
without a bound a few bytes of JSON could ask ``render`` for gigabytes."""


def checked_layout(doc: Document, where: str = "$") -> Document:
    """``doc`` if ``render`` can write it at a size JSON accounts for; else
    JSONFormatError. (The model's validators have checked each value already: indexes in
    range, counts from 0. What is left needs the whole document.)"""
    added = added_line_ends(doc)
    if added > MAX_ADDED_LINE_ENDS:
        raise JSONFormatError(
            [
                f"{where}: expected at most {MAX_ADDED_LINE_ENDS:,} blank lines and final "
                f"newlines in all (gaps, blank_lines_before, final_newlines), found {added:,}"
            ]
        )
    if doc.layout.other_line_ends:
        try:
            render(doc)
        except ValueError as error:
            raise JSONFormatError([f"{where}.layout.other_line_ends: {error}"]) from None
    return doc


def _structure_as(data: Any, cls: type[_T]) -> _T:
    try:
        return _CONVERTER.structure(data, cls)
    except (cattrs.BaseValidationError, _Mismatch) as problem:
        raise JSONFormatError(
            cattrs.transform_error(problem, path="$", format_exception=_format)
        ) from None


def article_records(doc: Document, source: str) -> list[dict[str, Any]]:
    """The JSON Lines records of a document, as JSON-shaped dicts (see jsonl_records)."""
    return [_CONVERTER.unstructure(record) for record in jsonl_records(doc, source)]


def unstructure_record(record: ArticleRecord) -> dict[str, Any]:
    """A record as the JSON-shaped dict of its line."""
    data: dict[str, Any] = _CONVERTER.unstructure(record)
    return data


def jsonl_records(doc: Document, source: str) -> list[ArticleRecord]:
    """The JSON Lines records of a document: one per article, or one with no article for
    a document that has none (see ArticleRecord)."""
    count = len(doc.articles)
    articles: tuple[Article | None, ...] = doc.articles or (None,)
    return [
        ArticleRecord(
            source=source,
            index=index,
            article_count=count,
            article=article,
            document_layout=doc.layout,
            diagnostics=diagnostics,
        )
        for index, (article, diagnostics) in enumerate(
            zip(articles, _diagnostics_by_article(doc), strict=True)
        )
    ]


def _diagnostics_by_article(doc: Document) -> list[tuple[Diagnostic, ...]]:
    """The document's diagnostics, shared out by line among its articles (at least one
    share): each article's from its first line to the next article's, the first's from
    the top of the file. Their order is kept, so joining the shares gives them back."""
    starts = [article.line or 1 for article in doc.articles[1:]]
    shares: list[list[Diagnostic]] = [[] for _ in range(max(len(doc.articles), 1))]
    for diagnostic in doc.diagnostics:
        shares[bisect.bisect_right(starts, diagnostic.line)].append(diagnostic)
    return [tuple(share) for share in shares]


def record_from_json(line: str | bytes) -> ArticleRecord:
    """One JSON Lines record, strictly. Its article must have an index below its
    ``article_count`` (a record with no article, index and count 0), and a layout
    ``render`` can write (see ``checked_layout``)."""
    return record_from_dict(loads(line))


def record_from_dict(data: Any) -> ArticleRecord:
    """A record from its JSON-shaped dict, checked as ``record_from_json`` checks it."""
    record = _structure_as(data, ArticleRecord)
    if record.article is None and (record.article_count, record.index) != (0, 0):
        raise JSONFormatError(
            [
                "$.article: expected an article where article_count is "
                f"{record.article_count} and index {record.index}, found null"
            ]
        )
    if record.article is not None and record.index >= record.article_count:
        raise JSONFormatError(
            [f"$.index: expected below article_count {record.article_count}, found {record.index}"]
        )
    alone = Document(
        articles=() if record.article is None else (record.article,),
        layout=attrs.evolve(record.document_layout, other_line_ends=()),
    )
    checked_layout(alone)  # line ends are checked once the whole document is together
    return record


def to_json(doc: Document, *, indent: int | None = None) -> str:
    """The document as JSON text: compact, or indented by ``indent`` spaces."""
    return dumps(unstructure(doc), indent=indent).decode("utf-8")


def from_json(data: str | bytes) -> Document:
    """A document from JSON text, strictly: see ``structure``."""
    return structure(loads(data))
