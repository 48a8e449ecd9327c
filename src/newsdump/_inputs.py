"""Inputs: what the paths of a command name, walked and read one at a time.

A path is a file, a folder (every file matching a pattern below it, walked one directory
at a time, in a stable order) or ``-`` for standard input. Reading refuses what is not a
regular file (a FIFO, a device, a socket) before a byte is read, naming what it is.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import IO, NamedTuple

from newsdump._errors import UsageError

__all__ = [
    "STDIN",
    "Pattern",
    "Source",
    "check_paths",
    "digest_of",
    "each_source",
    "open_file",
    "read_file",
    "read_input",
    "shown",
    "sources",
]

STDIN = "-"

Pattern = str | tuple[str, ...]
"""The file names a folder stands for: a shell pattern (``*.txt``), or any of several."""


class Source(NamedTuple):  # not attrs: each attrs class costs start-up half a ms
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


def read_input(path: str | None, data: bytes | None) -> bytes:
    """The bytes of one input as a worker is given it: ``data`` when the main process
    read it (standard input), else the file at ``path`` (``read_file``). Raises OSError,
    naming what stands there, when it cannot be read (E105's reason)."""
    if data is not None:
        return data
    assert path is not None, "an input is a path or the bytes read from standard input"
    return read_file(path)


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


def each_source(paths: Sequence[str], pattern: Pattern) -> Iterator[None]:
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
    import hashlib  # noqa: PLC0415 -- OpenSSL's start-up: only outputs need digests

    return hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=16).digest()
