"""The command line's entry: the parser its commands make, ``main(argv) -> int`` and the
console script's ``run``."""

from __future__ import annotations

import argparse
import codecs
import importlib
import io
import os
import signal
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from newsdump._errors import UsageError
from newsdump._signals import Terminated, stop_on_signals
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_USAGE,
    Commands,
    Version,
    report,
    subcommand,
)

__all__ = ["main", "run"]


class _Command(Protocol):
    """A command's module: ``add_parser`` says its options, ``run`` runs it."""

    def add_parser(self, commands: Commands) -> None: ...

    def run(self, arguments: argparse.Namespace) -> int: ...


# Each command is a module of this package, named for it.
_COMMANDS = ("convert", "duplicates", "render", "report", "schema", "show", "validate")


def _command(name: str) -> _Command:
    return cast(_Command, importlib.import_module(f"newsdump.cli.{name}"))


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, of that command alone (the command line names it):
    a hook's process neither imports the other commands nor builds their options."""
    parser = argparse.ArgumentParser(
        prog="newsdump",
        description="Scraped news-article text files as typed, lossless structured data.",
        epilog="exit status: 0 all done, 1 some file failed, 2 usage error or a file unreadable",
        allow_abbrev=False,
    )
    parser.add_argument(
        "-V", "--version", action=Version, nargs=0, help="show the version and exit"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (only,) if only else _COMMANDS:
        _command(name).add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    given = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(given[0] if given and given[0] in _COMMANDS else None)
    arguments, unknown = parser.parse_known_args(given)
    if unknown:  # said by the command's own parser, with its usage, not the top level's
        subcommand(parser, arguments.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return _command(arguments.command).run(arguments)
    except UsageError as error:
        report(f"newsdump {arguments.command}: error: {error}")
        return EXIT_USAGE


def _escape_what_cannot_be_encoded() -> None:
    """Write a character that standard output or error cannot encode (LC_ALL=C,
    PYTHONIOENCODING=ascii) as the escape JSON has for it, ``\\u2019`` (a pair of them
    past U+FFFF), not a traceback: JSON and SARIF stay valid, text stays readable."""
    codecs.register_error(_JSON_ESCAPE, _json_escape)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_JSON_ESCAPE)


_JSON_ESCAPE = "newsdump-json-escape"


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    units = error.object[error.start : error.end].encode("utf-16-be", "surrogatepass")
    escaped = "".join(
        f"\\u{int.from_bytes(units[at : at + 2], 'big'):04x}" for at in range(0, len(units), 2)
    )
    return escaped, error.end


def _drop_standard_output() -> None:
    """Send what is left in standard output's buffer nowhere, so that the interpreter's
    last flush at exit does not fail a second time."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _worker_died(error: BaseException) -> bool:
    # Looked up, not imported: a command that starts no workers never loads the pool.
    pool = sys.modules.get("concurrent.futures.process")
    return pool is not None and isinstance(error, pool.BrokenProcessPool)


def run() -> None:
    """The console script's entry point: also quiet on a closed pipe and on Ctrl-C."""
    stop_on_signals()
    _escape_what_cannot_be_encoded()
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (``| head``) has gone: stop without a traceback, as Unix tools do.
        _drop_standard_output()
        status = 141
    except OSError as error:
        # What the commands write to is full or broken (reading an input and writing a
        # file are reported by the commands themselves, which go on with the others).
        # An output file being written is removed by its atomic writer on the way here.
        _drop_standard_output()
        report(f"newsdump: cannot write: {error.strerror or error}")
        status = EXIT_FAILED
    except Exception as error:
        if not _worker_died(error):
            raise
        report(
            "newsdump: a worker process ended abruptly (killed, or out of memory?): the run "
            "stopped; outputs written before it are whole, and nothing is half-written"
        )
        status = EXIT_FAILED
    except Terminated as stopped:
        status = 128 + stopped.number
    except KeyboardInterrupt:
        status = 128 + signal.SIGINT
    sys.exit(status)
