"""The model: credits, interview turns, equality, immutability."""

from __future__ import annotations

import hashlib
import pathlib
import pickle

import attrs
import pytest
from hypothesis import given, strategies as st

import newsdump
from newsdump._model import SURROGATES, said
from tests import strategies
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Iraqi Foreign Minister Fuad Hussein (AP)", "AP"),
        ("A Sudanese army unit (archive - AFP)", "archive - AFP"),
        ("Smoke rises over the city (AFP via Getty Images)", "AFP via Getty Images"),
        ("Najaf: a rally. Photo: Ameer Al-Mohammedawi/dpa", "Ameer Al-Mohammedawi/dpa"),
        ("Delegates meet in Riyadh. EPA/NAME SURNAME", "EPA/NAME SURNAME"),
        ("Crowds gather at the port REUTERS/Jane Doe/File Photo", "REUTERS/Jane Doe/File Photo"),
        ("Ministers sign the accord - SPA", "SPA"),
        ("Troops patrol the border (AFP).", "AFP"),
        ("Saddam Hussein (Right)", None),
        ("Leaders at the summit (second from left)", None),
        ("A street in the old city", None),
        ("Trailing space after the credit (AP)  ", "AP"),
        ("A minister speaks at the forum in Riyadh. Asharq Al-Awsat", "Asharq Al-Awsat"),
        ("Guests arrive at the gala. AFP via Getty Images", "AFP via Getty Images"),
        ("A view of the old port - Asharq Al-Awsat", "Asharq Al-Awsat"),
        ("The exhibition hall (Photo: Dalati & Nohra)", "Dalati & Nohra"),
        ("Protesters in Beirut (AP Photo/Hussein Malla)", "AP Photo/Hussein Malla"),
        ("IMF chief Kristalina Georgieva (IMF) speaks in Washington", None),
        ("Leaders pose (L) at the summit. Reuters", "Reuters"),
        ("The minister spoke. He said so", None),
    ],
)
def test_the_credit_is_found_at_the_end_of_a_caption(caption: str, credit: str | None) -> None:
    assert newsdump.Caption(caption).credit == credit


def test_an_explicit_credit_wins_over_the_found_one() -> None:
    assert newsdump.Caption("A view (AP)", credit="Associated Press").credit == "Associated Press"


def _article(*body: newsdump.Block) -> newsdump.Article:
    return newsdump.Article(headline="H", caption=newsdump.Caption("C"), body=body)


def test_turns_pair_each_question_with_the_answer_up_to_the_next_break() -> None:
    q1, q2 = newsdump.Question("Why?"), newsdump.Question("How?")
    a1, a2 = newsdump.Paragraph("Because."), newsdump.ListItem("First way.")
    photo = newsdump.Photo("A view. (AP)")
    article = _article(
        newsdump.Paragraph("Intro."),
        q1,
        a1,
        photo,
        newsdump.Paragraph("Aside."),
        q2,
        a2,
        newsdump.Subheading("Next"),
        newsdump.Note("More tomorrow."),
    )
    assert article.turns == ((q1, (a1,)), (q2, (a2,)))


def test_a_question_at_the_end_has_an_empty_answer() -> None:
    question = newsdump.Question("Last?")
    assert _article(question).turns == ((question, ()),)


def test_source_lines_do_not_take_part_in_equality() -> None:
    assert newsdump.Paragraph("Same.", line=3) == newsdump.Paragraph("Same.", line=99)
    assert hash(newsdump.Paragraph("Same.", line=3)) == hash(newsdump.Paragraph("Same."))
    different_kinds: list[newsdump.Block] = [
        newsdump.Paragraph("Same."),
        newsdump.Subheading("Same."),
    ]
    assert different_kinds[0] != different_kinds[1]


def test_model_objects_are_frozen() -> None:
    paragraph = newsdump.Paragraph("Text.")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        paragraph.text = "Other."  # type: ignore[misc]


def test_a_built_document_renders_in_the_layout() -> None:
    doc = newsdump.Document(
        articles=(
            newsdump.Article(
                headline="H",
                standfirst="S",
                caption=newsdump.Caption("C (AP)"),
                body=(
                    newsdump.Question("Q?"),
                    newsdump.Paragraph("A."),
                    newsdump.ListItem("Item."),
                ),
            ),
            newsdump.Article(
                headline="H2", caption=newsdump.Caption("C2"), body=(newsdump.Note("End."),)
            ),
        )
    )
    assert newsdump.render(doc) == (
        "H\n\nS\n\nC (AP)\nC (AP)\nTT\n\nH\n\nC (AP)\nC (AP)\n\n*Q?\n\nA.\n\n+ Item."
        "\n\n\nH2\n\nC2\nC2\nTT\n\nH2\n\nC2\nC2\n\n*End."
    )


@given(strategies.articles(), st.integers(2, 5), st.sampled_from(["", " ", "\t"]))
def test_the_fingerprint_ignores_layout(
    article: newsdump.Article,
    blank_lines: int,
    indent: str,
) -> None:
    moved = attrs.evolve(
        article,
        line=7,
        layout=newsdump.ArticleLayout(caption_indents=(indent, ""), blank_lines_before=blank_lines),
    )
    assert moved.fingerprint == article.fingerprint
    for text in (newsdump.render(newsdump.Document(articles=(article,))),):
        for variant in (text, "\ufeff" + text, text.replace("\n", "\r\n"), text + "\n\n"):
            assert newsdump.parse(variant).articles[0].fingerprint == article.fingerprint


def test_the_fingerprint_changes_with_what_the_article_says() -> None:
    article = newsdump.Article(
        headline="H", caption=newsdump.Caption("C"), body=(newsdump.Paragraph("Text."),)
    )
    changes = [
        attrs.evolve(article, headline="H2"),
        attrs.evolve(article, standfirst=""),
        attrs.evolve(article, caption=newsdump.Caption("C2")),
        attrs.evolve(article, body=(newsdump.Subheading("Text."),)),
        attrs.evolve(article, body=(newsdump.Paragraph("Text."), newsdump.Paragraph("More."))),
    ]
    assert len({article.fingerprint, *(changed.fingerprint for changed in changes)}) == 6


def _hash_of_fields(fields: list[str]) -> str:
    """The fingerprint as its docstring defines it: SHA-256 of each field's UTF-8 bytes
    (a byte that was not UTF-8 as itself), each after its length as an 8-byte big-endian
    number."""
    data = (field.encode("utf-8", SURROGATES) for field in fields)
    return hashlib.sha256(
        b"".join(len(part).to_bytes(8, "big") + part for part in data)
    ).hexdigest()


def _fixture_articles() -> list[newsdump.Article]:
    paths = sorted(FIXTURES.rglob("*.txt"))
    return [
        article for path in paths for article in newsdump.parse(_text(path), strict=False).articles
    ]


def _text(path: pathlib.Path) -> str:
    return path.read_bytes().decode("utf-8", "surrogateescape")


# said() is private: fix compares what articles say with it instead of hashing them, so
# the fingerprint's fields must be exactly its fields, for every page type.
@given(strategies.articles())
def test_the_fingerprint_hashes_exactly_what_the_article_says(article: newsdump.Article) -> None:
    assert article.fingerprint == _hash_of_fields(said(article))


def test_every_page_types_fingerprint_hashes_exactly_what_it_says() -> None:
    articles = _fixture_articles()
    assert {article.page_type for article in articles} == {"news", "opinion", "body-only"}
    assert any(article.dateline is not None for article in articles)
    for article in articles:
        assert article.fingerprint == _hash_of_fields(said(article))
    with_space = attrs.evolve(articles[0], headline="H \t\u00a0")
    assert said(with_space)[1] == "H"  # white space at a field's end is no part of it


def test_every_block_a_parse_makes_is_the_block_its_class_makes() -> None:
    """The fast path makes blocks without calling their __init__: each must hold every
    field, compare, hash, pickle and evolve like one its constructor made."""
    blocks = [block for article in _fixture_articles() for block in article.body]
    assert {block.kind for block in blocks} >= {"paragraph", "photo", "question", "list_item"}
    for block in blocks:
        fields = {field.name: getattr(block, field.name) for field in attrs.fields(type(block))}
        made = type(block)(**fields)
        assert (made, made.line, hash(made)) == (block, block.line, hash(block))
        assert pickle.loads(pickle.dumps(block)) == block
        assert attrs.evolve(block) == block
