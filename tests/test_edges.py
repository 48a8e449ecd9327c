"""White-space edges as data: every fixture and corpus file, with 1 to 6 lines of each kind
of white space put at its start, its end and inside it; without its final newline; its
first header alone. Strict parsing either refuses with LayoutError or gives the exact
bytes back; lenient parsing always gives them back. Deterministic: every case, every run.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest

import newsdump
from tests.conftest import FIXTURES, corpus_files

FILES = sorted((FIXTURES / "valid").glob("*.txt")) + sorted((FIXTURES / "invalid").glob("*.txt"))
LINES = ["\n", "\r\n", " \n", "\t\n", "\u00a0\n", "\u200b\n"]


def _edges(text: str) -> Iterator[tuple[str, str]]:
    """(what, text) for each edge case of one file's text."""
    lines = text.splitlines(keepends=True)
    places = {"start": 0, "after the first line": 1, "middle": len(lines) // 2}
    for line in LINES:
        for count in range(1, 7):
            run = line * count
            for where, at in places.items():
                yield f"{count} x {line!r} at the {where}", "".join([*lines[:at], run, *lines[at:]])
            yield f"{count} x {line!r} at the end", text + run
            if line.strip("\r\n"):  # a line of white space, its last without a line end
                yield f"{count} x {line!r} at the end, no newline", text + run.rstrip("\r\n")
    yield "no final newline", text.rstrip("\r\n")
    header = text.split("\n\n\n", 1)[0].rsplit("\n\n", 1)[0]
    yield "the first header alone", header
    yield "the first header alone, with a final newline", header + "\n"


def _losses(text: str) -> list[str]:
    lost = []
    for what, case in _edges(text):
        try:
            if newsdump.render(newsdump.parse(case)) != case:
                lost.append(f"strict, {what}")
        except newsdump.LayoutError:
            pass
        if newsdump.render(newsdump.parse(case, strict=False)) != case:
            lost.append(f"lenient, {what}")
    return lost


@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_white_space_edges_of_our_fixtures_are_refused_or_kept_byte_for_byte(
    path: pathlib.Path,
) -> None:
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    assert _losses(text) == []


@pytest.mark.parametrize(
    "path", corpus_files() or [None], ids=lambda path: path.name if path else "no corpus"
)
def test_white_space_edges_of_the_real_scrapes_are_refused_or_kept_byte_for_byte(
    path: pathlib.Path | None, corpus_dir: pathlib.Path
) -> None:
    # Without ../shared/corpus the corpus_dir fixture skips, saying why.
    assert path is not None
    assert path.parent == corpus_dir
    assert _losses(path.read_bytes().decode("utf-8")) == []


def test_the_edges_are_as_many_as_the_issue_asks() -> None:
    cases = list(_edges("Head\n\nCap\nCap\n\nBody."))
    # 6 kinds x 6 counts x 4 places (3 inside, the end), 4 kinds of white space x 6 counts
    # at the end with no final newline, and 3 of the whole file: all different.
    assert len(cases) == 6 * 6 * 4 + 4 * 6 + 3
    assert len({case for _, case in cases}) == len(cases)
