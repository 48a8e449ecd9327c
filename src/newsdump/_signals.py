"""Signals: SIGTERM, SIGHUP and SIGQUIT stop a run as Ctrl-C does, and a few steps
(naming a temporary file) hold them until they are done."""

from __future__ import annotations

import contextlib
import signal
import threading
import types
from collections.abc import Iterator

__all__ = ["Terminated", "interrupts_held", "stop_on_signals"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGQUIT, raised where it lands, so that it stops a run the way
    Ctrl-C does: every output being written is removed on the way out. ``number``: the
    signal (the exit status is 128 and it, as a shell reports a process it ended)."""

    def __init__(self, number: int = signal.SIGTERM) -> None:
        super().__init__(number)
        self.number = number


def _terminate(number: int, _frame: types.FrameType | None) -> None:
    raise Terminated(number)


# Besides Ctrl-C: kill's default, a closed terminal, and Ctrl-\ (which would otherwise
# dump core and leave a part file behind).
_ENDING = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def stop_on_signals() -> None:
    """Make SIGTERM, SIGHUP and SIGQUIT stop this process the way Ctrl-C does (see
    Terminated)."""
    for number in _ENDING:
        signal.signal(number, _terminate)


# The signals that stop a run.
_STOPPING = (signal.SIGINT, *_ENDING)


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and the other stopping signals until the block ends, then
    deliver the first as
    it would have been.

    Only the main thread can set a signal handler; elsewhere the block runs as it is, as
    it does for a signal whose handler was set outside Python.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[tuple[int, types.FrameType | None]] = []
    previous = {
        number: signal.signal(number, lambda number, frame: held.append((number, frame)))
        for number in _STOPPING
        if signal.getsignal(number) is not None  # set outside Python: not ours to move
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if held:
            first, frame = held[0]
            handler = previous[signal.Signals(first)]
            if callable(handler):
                handler(first, frame)  # the default SIGINT one raises KeyboardInterrupt
            elif handler == signal.SIG_DFL:
                signal.raise_signal(first)
