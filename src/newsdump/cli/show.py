"""``newsdump show``: an outline of each file, for a person reading."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from newsdump._diagnostics import unreadable_message
from newsdump._errors import LayoutError
from newsdump._inputs import Source, sources
from newsdump._parse import parse_bytes
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_paths,
    command,
    no_files,
    report,
)

if TYPE_CHECKING:
    from newsdump._model import Document

__all__ = ["add_parser", "run"]


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "show",
        "print an outline of each file: articles, then each block's line, kind and text",
        "  newsdump show fixtures/valid",
    )
    add_paths(parser)


def _parse_for_show(source: Source) -> Document | int:
    """The source's document, or the exit status its failure calls for: a layout error
    reported with the offending line quoted and a caret under the column, for a person
    reading (1); a file that cannot be read, as validate names it (2)."""
    try:
        data = source.read()
    except OSError as error:
        report(unreadable_message(source.name, error))
        return EXIT_USAGE
    try:
        return parse_bytes(data, source.name)
    except LayoutError as error:
        report(str(error))
        return EXIT_FAILED


def run(arguments: argparse.Namespace) -> int:
    from newsdump._outline import outline

    status, shown = EXIT_OK, 0
    for source in sources(arguments.paths, pattern="*.txt"):
        shown += 1
        doc = _parse_for_show(source)
        if isinstance(doc, int):
            status = max(status, doc)
            continue
        count = len(doc.articles)
        print(f"{source.name}: {count} article{'s' if count != 1 else ''}")
        for line in outline(doc):
            print(f"  {line}")
    if not shown:
        no_files(arguments.paths, "*.txt")
    return status
