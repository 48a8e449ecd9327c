"""JSON Lines: records read and written, and gathered back into documents.

``read_jsonl`` and ``write_jsonl`` are the public way in and out: typed ArticleRecords,
one a line, as ``convert --jsonl`` writes them. ``render`` needs whole files: its
records are read the same way, a line at a time, but a bad line spoils only its own
file. Records are gathered per source file until all of its articles are in, and
the file is given out at once: memory holds only the files whose records are still
coming (one, when they come in order, as convert writes them), however long the input.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pathlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import attrs

from newsdump._inputs import digest_of, open_file
from newsdump._json import (
    ArticleRecord,
    JSONFormatError,
    checked_layout,
    dumps,
    loads,
    record_from_dict,
    record_from_json,
    unstructure_record,
)
from newsdump._model import Article, Document, DocumentLayout
from newsdump._outputs import atomic_writer

__all__ = [
    "Problem",
    "documents_from_parquet",
    "documents_from_records",
    "read_jsonl",
    "write_jsonl",
]


def read_jsonl(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[ArticleRecord]:
    """The records of a JSON Lines file (a path, or a binary stream), as ``convert
    --jsonl`` writes them, one at a time: memory holds one line. Blank lines are
    skipped. Raises JSONFormatError at the first line that is not a record, naming it
    (``line 3: $.article.headline: ...``)."""
    with _opened(source) as stream:
        for number, _, read in _each_record(stream):
            if isinstance(read, JSONFormatError):
                raise JSONFormatError([f"line {number}: {e}" for e in read.errors])
            yield read


def _each_record(
    lines: Iterable[bytes],
) -> Iterator[tuple[int, bytes, ArticleRecord | JSONFormatError]]:
    """Each line that is not blank, numbered from 1, and its record or why it is none:
    the reading that read_jsonl and render share."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                yield number, line, record_from_json(line)
            except JSONFormatError as error:
                yield number, line, error


def write_jsonl(
    records: Iterable[ArticleRecord], target: str | os.PathLike[str] | IO[bytes]
) -> int:
    """Write records as JSON Lines, the lines ``convert --jsonl`` writes, to a path or a
    binary stream; returns how many. A path is written whole or not at all (a temporary
    file beside it, renamed over it at the end)."""
    if isinstance(target, str | os.PathLike):
        with atomic_writer(pathlib.Path(target)) as stream:
            return _write_records(records, stream)
    return _write_records(records, target)


def _write_records(records: Iterable[ArticleRecord], stream: IO[bytes]) -> int:
    count = 0
    for record in records:
        stream.write(dumps(unstructure_record(record)) + b"\n")
        count += 1
    return count


def _opened(
    source: str | os.PathLike[str] | IO[bytes],
) -> contextlib.AbstractContextManager[IO[bytes]]:
    if isinstance(source, str | os.PathLike):
        return open_file(os.fspath(source))
    return contextlib.nullcontext(source)


@attrs.frozen
class Problem:
    """Something in the records that keeps a file from being rebuilt, as a message."""

    message: str


_MERGED = (
    "a record of convert --dedupe (one article, not the files it was found in); render "
    "reads what convert writes without --dedupe"
)


@attrs.define
class _File:
    """The records of one source file read so far."""

    count: int
    layout: DocumentLayout
    articles: dict[int, Article] = attrs.Factory(dict)

    def disagreement(self, record: ArticleRecord) -> str | None:
        """What a further record of this file says against the earlier ones."""
        if record.article_count != self.count:
            return f"article_count {record.article_count:,} here, {self.count:,} on an earlier line"
        if record.document_layout != self.layout:
            return "another document_layout than on an earlier line"
        if record.article is not None and record.index in self.articles:
            return f"has article {record.index} twice"
        return None

    @property
    def whole(self) -> bool:
        return len(self.articles) == self.count

    def missing(self) -> str:
        """Which articles have no record, the first five of them."""
        absent = (index for index in range(self.count) if index not in self.articles)
        shown = ", ".join(map(str, itertools.islice(absent, 5)))
        more = self.count - len(self.articles) - 5
        return f"no record for article index {shown}" + (f" and {more:,} more" if more > 0 else "")


class _Gathering:
    """The files of one JSON Lines input whose records are being read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.open: dict[str, _File] = {}
        self.rendered: set[bytes] = set()  # digests of their names (see digest_of)
        self.broken: set[str] = set()
        self.merged_said = False

    def take(self, where: str, record: ArticleRecord) -> Iterator[tuple[str, Document] | Problem]:
        """One record, read at ``where``; a file as soon as all its records are in."""
        source = record.source
        if source in self.broken:
            return  # said already
        if digest_of(source) in self.rendered:
            yield Problem(f"{where}: {source}: a record after all of its file's articles were read")
            return
        file = self.open.get(source)
        if file is None:
            file = self.open[source] = _File(record.article_count, record.document_layout)
        else:
            disagreement = file.disagreement(record)
            if disagreement is not None:
                yield Problem(f"{where}: {source}: {disagreement}")
                yield self._break(source)
                return
        if record.article is not None:
            file.articles[record.index] = record.article
        if file.whole:
            del self.open[source]
            self.rendered.add(digest_of(source))
            yield _document_of(source, file)

    def refused(
        self, where: str, error: JSONFormatError, *, merged: bool, source: str | None
    ) -> Iterator[Problem]:
        """A record that could not be read, at ``where``: of ``convert --dedupe``
        (``merged``), said once, or its problems, and its file (``source``, when it
        names one) left unrendered."""
        if merged:  # the likeliest mistake: said once, not the details
            if not self.merged_said:
                self.merged_said = True
                yield Problem(f"{where}: {_MERGED}")
            return
        yield from (Problem(f"{where}: {problem}") for problem in error.errors)
        if source is not None and source in self.open:
            yield self._break(source)

    def _break(self, source: str) -> Problem:
        del self.open[source]
        self.broken.add(source)
        return Problem(f"{self.name}: {source}: not rendered: some of its records are above")

    def left(self) -> Iterator[Problem]:
        """The files whose records never all came."""
        for source, file in self.open.items():
            yield Problem(f"{self.name}: {source}: not rendered: {file.missing()}")


def documents_from_records(
    lines: Iterable[bytes], name: str
) -> Iterator[tuple[str, Document] | Problem]:
    """Each source file the JSON Lines ``lines`` (of the input ``name``) hold, as its
    ``source`` and Document, as soon as all its records are read; and a Problem for each
    thing that keeps a file from being rebuilt. A bad record spoils only its own file."""
    gathering = _Gathering(name)
    for number, line, read in _each_record(lines):
        where = f"{name}:{number}"
        if isinstance(read, JSONFormatError):
            merged = b'"found_in":' in line
            yield from gathering.refused(where, read, merged=merged, source=_source_of(line))
        else:
            yield from gathering.take(where, read)
    yield from gathering.left()


def _source_of(line: bytes) -> str | None:
    """The source a record that could not be read names, if it names one."""
    with contextlib.suppress(JSONFormatError):
        record = loads(line)
        if isinstance(record, dict) and isinstance(record.get("source"), str):
            return str(record["source"])
    return None


def _document_of(source: str, file: _File) -> tuple[str, Document] | Problem:
    articles = tuple(file.articles[index] for index in range(file.count))
    try:
        return source, checked_layout(Document(articles=articles, layout=file.layout))
    except JSONFormatError as error:
        return Problem(f"{source}: not rendered: {'; '.join(error.errors)}")


def looks_like_records(first_line: bytes) -> bool:
    """Whether an input with no name to go by (standard input) holds JSON Lines records:
    its first line is a whole JSON object with an "article" key, which a document has
    not."""
    try:
        first = loads(first_line)
    except JSONFormatError:
        return False
    return isinstance(first, dict) and "article" in first


def documents_from_parquet(
    source: str | IO[bytes], name: str
) -> Iterator[tuple[str, Document] | Problem]:
    """As ``documents_from_records``, for the rows of a Parquet file that ``convert
    --format parquet`` wrote: each row is read back as the JSON Lines record it holds,
    through the same strict reader, and a bad row spoils only its own file."""
    from newsdump._tables import ParquetError, parquet_rows, record_of  # noqa: PLC0415

    try:
        yield from _documents_of_rows(parquet_rows(source), name, record_of)
    except ParquetError as error:
        yield Problem(f"{name}: {error}")


def _documents_of_rows(
    rows: Iterator[dict[str, Any]], name: str, record_of: Callable[[dict[str, Any]], Any]
) -> Iterator[tuple[str, Document] | Problem]:
    gathering = _Gathering(name)
    for number, row in enumerate(rows, start=1):
        if "found_in" in row:
            yield Problem(f"{name}: {_MERGED}")
            return
        where = f"{name}: row {number}"
        try:
            record = record_from_dict(record_of(row))
        except JSONFormatError as error:
            named = row.get("source")
            yield from gathering.refused(
                where, error, merged=False, source=named if isinstance(named, str) else None
            )
        except (KeyError, TypeError) as error:
            problem = JSONFormatError([f"not a row of convert --format parquet: {error}"])
            yield from gathering.refused(where, problem, merged=False, source=None)
        else:
            yield from gathering.take(where, record)
    yield from gathering.left()
