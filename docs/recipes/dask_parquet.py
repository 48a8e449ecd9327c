"""newsdump on Dask: many text files to Parquet partitions, one row an article.

Used by docs/scale.md, and run by tests/test_scale.py on a local cluster. The rows are
``newsdump.to_records``: the flat columns, for analysis (``newsdump convert --format
parquet`` writes the blocks and the layout too, for a file that renders back exactly).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dask.bag as db
import pyarrow as pa

import newsdump

# Told, not inferred: a partition whose articles all lack a standfirst would make the
# column "null" and the next partition's text would not fit it.
_STRINGS = ("source", "fingerprint", "headline", "standfirst", "caption", "credit", "text")


def article_rows(path: str) -> list[dict[str, Any]]:
    """One flat row for each article of one file. Runs on the workers: each reads and
    parses its own files (send paths, not text). Lenient: nothing is lost."""
    return newsdump.to_records(newsdump.parse_file(path, strict=False), source=path)


def convert(paths: Sequence[str], out_dir: str, *, partitions: int) -> None:
    """Write Parquet partitions (``out_dir/part.N.parquet``), one a partition of paths."""
    bag = db.from_sequence(sorted(paths), npartitions=partitions)  # type: ignore[no-untyped-call]  # dask ships no types
    frame = bag.map(article_rows).flatten().to_dataframe()
    frame.to_parquet(out_dir, write_index=False, schema={name: pa.string() for name in _STRINGS})
