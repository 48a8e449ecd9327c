"""What the commands share: exit statuses, option types, the options every command
has alike, and how a command says something on standard error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TypeAlias

from newsdump._diagnostics import CODES
from newsdump._errors import UsageError

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Commands",
    "Version",
    "add_jobs",
    "add_paths",
    "codes",
    "command",
    "indent",
    "jobs",
    "no_files",
    "report",
    "require_datasketch_here",
    "require_pyarrow_here",
    "say_jobs_capped",
    "subcommand",
    "threshold",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# The parser's sub-commands, each added by its module.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class Version(argparse.Action):
    """--version, read from the installed metadata only when asked for (12 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import newsdump  # the package, whose __version__ reads the metadata

        sys.stdout.write(f"newsdump {newsdump.__version__}\n")  # as argparse's own does
        parser.exit()


def command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    examples: str,
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # --json must not silently mean --jsonl
    )


def subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    command: argparse.ArgumentParser = action.choices[name]
    return command


def jobs(value: str) -> int | None:
    """A number of worker processes; None for auto (see ordered_map)."""
    if value == "auto":
        return None
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"expected auto or a whole number of processes, 1 or more: {value!r}"
        )
    return jobs


def threshold(value: str) -> float:
    try:
        threshold = float(value)
    except ValueError:
        threshold = -1.0
    if not 0.0 < threshold <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number above 0 and at most 1: {value!r}")
    return threshold


def indent(value: str) -> int:
    try:
        indent = int(value)
    except ValueError:
        indent = -1
    if indent < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of spaces, 0 or more: {value!r}")
    return indent


def codes(value: str) -> list[str]:
    """A comma-separated list of codes or code prefixes, each naming some known code;
    ``ALL`` names every code (as in ruff)."""
    wanted = ["" if item == "ALL" else item for item in items(value)]
    unknown = [item for item in wanted if not any(code.startswith(item) for code in CODES)]
    if unknown:
        raise argparse.ArgumentTypeError(f"no such code: {', '.join(unknown)} (see docs/codes/)")
    return wanted


def items(value: str) -> list[str]:
    return [item.strip().upper() for item in value.split(",") if item.strip()]


def report(message: str) -> None:
    print(message, file=sys.stderr)


def say_jobs_capped(command: str, jobs: int | None) -> None:
    """One line when --jobs asks for more workers than there are CPUs to run them: the
    pool starts no more than that (``ordered_map``)."""
    from newsdump._workers import usable_cpus  # the pool's module: only its commands load it

    if jobs is not None and jobs > usable_cpus():
        report(
            f"newsdump {command}: note: --jobs {jobs:,} is more than the {usable_cpus()} "
            f"CPUs this process may run on: using {usable_cpus()}"
        )


def require_pyarrow_here() -> None:
    """A usage error, before any work, when the Parquet extra is not installed.

    The command line owns its process, so it also gives Arrow the system allocator:
    mimalloc, Arrow's default, kept 50 MB more resident rendering 10,000 files, and
    grew with their number (a library user's process keeps the choice it has)."""
    from newsdump._tables import require_pyarrow

    try:
        pa = require_pyarrow()
    except ImportError as error:
        raise UsageError(str(error)) from None
    pa.set_memory_pool(pa.system_memory_pool())


def require_datasketch_here() -> None:
    """A usage error, before any work, when the near-duplicates extra is not installed."""
    from newsdump._near import require_datasketch

    try:
        require_datasketch()
    except ImportError as error:
        raise UsageError(str(error)) from None


def no_files(paths: Sequence[str], pattern: str | tuple[str, ...]) -> None:
    """As ruff does: a warning, and the status of a run that found nothing wrong."""
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    named = ", ".join(patterns[:-1]) + " or " + patterns[-1] if len(patterns) > 1 else patterns[0]
    report(f"newsdump: warning: no {named} files found in {', '.join(paths)}")


_PATHS_HELP = "a text file, a folder (every *.txt below it) or - for stdin"
# The one description of --jobs: the pool decides (``_workers.ordered_map``).
JOBS_HELP = (
    "worker processes, or auto (the default: in this process below 4 MB of input, else "
    "one per CPU it may run on); the output is the same, in the same order, whatever N"
)


def add_paths(parser: argparse.ArgumentParser) -> None:
    """The PATH... every command that reads scrapes takes."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help=_PATHS_HELP)


def add_jobs(parser: argparse.ArgumentParser) -> None:
    """``-j N``, ``--jobs N``: the worker processes."""
    parser.add_argument("-j", "--jobs", type=jobs, default="auto", metavar="N", help=JOBS_HELP)
