"""Signals: SIGTERM, SIGHUP and SIGQUIT stop a run as Ctrl-C does, and a few steps
(naming a temporary file) hold them until they are done."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator

__all__ = ["Terminated", "interrupts_held", "stop_on_signals"]


class Terminated(KeyboardInterrupt):
    """SIGTERM, SIGHUP or SIGQUIT, raised where it lands, so that it stops a run the way
    Ctrl-C does: every output being written is removed on the way out. ``number``: the
    signal (the exit status is 128 and it, as a shell reports a process it ended)."""

    def __init__(self, number: int = signal.SIGTERM) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: types.FrameType | None) -> None:
    """Raise the stop where the signal landed, unless it landed in an import: there an
    exception can crash the interpreter (a C extension's module set-up that does not
    check for one: orjson's did) or be dropped (importlib's weak-reference callbacks),
    so the signal comes again once the import is over."""
    if _inside_import(frame):
        _again_soon(number)
        return
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(number)


def _inside_import(frame: types.FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


_DEFERRED: set[int] = set()  # signals that come again soon, each once


def _again_soon(number: int) -> None:
    """Send the signal again to the main thread in a few milliseconds (a blocking call
    there returns for it, as for the first)."""
    if number in _DEFERRED:
        return
    _DEFERRED.add(number)
    main = threading.main_thread().ident
    assert main is not None

    def send() -> None:
        _DEFERRED.discard(number)
        signal.pthread_kill(main, number)

    timer = threading.Timer(0.005, send)
    timer.daemon = True
    timer.start()


# Besides Ctrl-C: kill's default, a closed terminal, and Ctrl-\ (which would otherwise
# dump core and leave a part file behind).
_ENDING = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def stop_on_signals() -> None:
    """Make SIGTERM, SIGHUP and SIGQUIT stop this process the way Ctrl-C does (see
    Terminated), and none of them, Ctrl-C included, land inside an import or be lost
    where Python ignores exceptions (a ``__del__``, a weak reference's callback)."""
    for number in (signal.SIGINT, *_ENDING):
        signal.signal(number, _stop)
    sys.unraisablehook = _stop_again_if_ignored(sys.unraisablehook)


def _stop_again_if_ignored(
    previous: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        stop = unraisable.exc_value
        if isinstance(stop, Terminated):
            _again_soon(stop.number)
        elif isinstance(stop, KeyboardInterrupt):
            _again_soon(signal.SIGINT)
        else:
            previous(unraisable)

    return hook


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
