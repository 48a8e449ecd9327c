"""``newsdump render``: JSON, JSON Lines or Parquet back to the exact text."""

from __future__ import annotations

import argparse
import io
import itertools
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newsdump._diagnostics import unreadable_message
from newsdump._errors import UsageError
from newsdump._inputs import Source, shown, sources
from newsdump._parse import encode
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    command,
    no_files,
    report,
    require_pyarrow_here,
)

if TYPE_CHECKING:
    from newsdump._model import Document
    from newsdump._outputs import Outputs
    from newsdump._records import Problem

__all__ = ["add_parser", "run"]

_PATTERNS = ("*.json", "*.jsonl", "*.parquet")


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "render",
        "turn JSON, JSON Lines or Parquet back into the exact text",
        "  newsdump render story.json > story.txt\n"
        "  newsdump render json/*.json -o text/\n"
        "  newsdump render articles.jsonl -o text/        # one file per source\n"
        "  newsdump render articles.parquet -o text/      # the same from Parquet",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="JSON_FILE",
        help=(
            "a .json document, a .jsonl or .parquet file of records, a folder of them, "
            "or - for stdin"
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT_DIR",
        help="a folder: one text file per document there; - is standard output",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a text file already there whose bytes differ (else it is refused)",
    )


def _documents_in(source: Source) -> Iterator[tuple[str, Document] | Problem]:
    """The documents a JSON or JSON Lines input holds, each with the source it names
    (a JSON document: None, its output mirrors the input), as they are read; and what
    keeps any from being read, one Problem each."""
    from newsdump._json import from_json
    from newsdump._jsonio import JSONFormatError
    from newsdump._records import (
        Problem,
        documents_from_parquet,
        documents_from_records,
        looks_like_records,
    )

    if source.name.endswith(".parquet") and source.path is not None:
        require_pyarrow_here()
        with source.open() as stream:  # a regular file, or OSError naming what it is
            yield from documents_from_parquet(stream, source.name)
        return
    with source.open() as stream:
        if source.name.endswith(".jsonl"):
            yield from documents_from_records(stream, source.name)
            return
        first = stream.readline() if source.path is None else b""
        if first.startswith(b"PAR1"):  # Parquet on standard input: it must be read whole
            require_pyarrow_here()
            yield from documents_from_parquet(io.BytesIO(first + stream.read()), source.name)
            return
        if first and looks_like_records(first):
            yield from documents_from_records(itertools.chain([first], stream), source.name)
            return
        data = first + stream.read()
    try:
        yield "", from_json(data)
    except JSONFormatError as error:
        yield Problem(f"{source.name}: {error}")


class _Texts:
    """Where render's texts go: below the output folder, or the one text to standard
    output (held until the run ends: a second one is a usage error, before any byte is
    written)."""

    def __init__(self, outputs: Outputs | None, force: bool) -> None:
        self.outputs = outputs
        self.force = force  # replace a file already there that holds other bytes
        self.held: tuple[Source, Document] | None = None

    def write(self, source: Source, relative: str, doc: Document) -> bool:
        """Write one text (a document from JSON Lines: ``relative`` its source); False
        when it cannot be."""
        import pathlib

        from newsdump._outputs import holds_other_bytes, record_output, write_atomic
        from newsdump._render import render

        if self.outputs is None:
            if self.held is not None:
                raise UsageError("several documents need -o OUT_DIR (a text file each)")
            self.held = source, doc
            return True
        path = pathlib.PurePath(source.relative)
        if relative:
            output = record_output(relative)
            if isinstance(output, str):
                report(f"{relative!r}: not rendered: {output}")
                return False
            path = output
        try:
            target = self.outputs.claim(path, ".txt", source.name)
            text = encode(render(doc))
            if not self.force and holds_other_bytes(target, text):
                report(
                    f"{shown(os.fspath(target))}: not replaced: it holds other text than "
                    f"{source.name} renders to (--force replaces it)"
                )
                return False
            write_atomic(target, text)
        except (UsageError, OSError) as error:
            report(f"{source.name}: cannot write: {error}")
            return False
        return True

    def finish(self) -> bool:
        """Write the text held for standard output; False when it cannot be."""
        from newsdump._render import render

        if self.held is None:
            return True
        source, doc = self.held
        try:
            sys.stdout.buffer.write(encode(render(doc)))
        except OSError as error:
            report(f"{source.name}: cannot write: {error}")
            return False
        return True


def run(arguments: argparse.Namespace) -> int:
    from newsdump._outputs import Outputs, output_path
    from newsdump._records import Problem

    output = output_path(arguments.output)
    inputs = sources(arguments.paths, pattern=_PATTERNS)
    texts = _Texts(None if output is None else Outputs(output, arguments.paths), arguments.force)
    failed = unreadable = False
    read = 0
    # Each document is written as soon as it is whole: memory holds one at a time.
    for source in inputs:
        read += 1
        try:
            for found in _documents_in(source):
                if isinstance(found, Problem):
                    report(found.message)
                    failed = True
                else:
                    failed |= not texts.write(source, *found)
        except OSError as error:
            report(unreadable_message(source.name, error))
            unreadable = True
    failed |= not texts.finish()
    if not read:
        no_files(arguments.paths, _PATTERNS)
    return EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK
