"""The guard: a parse whose document would not render back to its text raises, at the
place where the two part, instead of returning a document that loses or invents text.

These tests break a builder on purpose, which can only be done by replacing a private
function: no input makes a correct builder lose a byte, which is the point of the guard.
"""

from __future__ import annotations

import importlib
import pickle

import attrs
import pytest

import newsdump
from newsdump import _parse, _reader
from tests.conftest import FIXTURES
from tests.test_lenient import HEAD, RELATED

TWO_ARTICLES = HEAD + "\nThe gates opened at dawn.\n\nFarmers downstream were warned." + RELATED


@pytest.fixture
def fast_path() -> None:
    """The grammar loaded, as in any process that has read a megabyte (FAST_PATH_AFTER):
    a valid text then takes the fast path, whatever the tests before this one read."""
    importlib.import_module("newsdump._grammar")


@pytest.mark.usefixtures("fast_path")
def test_a_fast_path_builder_that_drops_a_block_is_caught_where_the_text_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build = _parse._article

    def drops_the_last_block(*arguments: object, **keywords: object) -> newsdump.Article:
        article = build(*arguments, **keywords)  # type: ignore[arg-type]
        return attrs.evolve(article, body=article.body[:-1])

    assert newsdump.render(newsdump.parse(TWO_ARTICLES)) == TWO_ARTICLES
    monkeypatch.setattr(_parse, "_article", drops_the_last_block)
    with pytest.raises(newsdump.AccountingError) as raised:
        newsdump.parse(TWO_ARTICLES)
    # The first article, one block short, ends where its last block's blank line starts.
    offset = TWO_ARTICLES.index("\n\nFarmers downstream")
    assert raised.value.offset == offset
    assert f"at offset {offset:,}:" in str(raised.value)
    assert "bug in newsdump" in str(raised.value)


def test_a_reader_builder_that_drops_the_blank_lines_of_a_gap_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = HEAD + "\nThe gates opened at dawn.\n\n\n\nFarmers downstream were warned."
    build = _reader._article

    def drops_gaps(*arguments: object, **keywords: object) -> newsdump.Article:
        article = build(*arguments, **keywords)  # type: ignore[arg-type]
        return attrs.evolve(article, layout=attrs.evolve(article.layout, gaps=()))

    assert newsdump.render(newsdump.parse(text, strict=False)) == text
    monkeypatch.setattr(_reader, "_article", drops_gaps)
    with pytest.raises(newsdump.AccountingError) as raised:
        newsdump.parse(text, strict=False)
    # Two blank lines short: the text ends two characters after the document does.
    assert raised.value.offset == len(text) - 2


@pytest.mark.usefixtures("fast_path")
def test_the_offset_is_one_of_the_text_as_given_with_its_mark_and_crlf_line_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "\ufeff" + TWO_ARTICLES.replace("\n", "\r\n")
    build = _parse._article

    def drops_the_last_block(*arguments: object, **keywords: object) -> newsdump.Article:
        article = build(*arguments, **keywords)  # type: ignore[arg-type]
        return attrs.evolve(article, body=article.body[:-1])

    monkeypatch.setattr(_parse, "_article", drops_the_last_block)
    with pytest.raises(newsdump.AccountingError) as raised:
        newsdump.parse(text)
    assert raised.value.offset == text.index("\r\n\r\nFarmers downstream")


@pytest.mark.usefixtures("fast_path")
def test_a_builder_that_forgets_the_byte_order_mark_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (FIXTURES / "valid" / "bom_and_long_separator.txt").read_bytes().decode()
    assert text.startswith("\ufeff")
    build = _parse._fast_path

    def forgets_the_mark(source: _parse._Source) -> newsdump.Document | None:
        doc = build(source)
        assert doc is not None
        return attrs.evolve(doc, layout=attrs.evolve(doc.layout, bom=False))

    monkeypatch.setattr(_parse, "_fast_path", forgets_the_mark)
    with pytest.raises(newsdump.AccountingError, match="byte-order mark"):
        newsdump.parse(text)


def test_the_error_survives_a_worker_process_boundary() -> None:
    error = newsdump.AccountingError(12, "the text ends elsewhere")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.offset, copy.what, str(copy)) == (12, error.what, str(error))
