"""The fast path (the pyparsing grammar) and the reader agree; strict parse and validate too."""

from __future__ import annotations

import pathlib
import re
import sys

import pytest
from hypothesis import given, strategies as st

import newsdump

# The one layout's parts (block table, header table) and the two ways through it (the
# grammar's fast path, the recovering reader): that they agree is what these tests pin,
# and a parse never says which way it went, so they are called directly.
from newsdump._blocks import BLOCK_KINDS, LINE_CHAR, TEXT_LINE
from newsdump._header import HEADER_PARTS, HEADER_PATTERN
from newsdump._parse import _diagnose, _fast_path, _read, _Source
from tests import strategies
from tests.conftest import caption_of, corpus_files, valid_fixtures

_ANY_TEXT = st.one_of(
    strategies.layout_texts().map(lambda case: case[0]), strategies.broken_texts()
)


def _lines(doc: newsdump.Document) -> list[object]:
    """Line numbers take no part in equality: compared on their own."""
    return [(a.line, [b.line for b in a.body]) for a in doc.articles]


def _assert_reader_agrees(text: str) -> None:
    source = _Source(text)
    fast = _fast_path(source) if source.mixed is None else None
    if fast is None:
        return
    read, findings, _ = _read(source)
    assert read == fast
    assert _lines(read) == _lines(fast)
    assert [f for f in findings if f.code.severity == "error"] == []
    assert _diagnose(source, read, findings, controls=True) == _diagnose(source, fast, [])


@given(_ANY_TEXT)
def test_the_reader_reads_what_the_fast_path_accepts_into_the_same_document(text: str) -> None:
    _assert_reader_agrees(text)


@pytest.mark.parametrize("path", corpus_files() + valid_fixtures(), ids=lambda p: p.name)
def test_the_reader_and_the_fast_path_agree_on_real_files(path: pathlib.Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert _fast_path(_Source(text)) is not None  # these files are valid
    _assert_reader_agrees(text)


@given(_ANY_TEXT)
def test_a_strict_parse_raises_exactly_the_first_error_validate_reports(text: str) -> None:
    errors = [d for d in newsdump.validate(text) if d.severity == "error"]
    if not errors:
        newsdump.parse(text)
        return
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse(text)
    error, first = raised.value, errors[0]
    assert (error.code, error.line, error.column, error.message) == (
        first.code,
        first.line,
        first.column,
        first.message,
    )


def test_a_valid_header_is_read_with_its_indents_and_standfirst() -> None:
    text = "H\n\nS\n\n Cap (AP)\nCap (AP)\nTT\n\nH\n\n Cap (AP)\nCap (AP)\n\nP."
    doc = _fast_path(_Source(text))
    assert doc is not None
    article = doc.articles[0]
    assert (article.headline, article.standfirst, caption_of(article).text) == (
        "H",
        "S",
        "Cap (AP)",
    )
    assert article.layout.caption_indents == (" ", "")
    _assert_reader_agrees(text)


# Lines from the characters the block rules turn on, around the subheading's length.
_RULE_CHARS = "ab (),.?!\u2026:;\"'\u201d\u2019\u00bb]*+\t\u00a0"
_TEXT_LINE = re.compile(TEXT_LINE)


@given(
    st.one_of(
        st.text(alphabet=_RULE_CHARS, min_size=1, max_size=12),
        st.builds(
            lambda head, middle, tail: head + middle + tail,
            st.text(alphabet=_RULE_CHARS, max_size=6),
            st.text(alphabet="ab ", min_size=90, max_size=110),
            st.text(alphabet=_RULE_CHARS, max_size=8),
        ),
    ).filter(lambda line: _TEXT_LINE.fullmatch(line) is not None)
)
def test_each_rows_string_test_answers_as_its_pattern_on_a_line_of_text(line: str) -> None:
    for row in BLOCK_KINDS:
        if row.pattern is not None:
            assert row.test is not None
            assert row.test(line) == bool(re.fullmatch(row.pattern, line)), (row.name, line)


_HEADER = "Head\n\nCap (AP)\nCap (AP)\nTT\n\nHead\n\nCap (AP)\nCap (AP)\n\n"


@given(
    st.one_of(
        st.text(alphabet=_RULE_CHARS, min_size=1, max_size=12),
        st.builds(
            lambda head, tail: head + "a" * 95 + tail,
            st.text(alphabet=_RULE_CHARS, max_size=6),
            st.text(alphabet=_RULE_CHARS, max_size=8),
        ),
    ).filter(lambda line: _TEXT_LINE.fullmatch(line) is not None)
)
def test_a_body_line_is_the_first_kind_of_the_table_whose_pattern_it_matches(line: str) -> None:
    """Through both paths (the reader reads the text before the grammar is loaded)."""
    expected = next(
        row.name
        for row in BLOCK_KINDS
        if row.pattern is not None
        and not row.needs_answer  # a last block answers nothing
        and re.fullmatch(row.pattern, line)
    )
    for strict in (False, True):
        if strict and "\t" in line:
            continue  # a tab inside a line is an error of its own
        (article,) = newsdump.parse(_HEADER + line + "\n", strict=strict).articles
        assert [block.kind for block in article.body] == [expected], line


def test_the_string_tests_and_the_patterns_read_every_real_line_alike() -> None:
    lines = [
        line
        for path in [*corpus_files(), *valid_fixtures()]
        for line in path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        if _TEXT_LINE.fullmatch(line)
    ]
    # The fixtures alone hold 90 such lines (a clone without ../shared has only them).
    assert len(lines) >= 90
    for line in lines:
        for row in BLOCK_KINDS:
            if row.pattern is not None and row.test is not None:
                assert row.test(line) == bool(re.fullmatch(row.pattern, line)), (row.name, line)


def test_a_line_may_hold_any_character_but_a_line_end_or_a_control_character() -> None:
    # LINE_CHAR says what is allowed (it is faster so); the rule is what is not: C0
    # controls but tab, and DEL. Checked on every code point, lone surrogates included.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    allowed = set(re.findall(LINE_CHAR, every))
    forbidden = {chr(code) for code in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]}
    assert len(forbidden) == 32
    assert allowed == set(every) - forbidden


# Each part of the header, by the lines of a header it covers (of _HEADER_LINES below), and
# what the reader says when they are gone: the fast path refuses each such text too.
_HEADER_LINES = ["Head", "", "Cap (AP)", "Cap (AP)", "TT", "", "Head", "", "Cap (AP)", "Cap (AP)"]
_PART_LINES = {
    "blank line": ([1], "E202"),
    "caption pair": ([3], "E203"),
    "TT": ([4], "E204"),
    "repeat": ([6, 7], "E209"),
}


def test_every_part_of_the_header_is_one_row_that_both_paths_read() -> None:
    # The fast path's header is the rows' patterns in the rows' order, nothing else.
    assert "".join(part.pattern for part in HEADER_PARTS) == HEADER_PATTERN
    names = [part.name for part in HEADER_PARTS]
    assert names == ["headline", "blank line", "standfirst", "caption pair", "TT", "repeat"]
    body = "\n\nThe gates opened at dawn."
    valid = "\n".join(_HEADER_LINES) + body
    assert newsdump.render(newsdump.parse(valid)) == valid
    for name, (dropped, code) in _PART_LINES.items():
        lines = [line for at, line in enumerate(_HEADER_LINES) if at not in dropped]
        text = "\n".join(lines) + body
        with pytest.raises(newsdump.LayoutError) as refused:
            newsdump.parse(text)
        assert refused.value.code == code, name
        assert [d.code for d in newsdump.validate(text) if d.severity == "error"] == [code]
