"""``newsdump report``: how a corpus is doing, as one HTML page or as JSON."""

from __future__ import annotations

import argparse
import functools
import importlib.util
import sys
from typing import TYPE_CHECKING, Any

from newsdump._errors import UsageError
from newsdump.cli._options import (
    EXIT_OK,
    Commands,
    add_jobs,
    add_paths,
    command,
    no_files,
    say_jobs_capped,
    threshold,
)
from newsdump.cli._progress import Progress

if TYPE_CHECKING:
    import pathlib

__all__ = ["add_parser", "run"]

# Where the code pages are linked when the docs are not beside the package.
PROJECT_DOCS = "https://example.org/newsdump/docs/codes/"


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "report",
        "a health report of a corpus: one HTML page (or JSON) of findings, page types, "
        "content, duplicates and dates",
        "  newsdump report scrapes/ -o report.html\n"
        "  newsdump report scrapes/ --format json -o report.json\n"
        "  newsdump report scrapes/ --lenient -j 4 -o report.html   # content of every file\n"
        "  newsdump report scrapes/ --near -o report.html           # near-duplicates too",
    )
    add_paths(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="the report's file (default: standard output)"
    )
    parser.add_argument(
        "--format",
        choices=("html", "json"),
        default="html",
        help="html (default: one self-contained page; needs newsdump[report]) or json",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="count the content of files with errors too, as a lenient parse reads them",
    )
    parser.add_argument(
        "--near",
        action="store_true",
        help="group near-duplicates too (needs newsdump[near]; about as costly as the rest "
        "of the report: see docs/speed.md)",
    )
    parser.add_argument(
        "--threshold",
        type=threshold,
        metavar="T",
        help="with --near: the similarity, above 0 and at most 1 (default 0.8)",
    )
    parser.add_argument(
        "--docs-url",
        metavar="URL",
        help="where the code pages are linked (default: the docs beside newsdump, or "
        "the project's)",
    )
    add_jobs(parser)
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(arguments: argparse.Namespace) -> int:
    from newsdump._inputs import check_paths

    output = _output(arguments.output)
    if arguments.format == "html" and importlib.util.find_spec("matplotlib") is None:
        from newsdump._health_page import MATPLOTLIB_MISSING

        raise UsageError(MATPLOTLIB_MISSING)
    check_paths(arguments.paths)
    say_jobs_capped("report", arguments.jobs)
    found = _health(arguments)
    if found["overview"]["files"] == 0:
        no_files(arguments.paths, "*.txt")
    _write(found, arguments, output)
    return EXIT_OK


def _output(value: str | None) -> pathlib.Path | None:
    import pathlib

    if value is None or value == "-":
        return None
    path = pathlib.Path(value)
    if path.is_dir():
        raise UsageError(f"-o {value} is a folder; -o takes the report's file")
    return path


def _health(arguments: argparse.Namespace) -> dict[str, Any]:
    from newsdump._health import Health, examine
    from newsdump._workers import map_sources

    near = _near_threshold(arguments.near, arguments.threshold)
    health = Health(list(arguments.paths), near=near, lenient=arguments.lenient)
    work = functools.partial(examine, lenient=arguments.lenient, near=near is not None)
    with Progress.for_inputs(
        arguments.paths, pattern="*.txt", enabled=not arguments.quiet
    ) as progress:
        for source, found in map_sources(work, arguments.paths, jobs=arguments.jobs):
            health.add(source.name, found)
            progress.advance(found.size, failed=found.status == "refused")
        progress.finish(arguments.output, done="read")
    return health.report()


def _near_threshold(near: bool, given: float | None) -> float | None:
    """The threshold near-duplicates are grouped at; None when they are not asked for."""
    if not near:
        if given is not None:
            raise UsageError("--threshold goes with --near")
        return None
    if importlib.util.find_spec("datasketch") is None:
        from newsdump._near import NEAR_EXTRA

        raise UsageError(f"--near needs datasketch: {NEAR_EXTRA}")
    from newsdump._near import DEFAULT_THRESHOLD

    return given or DEFAULT_THRESHOLD


def _write(
    found: dict[str, Any], arguments: argparse.Namespace, output: pathlib.Path | None
) -> None:
    if arguments.format == "json":
        from newsdump._jsonio import dumps

        data = dumps(found, indent=2) + b"\n"
    else:
        from newsdump._health_page import page

        data = page(found, arguments.docs_url or _docs_url()).encode("utf-8")
    if output is None:
        sys.stdout.buffer.write(data)
        return
    from newsdump._outputs import write_atomic

    write_atomic(output, data)


def _docs_url() -> str:
    """The code pages beside this package (a checkout), else the project's."""
    import pathlib

    here = pathlib.Path(__file__).resolve().parents[3] / "docs" / "codes"
    if (here / "README.md").is_file():
        return here.as_uri() + "/"
    return PROJECT_DOCS
