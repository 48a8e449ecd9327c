"""JSON text in and out, and nothing of the model: what reports, records and documents
are written and read with. Kept apart from _json so that a command that writes JSON
(validate's reports) does not load the model's converter.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson

__all__ = ["SURROGATE", "JSONFormatError", "dumps", "loads"]


class JSONFormatError(ValueError):
    """JSON that is not a newsdump document: each of ``errors`` names its JSON path."""

    __module__ = "newsdump"  # as tracebacks and repr name it: where users import it

    def __init__(self, errors: list[str]) -> None:
        self.errors = tuple(errors)
        listing = "".join(f"\n  {error}" for error in self.errors)
        super().__init__(
            f"not a newsdump document ({len(self.errors)} "
            f"problem{'s' if len(self.errors) != 1 else ''}):{listing}"
        )


def dumps(data: Any, *, indent: int | None = None) -> bytes:
    """JSON as UTF-8 bytes, compact or indented: every JSON newsdump writes comes here.

    A lone surrogate in a string (a byte that was not UTF-8, kept by ``surrogateescape``;
    a file name that is not UTF-8) is written as a ``\\udcff`` escape, which ``loads``
    reads back: orjson refuses both ways, so such data takes the standard library's path.
    """
    if indent in (None, 2):
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 if indent else None)
        except orjson.JSONEncodeError as error:
            if "surrogates" not in str(error):
                raise
    # The same bytes orjson writes, from the standard library.
    text = json.dumps(
        data,
        ensure_ascii=False,
        indent=indent,
        separators=(",", ":") if indent is None else (",", ": "),
    )
    if _SURROGATE_PAIR.search(text):
        # Two code points that JSON can only write as the one character they pair into.
        raise ValueError(
            "text holds a high surrogate followed by a low one as two code points, "
            "which JSON cannot tell from the character they make together"
        )
    return SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text).encode("utf-8")


SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone surrogate: text no UTF-8 can carry (a byte that was not UTF-8, kept)."""
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def loads(data: str | bytes) -> Any:
    """JSON text as plain values; JSONFormatError says where it is not JSON. Lone
    surrogates (``\\udcff``, as ``dumps`` writes them) are read as well."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as bad:
        if "surrogate" not in bad.msg:
            raise JSONFormatError(
                [f"invalid JSON at line {bad.lineno}, column {bad.colno}: {bad.msg}"]
            ) from None
    try:  # orjson refuses lone surrogates; the standard library reads them
        return json.loads(data)
    except json.JSONDecodeError as bad:
        raise JSONFormatError(
            [f"invalid JSON at line {bad.lineno}, column {bad.colno}: {bad.msg}"]
        ) from None
    except (ValueError, RecursionError) as bad:  # a number too long, nesting too deep
        raise JSONFormatError([f"invalid JSON: {bad}"]) from None
