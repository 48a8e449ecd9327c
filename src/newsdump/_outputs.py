"""Outputs: where a command writes, and how.

Outputs are written whole or not at all: into a temporary file beside the target, then
renamed over it, so an interrupted run leaves no half-written file. They stay inside the
folder ``-o`` names (never through a symbolic link out of it), and never replace one of
the run's inputs or an earlier output of the same run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from newsdump._errors import UsageError
from newsdump._inputs import digest_of, read_file
from newsdump._signals import interrupts_held

if TYPE_CHECKING:
    # Imported where a path is made: a fixing hook loads this module for new_part alone,
    # and pathlib (with urllib) is a twentieth of its start-up.
    import pathlib

__all__ = [
    "Outputs",
    "atomic_writer",
    "holds_other_bytes",
    "new_part",
    "output_path",
    "record_output",
    "write_atomic",
]


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
        with interrupts_held():
            stream, temporary = new_part(os.fspath(target))
        with stream:
            yield stream
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        raise


def new_part(target: str) -> tuple[IO[bytes], str]:
    """A file of a new name beside the file ``target`` names, open for writing, and its
    name."""
    folder, name = os.path.split(target)
    while True:
        # os.urandom is what secrets.token_hex reads: secrets itself (random, hashlib,
        # hmac) is a twentieth of a fixing hook's start-up.
        temporary = os.path.join(folder, f".{name}.{os.urandom(8).hex()}.part")
        try:
            return open(temporary, "xb"), temporary
        except FileExistsError:
            continue  # someone else's: another name


def output_path(
    value: str | None, *, file_suffix: str | None = None, flag: str = ""
) -> pathlib.Path | None:
    """Where ``-o`` says output goes: None for standard output (no ``-o``, or ``-o -``);
    else a folder, or a ``NAME.jsonl`` (``NAME.parquet``) file where ``file_suffix`` is
    that. What cannot be meant is a usage error before anything is read: an existing
    file where a folder is wanted, a new name that looks like a file's."""
    import pathlib  # noqa: PLC0415 -- see the top

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
        if file_suffix:  # one file of every input is what -o writes: name it so
            hint = f"a NAME{file_suffix} file with {flag}, or a folder"
        else:
            hint = f"a folder here (for one input, standard output: > {value})"
        raise UsageError(f"-o {value} looks like a file name, but -o takes {hint}")
    return path


class Outputs:
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
        self._written: dict[bytes, str] = {}  # each output's digest: whose it is
        self._real_folders: dict[str, str] = {}

    def claim(self, relative: str | pathlib.PurePath, suffix: str, by: str) -> pathlib.Path:
        import pathlib  # noqa: PLC0415 -- see the top

        target = self.folder / pathlib.PurePath(relative).with_suffix(suffix)
        real = self._real(target)
        if not real.startswith(self._inside):
            raise UsageError(
                f"{target} leads outside {self.folder} through a symbolic link "
                f"(to {os.path.dirname(real)}): not written"
            )
        if real in self._inputs:
            raise UsageError(
                f"{target} would replace the input {self._inputs[real]}; choose another -o"
            )
        digest = digest_of(real)
        if digest in self._written:
            raise UsageError(
                f"{target} would replace the output of {self._written[digest]} (the two are "
                "named alike below -o)"
            )
        self._written[digest] = by
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


def holds_other_bytes(target: pathlib.Path, data: bytes) -> bool:
    """Whether a file stands at ``target`` whose bytes are not ``data``: a text a person
    may have edited since, which render must not replace unasked."""
    try:
        if target.stat().st_size != len(data):
            return True
        return read_file(os.fspath(target)) != data
    except FileNotFoundError:
        return False


def record_output(source: str) -> pathlib.PurePath | str:
    """Where a JSON Lines source is rendered to, below the output folder: its own path
    when that is relative and stays below, else its file name; or why there is none."""
    import pathlib  # noqa: PLC0415 -- see the top

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
