"""Articles as rows of a table: flat records for dataframes, and Parquet.

``to_records`` gives one flat dict per article, its columns named here once
(``RECORD_COLUMNS``), one count column per block kind of the block table.
"""

from __future__ import annotations

from typing import Any

from newsdump._blocks import BLOCK_CLASSES
from newsdump._model import Document

__all__ = ["COUNT_COLUMNS", "RECORD_COLUMNS", "to_records"]

COUNT_COLUMNS = tuple(f"{kind}_count" for kind in BLOCK_CLASSES)
"""How many blocks of each kind an article's body holds: ``paragraph_count``..."""

RECORD_COLUMNS = (
    "source",
    "index",
    "fingerprint",
    "headline",
    "standfirst",
    "caption",
    "credit",
    "text",
    *COUNT_COLUMNS,
)
"""The keys of each dict ``to_records`` gives, in order."""


def to_records(doc: Document, *, source: str | None = None) -> list[dict[str, Any]]:
    """One flat dict per article of ``doc``, ready for ``pandas.DataFrame`` or
    ``pyarrow.Table.from_pylist``: its ``source`` (as given), ``index`` in the document
    (from 0), ``fingerprint``, ``headline``, ``standfirst`` (None when there is none),
    the lead photo's ``caption`` and ``credit``, the body as plain ``text`` (see
    Article.text), and a count of each block kind (``paragraph_count``...)."""
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
                "headline": article.headline,
                "standfirst": article.standfirst,
                "caption": article.caption.text,
                "credit": article.caption.credit,
                "text": article.text,
                **counts,
            }
        )
    return records
