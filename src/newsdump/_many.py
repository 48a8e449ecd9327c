"""Many files at once, for a program: ``parse_many``, on the engine the commands run on
(``_workers.map_sources``): each file's Document, or the error that kept it from being
parsed, in the order given.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator

import attrs

from newsdump._diagnostics import unreadable
from newsdump._errors import LayoutError, UsageError
from newsdump._inputs import read_input
from newsdump._model import Document
from newsdump._parse import parse_bytes
from newsdump._workers import Item, map_sources

__all__ = ["ParseResult", "parse_many"]


@attrs.frozen
class ParseResult:
    """One input of ``parse_many``: where it came from, and its Document or the
    LayoutError that kept it from being parsed (a file that could not be read at all is
    one too, code E105)."""

    source: str  # the input's name, as messages show it (a path, or "<stdin>")
    path: str | None  # the file's path; None for standard input
    document: Document | None
    error: LayoutError | None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse_many(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    strict: bool = True,
) -> Iterator[ParseResult]:
    """Parse every file the paths name, one ParseResult each, in the order given.

    A folder stands for every ``*.txt`` below it (its files in sorted order, then its
    sub-folders), as on the command line; ``"-"`` is standard input. With ``jobs`` above
    1 files are parsed in that many worker processes, a few batches in flight at a time,
    so memory stays flat however many files there are; None (the default) uses as many
    as there are CPUs once the files come to 4 MB, and this process below that. One bad
    file never stops the others: its result holds the error. Raises, at the call and
    before any file is read, FileNotFoundError for a path that does not exist and
    ValueError for ``jobs`` below 1.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, or None for auto, not {jobs}")
    given = [paths] if isinstance(paths, str | os.PathLike) else paths
    names = [os.fspath(path) for path in given]
    try:
        # map_sources checks every path now, before any file is read: so does this call.
        results = map_sources(functools.partial(_parse_item, strict=strict), names, jobs=jobs)
    except UsageError as error:
        raise FileNotFoundError(str(error)) from None
    return (
        ParseResult(source.name, source.path, document, failure)
        for source, (document, failure) in results
    )


def _parse_item(item: Item, *, strict: bool) -> tuple[Document | None, LayoutError | None]:
    name, path, data = item
    try:
        return parse_bytes(read_input(path, data), name, strict=strict), None
    except OSError as error:
        found = unreadable(error)
        return None, LayoutError.of(found, "").with_path(name)
    except LayoutError as error:
        return None, error
