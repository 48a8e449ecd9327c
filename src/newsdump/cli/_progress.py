"""The progress bar a command shows a person watching, and the summary line it ends with."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Never

from newsdump._inputs import STDIN, Pattern, each_source

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = ["Progress"]


def _watched() -> bool:
    """Whether a person is watching standard error: a terminal, and not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


# How many inputs are counted a file done: a walk takes microseconds a file, a conversion
# a millisecond or more, so the count is in after a few files and costs nothing to see.
_COUNTED_AT_ONCE = 256


class Progress:
    """A progress bar on standard error, for a person watching a terminal, and the
    summary line a run ends with.

    The bar is tqdm's: a percentage, a bar, elapsed time and an estimate of what is left,
    redrawn at most ten times a second. Messages go through ``say``, which prints them
    above the bar, never into it. It shows from the first file: the inputs are counted a
    few hundred at a time as files are done, and until the count is in, the bar shows how
    many are done. (Counting here, not in a thread, because worker processes are forked
    meanwhile, and forking a process that runs threads is unsafe.)

    Silent unless standard error is a terminal and CI is not set: piped output and CI
    logs get no carriage-return noise. tqdm is imported only when a bar will show, so a
    run in a pipe or a pre-commit hook does not pay for it.
    """

    def __init__(self, inputs: Iterator[object] | None, *, enabled: bool) -> None:
        self.watched = enabled and _watched()  # the summary line at the end shows
        self.done = self.failed = self.unreadable = self.bytes = 0
        self.started = time.monotonic()
        self._uncounted = inputs
        self._counted = 0
        self._bar: tqdm[Never] | None = None
        if self.watched and inputs is not None:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread (see above)
            tqdm.set_lock(threading.RLock())  # not a multiprocessing one: no semaphore
            self._bar = tqdm(
                unit="file",
                file=sys.stderr,
                mininterval=0.1,
                dynamic_ncols=True,
                leave=False,
            )

    @classmethod
    def for_inputs(cls, paths: Sequence[str], *, pattern: Pattern, enabled: bool) -> Progress:
        """A progress bar for these inputs, counted only if it will show; none for one
        file (it would only flash), though the summary line still ends the run."""
        one = len(paths) == 1 and (paths[0] == STDIN or not os.path.isdir(paths[0]))
        return cls(None if one else each_source(paths, pattern), enabled=enabled)

    def _count(self, bar: tqdm[Never]) -> None:
        """Count a few more inputs; once all are, the bar has its total."""
        assert self._uncounted is not None
        before = self._counted
        self._counted += sum(1 for _ in itertools.islice(self._uncounted, _COUNTED_AT_ONCE))
        if self._counted - before < _COUNTED_AT_ONCE:
            self._uncounted = None
            bar.total = self._counted

    def advance(self, size: int, *, failed: bool, unreadable: bool = False) -> None:
        self.done += 1
        self.bytes += size
        self.failed += failed
        self.unreadable += unreadable
        bar = self._bar
        if bar is None:
            return
        if self._uncounted is not None:
            self._count(bar)
        bar.set_postfix_str(self._postfix(), refresh=False)
        bar.update()

    def say(self, message: str) -> None:
        """Print a line to standard error, above the bar when one shows."""
        if self._bar is None:
            print(message, file=sys.stderr)
        else:
            self._bar.write(message, file=sys.stderr)

    def finish(self, into: str | None = None, *, done: str = "converted") -> None:
        """Clear the bar and end with a summary of the run (on a terminal only):
        ``converted 3,000 files (119.0 MB) into out/ in 4.2 s; 2 failed``."""
        self.close()
        if not self.watched:
            return
        where = f" into {into}" if into else ""
        failed = f"; {self.failed:,} failed" if self.failed else ""
        sys.stderr.write(
            f"{done} {self.done:,} file{'s' if self.done != 1 else ''} "
            f"({self.bytes / 1e6:.1f} MB){where} in {time.monotonic() - self.started:.1f} s"
            f"{failed}\n"
        )

    def close(self) -> None:
        """Clear the bar from the screen (also when a run is stopped)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _postfix(self) -> str:
        return f"{self.bytes / 1e6:,.1f} MB, {self.failed:,} failed"
