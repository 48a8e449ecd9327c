"""Articles as rows of a table: flat records for dataframes, and Parquet.

``to_records`` gives one flat dict per article, its columns named here once
(``RECORD_COLUMNS``), one count column per block kind of the block table. A Parquet
row holds the same columns, the blocks, and what the exact text needs: it is a JSON
Lines record (``row_of``, ``record_of``) laid out in columns, read back through the
same strict reader. pyarrow is an optional extra, imported only here, when used.
"""

from __future__ import annotations

import datetime
import os
import types
import typing
from collections.abc import Iterator
from typing import IO, Any, Literal

import attrs

from newsdump._blocks import BLOCK_CLASSES
from newsdump._diagnostics import Diagnostic, Edit
from newsdump._json import FORMAT_VERSION, Place, dumps, loads
from newsdump._jsonio import SURROGATE
from newsdump._model import ArticleLayout, Byline, Caption, Document, DocumentLayout

__all__ = [
    "COUNT_COLUMNS",
    "PARQUET_EXTRA",
    "RECORD_COLUMNS",
    "ParquetRows",
    "parquet_rows",
    "parquet_schema",
    "record_of",
    "require_pyarrow",
    "row_of",
    "to_records",
]

COUNT_COLUMNS = tuple(f"{kind}_count" for kind in BLOCK_CLASSES)
"""How many blocks of each kind an article's body holds: ``paragraph_count``..."""

RECORD_COLUMNS = (
    "source",
    "index",
    "fingerprint",
    "page_type",
    "template",
    "headline",
    "standfirst",
    "caption",
    "credit",
    "byline",
    "bio",
    "dateline",
    "published",
    "text",
    *COUNT_COLUMNS,
)
"""The keys of each dict ``to_records`` gives, in order."""


def to_records(doc: Document, *, source: str | None = None) -> list[dict[str, Any]]:
    """One flat dict per article of ``doc``, ready for ``pandas.DataFrame`` or
    ``pyarrow.Table.from_pylist``: its ``source`` (as given), ``index`` in the document
    (from 0), ``fingerprint``, ``page_type`` and ``template`` (see Article), ``headline``,
    ``standfirst``, the lead photo's ``caption`` and ``credit``, an opinion column's
    ``byline`` (the author's name) and ``bio``, the older template's ``dateline`` and
    ``published`` (a datetime), each None where the page has none; the body as plain
    ``text`` (see Article.text), and a count of each block kind (``paragraph_count``...)."""
    records = []
    for index, article in enumerate(doc.articles):
        counts = dict.fromkeys(COUNT_COLUMNS, 0)
        for block in article.body:
            counts[f"{block.kind}_count"] += 1
        records.append(
            {
                "source": source,
                "index": index,
                "fingerprint": article.fingerprint,
                "page_type": article.page_type,
                "template": article.template,
                "headline": article.headline,
                "standfirst": article.standfirst,
                **_caption_and_byline(article.caption, article.byline),
                "dateline": article.dateline,
                "published": article.published,
                "text": article.text,
                **counts,
            }
        )
    return records


def _caption_and_byline(caption: Caption | None, byline: Byline | None) -> dict[str, Any]:
    return {
        "caption": None if caption is None else caption.text,
        "credit": None if caption is None else caption.credit,
        "byline": None if byline is None else byline.name,
        "bio": None if byline is None else byline.bio,
    }


# ---------------------------------------------------------------- Parquet

PARQUET_EXTRA = "pip install 'newsdump[parquet]'"

ROWS_PER_GROUP = 2_000
"""Rows written at a time, one Parquet row group each: memory holds this many rows."""


def require_pyarrow() -> Any:
    """pyarrow and its Parquet module, or ImportError saying how to get them."""
    try:
        import pyarrow as pa  # noqa: PLC0415 -- an optional extra, loaded when used
        import pyarrow.parquet  # noqa: PLC0415
    except ImportError:
        raise ImportError(f"Parquet needs pyarrow: {PARQUET_EXTRA}") from None
    return pa


def parquet_schema(*, dedupe: bool = False) -> Any:
    """The Arrow schema of ``convert --format parquet``: one row an article.

    The flat columns of ``to_records`` (counts as int32); ``blocks``, a list of structs;
    then what the exact text needs, typed as in JSON (see docs/formats.md): the
    article's ``line`` and ``layout``, the file's ``article_count`` and
    ``document_layout``, and the lenient parse's ``diagnostics``. ``exact_json`` holds
    the whole JSON Lines record, only for an article whose text is not valid Unicode
    (a lone surrogate, from bytes that were not UTF-8): Arrow strings must be UTF-8,
    so its other columns hold U+FFFD there. With ``dedupe``, ``found_in`` lists every
    place an article was found; ``source`` and ``index`` are the first.

    The structs are derived from the attrs classes, as the JSON Schema is (``_arrow``).
    """
    pa = require_pyarrow()
    strings = [name for name in RECORD_COLUMNS[2:] if name not in COUNT_COLUMNS]
    types = {"published": pa.timestamp("ms")}  # Parquet has no unit of seconds
    fields = [
        ("source", pa.string()),
        ("index", pa.int32()),
        *((name, types.get(name, pa.string())) for name in strings),
        *((name, pa.int32()) for name in COUNT_COLUMNS),
        ("blocks", pa.list_(_block_struct(pa))),
        ("line", pa.int32()),
        ("layout", _arrow(pa, ArticleLayout)),
        ("article_count", pa.int32()),
        ("document_layout", _arrow(pa, DocumentLayout)),
        ("diagnostics", pa.list_(_arrow(pa, Diagnostic))),
        ("exact_json", pa.string()),
    ]
    if dedupe:
        fields.append(("found_in", pa.list_(_arrow(pa, Place))))
    return pa.schema(fields)


# Whole numbers are int32, but for these fields, which a file's size bounds (an offset
# into it, a count of its line ends): int64.
_WIDE = {
    (Edit, "start"),
    (Edit, "end"),
    (DocumentLayout, "final_newlines"),
    (DocumentLayout, "other_line_ends"),
}


def _arrow(pa: Any, type_: Any, wide: bool = False) -> Any:
    """The Arrow type of a field type of the model, as its JSON holds it."""
    origin, args = typing.get_origin(type_), typing.get_args(type_)
    if type_ is str or origin is Literal:
        return pa.string()
    if type_ is bool:
        return pa.bool_()
    if type_ is int:
        return pa.int64() if wide else pa.int32()
    if origin in (typing.Union, types.UnionType):  # X | None: Arrow's columns are nullable
        return _arrow(pa, next(arg for arg in args if arg is not type(None)), wide)
    if origin is tuple:  # a JSON array
        return pa.list_(_arrow(pa, args[0], wide))
    if attrs.has(type_):
        hints = typing.get_type_hints(type_)
        return pa.struct(
            [
                (field.name, _arrow(pa, hints[field.name], (type_, field.name) in _WIDE))
                for field in attrs.fields(type_)
            ]
        )
    raise TypeError(f"no Arrow type for {type_!r}")


def _block_struct(pa: Any) -> Any:
    """One struct for every block kind: ``kind``, then each field any kind has."""
    fields = {"kind": pa.string()}
    for cls in BLOCK_CLASSES.values():
        fields |= {field.name: field.type for field in _arrow(pa, cls)}
    return pa.struct(list(fields.items()))


def row_of(record: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row from a JSON Lines record, as ``article_records`` makes it."""
    exact = _has_surrogate(record)
    if exact:
        exact_json = dumps(record).decode("utf-8")
        record = _replaced(record)
    article = record["article"]
    row: dict[str, Any] = {
        "source": record["source"],
        "index": record["index"],
        "article_count": record["article_count"],
        "document_layout": record["document_layout"],
        "diagnostics": record["diagnostics"],
        "exact_json": exact_json if exact else None,
    }
    if article is None:  # a file in which a lenient parse found no article
        row.update(dict.fromkeys(COUNT_COLUMNS, 0))
        return row
    counts = dict.fromkeys(COUNT_COLUMNS, 0)
    for block in article["body"]:
        counts[f"{block['kind']}_count"] += 1
    caption, byline = article["caption"], article["byline"]
    row.update(
        fingerprint=article["fingerprint"],
        page_type=article["page_type"],
        template=article["template"],
        headline=article["headline"],
        standfirst=article["standfirst"],
        **_caption_and_byline(
            None if caption is None else Caption(caption["text"], caption["credit"]),
            None if byline is None else Byline(byline["name"], byline["bio"]),
        ),
        dateline=article["dateline"],
        published=None
        if article["published"] is None
        else datetime.datetime.fromisoformat(article["published"]),
        text="\n\n".join(block["text"] for block in article["body"]),
        blocks=article["body"],
        line=article["line"],
        layout=article["layout"],
        **counts,
    )
    return row


def record_of(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON Lines record (as a dict) a Parquet row holds: read back through the
    same strict reader as a line of JSON Lines."""
    if row.get("exact_json") is not None:
        return loads(row["exact_json"])  # type: ignore[no-any-return]
    article = None
    # A row has an article where it has a page type (before format 4: a headline).
    if row.get("page_type", row["headline"]) is not None:
        article = {
            "fingerprint": row["fingerprint"],
            "headline": row["headline"],
            "standfirst": row["standfirst"],
            "caption": None
            if row["caption"] is None
            else {"text": row["caption"], "credit": row["credit"]},
            "byline": None
            if row.get("byline") is None
            else {"name": row["byline"], "bio": row["bio"]},
            "dateline": row.get("dateline"),
            "body": [_block_of(block) for block in row["blocks"] or ()],
            "line": row["line"],
            "layout": _layout_of(row["layout"]),
        }
    return {
        "format_version": FORMAT_VERSION,
        "source": row["source"],
        "index": row["index"],
        "article_count": row["article_count"],
        "article": article,
        "document_layout": row["document_layout"],
        "diagnostics": row["diagnostics"],
    }


def _block_of(block: dict[str, Any]) -> dict[str, Any]:
    # Only a photo has a credit; Arrow gives every struct all its fields.
    if block.get("kind") == "photo":
        return block
    return {key: value for key, value in block.items() if key != "credit"}


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    return False


def _replaced(value: Any) -> Any:
    """``value`` with each lone surrogate of its strings made U+FFFD."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {key: _replaced(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item) for item in value]
    return value


class ParquetRows:
    """A Parquet file written a row group at a time, into a binary stream.

    Rows are turned into Arrow a hundred at a time (Arrow holds them compactly; as
    Python dicts, 2,000 rows of nested blocks cost 200 MB) and written as a row group
    of ROWS_PER_GROUP rows."""

    def __init__(self, stream: IO[bytes], *, dedupe: bool = False) -> None:
        pa = require_pyarrow()
        self._pa = pa
        self._schema = parquet_schema(dedupe=dedupe)
        self._writer = pa.parquet.ParquetWriter(stream, self._schema)
        self._rows: list[dict[str, Any]] = []
        self._batches: list[Any] = []
        self._held = 0

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= _ROWS_AT_ONCE:
            self._to_arrow()
        if self._held >= ROWS_PER_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def _to_arrow(self) -> None:
        if self._rows:
            batch = self._pa.RecordBatch.from_pylist(self._rows, schema=self._schema)
            self._batches.append(batch)
            self._held += len(self._rows)
            self._rows = []

    def _flush(self) -> None:
        self._to_arrow()
        if self._batches:
            self._writer.write_table(self._pa.Table.from_batches(self._batches))
            self._batches = []
            self._held = 0


_ROWS_AT_ONCE = 100


class ParquetError(ValueError):
    """A Parquet file that newsdump cannot read rows of: damaged, or not convert's."""


def parquet_rows(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file that ``convert --format parquet`` wrote, a hundred at a
    time. ``ParquetError``, once, for a file that is no Parquet, is damaged (cut short,
    say), or lacks convert's columns: not an error a row."""
    pa = require_pyarrow()
    try:
        parquet = pa.parquet.ParquetFile(source)
    except (pa.lib.ArrowException, OSError) as error:
        raise ParquetError(f"not a Parquet file, or a damaged one ({error})") from None
    missing = [name for name in parquet_schema().names if name not in parquet.schema_arrow.names]
    if missing:
        raise ParquetError(
            "not a Parquet file of newsdump convert --format parquet: it has no column "
            + ", ".join(repr(name) for name in missing[:5])
            + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        )
    try:
        for batch in parquet.iter_batches(batch_size=_ROWS_AT_ONCE):
            yield from batch.to_pylist()
    except (pa.lib.ArrowException, OSError) as error:
        raise ParquetError(f"a damaged Parquet file ({error})") from None


def _layout_of(layout: dict[str, Any]) -> dict[str, Any]:
    """An article's layout as format 4 has it: a row written before has no banner or tt."""
    return {"banner": None, "tt": True, **layout}
