"""``newsdump validate``: every deviation from the layout, in four report formats; ``--fix``
and ``--diff``."""

from __future__ import annotations

import argparse
import functools
import sys
from typing import TYPE_CHECKING

from newsdump._errors import UsageError
from newsdump._inputs import Source, sources
from newsdump._report import (
    FORMATS,
    Checked,
    FileReport,
    Tally,
    checked,
    report_writer,
    unreadable,
    wants_color,
)
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_paths,
    codes,
    command,
    no_files,
    report,
)

if TYPE_CHECKING:
    from newsdump._fixing import Fixing

__all__ = ["add_parser", "run"]


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "validate",
        "report every deviation from the layout: PATH:LINE:COL: CODE [severity] message",
        "  newsdump validate scrapes/\n"
        "  newsdump validate scrapes/ --format github      # annotations in GitHub Actions\n"
        "  newsdump validate scrapes/ --format sarif > newsdump.sarif\n"
        "  newsdump validate new.txt --strict --ignore W103,W104\n"
        "  newsdump validate scrapes/ --diff               # what --fix would change\n"
        "  newsdump validate scrapes/ --fix                # repair in place, report the rest",
    )
    add_paths(parser)
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="text (default), json, github annotations or SARIF 2.1.0",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on warnings too, not only on errors"
    )
    parser.add_argument(
        "--select",
        type=codes,
        action="extend",
        metavar="CODES",
        default=[],
        help="report only these codes or prefixes (E2,W104,...; ALL for every code); "
        "repeated, each adds to the others",
    )
    parser.add_argument(
        "--ignore",
        type=codes,
        action="extend",
        metavar="CODES",
        default=[],
        help="do not report these codes or prefixes; repeated, each adds to the others",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="repair what can be repaired safely (layout only, never what an article says), "
        "rewriting each file in place (standard input: to standard output); then report "
        "what is left",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also apply fixes that change what an article says (a "
        "tab, a control character, a differing repeat, a header after one blank line)",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, and change nothing; "
        "exit 1 when it would change something",
    )


def run(arguments: argparse.Namespace) -> int:
    if arguments.unsafe_fixes and not (arguments.fix or arguments.diff):
        raise UsageError("--unsafe-fixes goes with --fix or --diff")
    # With --fix, standard input's fixed text goes to standard output: the report cannot.
    # With --diff, the diff is the report.
    fixing_stdin = arguments.fix and "-" in arguments.paths
    stream = sys.stderr if fixing_stdin else sys.stdout
    writer = report_writer(arguments.format, stream, color=wants_color(stream))
    tally = Tally() if arguments.diff else writer.tally
    fixing = None
    if arguments.fix or arguments.diff:
        from newsdump._fixing import Fixing

        fixing = Fixing(
            wanted=functools.partial(_wanted, select=arguments.select, ignore=arguments.ignore),
            unsafe=arguments.unsafe_fixes,
            diff=arguments.diff,
            report=report,
        )
    # Each file's report is written as it is checked: memory holds one file's findings.
    for source in sources(arguments.paths, pattern="*.txt"):
        diagnostics, page_type = _check(source, fixing)
        wanted = (d for d in diagnostics if _wanted(d.code, arguments.select, arguments.ignore))
        found = FileReport(source.name, tuple(wanted), source.path, page_type)
        if arguments.diff:
            tally.add(found)
        else:
            writer.add(found)
    if tally.files + tally.unreadable == 0:
        no_files(arguments.paths, "*.txt")
    unreadable = tally.unreadable > 0 or (fixing is not None and fixing.unwritten)
    if fixing is not None and arguments.diff:
        report(f"would fix {fixing.summary}")
        return EXIT_USAGE if unreadable else (EXIT_FAILED if fixing.fixes else EXIT_OK)
    writer.end()
    if fixing is not None and arguments.format == "text":
        report(f"fixed {fixing.summary}")
    elif arguments.format == "text":
        _say_what_is_fixable(tally, unsafe=arguments.unsafe_fixes)
    if unreadable:
        return EXIT_USAGE
    failing = tally.errors + (tally.warnings if arguments.strict else 0)
    return EXIT_FAILED if failing else EXIT_OK


def _check(source: Source, fixing: Fixing | None) -> Checked:
    """What validation finds in one file (fixing it first, with ``fixing``)."""
    if fixing is not None:
        return fixing.check(source)
    try:
        data = source.read()
    except OSError as error:
        # A finding of its own, so that every report format lists the file.
        return unreadable(error)
    return checked(data, source.name)


def count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _say_what_is_fixable(tally: Tally, *, unsafe: bool) -> None:
    """Like ruff, say how many findings --fix would repair, on standard error."""
    if tally.safe_fixes:
        report(f"{count(tally.safe_fixes, 'finding')} fixable with --fix")
    if tally.unsafe_fixes and not unsafe:
        report(f"{count(tally.unsafe_fixes, 'more finding')} fixable with --fix --unsafe-fixes")


def _wanted(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    selected = not select or any(code.startswith(prefix) for prefix in select)
    return selected and not any(code.startswith(prefix) for prefix in ignore)
