"""Converting one file, as ``newsdump convert`` does in each worker (see _many).

``convert_one`` does everything for one input that does not touch the outputs: read,
parse, encode, and word each failure as the serial run would. The serial run and the
workers call it alike, so ``--jobs N`` gives the same bytes and the same messages, in
the same order, as ``--jobs 1``. The main process writes the outputs, in order, except
the records of one JSON Lines file, which the workers append in turn (``append_records``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import attrs

from newsdump._diagnostics import unreadable_message
from newsdump._errors import LayoutError
from newsdump._inputs import read_input
from newsdump._json import article_records, dumps, to_json
from newsdump._near import Grouping, Sketch, sketch
from newsdump._parse import parse_bytes

__all__ = ["Converted", "Distinct", "Options", "append_records", "convert_one"]


@attrs.frozen
class Options:
    lenient: bool = False
    indent: int | None = None
    jsonl: bool = False
    dedupe: bool = False  # return each article's fingerprint and JSON instead of output
    near: bool = False  # ...and its sketch, to group near-duplicates (see _near)


@attrs.frozen
class Converted:
    """What converting one input gave: its output bytes (None when it failed), the
    messages for standard error, its size, and, for ``--dedupe``, each article's
    fingerprint and its ``article`` object as JSON."""

    output: bytes | None
    messages: tuple[str, ...] = ()
    size: int = 0
    articles: tuple[tuple[str, bytes, Sketch | None], ...] = ()
    unreadable: bool = False  # the input could not be read at all (E105: exit status 2)


def convert_one(name: str, path: str | None, data: bytes | None, options: Options) -> Converted:
    """Convert one input, named ``name``: the file at ``path``, or ``data`` when given."""
    try:
        data = read_input(path, data)
    except OSError as error:
        return Converted(None, (unreadable_message(name, error),), unreadable=True)
    try:
        doc = parse_bytes(data, name, strict=not options.lenient)
    except LayoutError as error:
        return Converted(None, (str(error).split("\n", 1)[0],), len(data))
    messages = [
        f"{d.located(name)} (converted leniently)" for d in doc.diagnostics if d.severity == "error"
    ]
    try:
        if options.jsonl:
            records = article_records(doc, name)
            if options.dedupe:
                # Encoded here, in the worker: the main process only splices the bytes
                # into the merged records, and holds each distinct article compactly.
                output = b""
                articles = tuple(
                    (
                        article.fingerprint,
                        dumps(record["article"]),
                        sketch(article) if options.near else None,
                    )
                    for article, record in zip(doc.articles, records, strict=False)
                )  # a file with no article has one record, but nothing to merge
            else:
                output = b"".join(dumps(record) + b"\n" for record in records)
                articles = ()
        else:
            output = (to_json(doc, indent=options.indent) + "\n").encode("utf-8")
            articles = ()
    except ValueError as error:  # text JSON cannot carry (see dumps)
        return Converted(None, (*messages, f"{name}: cannot write: {error}"), len(data))
    return Converted(output, tuple(messages), len(data), articles)


_APPENDING: dict[str, int] = {}  # in a worker: the file it appends to, open


def append_records(results: list[Converted], *, path: str) -> list[Converted]:
    """In a worker, in its batch's turn (see ``_workers.Baton``): the batch's JSON Lines
    records appended to the file at ``path``, the output being written, and the results
    without them. Sent back through a pipe for the main process to write, they would
    cost it more than all the rest of its work (docs/speed.md)."""
    descriptor = _APPENDING.get(path)
    if descriptor is None:
        descriptor = _APPENDING[path] = os.open(path, os.O_WRONLY | os.O_APPEND)
    data = memoryview(b"".join(converted.output for converted in results if converted.output))
    while data:
        data = data[os.write(descriptor, data) :]
    return [
        attrs.evolve(converted, output=b"") if converted.output else converted
        for converted in results
    ]


class Distinct:
    """The distinct articles of ``--dedupe``, as they come: each once, as the JSON its
    worker encoded, with every place it was found. ``merged`` gives them at the end:
    one per fingerprint, or with ``threshold`` one per group of near-duplicates, the
    longest, found in every place any member was."""

    def __init__(self) -> None:
        self._articles: dict[str, tuple[bytes, Sketch | None, list[dict[str, object]]]] = {}

    def add(self, source: str, articles: tuple[tuple[str, bytes, Sketch | None], ...]) -> None:
        for index, (fingerprint, article, its_sketch) in enumerate(articles):
            found_in = self._articles.setdefault(fingerprint, (article, its_sketch, []))[2]
            found_in.append({"source": source, "index": index})

    def merged(
        self, threshold: float | None
    ) -> Iterator[tuple[str, bytes, list[dict[str, object]]]]:
        if threshold is None:
            for fingerprint, (article, _, found_in) in self._articles.items():
                yield fingerprint, article, found_in
            return
        grouping = Grouping(threshold)
        for fingerprint, (_, its_sketch, _) in self._articles.items():
            assert its_sketch is not None
            grouping.add(fingerprint, its_sketch)
        for group in grouping.groups:
            members = [self._articles[key] for key, _ in group.members]
            lengths = [member[1].length if member[1] else 0 for member in members]
            kept = lengths.index(max(lengths))  # the longest; the first of equals
            found_in = [place for member in members for place in member[2]]
            yield group.members[kept][0], members[kept][0], found_in
