"""``newsdump convert``: files to JSON, JSON Lines or Parquet."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING

from newsdump._errors import UsageError
from newsdump._inputs import Source, check_paths
from newsdump.cli._options import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    add_jobs,
    add_paths,
    command,
    indent,
    no_files,
    require_datasketch_here,
    require_pyarrow_here,
    say_jobs_capped,
    threshold,
)
from newsdump.cli._progress import Progress

if TYPE_CHECKING:
    import pathlib

    from newsdump._convert import Converted, Distinct, Options
    from newsdump._outputs import Outputs
    from newsdump._workers import Item

__all__ = ["add_parser", "run"]

JSONL_NAME = "articles.jsonl"
FORMATS_OUT = ("json", "jsonl", "parquet")


def add_parser(commands: Commands) -> None:
    parser = command(
        commands,
        "convert",
        "convert article text files to JSON, JSON Lines or Parquet",
        "  newsdump convert story.txt > story.json\n"
        "  newsdump convert scrapes/ -o json/            # json/<sub-folders>/NAME.json\n"
        "  newsdump convert scrapes/ --jsonl > articles.jsonl\n"
        "  newsdump convert scrapes/ --format parquet -o articles.parquet\n"
        "  cat story.txt | newsdump convert - --indent 2",
    )
    add_paths(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder: NAME.json per input there (with --jsonl: OUT/articles.jsonl, with "
        "--format parquet: OUT/articles.parquet); with --jsonl a NAME.jsonl, with --format "
        "parquet a NAME.parquet, is that file; - is standard output",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS_OUT,
        help="json (the default: a document per input), jsonl (one record per article per "
        "line) or parquet (one row per article; needs newsdump[parquet])",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="the same as --format jsonl",
    )
    parser.add_argument(
        "--indent", type=indent, metavar="N", help="indent JSON by N spaces (not with --jsonl)"
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="also convert files that break the layout, with their diagnostics in the JSON "
        "(without it such files are reported and skipped)",
    )
    add_jobs(parser)
    parser.add_argument(
        "--dedupe",
        nargs="?",
        const="exact",
        choices=("exact", "near"),
        help="with --jsonl or --format parquet: each distinct article once, with every "
        "source and index it was found at; exact (the default): by fingerprint; near: "
        "one article per group of near-duplicates, the longest (see duplicates; needs "
        "newsdump[near])",
    )
    parser.add_argument(
        "--threshold",
        type=threshold,
        metavar="T",
        help="with --dedupe near: how similar two articles must be (default 0.8)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run(arguments: argparse.Namespace) -> int:
    import pathlib

    from newsdump._convert import Options, append_records
    from newsdump._near import DEFAULT_THRESHOLD
    from newsdump._outputs import Outputs, atomic_writer
    from newsdump._workers import map_sources

    paths = arguments.paths
    form, suffix, output = _convert_usage(arguments)
    say_jobs_capped("convert", arguments.jobs)
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
            outputs = None if output is None else Outputs(output, paths)
            failed = _write_json_files(results(), outputs, progress)
        elif output is None:
            failed = _write_records(results(), sys.stdout.buffer, progress, dedupe)
        else:
            # -o NAME.jsonl (NAME.parquet) is that file; any other -o, a folder for it.
            assert suffix is not None
            named = output.suffix == suffix
            default = f"articles{suffix}"
            folder, name = (output.parent, output.name) if named else (output, default)
            target = Outputs(folder, paths).claim(pathlib.PurePath(name), suffix, f"--{form}")
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
        no_files(paths, "*.txt")
    if progress.unreadable:
        return EXIT_USAGE  # as validate: a file could not be read at all
    return EXIT_FAILED if failed else EXIT_OK


def _convert_usage(arguments: argparse.Namespace) -> tuple[str, str | None, pathlib.Path | None]:
    """The output format, its file suffix and where it goes; what cannot be done is a
    usage error here, before any input is read."""
    from newsdump._outputs import output_path

    if arguments.jsonl and arguments.format not in (None, "jsonl"):
        raise UsageError(f"--jsonl and --format {arguments.format} say different things")
    form = "jsonl" if arguments.jsonl else arguments.format or "json"
    suffix = {"jsonl": ".jsonl", "parquet": ".parquet"}.get(form)
    flag = "--jsonl" if form == "jsonl" else f"--format {form}"
    output = output_path(arguments.output, file_suffix=suffix, flag=flag)
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


def _convert_source(item: Item, options: Options) -> Converted:
    from newsdump._convert import convert_one

    name, path, data = item
    return convert_one(name, path, data, options)


_Results = Iterator[tuple[Source, "Converted"]]


def _write_json_files(results: _Results, outputs: Outputs | None, progress: Progress) -> int:
    from newsdump._outputs import write_atomic

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
    from newsdump._jsonio import dumps

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
    from newsdump._jsonio import loads
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
