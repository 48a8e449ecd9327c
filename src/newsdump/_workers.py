"""Workers: a function over many inputs in worker processes, in the inputs' order.

Every command that reads many files runs on ``map_sources``: the inputs the paths name,
streamed one at a time, each given to a function in worker processes (``ordered_map``),
its results in the inputs' order, a few batches in flight at a time so that memory stays
flat.
"""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import multiprocessing
import multiprocessing.context
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from newsdump._inputs import Pattern, Source, sources
from newsdump._signals import interrupts_held

__all__ = [
    "BATCH_BYTES",
    "SERIAL_BELOW",
    "Item",
    "map_sources",
    "ordered_map",
    "take_batch",
    "usable_cpus",
]

_In = TypeVar("_In")
_Out = TypeVar("_Out")


Item = tuple[str, str | None, bytes | None]
"""One input as a worker gets it: its name, its path, and its bytes when it has no path
(standard input, which only the main process can read)."""


def map_sources(
    work: Callable[[Item], _Out],
    paths: Iterable[str],
    *,
    jobs: int | None,
    pattern: Pattern = "*.txt",
    in_order: Callable[[list[_Out]], list[_Out]] | None = None,
) -> Iterator[tuple[Source, _Out]]:
    """Each input the paths name (see ``sources``), with what ``work`` made of it, in
    the inputs' order, ``work`` running in ``jobs`` worker processes (None: as many as
    the inputs are worth; ``in_order``: see ordered_map). A missing path raises
    UsageError at once, before any input is read."""
    # Inputs stream: one walk feeds the workers, its copy (tee keeps only the few in
    # flight) says which input each result is of.
    inputs, to_workers = itertools.tee(sources(list(paths), pattern=pattern))
    items = (
        (source.name, source.path, source.read() if source.path is None else None)
        for source in to_workers
    )
    mapped = ordered_map(work, items, jobs, size_of=_size, in_order=in_order)
    return zip(inputs, mapped, strict=True)


def _size(item: Item) -> int:
    """An input's size in bytes, as the file system says (0 when it cannot)."""
    _, path, data = item
    if data is not None or path is None:
        return len(data or b"")
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # the worker will say why


def _start_worker(parent: int, baton: Baton | None = None) -> None:
    global _BATON  # noqa: PLW0603 -- this worker's, for _run_batch
    _BATON = baton
    # Ctrl-C reaches the whole process group: the main process handles it, stopping the
    # workers and removing any half-written output; the workers keep quiet.
    for number in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker killed alone just ends
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this worker once its parent has gone, whatever ended it (SIGKILL too, which
    nothing can catch): a worker left behind would run on under init. An orphan's
    parent process id changes; polling it is the portable way to see that."""
    while os.getppid() == parent:
        time.sleep(0.1)
    os._exit(1)


def _until_worth_a_pool(
    pending: Iterator[_In], batch: int, size_of: Callable[[_In], int] | None
) -> tuple[list[_In], bool]:
    """The items read until they are worth a pool of workers, and whether they are (when
    not, every item has been read)."""
    seen: list[_In] = []
    total = 0
    for item in pending:
        seen.append(item)
        if size_of is None:
            if len(seen) >= batch:
                return seen, True
        else:
            total += size_of(item)
            if total >= SERIAL_BELOW:
                return seen, True
    return seen, False


BATCH_BYTES = 4_000_000
"""A batch of inputs comes to at most about this many bytes (one input at least): with
128 files of 5 MB, two batches a worker in flight would hold gigabytes. Small files
go 128 a batch, not fewer: a worker waits between batches (docs/speed.md)."""


def take_batch(
    pending: Iterator[_In], batch: int, size_of: Callable[[_In], int] | None
) -> list[_In]:
    """The next batch of items: ``batch`` of them, or fewer that come to BATCH_BYTES
    (by ``size_of``), one at least; none when there are no more."""
    if size_of is None:
        return list(itertools.islice(pending, batch))
    taken: list[_In] = []
    total = 0
    for item in pending:
        taken.append(item)
        total += size_of(item)
        if len(taken) >= batch or total >= BATCH_BYTES:
            break
    return taken


class Baton:
    """The workers of one pool take turns with it, a batch at a time in the batches'
    order, at what must be done in that order (appending to the output). Made in the
    main process before the pool, each worker gets it as it starts."""

    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self._turn = context.Value("q", 0, lock=False)  # the batch whose turn it is
        self._changed = context.Condition()
        self._stopped = context.Event()

    def take_turn(
        self, number: int, step: Callable[[list[_Out]], list[_Out]], results: list[_Out]
    ) -> list[_Out]:
        """``step(results)`` once every batch before batch ``number`` has had its turn;
        ``results`` as they are if the run stops first. The turn passes on however
        ``step`` ends."""
        with self._changed:
            while self._turn.value != number:
                if self._stopped.is_set():
                    return results
                self._changed.wait(0.1)  # a stop is seen within 0.1 s
        # The lock is not held meanwhile (the turn is this worker's alone): a worker
        # killed in its step leaves the others waiting for a stop, not for the lock.
        try:
            return step(results)
        finally:
            with self._changed:
                self._turn.value = number + 1
                self._changed.notify_all()

    def stop(self) -> None:
        """No more turns: a worker waiting for one returns (the run has ended)."""
        self._stopped.set()


_BATON: Baton | None = None  # in a worker, its pool's (set as it starts)


def _run_batch(
    work: Callable[[_In], _Out],
    batch: list[_In],
    number: int = 0,
    in_order: Callable[[list[_Out]], list[_Out]] | None = None,
) -> list[_Out]:
    results = [work(item) for item in batch]
    if in_order is None:
        return results
    assert _BATON is not None
    return _BATON.take_turn(number, in_order, results)


SERIAL_BELOW = 4_000_000
"""Inputs of fewer bytes than this, all told, are done in this process when the number
of workers is left to newsdump (``jobs=None``): starting a pool costs more than two
workers save on a few megabytes (docs/speed.md)."""


def ordered_map(
    work: Callable[[_In], _Out],
    items: Iterable[_In],
    jobs: int | None,
    *,
    batch: int = 128,
    size_of: Callable[[_In], int] | None = None,
    in_order: Callable[[list[_Out]], list[_Out]] | None = None,
) -> Iterator[_Out]:
    """``map(work, items)`` in ``jobs`` worker processes, results in the items' order.

    Items go to the workers ``batch`` at a time, or as many as come to BATCH_BYTES
    (``size_of`` an item), whichever is fewer: one process round trip a file costs more
    than converting a small one. At most two batches a worker are in flight, so memory
    stays flat however many items there are, and however large. ``jobs`` None leaves
    the choice here: the items are done in this process unless they come to
    SERIAL_BELOW bytes (``size_of`` an item; without it, unless they fill a batch), and
    else in as many workers as there are CPUs to run them. An explicit ``jobs`` is
    obeyed up to the CPUs this process may run on (``usable_cpus``): more workers would
    only take turns, each costing a process and its memory.

    ``in_order``, when given, is applied in the workers to each batch's results, one
    batch at a time in the items' order, before they are sent back: so a worker can
    append its output to a file itself (see ``Baton``). Results made in this process
    (``jobs`` 1) are not given to it: the caller does with them what it would do.
    """
    pending: Iterator[_In] = iter(items)
    if jobs is None:
        seen, worth_a_pool = _until_worth_a_pool(pending, batch, size_of)
        jobs = usable_cpus() if worth_a_pool else 1
        pending = itertools.chain(seen, pending)
    jobs = min(jobs, usable_cpus())
    if jobs <= 1:
        yield from map(work, pending)
    else:
        yield from _in_pool(work, jobs, lambda: take_batch(pending, batch, size_of), in_order)


def _in_pool(
    work: Callable[[_In], _Out],
    jobs: int,
    next_batch: Callable[[], list[_In]],
    in_order: Callable[[list[_Out]], list[_Out]] | None,
) -> Iterator[_Out]:
    """``ordered_map``'s results from a pool of ``jobs`` workers, two batches a worker in
    flight at most."""
    head = next_batch()
    context = multiprocessing.get_context()
    baton = None if in_order is None else Baton(context)
    numbers = itertools.count()

    def submit(items: list[_In]) -> concurrent.futures.Future[list[_Out]]:
        # A stopping signal lands after the submit, not inside it: the first one starts
        # the pool's thread, and a stop between making and starting it left a pool that
        # could not shut down ("cannot join thread before it is started").
        with interrupts_held():
            return pool.submit(_run_batch, work, items, next(numbers), in_order)

    with concurrent.futures.ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), baton)
    ) as pool:
        window: collections.deque[concurrent.futures.Future[list[_Out]]] = collections.deque()
        window.append(submit(head))
        for _ in range(jobs * 2 - 1):
            first = next_batch()
            if first:
                window.append(submit(first))
        try:
            while window:
                results = window.popleft().result()
                following = next_batch()
                if following:
                    window.append(submit(following))
                yield from results
        finally:
            if baton is not None:
                baton.stop()  # before the pool waits for the workers: none waits on a turn
            for future in window:
                future.cancel()


def usable_cpus() -> int:
    """The CPUs this process may run on (``taskset``, a container's cpuset), which may
    be fewer than the machine has: more workers than that only take turns."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
