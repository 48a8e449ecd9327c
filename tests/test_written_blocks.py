"""Blocks as real pages write them: unmarked interview questions, timeline bullets, and
each form of a photo credit (fixtures/blocks, invented text)."""

from __future__ import annotations

import pathlib

import pytest

import newsdump
from tests.conftest import FIXTURES, corpus_files

BLOCKS = FIXTURES / "blocks"
INTERVIEW = BLOCKS / "interview_unmarked_questions.txt"


def _text(path: pathlib.Path) -> str:
    return path.read_text("utf-8")


def _w301(text: str) -> list[tuple[int, str]]:
    return [(d.line, d.message) for d in newsdump.validate(text) if d.code == "W301"]


def test_an_interviews_unmarked_questions_are_warned_at_their_lines() -> None:
    # Line 20 is "- What did the drought ...?", line 30 "And what will you do ...?",
    # each between two answers; line 24's answer opens with a question of its own, and
    # line 26 quotes one: neither is the interviewer's.
    assert _w301(_text(INTERVIEW)) == [
        (20, "a question written with '- '; interview questions start with '*'"),
        (
            30,
            "an interviewer's question written with no marker; interview questions start with '*'",
        ),
    ]


def test_the_unsafe_fix_marks_the_question_and_a_safe_fix_leaves_it() -> None:
    text = _text(INTERVIEW)
    assert newsdump.fix(text) == text
    fixed = newsdump.fix(text, unsafe=True)
    lines, fixed_lines = text.split("\n"), fixed.split("\n")
    changed = [n for n, (a, b) in enumerate(zip(lines, fixed_lines, strict=True), 1) if a != b]
    assert changed == [20, 30]
    assert fixed_lines[19] == "*What did the drought of last year do to the hives?"
    assert fixed_lines[29] == "*And what will you do if the rain fails again?"
    assert _w301(fixed) == []


def test_questions_in_prose_are_no_interview_questions() -> None:
    header = (
        "Rates Rise Again\n\nA trader at the exchange (AFP)\nA trader at the exchange (AFP)\nTT\n\n"
    )
    header += (
        "Rates Rise Again\n\nA trader at the exchange (AFP)\nA trader at the exchange (AFP)\n\n"
    )
    body = [
        "The bank raised its rate for the third time this year.",
        "Traders had expected it.",
        "What comes next for borrowers?",
        "Most economists expect one more rise before the summer.",
        "- Will it be the last?",
        "Nobody at the bank would say.",
    ]
    assert _w301(header + "\n\n".join(body) + "\n") == []


@pytest.mark.parametrize(
    "path",
    [
        *sorted(FIXTURES.glob("*/*.txt")),
        *corpus_files(),
    ],
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_no_other_file_has_an_unmarked_question(path: pathlib.Path) -> None:
    # The false positives on our fixtures and the real corpus: none (the corpus's
    # questions all carry their '*'; read by eye: no line ending in '?' lacks it).
    if path == INTERVIEW:
        pytest.skip("the file that has them")
    assert not [d for d in newsdump.validate_file(path) if d.code == "W301"]


def test_a_timeline_reads_its_entries_as_bullets_and_the_lines_after_as_paragraphs() -> None:
    (article,) = newsdump.parse(_text(BLOCKS / "timeline_bullets.txt")).articles
    assert [block.kind for block in article.body] == [
        "paragraph",
        "bullet",
        "paragraph",
        "bullet",
        "bullet",
        "paragraph",
        "bullet",
    ]
    assert article.body[1].text == "2013 - The city council approves the first plans."


def test_each_form_of_a_photo_credit_is_read_and_an_early_parenthesis_is_none() -> None:
    doc = newsdump.parse(_text(BLOCKS / "caption_credit_forms.txt"))
    credits = [article.caption.credit for article in doc.articles if article.caption]
    assert credits == [
        "Asharq Al-Awsat",  # after a full stop
        "SPA",  # after " - "
        "Dalati & Nohra",  # "(Photo: Name)"
        "Lina Haddad/dpa",  # "Photo: Name" outside parentheses
        "AP Photo/Rami Aziz",  # "(AP Photo/Name)"
        None,  # "(L)", "(R)", "(IMF)" earlier in the caption
    ]


@pytest.mark.parametrize("path", sorted(BLOCKS.glob("*.txt")), ids=lambda path: path.name)
def test_each_block_fixture_renders_back_byte_for_byte(path: pathlib.Path) -> None:
    text = _text(path)
    assert newsdump.render(newsdump.parse(text)) == text
