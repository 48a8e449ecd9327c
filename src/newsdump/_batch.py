"""Many files at once: where inputs come from, where outputs go, and how they are written.

Outputs are written whole or not at all: into a temporary file beside the target, then
renamed over it, so an interrupted run leaves no half-written file. An output never
replaces one of the run's inputs.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import hashlib
import itertools
import os
import pathlib
import re
import secrets
import signal
import stat
import sys
import threading
import time
import types
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Never

import attrs

if TYPE_CHECKING:
    from tqdm import tqdm

__all__ = [
    "Progress",
    "Source",
    "Terminated",
    "UsageError",
    "atomic_writer",
    "check_paths",
    "digest_of",
    "new_part",
    "open_file",
    "read_file",
    "shown",
    "sources",
    "stop_on_signals",
    "usable_cpus",
    "write_atomic",
]

STDIN = "-"

Pattern = str | tuple[str, ...]
"""The file names a folder stands for: a shell pattern (``*.txt``), or any of several."""


class UsageError(Exception):
    """The command line names something that cannot be used (exit status 2)."""


@attrs.frozen
class Source:
    """One input: a file, or standard input (``path`` None)."""

    # Strings, not pathlib objects: building two of those a file was a fifth of the main
    # process's own time when workers convert 10,000 files.
    path: str | None
    name: str  # as shown in messages and recorded as ``source`` (see ``shown``)
    relative: str  # where its output goes below an output folder
    # Why a folder below a given one could not be listed: reading it raises this, so
    # that every command reports it as an input it could not read (never skips it).
    unlisted: str | None = None

    def read(self) -> bytes:
        if self.path is None:
            return sys.stdin.buffer.read()
        self._check_listed()
        return read_file(self.path)

    def open(self) -> contextlib.AbstractContextManager[IO[bytes]]:
        """The input as a binary stream, to read a line at a time (standard input is
        left open at the end)."""
        if self.path is None:
            return contextlib.nullcontext(sys.stdin.buffer)
        self._check_listed()
        return open_file(self.path)

    def _check_listed(self) -> None:
        if self.unlisted is not None:
            raise OSError(errno.EACCES, f"a folder that cannot be listed: {self.unlisted}")


# What stands at a path that is not a file, as messages name it.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def read_file(path: str) -> bytes:
    """The bytes of a regular file (see open_file)."""
    with open_file(path) as stream:
        return stream.read()


def open_file(path: str) -> IO[bytes]:
    """A regular file, open for reading. Anything else (a FIFO, which would block until
    some writer came, a device such as /dev/zero, which never ends, a socket) raises
    OSError naming what it is, before a byte is read. Opened without blocking, so that a
    FIFO with no writer is refused at once; a symbolic link is followed to what it names."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise OSError(errno.EINVAL, f"{what}, not a regular file: skipped", path)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def sources(paths: Sequence[str], *, pattern: Pattern) -> Iterator[Source]:
    """Every input the paths name, one at a time: a folder stands for each file matching
    ``pattern`` below it, its output mirroring the sub-folders. Missing paths raise
    UsageError at once, before any input is read.

    A folder is walked one directory at a time, its files (sorted) before its
    sub-folders (sorted): a stable order that never holds the whole tree in memory.
    """
    check_paths(paths)
    return _sources(paths, pattern)


def check_paths(paths: Sequence[str]) -> None:
    """A UsageError naming the paths that do not exist (``-``, standard input, does)."""
    missing = [path for path in paths if path != STDIN and not os.path.exists(path)]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")


def _sources(paths: Sequence[str], pattern: Pattern) -> Iterator[Source]:
    for given in paths:
        if given == STDIN:
            yield Source(None, "<stdin>", "stdin")
        elif not os.path.isdir(given):
            yield Source(given, shown(given), os.path.basename(given))
        else:
            for file, relative, unlisted in _walk(given, pattern):
                yield Source(file, shown(file), relative, unlisted)


def shown(path: str) -> str:
    """A path as messages and outputs name it: a byte of a file name that is not UTF-8
    (which Python keeps as a lone surrogate) written as an escape, ``bad\\xff.txt``, so
    that every report stays valid UTF-8 and valid JSON, and says which bytes they were;
    a control character as one too (``\\x0a``), so that a name cannot break a report's
    lines or send a terminal escape codes; and a backslash as two, so that no two names
    are shown alike (``a\\x0a`` is a newline, ``a\\\\x0a`` four characters). Where the
    file's output goes, the name keeps its bytes."""
    if _UNSHOWABLE.search(path) is None:
        return path
    return _UNSHOWABLE.sub(_escape, path)


def _escape(found: re.Match[str]) -> str:
    character = found[0]
    if character == "\\":
        return "\\\\"
    code = ord(character)
    return f"\\x{code - 0xDC00 if code >= 0xDC80 else code:02x}"


_UNSHOWABLE = re.compile("[\x00-\x1f\x7f\\\\\udc80-\udcff]")


def _walk(folder: str, pattern: Pattern) -> Iterator[tuple[str, str, str | None]]:
    """Each matching file below ``folder``, with its path relative to ``folder`` (and
    None); a sub-folder that cannot be listed, with why. Depth first, a folder's files
    before its sub-folders, each sorted, as ``os.walk`` goes; but with a list of folders
    to do, not recursion, so a tree of any depth is walked. Links to folders are not
    followed (a loop would never end)."""
    patterns = (pattern,) if isinstance(pattern, str) else pattern
    to_do = [(folder, "")]
    while to_do:
        directory, below = to_do.pop()
        try:
            files, folders = _listing(directory)
        except OSError as error:
            yield directory, below or os.path.basename(directory), str(error.strerror or error)
            continue
        for name in sorted({name for each in patterns for name in fnmatch.filter(files, each)}):
            yield os.path.join(directory, name), os.path.join(below, name), None
        to_do.extend(
            (os.path.join(directory, name), os.path.join(below, name))
            for name in sorted(folders, reverse=True)
        )


def _listing(directory: str) -> tuple[list[str], list[str]]:
    """The names in a folder: of what is not a folder, and of the folders (links to
    folders in neither, as os.walk leaves them)."""
    files, folders = [], []
    with os.scandir(directory) as entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                files.append(entry.name)
            elif not entry.is_symlink():
                folders.append(entry.name)
    return files, folders


def _each_source(paths: Sequence[str], pattern: Pattern) -> Iterator[None]:
    """None for each input ``sources`` will give: a count that can be taken a step at a
    time."""
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            yield None
        else:
            for _ in _walk(path, pattern):
                yield None


def digest_of(name: str) -> bytes:
    """A 16-byte digest of a name, to remember many names by in little memory (two names
    share one with a chance of about one in 10**38)."""
    return hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def usable_cpus() -> int:
    """The CPUs this process may run on (``taskset``, a container's cpuset), which may
    be fewer than the machine has: more workers than that only take turns."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def write_atomic(target: pathlib.Path, data: bytes) -> None:
    """Write the whole of ``data`` to ``target``, or leave ``target`` as it was."""
    with atomic_writer(target) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_writer(target: pathlib.Path) -> Iterator[IO[bytes]]:
    """A binary stream whose content replaces ``target`` only when the block ends well.

    The stream is a new file beside ``target`` (``.NAME.RANDOM.part``), renamed over it at
    the end. It is made with the usual permissions (through the umask, as ``open`` does),
    not the owner-only ones of ``tempfile.mkstemp``: an output is for sharing.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = None
    try:
        # A Ctrl-C landing just after the file is made, before its name is known here,
        # would leave it behind: hold it until the name is.
        with _interrupts_held():
            stream, temporary = new_part(target)
        with stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def new_part(target: pathlib.Path) -> tuple[IO[bytes], str]:
    """A file of a new name beside ``target``, open for writing, and its name."""
    while True:
        temporary = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(8)}.part")
        try:
            return open(temporary, "xb"), temporary
        except FileExistsError:
            continue  # someone else's: another name


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
def _interrupts_held() -> Iterator[None]:
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
            from tqdm import tqdm  # noqa: PLC0415 -- only a watched run pays for the import

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
        return cls(None if one else _each_source(paths, pattern), enabled=enabled)

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

    def finish(self, into: str | None = None) -> None:
        """Clear the bar and end with a summary of the run (on a terminal only):
        ``converted 3,000 files (119.0 MB) into out/ in 4.2 s; 2 failed``."""
        self.close()
        if not self.watched:
            return
        where = f" into {into}" if into else ""
        failed = f"; {self.failed:,} failed" if self.failed else ""
        sys.stderr.write(
            f"converted {self.done:,} file{'s' if self.done != 1 else ''} "
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
