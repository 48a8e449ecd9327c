"""LayoutError: the whole rendered message, compared as text (packaging's way)."""

from __future__ import annotations

import pickle

import pytest

import newsdump
from tests.conftest import FIXTURES

HEADER = "Head\n\nCap (AP)\nCap (AP)\nTT\n\nHead\n\nCap (AP)\nCap (AP)\n\n"


def _error(text: str) -> newsdump.LayoutError:
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse(text)
    return raised.value


def test_a_differing_repeat_headline_is_quoted_with_a_caret_and_the_expected_text() -> None:
    path = FIXTURES / "invalid" / "repeat_headline_differs.txt"
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse_file(path)
    assert str(raised.value) == (
        f"{path}:7:1: E206 the repeated headline differs from the headline on the first line "
        "of the article; expected 'Dam Opens Its Gates for the First Time in a Decade'\n"
        "    Dam Opens Its Gates for First Time in a Decade\n"
        "    ^"
    )


def test_a_glued_line_says_a_blank_line_was_expected() -> None:
    error = _error(HEADER + "First.\nSecond.")
    assert str(error) == (
        "13:1: E301 expected a blank line between 'First.' and this line, found none\n"
        "    Second.\n"
        "    ^"
    )


def test_a_control_character_is_shown_as_its_control_picture_under_the_caret() -> None:
    error = _error(HEADER + "Bad\x00byte.")
    assert (error.line, error.column, error.code) == (12, 4, "E103")
    assert str(error) == (
        "12:4: E103 control character U+0000 (NUL): not allowed in the text\n"
        "    Bad\u2400byte.\n"
        "       ^"
    )


def test_a_long_line_is_quoted_as_a_window_around_the_column() -> None:
    line = "word " * 100 + "\x07" + " more" * 50 + "."
    error = _error(HEADER + line)
    assert error.column == 501
    quoted, caret = str(error).split("\n")[1:]
    assert quoted.startswith("    …")
    assert quoted.endswith("…")
    assert len(quoted) == len("    …") + 100 + len("…")
    assert quoted[caret.index("^")] == "\u2407"  # the bell, under the caret


def test_a_body_line_starting_with_white_space_is_reported_where_it_starts() -> None:
    for body in ("\tIndented.", "First.\n\n  Indented.", "First.\n\n  "):
        error = _error(HEADER + body)
        assert (error.code, error.column) == ("E303", 1)


def test_blank_lines_between_header_and_body_are_counted() -> None:
    error = _error(HEADER + "\n\nFirst.")
    # Lines 11-13 are blank: the error is at the first blank line too many.
    assert (error.line, error.code) == (12, "E302")
    assert error.message == (
        "3 blank lines inside an article; expected one (two or more end an article, and "
        "what follows them has no header)"
    )


def test_tabs_before_the_column_keep_the_caret_in_line() -> None:
    error = _error(HEADER + "Tab\there\x01.")
    assert str(error).endswith("    Tab\there\u2401.\n       \t    ^")


def test_undecodable_bytes_name_their_byte_offset_and_line() -> None:
    path = FIXTURES / "invalid" / "not_utf8.txt"
    offset = path.read_bytes().index(b"\xff")
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse_file(path)
    assert raised.value.message == (
        f"byte 0xff at byte offset {offset}: not UTF-8; expected UTF-8 text"
    )
    assert isinstance(raised.value, ValueError)
    # The bad byte is quoted as U+FFFD, one column, with the caret under it.
    assert str(raised.value).split("\n")[1:] == [
        "    Engineers \ufffdopened the spillway gates of the northern dam on Monday.",
        "              ^",
    ]


def test_an_empty_file_is_reported_as_empty() -> None:
    assert _error("").message == "the file is empty; expected an article"
    assert _error("\n\n").code == "E101"


def test_a_stray_byte_order_mark_inside_the_file_is_an_error() -> None:
    assert _error("\ufeff\ufeffHead\n\nCap\nCap\nTT\n\nHead\n\nCap\nCap\n\nP.").code == "E201"


def test_layout_error_pickles_with_its_position() -> None:
    error = _error(HEADER + "First.\nSecond.").with_path("a.txt")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.line, copy.column, copy.code, str(copy)) == (
        "a.txt",
        13,
        1,
        "E301",
        str(error),
    )
