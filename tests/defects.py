"""Single defects put into a valid file, each at a place where it can go, as scrapes have them.

For each kind, ``places(text, kind)`` lists every way to put one such defect into the
text, each as a function that makes it (a file has tens of thousands of places for a NUL:
the texts are made only for the places drawn), with the lines (1-based) a finding for it
may be at: the line where the defect is,
or either of two identical lines one of which was removed (removing the first or the
second of two equal caption copies gives the same text). Used by tests/test_fix.py and
benchmarks/single_defects.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import attrs

import newsdump

__all__ = ["KINDS", "Defect", "Place", "places"]


@attrs.frozen
class Defect:
    kind: str
    text: str
    lines: tuple[int, ...]  # where the one finding may be
    unsafe: bool  # its fix changes a character inside a line


def _roles(doc: newsdump.Document) -> dict[str, list[int]]:
    """0-based line indexes of a valid LF document, by what they hold."""
    roles: dict[str, list[int]] = {
        "tt": [],
        "caption": [],
        "between": [],
        "header": [],
        "header blank": [],
        "separator": [],
    }
    for article in doc.articles:
        assert article.line is not None
        if article.page_type != "news" or article.template != "current":
            # Only the news article's header has a reader that names each missing part;
            # another template's header with a line gone is no template (E211).
            roles["between"] += [block.line - 1 for block in article.body[1:] if block.line]
            continue
        top = article.line - 1 + (2 if article.standfirst is not None else 0)
        roles["tt"].append(top + 4)
        roles["caption"] += [top + 2, top + 3, top + 8, top + 9]
        # The lines after a header's blank line: the caption, the repeated headline, its
        # caption, the body. Not a standfirst: "line, blank lines, standfirst, caption
        # twice, TT" reads as the next article, whose headline is that standfirst.
        roles["header"] += [top + 2, top + 6, top + 8, top + 11]
        # Its blank lines: after the headline (not before a standfirst: a headline and
        # a standfirst glued read as an opinion column's byline and bio), after the
        # standfirst, TT, the repeated headline, and the caption before the body.
        roles["header blank"] += [top + 1, top + 5, top + 7, top + 10]
        if article is not doc.articles[0] and article.layout.blank_lines_before == 2:
            roles["separator"].append(article.line - 2)  # the second of its two
        # Blocks with a block before them: a blank line can be added or taken away there.
        roles["between"] += [block.line - 1 for block in article.body[1:] if block.line]
    return roles


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


Place = Callable[[], Defect]


def _removed(lines: list[str], at: int, kind: str) -> Defect:
    same = [other for other in (at - 1, at + 1) if lines[other] == lines[at]]
    where = (at + 1, *(other + 1 if other < at else at + 2 for other in same))
    return Defect(kind, _join(lines[:at] + lines[at + 1 :]), where, unsafe=False)


def _changed(
    kind: str,
    lines: list[str],
    start: int,
    end: int,
    new: list[str],
    *,
    unsafe: bool = False,
) -> Defect:
    """Lines ``start`` to ``end - 1`` replaced by ``new``: the finding belongs at ``start``."""
    text = _join(lines[:start] + new + lines[end:])
    return Defect(kind, text, (start + 1,), unsafe=unsafe)


def _tt_removed(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["tt"]:
        yield partial(_removed, lines, at, "TT removed")


def _caption_removed(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["caption"]:
        yield partial(_removed, lines, at, "a caption line removed")


def _blank_lines_added(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["between"]:
        for count in (1, 2, 4):
            yield partial(_changed, "blank lines added to a body", lines, at, at, [""] * count)


def _header_blank_lines_added(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["header"]:
        for count in (1, 2):
            kind = "blank lines added to a header"
            yield partial(_changed, kind, lines, at, at, [""] * count)


def _header_blank_line_removed(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["header blank"]:
        yield partial(_changed, "a header's blank line removed", lines, at, at + 1, [])


def _separator_blank_line_removed(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    """One blank line before a header: read as lines of the article before, and its fix,
    which makes them the next article, is unsafe (what that article says changes)."""
    for at in roles["separator"]:
        kind = "separator too short (unsafe)"
        yield partial(_changed, kind, lines, at, at + 1, [], unsafe=True)


def _glued(lines: list[str], roles: dict[str, list[int]]) -> Iterator[Place]:
    for at in roles["between"]:
        yield partial(_changed, "two blocks glued", lines, at - 1, at, [])


def _trailing_space(lines: list[str], _roles: dict[str, list[int]]) -> Iterator[Place]:
    for at, line in enumerate(lines):
        if line:
            for space in (" ", "  ", "\t", " \u00a0"):
                yield partial(_changed, "trailing white space", lines, at, at + 1, [line + space])


def _tab(lines: list[str], _roles: dict[str, list[int]]) -> Iterator[Place]:
    """A space between words made a tab (the fix, a space again, gives the file back)."""
    for at, line in enumerate(lines):
        text_end = len(line.rstrip())
        for column, char in enumerate(line):
            if char == " " and 0 < column < text_end - 1 and line[column - 1] != " ":
                changed = [line[:column] + "\t" + line[column + 1 :]]
                yield partial(_changed, "a tab (unsafe)", lines, at, at + 1, changed, unsafe=True)


def _nul(lines: list[str], _roles: dict[str, list[int]]) -> Iterator[Place]:
    """A NUL inside a line of text (one on an empty line of a separator would split the
    run that the model keeps as a count)."""
    for at, line in enumerate(lines):
        for column in range(len(line) + 1) if line else ():
            changed = [line[:column] + "\x00" + line[column:]]
            yield partial(_changed, "a NUL (unsafe)", lines, at, at + 1, changed, unsafe=True)


def _crlf(text: str) -> Iterator[Place]:
    yield lambda: Defect("CRLF line ends", text.replace("\n", "\r\n"), (1,), unsafe=False)


def _bom(text: str) -> Iterator[Place]:
    yield lambda: Defect("a byte-order mark", "\ufeff" + text, (1,), unsafe=False)


_BY_LINES: dict[str, Callable[[list[str], dict[str, list[int]]], Iterator[Place]]] = {
    "TT removed": _tt_removed,
    "a caption line removed": _caption_removed,
    "blank lines added to a body": _blank_lines_added,
    "blank lines added to a header": _header_blank_lines_added,
    "a header's blank line removed": _header_blank_line_removed,
    "separator too short (unsafe)": _separator_blank_line_removed,
    "two blocks glued": _glued,
    "trailing white space": _trailing_space,
    "a tab (unsafe)": _tab,
    "a NUL (unsafe)": _nul,
}
_WHOLE: dict[str, Callable[[str], Iterator[Place]]] = {
    "CRLF line ends": _crlf,
    "a byte-order mark": _bom,
}
KINDS = (*_BY_LINES, *_WHOLE)


def places(text: str, kind: str) -> list[Place]:
    """Every way to put one defect of ``kind`` into a valid LF text with no BOM."""
    if kind in _WHOLE:
        return list(_WHOLE[kind](text))
    return list(_BY_LINES[kind](text.split("\n"), _roles(newsdump.parse(text))))
