"""Rewriting a user's file with its fixed text: only what newsdump can prove is safe.

``validate --fix`` changes files people keep, often as their pre-commit hook, so each
rewrite is refused rather than risked:

- only a scrape is rewritten: bytes that are binary, UTF-16 or not UTF-8 at all, or text
  in which no article header of the site is read, are left as they are;
- the new text goes to a file beside the old one that is given the old file's owner,
  group, mode and extended attributes, flushed to disk, then renamed over it: after a
  crash or ``kill -9`` at any moment the file holds its old bytes or its new ones;
- a file that cannot keep what it is is refused: read-only, not writable by this user,
  owned by someone a new file cannot be given to, or one of several hard links (a new
  file would split them; writing in place could not be atomic);
- no update is lost: each file is locked (``flock``) from its reading to its
  replacement, so two newsdump runs take turns, each reading what the other wrote; and
  it is replaced only if it still holds what was read (another program's append
  meanwhile leaves it as it is, reported).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import fcntl
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import IO, NamedTuple

from newsdump._inputs import open_file
from newsdump._outputs import new_part

__all__ = ["Refused", "Rewrite", "not_a_scrape", "rewrite"]

# As git tells a binary file: by its first 8,000 bytes. A scrape may hold a few NULs
# (E103, which --unsafe-fixes removes) and a few bytes that are not UTF-8 (E102: the fixes
# keep them byte for byte), so more than one in 64 of either is asked for: UTF-16 of
# ASCII text is every other byte NUL, an ELF binary more than a third, a PNG or a gzip
# stream mostly bytes that are not UTF-8.
_SNIFFED = 8000
_BAD_PER_BYTE = 1 / 64


class Refused(Exception):
    """A file newsdump will not rewrite, and why (the message says so in plain words)."""


def not_a_scrape(data: bytes) -> str | None:
    """Why bytes cannot be a scrape's, judged on the bytes alone; None when they can be."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "it is UTF-16 text, not UTF-8"
    head = data[:_SNIFFED]
    most = max(1, len(head) * _BAD_PER_BYTE)
    if head.count(0) > most:
        return "it is a binary file (NUL bytes)"
    if (
        head.decode("utf-8", "replace").count("\ufffd")
        - head.decode("utf-8", "ignore").count("\ufffd")
        > most
    ):
        return "it is not UTF-8 text"
    return None


class Rewrite(NamedTuple):
    """What ``rewrite`` did: whether the file now holds the new bytes, and the stale part
    files of an earlier, stopped run that it removed."""

    written: bool
    removed: tuple[str, ...] = ()


def rewrite(path: str, change: Callable[[bytes], bytes]) -> Rewrite:
    """Replace the file at ``path`` (through symbolic links) with ``change(its bytes)``.

    ``change`` runs while the file is locked; when it gives the same bytes back, nothing
    is written. Raises ``Refused`` for a file that cannot be rewritten safely (nothing is
    changed), and OSError when reading or writing fails (nothing is changed either).
    """
    real = os.path.realpath(path)
    with _locked(real) as (stream, before):
        data = stream.read()
        after = change(data)
        if after == data:
            return Rewrite(written=False)
        _check_writable(real, before)
        removed = _remove_stale_parts(real)
        _replace(real, before, data, after, stream)
        return Rewrite(written=True, removed=removed)


@contextlib.contextmanager
def _locked(real: str) -> Iterator[tuple[IO[bytes], os.stat_result]]:
    """The file open and locked, with what it was when locked. Another run may have
    replaced the file while this one waited for the lock: then the new file is locked."""
    while True:
        stream = open_file(real)
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            before = os.fstat(stream.fileno())
            if _same_file(before, os.stat(real)):
                yield stream, before
                return
        finally:
            stream.close()  # which also releases the lock


def _same_file(one: os.stat_result, other: os.stat_result) -> bool:
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _unchanged(one: os.stat_result, other: os.stat_result) -> bool:
    return _same_file(one, other) and (one.st_size, one.st_mtime_ns, one.st_ctime_ns) == (
        other.st_size,
        other.st_mtime_ns,
        other.st_ctime_ns,
    )


def _check_writable(real: str, before: os.stat_result) -> None:
    mode = stat.S_IMODE(before.st_mode)
    if not mode & 0o222:
        raise Refused(f"it is read-only (mode {mode:04o})")
    if not os.access(real, os.W_OK):
        raise Refused("you may not write it")
    if before.st_nlink > 1:
        raise Refused(
            f"it has {before.st_nlink} hard links: a fixed copy would split them, and "
            "writing in place could leave it half-written"
        )


def _stale_part(name: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(name)}\.[0-9a-f]{{16}}\.part")


def _remove_stale_parts(real: str) -> tuple[str, ...]:
    """The part files of this file that an earlier run left when it was stopped (every
    run rewriting this file holds its lock, which this run holds now), removed."""
    folder, name = os.path.split(real)
    pattern = _stale_part(name)
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder or ".") as entries:
        for entry in entries:
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return tuple(sorted(removed))


def _replace(
    real: str, before: os.stat_result, data: bytes, after: bytes, stream: IO[bytes]
) -> None:
    """Write ``after`` beside the file with its metadata, then rename it over the file if
    the file still holds ``data``."""
    target = real
    part_stream, part = new_part(target)
    try:
        with part_stream:
            descriptor = part_stream.fileno()
            part_stream.write(after)
            part_stream.flush()
            _keep_metadata(real, before, descriptor)
            os.fsync(descriptor)
        now = os.stat(real)
        if not _unchanged(before, now) or _read_again(stream) != data:
            raise Refused("it changed while it was being fixed (another program wrote it)")
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
        raise
    _sync_folder(os.path.dirname(target))


def _read_again(stream: IO[bytes]) -> bytes:
    descriptor = stream.fileno()
    size = os.fstat(descriptor).st_size
    return os.pread(descriptor, size + 1, 0)


def _keep_metadata(real: str, before: os.stat_result, descriptor: int) -> None:
    """The old file's owner, group, mode and extended attributes on the new one; a file
    that cannot have them is refused. The owner first: changing it clears set-user-ID."""
    if (before.st_uid, before.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(descriptor, before.st_uid, before.st_gid)
        except PermissionError:
            raise Refused(
                "it belongs to another user or group, which a fixed copy could not keep"
            ) from None
    os.fchmod(descriptor, stat.S_IMODE(before.st_mode))
    for name, value in _extended_attributes(real):
        try:
            os.setxattr(descriptor, name, value)
        except OSError as error:
            raise Refused(
                f"its extended attribute {name} could not be kept ({error.strerror})"
            ) from None


def _extended_attributes(real: str) -> list[tuple[str, bytes]]:
    if not hasattr(os, "listxattr"):
        return []
    try:
        names = os.listxattr(real)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return []
        raise
    return [(name, os.getxattr(real, name)) for name in names]


def _sync_folder(folder: str) -> None:
    """Make the rename itself last through a power cut (a crash of the process alone
    never undoes it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
