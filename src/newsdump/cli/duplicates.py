"""``newsdump duplicates``: groups of articles that say nearly the same thing."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING

from newsdump._diagnostics import unreadable_message
from newsdump._errors import LayoutError
from newsdump._inputs import read_input
from newsdump._parse import parse_bytes
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_jobs,
    add_paths,
    command,
    no_files,
    report,
    require_datasketch_here,
    say_jobs_capped,
    threshold,
)

if TYPE_CHECKING:
    from newsdump._near import Sketch
    from newsdump._workers import Item

__all__ = ["add_parser", "run"]


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "duplicates",
        "report groups of articles that say nearly the same thing, as JSON Lines",
        "  newsdump duplicates scrapes/ > groups.jsonl\n"
        "  newsdump duplicates scrapes/ more/ --threshold 0.9",
    )
    add_paths(parser)
    parser.add_argument(
        "--threshold",
        type=threshold,
        metavar="T",
        help="how much of the shorter article the other must hold, from 0 to 1 "
        "(default 0.8; see docs/scale.md)",
    )
    parser.add_argument(
        "--lenient", action="store_true", help="also read files that break the layout"
    )
    add_jobs(parser)


def run(arguments: argparse.Namespace) -> int:
    from newsdump._jsonio import dumps
    from newsdump._near import DEFAULT_THRESHOLD, Grouping
    from newsdump._workers import map_sources

    require_datasketch_here()
    say_jobs_capped("duplicates", arguments.jobs)
    grouping = Grouping(arguments.threshold or DEFAULT_THRESHOLD)
    work = functools.partial(_sketch_source, lenient=arguments.lenient)
    failed = unreadable = False
    read = 0
    for source, (messages, sketches, status) in map_sources(
        work, arguments.paths, jobs=arguments.jobs
    ):
        read += 1
        for message in messages:
            report(message)
        failed |= status == EXIT_FAILED
        unreadable |= status == EXIT_USAGE
        for index, fingerprint, its_sketch in sketches:
            grouping.add((source.name, index, fingerprint), its_sketch)
    for group in grouping.several():
        members = [
            {"source": name, "index": index, "fingerprint": fingerprint, "similarity": similarity}
            for (name, index, fingerprint), similarity in group.members
        ]
        sys.stdout.buffer.write(dumps({"members": members}) + b"\n")
    if not read:
        no_files(arguments.paths, "*.txt")
    return EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK


def _sketch_source(
    item: Item, *, lenient: bool
) -> tuple[list[str], list[tuple[int, str, Sketch]], int]:
    """In a worker: the sketch of each article of one input, what to say, and the exit
    status its failure calls for (0 when it was read)."""
    from newsdump._near import sketch

    name, path, data = item
    try:
        data = read_input(path, data)
    except OSError as error:
        return [unreadable_message(name, error)], [], EXIT_USAGE
    try:
        doc = parse_bytes(data, name, strict=not lenient)
    except LayoutError as error:
        return [str(error).split("\n", 1)[0]], [], EXIT_FAILED
    sketches = [
        (index, article.fingerprint, sketch(article)) for index, article in enumerate(doc.articles)
    ]
    return [], sketches, EXIT_OK
