"""The command line: a thin ``main(argv) -> int`` over the library.

Exit status: 0 when every file was handled, 1 when any file did not follow the layout,
2 for a usage error or a path that cannot be read.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
from collections.abc import Iterator, Sequence

from newsdump import __version__
from newsdump._errors import LayoutError
from newsdump._outline import outline
from newsdump._parse import parse_file

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdump",
        description="Scraped news-article text files as typed, lossless structured data.",
    )
    parser.add_argument("--version", action="version", version=f"newsdump {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    show = commands.add_parser(
        "show",
        help="print an outline of each file: articles, then each block's line, kind and text",
        description="Print an outline of each file: its articles, then each block's line "
        "number, kind and the start of its text. A folder stands for every *.txt below it.",
        epilog="example:  newsdump show fixtures/valid",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    show.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        type=pathlib.Path,
        help="a text file, or a folder of them",
    )
    return parser


def _text_files(paths: Sequence[pathlib.Path]) -> Iterator[pathlib.Path]:
    """Each path, a folder standing for every *.txt below it in a stable (sorted) order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(found for found in path.rglob("*.txt") if found.is_file())
        else:
            yield path


def _show(paths: Sequence[pathlib.Path]) -> int:
    status = EXIT_OK
    for path in _text_files(paths):
        try:
            doc = parse_file(path)
        except LayoutError as error:
            print(error, file=sys.stderr)
            status = max(status, EXIT_INVALID)
            continue
        except OSError as error:
            print(f"{path}: cannot read: {error.strerror or error}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        count = len(doc.articles)
        print(f"{path}: {count} article{'s' if count != 1 else ''}")
        for line in outline(doc):
            print(f"  {line}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = _parser().parse_args(argv)
    if arguments.command == "show":
        return _show(arguments.paths)
    raise AssertionError(f"unhandled command {arguments.command!r}")  # argparse requires one


def run() -> None:
    """The console script's entry point: also quiet on a closed pipe and on Ctrl-C."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop without a traceback, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 141
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)
