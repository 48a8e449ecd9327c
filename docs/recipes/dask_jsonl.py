"""newsdump on Dask: many text files to JSON Lines partitions, one article a line.

Used by docs/scale.md, and run by tests/test_scale.py on a local cluster.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import dask.bag as db

import newsdump


def article_lines(path: str) -> list[str]:
    """One JSON line for each article of one file, with where it came from.

    Runs on the workers: each reads and parses its own files (send paths, not text).
    Lenient, so that a file that strays from the layout is still converted, with its
    diagnostics; nothing is lost.
    """
    doc = newsdump.parse_file(path, strict=False)
    data = newsdump.unstructure(doc)
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    return [
        json.dumps(
            {"source": path, "index": index, "errors": errors, **article}, ensure_ascii=False
        )
        for index, article in enumerate(data["articles"])
    ]


def convert(paths: Sequence[str], out_pattern: str, *, partitions: int) -> list[str]:
    """Write JSON Lines partitions (``out_pattern`` holds a ``*``); return their names."""
    bag = db.from_sequence(sorted(paths), npartitions=partitions)  # type: ignore[no-untyped-call]  # dask ships no types
    written: list[str] = bag.map(article_lines).flatten().to_textfiles(out_pattern)
    return written
