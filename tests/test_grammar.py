"""The fast grammar (a header in one regex) and the line-by-line one agree on every text."""

from __future__ import annotations

import pyparsing as pp
from hypothesis import given
from hypothesis import strategies as st

from newsdump import _grammar
from tests import strategies


def _results(grammar: pp.ParserElement, text: str) -> list[object] | None:
    try:
        return list(grammar.parse_string(text, parse_all=True))
    except (pp.ParseBaseException, _grammar.Violation):
        return None


@given(st.one_of(strategies.layout_texts().map(lambda case: case[0]), strategies.broken_texts()))
def test_both_grammars_accept_the_same_texts_with_the_same_results(text: str) -> None:
    text = text.removeprefix("\ufeff")
    if text.count("\r\n") == text.count("\n"):
        text = text.replace("\r\n", "\n")  # as parse() hands it to the grammar
    assert _results(_grammar.DOCUMENT, text) == _results(_grammar.DOCUMENT_LINE_BY_LINE, text)


def test_a_valid_header_is_read_by_both_with_its_indents_and_standfirst() -> None:
    text = "H\n\nS\n\n Cap (AP)\nCap (AP)\nTT\n\nH\n\n Cap (AP)\nCap (AP)\n\nP."
    fast = _results(_grammar.DOCUMENT, text)
    assert fast == _results(_grammar.DOCUMENT_LINE_BY_LINE, text)
    assert fast is not None
    assert fast[0] == _grammar.HeaderMatch(0, "H", "S", "Cap (AP)", (" ", ""))
