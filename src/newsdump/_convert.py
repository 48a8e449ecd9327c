"""Converting one file, and many files in worker processes, in order.

``convert_one`` does everything for one input that does not touch the outputs: read,
parse, encode, and word each failure as the serial run would. The serial run and the
workers call it alike, so ``--jobs N`` gives the same bytes and the same messages, in
the same order, as ``--jobs 1``. Only the main process writes.
"""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import attrs

from newsdump._batch import read_file
from newsdump._diagnostics import unreadable_message
from newsdump._errors import LayoutError
from newsdump._json import article_records, dumps, to_json
from newsdump._parse import parse_bytes

__all__ = ["Converted", "Options", "convert_one", "ordered_map"]

_In = TypeVar("_In")
_Out = TypeVar("_Out")


@attrs.frozen
class Options:
    lenient: bool = False
    indent: int | None = None
    jsonl: bool = False
    dedupe: bool = False  # return each article's fingerprint and JSON instead of output


@attrs.frozen
class Converted:
    """What converting one input gave: its output bytes (None when it failed), the
    messages for standard error, its size, and, for ``--dedupe``, each article's
    fingerprint and its ``article`` object as JSON."""

    output: bytes | None
    messages: tuple[str, ...] = ()
    size: int = 0
    articles: tuple[tuple[str, bytes], ...] = ()
    unreadable: bool = False  # the input could not be read at all (E105: exit status 2)


def convert_one(name: str, path: str | None, data: bytes | None, options: Options) -> Converted:
    """Convert one input, named ``name``: the file at ``path``, or ``data`` when given."""
    if data is None:
        assert path is not None
        try:
            data = read_file(path)
        except OSError as error:
            return Converted(None, (unreadable_message(name, error),), unreadable=True)
    try:
        doc = parse_bytes(data, name, strict=not options.lenient)
    except LayoutError as error:
        return Converted(None, (str(error).split("\n", 1)[0],), len(data))
    messages = [
        f"{name}:{d.line}:{d.column}: {d.code} {d.message} (converted leniently)"
        for d in doc.diagnostics
        if d.severity == "error"
    ]
    try:
        if options.jsonl:
            records = article_records(doc, name)
            if options.dedupe:
                # Encoded here, in the worker: the main process only splices the bytes
                # into the merged records, and holds each distinct article compactly.
                output = b""
                articles = tuple(
                    (record["article"]["fingerprint"], dumps(record["article"]))
                    for record in records
                    if record["article"] is not None  # a file with none: nothing to merge
                )
            else:
                output = b"".join(dumps(record) + b"\n" for record in records)
                articles = ()
        else:
            output = (to_json(doc, indent=options.indent) + "\n").encode("utf-8")
            articles = ()
    except ValueError as error:  # text JSON cannot carry (see dumps)
        return Converted(None, (*messages, f"{name}: cannot write: {error}"), len(data))
    return Converted(output, tuple(messages), len(data), articles)


def _start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the main process handles it, stopping the
    # workers and removing any half-written output; the workers keep quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker killed alone just ends
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker once its parent has gone, whatever ended it (SIGKILL too, which
    nothing can catch): a worker left behind would run on under init. An orphan's
    parent process id changes; polling it is the portable way to see that."""
    while os.getppid() == parent:
        time.sleep(0.1)
    os._exit(1)


def _run_batch(work: Callable[[_In], _Out], batch: list[_In]) -> list[_Out]:
    return [work(item) for item in batch]


def ordered_map(
    work: Callable[[_In], _Out], items: Iterable[_In], jobs: int, *, batch: int = 32
) -> Iterator[_Out]:
    """``map(work, items)`` in ``jobs`` worker processes, results in the items' order.

    Items go to the workers ``batch`` at a time (one process round trip a file costs
    more than converting a small one); at most two batches a worker are in flight, so
    memory stays flat however many items there are. Items that all fit in one batch are
    done here: starting the workers would cost more than they save.
    """
    pending = iter(items)
    head = list(itertools.islice(pending, batch))
    if jobs <= 1 or len(head) < batch:
        yield from map(work, itertools.chain(head, pending))
        return

    def next_batch() -> list[_In]:
        return list(itertools.islice(pending, batch))

    with concurrent.futures.ProcessPoolExecutor(
        jobs, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        window: collections.deque[concurrent.futures.Future[list[_Out]]] = collections.deque()
        window.append(pool.submit(_run_batch, work, head))
        for _ in range(jobs * 2 - 1):
            first = next_batch()
            if first:
                window.append(pool.submit(_run_batch, work, first))
        try:
            while window:
                results = window.popleft().result()
                following = next_batch()
                if following:
                    window.append(pool.submit(_run_batch, work, following))
                yield from results
        finally:
            for future in window:
                future.cancel()
