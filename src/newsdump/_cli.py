"""The command line: a thin ``main(argv) -> int`` over the library.

Exit status: 0 when every file was handled (validate: no error found), 1 when any file
could not be (validate: a finding fails the run), 2 for a usage error (an unknown option,
a path that does not exist or cannot be read).
"""

from __future__ import annotations

import argparse
import codecs
import functools
import io
import itertools
import os
import pathlib
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from newsdump._batch import (
    Progress,
    Source,
    Terminated,
    UsageError,
    atomic_writer,
    check_paths,
    digest_of,
    read_file,
    shown,
    sources,
    stop_on_signals,
    usable_cpus,
    write_atomic,
)
from newsdump._diagnostics import CODES, unreadable_message
from newsdump._errors import LayoutError
from newsdump._jsonio import JSONFormatError, dumps, loads
from newsdump._near import DEFAULT_THRESHOLD, Grouping, Sketch, require_datasketch, sketch
from newsdump._parse import encode, parse_bytes
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

if TYPE_CHECKING:
    from newsdump._convert import Converted, Distinct, Options
    from newsdump._fixing import Fixing
    from newsdump._many import Item
    from newsdump._model import Document
    from newsdump._records import Problem

# What only some commands need is imported in them, not here: `validate` in a pre-commit
# hook should not pay for cattrs, pyarrow's glue, the worker pool or the JSON Schema.

__all__ = ["main", "run"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
JSONL_NAME = "articles.jsonl"
FORMATS_OUT = ("json", "jsonl", "parquet")


class _Version(argparse.Action):
    """--version, read from the installed metadata only when asked for (12 ms)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        import newsdump  # the package, whose __version__ reads the metadata

        sys.stdout.write(f"newsdump {newsdump.__version__}\n")  # as argparse's own does
        parser.exit()


def _command(
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdump",
        description="Scraped news-article text files as typed, lossless structured data.",
        epilog="exit status: 0 all done, 1 some file failed, 2 usage error or a file unreadable",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = _command(
        commands,
        "convert",
        "convert article text files to JSON, JSON Lines or Parquet",
        "  newsdump convert story.txt > story.json\n"
        "  newsdump convert scrapes/ -o json/            # json/<sub-folders>/NAME.json\n"
        "  newsdump convert scrapes/ --jsonl > articles.jsonl\n"
        "  newsdump convert scrapes/ --format parquet -o articles.parquet\n"
        "  cat story.txt | newsdump convert - --indent 2",
    )
    convert.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, a folder (every *.txt below it) or - for stdin",
    )
    convert.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder: NAME.json per input there (with --jsonl: OUT/articles.jsonl, with "
        "--format parquet: OUT/articles.parquet); with --jsonl a NAME.jsonl, with --format "
        "parquet a NAME.parquet, is that file; - is standard output",
    )
    convert.add_argument(
        "--format",
        choices=FORMATS_OUT,
        help="json (the default: a document per input), jsonl (one record per article per "
        "line) or parquet (one row per article; needs newsdump[parquet])",
    )
    convert.add_argument(
        "--jsonl",
        action="store_true",
        help="the same as --format jsonl",
    )
    convert.add_argument(
        "--indent", type=_indent, metavar="N", help="indent JSON by N spaces (not with --jsonl)"
    )
    convert.add_argument(
        "--lenient",
        action="store_true",
        help="also convert files that break the layout, with their diagnostics in the JSON "
        "(without it such files are reported and skipped)",
    )
    convert.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default="auto",
        metavar="N",
        help="worker processes, or auto (the default: none below 4 MB of input, else one "
        "per CPU it may run on); the output is the same, in the same order, whatever N",
    )
    convert.add_argument(
        "--dedupe",
        nargs="?",
        const="exact",
        choices=("exact", "near"),
        help="with --jsonl or --format parquet: each distinct article once, with every "
        "source and index it was found at; exact (the default): by fingerprint; near: "
        "one article per group of near-duplicates, the longest (see duplicates; needs "
        "newsdump[near])",
    )
    convert.add_argument(
        "--threshold",
        type=_threshold,
        metavar="T",
        help="with --dedupe near: how similar two articles must be (default 0.8)",
    )
    convert.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    near = _command(
        commands,
        "duplicates",
        "report groups of articles that say nearly the same thing, as JSON Lines",
        "  newsdump duplicates scrapes/ > groups.jsonl\n"
        "  newsdump duplicates scrapes/ more/ --threshold 0.9",
    )
    near.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, a folder (every *.txt below it) or - for stdin",
    )
    near.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help="how much of the shorter article the other must hold, from 0 to 1 "
        "(default 0.8; see docs/scale.md)",
    )
    near.add_argument(
        "--lenient", action="store_true", help="also read files that break the layout"
    )
    near.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default="auto",
        metavar="N",
        help="worker processes, or auto (the default); the groups are the same whatever N",
    )

    render_command = _command(
        commands,
        "render",
        "turn JSON (or JSON Lines) back into the exact text",
        "  newsdump render story.json > story.txt\n"
        "  newsdump render json/*.json -o text/\n"
        "  newsdump render articles.jsonl -o text/        # one file per source",
    )
    render_command.add_argument(
        "paths",
        nargs="+",
        metavar="JSON_FILE",
        help="a .json document, a .jsonl file of records, a folder of them, or - for stdin",
    )
    render_command.add_argument(
        "-o",
        "--output",
        metavar="OUT_DIR",
        help="a folder: one text file per document there; - is standard output",
    )
    render_command.add_argument(
        "--force",
        action="store_true",
        help="replace a text file already there whose bytes differ (else it is refused)",
    )

    validate = _command(
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
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, a folder (every *.txt below it) or - for stdin",
    )
    validate.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="text (default), json, github annotations or SARIF 2.1.0",
    )
    validate.add_argument(
        "--strict", action="store_true", help="fail on warnings too, not only on errors"
    )
    validate.add_argument(
        "--select",
        type=_codes,
        action="extend",
        metavar="CODES",
        default=[],
        help="report only these codes or prefixes (E2,W104,...; ALL for every code); "
        "repeated, each adds to the others",
    )
    validate.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        metavar="CODES",
        default=[],
        help="do not report these codes or prefixes; repeated, each adds to the others",
    )
    validate.add_argument(
        "--fix",
        action="store_true",
        help="repair what can be repaired safely (layout only, never what an article says), "
        "rewriting each file in place (standard input: to standard output); then report "
        "what is left",
    )
    validate.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: also apply fixes that change a character inside a line "
        "(a tab, a control character, a differing repeat)",
    )
    validate.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, and change nothing; "
        "exit 1 when it would change something",
    )

    schema = _command(
        commands,
        "schema",
        "print the JSON Schema of the JSON format",
        "  newsdump schema > newsdump.schema.json\n  newsdump schema --jsonl\n"
        "  newsdump schema --jsonl --dedupe",
    )
    schema.add_argument(
        "--jsonl", action="store_true", help="the schema of one JSON Lines record instead"
    )
    schema.add_argument(
        "--dedupe",
        action="store_true",
        help="with --jsonl: of one record of convert --jsonl --dedupe",
    )

    show = _command(
        commands,
        "show",
        "print an outline of each file: articles, then each block's line, kind and text",
        "  newsdump show fixtures/valid",
    )
    show.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a text file, a folder (every *.txt below it) or - for stdin",
    )
    return parser


def _subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    action = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    command: argparse.ArgumentParser = action.choices[name]
    return command


def _jobs(value: str) -> int | None:
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


def _threshold(value: str) -> float:
    try:
        threshold = float(value)
    except ValueError:
        threshold = -1.0
    if not 0.0 < threshold <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number above 0 and at most 1: {value!r}")
    return threshold


def _indent(value: str) -> int:
    try:
        indent = int(value)
    except ValueError:
        indent = -1
    if indent < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of spaces, 0 or more: {value!r}")
    return indent


def _codes(value: str) -> list[str]:
    """A comma-separated list of codes or code prefixes, each naming some known code;
    ``ALL`` names every code (as in ruff)."""
    wanted = ["" if item == "ALL" else item for item in _items(value)]
    unknown = [item for item in wanted if not any(code.startswith(item) for code in CODES)]
    if unknown:
        raise argparse.ArgumentTypeError(f"no such code: {', '.join(unknown)} (see docs/codes/)")
    return wanted


def _items(value: str) -> list[str]:
    return [item.strip().upper() for item in value.split(",") if item.strip()]


# ---------------------------------------------------------------- reading inputs


def _report(message: str) -> None:
    print(message, file=sys.stderr)


def _parse_for_show(source: Source) -> Document | int:
    """The source's document, or the exit status its failure calls for: a layout error
    reported with the offending line quoted and a caret under the column, for a person
    reading (1); a file that cannot be read, as validate names it (2)."""
    try:
        data = source.read()
    except OSError as error:
        _report(unreadable_message(source.name, error))
        return EXIT_USAGE
    try:
        return parse_bytes(data, source.name)
    except LayoutError as error:
        _report(str(error))
        return EXIT_FAILED


def _output(
    value: str | None, *, file_suffix: str | None = None, flag: str = ""
) -> pathlib.Path | None:
    """Where ``-o`` says output goes: None for standard output (no ``-o``, or ``-o -``);
    else a folder, or a ``NAME.jsonl`` (``NAME.parquet``) file where ``file_suffix`` is
    that. What cannot be meant is a usage error before anything is read: an existing
    file where a folder is wanted, a new name that looks like a file's."""
    if value is None or value == "-":
        return None
    path = pathlib.Path(value)
    if file_suffix is not None and path.suffix == file_suffix:
        if path.exists() and not path.is_file():
            raise UsageError(f"-o {value}: not a file, so {file_suffix} cannot be written there")
        return path
    if path.exists() and not path.is_dir():
        hint = f" (with {flag}, -o NAME{file_suffix} writes that file)" if file_suffix else ""
        raise UsageError(f"-o {value} is a file; -o takes a folder{hint}")
    if not path.exists() and path.suffix in (".json", ".txt", ".jsonl", ".parquet"):
        raise UsageError(
            f"-o {value} looks like a file name, but -o takes a folder here "
            f"(for one input, write {path.suffix[1:].upper()} to standard output: > {value})"
        )
    return path


class _Outputs:
    """Where outputs go; refuses to replace an input or an earlier output of the run, and
    to write through a symbolic link out of the folder (a target is judged by its folder,
    resolved: the one ``-o`` names may itself be a link, to where the user aimed).

    Inputs found by walking a folder are ``*.txt`` files, which no output (``.json``,
    ``.jsonl``, or ``.txt`` from ``render`` of a ``.json``) can be named like: only the
    files named on the command line need guarding. Outputs written are remembered by a
    digest of their path, 16 bytes, not by name: memory stays flat however many there are.
    """

    def __init__(self, folder: pathlib.Path, paths: Sequence[str]) -> None:
        self.folder = folder
        self._inside = os.path.join(os.path.realpath(folder), "")
        self._inputs = {
            os.path.realpath(path): path
            for path in paths
            if path != "-" and not os.path.isdir(path)
        }
        self._written: set[bytes] = set()
        self._real_folders: dict[str, str] = {}

    def claim(self, relative: str | pathlib.PurePath, suffix: str, by: str) -> pathlib.Path:
        target = self.folder / pathlib.PurePath(relative).with_suffix(suffix)
        real = self._real(target)
        if not real.startswith(self._inside):
            raise UsageError(
                f"{target} leads outside {self.folder} through a symbolic link "
                f"(to {os.path.dirname(real)}): not written"
            )
        if real in self._inputs:
            raise UsageError(
                f"{by}: {target} would replace the input {self._inputs[real]}; choose another -o"
            )
        digest = digest_of(real)
        if digest in self._written:
            raise UsageError(
                f"{by}: {target} would replace the output of an earlier input; "
                "the two are named alike below -o"
            )
        self._written.add(digest)
        return target

    def _real(self, target: pathlib.Path) -> str:
        """Where ``target`` really is: its folder resolved (once a folder, not once a file:
        for 10,000 outputs, resolving each cost a third of the main process's time), its
        name as it is. Replacing a symbolic link replaces the link, not what it names."""
        folder, name = os.path.split(target)
        real = self._real_folders.get(folder)
        if real is None:
            real = self._real_folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name)


# ---------------------------------------------------------------- convert


def _convert(arguments: argparse.Namespace) -> int:
    from newsdump._convert import Options, append_records
    from newsdump._many import map_sources

    paths = arguments.paths
    form, suffix, output = _convert_usage(arguments)
    _say_jobs_capped("convert", arguments.jobs)
    options = Options(
        lenient=arguments.lenient,
        indent=arguments.indent,
        jsonl=form != "json",  # Parquet rows are made from the records the workers write
        dedupe=arguments.dedupe is not None,
        near=arguments.dedupe == "near",
    )
    # What the writers merge by: nothing (False), fingerprints (None), or near-duplicates
    # at a threshold.
    dedupe: float | bool | None = {
        None: False,
        "exact": None,
        "near": arguments.threshold or DEFAULT_THRESHOLD,
    }[arguments.dedupe]
    work = functools.partial(_convert_source, options=options)
    check_paths(paths)  # before any output is begun

    def results(in_order: Callable[[list[Converted]], list[Converted]] | None = None) -> _Results:
        return map_sources(work, paths, jobs=arguments.jobs, in_order=in_order)

    with Progress.for_inputs(paths, pattern="*.txt", enabled=not arguments.quiet) as progress:
        if form == "json":
            outputs = None if output is None else _Outputs(output, paths)
            failed = _write_json_files(results(), outputs, progress)
        elif output is None:
            failed = _write_records(results(), sys.stdout.buffer, progress, dedupe)
        else:
            # -o NAME.jsonl (NAME.parquet) is that file; any other -o, a folder for it.
            assert suffix is not None
            named = output.suffix == suffix
            default = f"articles{suffix}"
            folder, name = (output.parent, output.name) if named else (output, default)
            target = _Outputs(folder, paths).claim(pathlib.PurePath(name), suffix, f"--{form}")
            with atomic_writer(target) as stream:
                if form == "parquet":
                    failed = _write_parquet(results(), stream, progress, dedupe)
                elif dedupe is not False:
                    failed = _write_records(results(), stream, progress, dedupe)
                else:
                    # Workers append the records to the file themselves, in turn.
                    appending = functools.partial(append_records, path=stream.name)
                    failed = _write_records(results(appending), stream, progress, dedupe)
        progress.finish(None if output is None else str(output))
    if progress.done == 0:
        _no_files(paths, "*.txt")
    if progress.unreadable:
        return EXIT_USAGE  # as validate: a file could not be read at all
    return EXIT_FAILED if failed else EXIT_OK


def _say_jobs_capped(command: str, jobs: int | None) -> None:
    """One line when --jobs asks for more workers than there are CPUs to run them: the
    pool starts no more than that (``ordered_map``)."""
    if jobs is not None and jobs > usable_cpus():
        _report(
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
    try:
        require_datasketch()
    except ImportError as error:
        raise UsageError(str(error)) from None


def _convert_usage(arguments: argparse.Namespace) -> tuple[str, str | None, pathlib.Path | None]:
    """The output format, its file suffix and where it goes; what cannot be done is a
    usage error here, before any input is read."""
    if arguments.jsonl and arguments.format not in (None, "jsonl"):
        raise UsageError(f"--jsonl and --format {arguments.format} say different things")
    form = "jsonl" if arguments.jsonl else arguments.format or "json"
    suffix = {"jsonl": ".jsonl", "parquet": ".parquet"}.get(form)
    flag = "--jsonl" if form == "jsonl" else f"--format {form}"
    output = _output(arguments.output, file_suffix=suffix, flag=flag)
    paths = arguments.paths
    several = len(paths) != 1 or os.path.isdir(paths[0])
    if several and output is None and form == "json":
        raise UsageError("several inputs need -o OUT_DIR (a NAME.json each) or --jsonl")
    if arguments.dedupe and form == "json":
        raise UsageError("--dedupe goes with --jsonl or --format parquet")
    if arguments.threshold is not None and arguments.dedupe != "near":
        raise UsageError("--threshold goes with --dedupe near")
    if arguments.dedupe == "near":
        require_datasketch_here()
    if arguments.indent is not None and form != "json":
        raise UsageError(f"--indent does not go with {flag}: a record is one line")
    if form == "parquet":
        if output is None:
            raise UsageError("--format parquet needs -o NAME.parquet or -o OUT_DIR")
        require_pyarrow_here()
    return form, suffix, output


def _no_files(paths: Sequence[str], pattern: str) -> None:
    """As ruff does: a warning, and the status of a run that found nothing wrong."""
    _report(f"newsdump: warning: no {pattern} files found in {', '.join(paths)}")


def _convert_source(item: Item, options: Options) -> Converted:
    from newsdump._convert import convert_one

    name, path, data = item
    return convert_one(name, path, data, options)


_Results = Iterator[tuple[Source, "Converted"]]


def _write_json_files(results: _Results, outputs: _Outputs | None, progress: Progress) -> int:
    failed = 0
    for source, converted in results:
        for message in converted.messages:
            progress.say(message)
        ok = converted.output is not None
        if converted.output is not None:
            try:
                if outputs is None:
                    sys.stdout.buffer.write(converted.output)
                else:
                    target = outputs.claim(source.relative, ".json", source.name)
                    write_atomic(target, converted.output)
            except (UsageError, OSError) as error:
                progress.say(f"{source.name}: cannot write: {error}")
                ok = False
        failed += not ok
        progress.advance(converted.size, failed=not ok, unreadable=converted.unreadable)
    return failed


def _write_records(
    results: _Results, stream: IO[bytes], progress: Progress, dedupe: float | bool | None
) -> int:
    """JSON Lines, as the files are converted; with ``dedupe``, each distinct article
    once, when all are read, with every source and index it was found at (a float:
    near-duplicates too, at that threshold)."""
    from newsdump._json import FORMAT_VERSION

    failed, distinct = _take(results, progress, dedupe, stream.write)
    for fingerprint, article, found_in in distinct.merged(_near_threshold(dedupe)):
        # The record {"format_version", "fingerprint", "article", "found_in"}, spliced
        # from the article's JSON as the worker encoded it.
        stream.write(
            b'{"format_version":%d,"fingerprint":%b,"article":%b,"found_in":%b}\n'
            % (FORMAT_VERSION, dumps(fingerprint), article, dumps(found_in))
        )
    return failed


def _write_parquet(
    results: _Results, stream: IO[bytes], progress: Progress, dedupe: float | bool | None
) -> int:
    """Parquet, a row group at a time, as the files are converted: each row made from
    the JSON Lines record a worker wrote; with ``dedupe``, each distinct article once,
    when all are read, with every place it was found (``found_in``)."""
    from newsdump._tables import ParquetRows, row_of

    rows = ParquetRows(stream, dedupe=dedupe is not False)

    def add_rows(output: bytes) -> None:
        for line in output.splitlines():
            rows.add(row_of(loads(line)))

    failed, distinct = _take(results, progress, dedupe, add_rows)
    for _, article, found_in in distinct.merged(_near_threshold(dedupe)):
        first = found_in[0]
        record = {
            "source": first["source"],
            "index": first["index"],
            "article_count": None,
            "article": loads(article),
            "document_layout": None,
            "diagnostics": [],
        }
        rows.add({**row_of(record), "found_in": found_in})
    rows.close()
    return failed


def _take(
    results: _Results,
    progress: Progress,
    dedupe: float | bool | None,
    write: Callable[[bytes], object],
) -> tuple[int, Distinct]:
    """Each converted file's records written as they come (``write``), or with
    ``dedupe`` its articles kept for the end; returns how many failed, and those kept."""
    from newsdump._convert import Distinct

    failed = 0
    distinct = Distinct()
    for source, converted in results:
        for message in converted.messages:
            progress.say(message)
        if converted.output is None:
            failed += 1
        elif dedupe is not False:
            distinct.add(source.name, converted.articles)
        else:
            write(converted.output)
        progress.advance(
            converted.size, failed=converted.output is None, unreadable=converted.unreadable
        )
    return failed, distinct


def _near_threshold(dedupe: float | bool | None) -> float | None:
    """``dedupe`` as the writers get it: False (none), None (exact) or a threshold."""
    return dedupe if isinstance(dedupe, float) else None


# ---------------------------------------------------------------- duplicates


def _duplicates(arguments: argparse.Namespace) -> int:
    from newsdump._many import map_sources

    require_datasketch_here()
    _say_jobs_capped("duplicates", arguments.jobs)
    grouping = Grouping(arguments.threshold)
    work = functools.partial(_sketch_source, lenient=arguments.lenient)
    failed = unreadable = False
    for source, (messages, sketches, status) in map_sources(
        work, arguments.paths, jobs=arguments.jobs
    ):
        for message in messages:
            _report(message)
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
    return EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK


def _sketch_source(
    item: Item, *, lenient: bool
) -> tuple[list[str], list[tuple[int, str, Sketch]], int]:
    """In a worker: the sketch of each article of one input, what to say, and the exit
    status its failure calls for (0 when it was read)."""
    name, path, data = item
    try:
        if data is None:
            assert path is not None
            data = read_file(path)
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


# ---------------------------------------------------------------- render


def _documents_in(source: Source) -> Iterator[tuple[str, Document] | Problem]:
    """The documents a JSON or JSON Lines input holds, each with the source it names
    (a JSON document: None, its output mirrors the input), as they are read; and what
    keeps any from being read, one Problem each."""
    from newsdump._json import from_json
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

    def __init__(self, outputs: _Outputs | None, force: bool) -> None:
        self.outputs = outputs
        self.force = force  # replace a file already there that holds other bytes
        self.held: tuple[Source, Document] | None = None

    def write(self, source: Source, relative: str, doc: Document) -> bool:
        """Write one text (a document from JSON Lines: ``relative`` its source); False
        when it cannot be."""
        from newsdump._render import render

        if self.outputs is None:
            if self.held is not None:
                raise UsageError("several documents need -o OUT_DIR (a text file each)")
            self.held = source, doc
            return True
        path = pathlib.PurePath(source.relative)
        if relative:
            output = _record_output(relative)
            if isinstance(output, str):
                _report(f"{relative!r}: not rendered: {output}")
                return False
            path = output
        try:
            target = self.outputs.claim(path, ".txt", source.name)
            text = encode(render(doc))
            if not self.force and _holds_other_bytes(target, text):
                _report(
                    f"{shown(os.fspath(target))}: not replaced: it holds other text than "
                    f"{source.name} renders to (--force replaces it)"
                )
                return False
            write_atomic(target, text)
        except (UsageError, OSError) as error:
            _report(f"{source.name}: cannot write: {error}")
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
            _report(f"{source.name}: cannot write: {error}")
            return False
        return True


def _holds_other_bytes(target: pathlib.Path, data: bytes) -> bool:
    """Whether a file stands at ``target`` whose bytes are not ``data``: a text a person
    may have edited since, which render must not replace unasked."""
    try:
        if target.stat().st_size != len(data):
            return True
        return read_file(os.fspath(target)) != data
    except FileNotFoundError:
        return False


def _record_output(source: str) -> pathlib.PurePath | str:
    """Where a JSON Lines source is rendered to, below the output folder: its own path
    when that is relative and stays below, else its file name; or why there is none."""
    if source == "<stdin>":
        return pathlib.PurePath("stdin.txt")
    if "\0" in source:
        return "its source name holds a NUL character"
    path = pathlib.PurePath(source)
    if path.is_absolute() or ".." in path.parts:
        path = pathlib.PurePath(path.name)
    if not path.name or path.name in (".", ".."):
        return "its source names no file"
    return path


def _render(arguments: argparse.Namespace) -> int:
    from newsdump._records import Problem

    output = _output(arguments.output)
    inputs = sources(arguments.paths, pattern=("*.json", "*.jsonl", "*.parquet"))
    texts = _Texts(None if output is None else _Outputs(output, arguments.paths), arguments.force)
    failed = unreadable = False
    # Each document is written as soon as it is whole: memory holds one at a time.
    for source in inputs:
        try:
            for found in _documents_in(source):
                if isinstance(found, Problem):
                    _report(found.message)
                    failed = True
                else:
                    failed |= not texts.write(source, *found)
        except OSError as error:
            _report(unreadable_message(source.name, error))
            unreadable = True
    failed |= not texts.finish()
    return EXIT_USAGE if unreadable else EXIT_FAILED if failed else EXIT_OK


# ---------------------------------------------------------------- validate


def _validate(arguments: argparse.Namespace) -> int:
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
            report=_report,
        )
    # Each file's report is written as it is checked: memory holds one file's findings.
    for source in sources(arguments.paths, pattern="*.txt"):
        diagnostics, page_type = _check(source, fixing)
        wanted = (d for d in diagnostics if _wanted(d.code, arguments.select, arguments.ignore))
        report = FileReport(source.name, tuple(wanted), source.path, page_type)
        if arguments.diff:
            tally.add(report)
        else:
            writer.add(report)
    if tally.files + tally.unreadable == 0:
        _no_files(arguments.paths, "*.txt")
    unreadable = tally.unreadable > 0 or (fixing is not None and fixing.unwritten)
    if fixing is not None and arguments.diff:
        _report(f"would fix {fixing.summary}")
        return EXIT_USAGE if unreadable else (EXIT_FAILED if fixing.fixes else EXIT_OK)
    writer.end()
    if fixing is not None and arguments.format == "text":
        _report(f"fixed {fixing.summary}")
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
        return unreadable(str(error.strerror or error))
    return checked(data, source.name)


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _say_what_is_fixable(tally: Tally, *, unsafe: bool) -> None:
    """Like ruff, say how many findings --fix would repair, on standard error."""
    if tally.safe_fixes:
        _report(f"{_count(tally.safe_fixes, 'finding')} fixable with --fix")
    if tally.unsafe_fixes and not unsafe:
        _report(f"{_count(tally.unsafe_fixes, 'more finding')} fixable with --fix --unsafe-fixes")


def _wanted(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    selected = not select or any(code.startswith(prefix) for prefix in select)
    return selected and not any(code.startswith(prefix) for prefix in ignore)


# ---------------------------------------------------------------- schema and show


def _schema(arguments: argparse.Namespace) -> int:
    from newsdump._schema import json_schema

    if arguments.dedupe and not arguments.jsonl:
        raise UsageError("--dedupe goes with --jsonl")
    schema = json_schema(jsonl=arguments.jsonl, dedupe=arguments.dedupe)
    sys.stdout.write(dumps(schema, indent=2).decode("utf-8") + "\n")
    return EXIT_OK


def _show(arguments: argparse.Namespace) -> int:
    from newsdump._outline import outline

    status = EXIT_OK
    for source in sources(arguments.paths, pattern="*.txt"):
        doc = _parse_for_show(source)
        if isinstance(doc, int):
            status = max(status, doc)
            continue
        count = len(doc.articles)
        print(f"{source.name}: {count} article{'s' if count != 1 else ''}")
        for line in outline(doc):
            print(f"  {line}")
    return status


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "convert": _convert,
    "duplicates": _duplicates,
    "render": _render,
    "schema": _schema,
    "show": _show,
    "validate": _validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    arguments, unknown = parser.parse_known_args(argv)
    if unknown:  # said by the command's own parser, with its usage, not the top level's
        _subcommand(parser, arguments.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        return _COMMANDS[arguments.command](arguments)
    except UsageError as error:
        _report(f"newsdump {arguments.command}: error: {error}")
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
        _report(f"newsdump: cannot write: {error.strerror or error}")
        status = EXIT_FAILED
    except Exception as error:
        if not _worker_died(error):
            raise
        _report(
            "newsdump: a worker process ended abruptly (killed, or out of memory?): the run "
            "stopped; outputs written before it are whole, and nothing is half-written"
        )
        status = EXIT_FAILED
    except Terminated as stopped:
        status = 128 + stopped.number
    except KeyboardInterrupt:
        status = 128 + signal.SIGINT
    sys.exit(status)
