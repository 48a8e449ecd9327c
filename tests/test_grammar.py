"""The fast path (the pyparsing grammar) and the reader agree; strict parse and validate too."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdump
from newsdump._parse import _diagnose, _fast_path, _read, _Source
from tests import strategies
from tests.conftest import corpus_files, valid_fixtures

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
    read, findings = _read(source)
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
    assert (article.headline, article.standfirst, article.caption.text) == ("H", "S", "Cap (AP)")
    assert article.layout.caption_indents == (" ", "")
    _assert_reader_agrees(text)
