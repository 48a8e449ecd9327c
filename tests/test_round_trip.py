"""The round trip, both ways, on generated documents and generated layout text."""

from __future__ import annotations

import pickle

from hypothesis import given

import newsdump
from tests import strategies

# How each block kind is written, as LAYOUT.md says: questions and notes after "*",
# list items after "+ ", the rest as they are.
MARKERS: dict[type, str] = {newsdump.Question: "*", newsdump.Note: "*", newsdump.ListItem: "+ "}


@given(strategies.documents())
def test_parsing_a_rendered_document_gives_the_document_back(doc: newsdump.Document) -> None:
    assert newsdump.parse(newsdump.render(doc)) == doc


@given(strategies.layout_texts())
def test_rendering_parsed_layout_text_gives_the_exact_text(case: tuple[str, list[int]]) -> None:
    text, block_counts = case
    doc = newsdump.parse(text)
    assert newsdump.render(doc) == text
    assert [len(article.body) for article in doc.articles] == block_counts


@given(strategies.documents())
def test_a_document_pickles_to_an_equal_document(doc: newsdump.Document) -> None:
    assert pickle.loads(pickle.dumps(doc)) == doc


@given(strategies.layout_texts())
def test_block_lines_point_at_the_block_text(case: tuple[str, list[int]]) -> None:
    text = case[0].removeprefix("\ufeff").replace("\r\n", "\n")
    source_lines = text.split("\n")
    for article in newsdump.parse(text).articles:
        assert article.line is not None
        assert source_lines[article.line - 1] == article.headline
        for block in article.body:
            assert block.line is not None
            assert source_lines[block.line - 1] == MARKERS.get(type(block), "") + block.text
