"""``validate --fix`` and ``--diff``: each file fixed on disk (or on standard output), or
its fix shown as a diff, and what is then left to report.

What is reported is the truth about the disk: a fix that was not written is not counted,
and the findings listed for a file are those of the bytes the file holds afterwards.
A file that is not a scrape, or that cannot be rewritten safely (see ``_rewrite``), is
left as it is with one line saying why, and makes the run fail.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import attrs

from newsdump._errors import LayoutError
from newsdump._fix import Fixed, fix_text
from newsdump._inputs import Source
from newsdump._parse import decode, encode
from newsdump._report import Checked, checked, unreadable
from newsdump._rewrite import Refused, not_a_scrape, rewrite

__all__ = ["Fixing", "unified_diff"]


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


@attrs.define
class Fixing:
    """What ``validate --fix`` or ``--diff`` has done so far."""

    wanted: Callable[[str], bool]
    unsafe: bool
    diff: bool
    report: Callable[[str], None]  # a line for standard error
    files: int = 0
    fixes: int = 0
    unwritten: bool = False  # a file was left unfixed: not a scrape, or not writable

    @property
    def summary(self) -> str:
        return f"{_count(self.fixes, 'finding')} in {_count(self.files, 'file')}"

    def check(self, source: Source) -> Checked:
        """Fix one input (or show its diff), and give the findings left in it."""
        if source.path is None or self.diff:
            return self._fix_read(source)
        state = _FileFix(self)
        try:
            done = rewrite(source.path, state.change)
        except Refused as refused:
            return self._left(source, state, str(refused))
        except OSError as error:
            reason = error.strerror or str(error)
            if state.data is None:  # it could not even be read
                return unreadable(reason)
            return self._left(source, state, f"cannot write the fixed file: {reason}")
        for name in done.removed:
            self.report(f"{source.name}: removed {name}, left by an earlier run that was stopped")
        if done.written and state.fixed is not None:
            self._count_fixes(state.fixed)
        assert state.fixed is not None  # the file was read and not refused
        return state.fixed.remaining, state.fixed.page_type

    def _fix_read(self, source: Source) -> Checked:
        """Standard input (fixed to standard output), or any input with ``--diff``."""
        try:
            data = source.read()
        except OSError as error:
            return unreadable(error)
        try:
            fixed = self.fixed(data)
        except Refused as refused:
            if source.path is None and not self.diff:
                sys.stdout.buffer.write(data)  # a pipe must never lose its text
            self._refused(source, str(refused))
            return checked(data, source.name)
        if self.diff:
            if fixed.applied:
                self._count_fixes(fixed)
                _write_diff(source.name, decode(data)[0], fixed.text)
        else:
            if fixed.applied:
                self._count_fixes(fixed)
            sys.stdout.buffer.write(encode(fixed.text) if fixed.applied else data)
        return fixed.remaining, fixed.page_type

    def fixed(self, data: bytes) -> Fixed:
        """The fixed text of a scrape's bytes; ``Refused`` for anything else."""
        reason = not_a_scrape(data)
        if reason is not None:
            raise Refused(reason)
        text, undecodable = decode(data)
        try:
            return fix_text(text, unsafe=self.unsafe, wanted=self.wanted, undecodable=undecodable)
        except LayoutError:
            raise Refused("no article header of the site is read in it") from None

    def _count_fixes(self, fixed: Fixed) -> None:
        self.files += 1
        self.fixes += fixed.applied

    def _refused(self, source: Source, reason: str) -> None:
        self.unwritten = True
        self.report(f"{source.name}: not fixed: {reason}; the file is left as it is")

    def _left(self, source: Source, state: _FileFix, reason: str) -> Checked:
        """A file left as it was: said why, and reported as it is on disk."""
        self._refused(source, reason)
        assert state.data is not None
        return checked(state.data, source.name)


@attrs.define
class _FileFix:
    """One file's fix, as ``rewrite`` asks for it while the file is locked."""

    fixing: Fixing
    data: bytes | None = None
    fixed: Fixed | None = None

    def change(self, data: bytes) -> bytes:
        self.data = data
        self.fixed = self.fixing.fixed(data)
        return encode(self.fixed.text) if self.fixed.applied else data


def _write_diff(name: str, before: str, after: str) -> None:
    sys.stdout.buffer.write(encode(unified_diff(name, before, after)))


def unified_diff(name: str, before: str, after: str) -> str:
    """What ``--diff`` prints for one file, as ``diff -u`` would: its lines split at line
    feeds only (a form feed or U+2028 inside a line is no line end to newsdump)."""
    import difflib  # noqa: PLC0415 -- only --diff needs it

    lines = difflib.unified_diff(_lines(before), _lines(after), name, name)
    return "".join(_ended(line) for line in lines)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def _ended(line: str) -> str:
    # A last line with no line end would run into the next line of the diff.
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
