"""LayoutError: what a strict parse raises, with a position, a stable code and the line quoted."""

from __future__ import annotations

from typing import Any

from newsdump._diagnostics import CODES, Diagnostic

__all__ = ["AccountingError", "LayoutError", "UsageError", "require_text"]

# Long lines (a paragraph is often 1,000 characters) are quoted as a window around the column.
_QUOTE_WIDTH = 100
_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code != 0x09} | {0x7F: 0x2421}


class LayoutError(ValueError):
    """The text does not follow the article layout.

    ``line`` and ``column`` are 1-based and point inside the input; ``code`` is
    stable (see ``docs/codes/``); ``message`` says what was expected and what was
    found; ``source_line`` is the offending line; ``path`` is set when the text
    came from a file. ``str()`` gives all of it, with a caret under the column.
    """

    __module__ = "newsdump"  # as tracebacks and repr name it: where users import it

    def __init__(
        self,
        message: str,
        *,
        code: str,
        line: int,
        column: int,
        source_line: str = "",
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.column = column
        self.source_line = source_line
        self.path = path

    @classmethod
    def of(cls, diagnostic: Diagnostic, source_line: str) -> LayoutError:
        """The error a strict parse raises for a diagnostic, quoting its line."""
        return cls(
            diagnostic.message,
            code=diagnostic.code,
            line=diagnostic.line,
            column=diagnostic.column,
            source_line=source_line,
        )

    def with_path(self, path: str) -> LayoutError:
        """The same error, naming the file it was found in."""
        return LayoutError(
            self.message,
            code=self.code,
            line=self.line,
            column=self.column,
            source_line=self.source_line,
            path=path,
        )

    def diagnostic(self) -> Diagnostic:
        """The error as a diagnostic, as the validator reports it."""
        return CODES[self.code].diagnostic(self.line, self.column, self.message)

    def _key(self) -> tuple[str, str, int, int, str, str | None]:
        return (self.message, self.code, self.line, self.column, self.source_line, self.path)

    def __eq__(self, other: object) -> bool:
        # A value, as a Diagnostic is: the same defect at the same place is equal, so
        # that results holding errors (parse_many's) compare as their documents do.
        if not isinstance(other, LayoutError):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments do not survive BaseException's default pickling.
        fields = {
            "code": self.code,
            "line": self.line,
            "column": self.column,
            "source_line": self.source_line,
            "path": self.path,
        }
        return (_rebuild, (self.message, fields))

    def __str__(self) -> str:
        where = f"{self.path}:" if self.path else ""
        head = f"{where}{self.line}:{self.column}: {self.code} {self.message}"
        return head + _quote(self.source_line, self.column)


def _rebuild(message: str, fields: dict[str, Any]) -> LayoutError:
    return LayoutError(message, **fields)


def _quote(source_line: str, column: int) -> str:
    """The line (or a window of it around the column), and a caret under the column."""
    start = 0
    if len(source_line) > _QUOTE_WIDTH:
        start = max(0, min(column - 1 - _QUOTE_WIDTH // 2, len(source_line) - _QUOTE_WIDTH))
    # Control characters would vanish or move the cursor: show their Control Pictures; a
    # byte that is not UTF-8 (a lone surrogate here) shows as U+FFFD, one column wide.
    from newsdump._jsonio import SURROGATE  # noqa: PLC0415 -- JSON's: not loaded to validate

    shown = source_line[start : start + _QUOTE_WIDTH].translate(_CONTROL_PICTURES)
    shown = SURROGATE.sub("\ufffd", shown)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + _QUOTE_WIDTH < len(source_line) else ""
    # Keep tabs under tabs so the caret lines up in a terminal.
    pad = "".join("\t" if ch == "\t" else " " for ch in shown[: column - 1 - start])
    return f"\n    {prefix}{shown}{suffix}\n    {' ' * len(prefix)}{pad}^"


class AccountingError(RuntimeError):
    """A bug in newsdump, caught before it cost a byte: a parse built a document that would
    not render back to the text it read. ``offset`` is where, in the text as given (0-based
    characters), the document and the text first part. Never a defect of the input: every
    text has a document that keeps all of it, strict or lenient."""

    __module__ = "newsdump"  # as tracebacks and repr name it: where users import it

    def __init__(self, offset: int, what: str) -> None:
        super().__init__(
            f"newsdump built a document that does not account for every character of its "
            f"text, at offset {offset:,}: {what}. This is a bug in newsdump; please report "
            "it with the file"
        )
        self.offset = offset
        self.what = what

    def __reduce__(self) -> tuple[Any, ...]:
        return (AccountingError, (self.offset, self.what))


class UsageError(Exception):
    """The command line names something that cannot be used (exit status 2)."""


def require_text(text: object, function: str) -> None:
    """A TypeError for anything but a ``str``, saying what to do with bytes: a scrape
    is text, and which encoding it is in only the caller knows."""
    if isinstance(text, str):
        return
    if isinstance(text, bytes | bytearray | memoryview):
        raise TypeError(
            f"newsdump.{function}() takes str, not {type(text).__name__}: decode first "
            f"(text = data.decode('utf-8')), or use parse_file() for a file"
        )
    raise TypeError(f"newsdump.{function}() takes str, not {type(text).__name__}")
