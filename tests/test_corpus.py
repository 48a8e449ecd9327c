"""The real scrapes in ../shared/corpus: exact round trip, and what a reader sees in them.

The counts below were taken from the files themselves (grep for ``^\\*``, ``^+ ``, lines
ending in a parenthesised credit, short unpunctuated lines), not from the parser.
"""

from __future__ import annotations

import collections
import pathlib
import pickle
import random

import pytest

import newsdump
from tests.conftest import CORPUS, caption_of, corpus_files


def _kinds(article: newsdump.Article) -> dict[str, int]:
    return dict(collections.Counter(block.kind for block in article.body))


@pytest.mark.parametrize("path", corpus_files() or [None], ids=lambda p: p.name if p else "none")
def test_every_corpus_file_round_trips_byte_for_byte(path: pathlib.Path | None) -> None:
    if path is None:
        pytest.skip(f"the real corpus is not here: {CORPUS} (CI has it beside the project)")
    data = path.read_bytes()
    doc = newsdump.parse_file(path)
    assert newsdump.render(doc).encode("utf-8") == data
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_the_interview_file_reads_as_a_reader_sees_it(corpus_dir: pathlib.Path) -> None:
    doc = newsdump.parse_file(corpus_dir / "000_b5b888b17cf56f59.txt")
    assert len(doc.articles) == 4
    interview, politics, egypt, coalition = doc.articles

    assert (interview.headline or "").startswith("‘Sami’: ‘Caesar’ Approached Me")
    assert interview.standfirst == (
        'Asharq Al-Awsat publishes the whole story of "Sami" and "Caesar".'
    )
    assert caption_of(interview).credit == "Asharq Al-Awsat"
    assert _kinds(interview) == {
        "paragraph": 39,
        "question": 23,
        "note": 1,
        "photo": 4,
        "subheading": 6,
    }
    assert interview.body[-1] == newsdump.Note("The interview continues on Wednesday.")
    assert [block.line for block in interview.body if block.kind == "photo"] == [34, 68, 112, 142]
    assert [block.credit for block in interview.body if isinstance(block, newsdump.Photo)] == [
        "Reuters",
        "Reuters",
        "AFP",
        "Reuters",
    ]
    assert interview.body[0].line == 14
    assert len(interview.turns) == 23
    first_question, first_answer = interview.turns[0]
    assert first_question.text == "How did you feel when you learned that Assad had fled Syria?"
    assert len(first_answer) == 1

    assert politics.line == 162
    assert politics.layout.blank_lines_before == 3  # after the lead story
    assert caption_of(politics).credit == "Ameer Al-Mohammedawi/dpa"
    assert caption_of(politics).text.startswith("FILED - 02 November 2025, Iraq, Najaf:")
    assert politics.standfirst is None
    assert _kinds(politics) == {"paragraph": 30, "subheading": 4}

    assert egypt.layout.blank_lines_before == 2
    assert caption_of(egypt).credit == "Egyptian Presidency"
    assert _kinds(egypt)["subheading"] == 7

    assert caption_of(coalition).credit == "AP"
    items = [block for block in coalition.body if isinstance(block, newsdump.ListItem)]
    assert [item.text[:12] for item in items] == ["Kataeb Hezbo", "Kataeb Sayyi", "The al-Nujab"]
    before_list = coalition.body[coalition.body.index(items[0]) - 1]
    assert before_list == newsdump.Paragraph("Other blacklisted groups are:")
    assert doc.layout == newsdump.DocumentLayout(final_newlines=0)


def test_the_letters_file_has_subheadings_and_a_caption_without_credit(
    corpus_dir: pathlib.Path,
) -> None:
    doc = newsdump.parse_file(corpus_dir / "001_7752e62acdcbb6a0.txt")
    assert len(doc.articles) == 4
    letters = doc.articles[0]
    # "(Right)" says where Saddam stands in the picture; it credits nobody.
    assert caption_of(letters).text.endswith("Saddam Hussein (Right)")
    assert caption_of(letters).credit is None
    assert [b.text for b in letters.body if b.kind == "subheading"] == [
        "Secret Meetings",
        "Rushing in…Slowing Down",
        "“Abu Uday”",
    ]
    assert letters.turns == ()
    assert [caption_of(a).credit for a in doc.articles[1:]] == [
        "Ameer Al-Mohammedawi/dpa",
        "Egyptian Presidency",
        "AP",
    ]
    assert _kinds(doc.articles[3])["list_item"] == 3


def test_the_two_story_file_keeps_the_indented_caption_copy(corpus_dir: pathlib.Path) -> None:
    doc = newsdump.parse_file(corpus_dir / "002_e6a2535f0503b14a.txt")
    first, second = doc.articles
    assert first.caption == newsdump.Caption("Iraqi Foreign Minister Fuad Hussein (AP)", "AP")
    assert first.layout.caption_indents == (" ", "")
    assert _kinds(first) == {"paragraph": 14}
    assert second.line == 42
    assert second.layout.blank_lines_before == 3
    assert caption_of(second).credit == "archive - AFP"
    assert _kinds(second) == {"paragraph": 12}


def test_two_corpus_files_share_three_articles(corpus_dir: pathlib.Path) -> None:
    first = newsdump.parse_file(corpus_dir / "000_b5b888b17cf56f59.txt").articles
    second = newsdump.parse_file(corpus_dir / "001_7752e62acdcbb6a0.txt").articles
    # Equal as articles except where they stand in their file (the lead story's separator).
    shared = [
        a.headline
        for a in first
        for b in second
        if (a.headline, a.caption, a.body) == (b.headline, b.caption, b.body)
    ]
    assert shared == [
        "Iraq's Political Future in Limbo as Factions Vie for Power",
        "What Egypt’s Red Lines Mean for Sudan’s War",
        "Iraq Negotiates New Coalition Under US Pressure",
    ]


_WHITE_SPACE = [" ", "\t", "\u00a0", "\r", "", "\n", "\ufeff", "  ", "\u2028", "\x0c", "\u3000"]


@pytest.mark.parametrize("seed", range(4))
def test_white_space_anywhere_in_a_real_file_keeps_every_promise(seed: int) -> None:
    """Real files with white space put at the start or end of random lines, or a line of
    it inserted: lossless, a strict parse refuses exactly what validate calls an error,
    fix repairs once and for all, and a safe fix changes no fingerprint or page type."""
    paths = corpus_files()
    if not paths:
        pytest.skip(f"the real corpus is not here: {CORPUS} (CI has it beside the project)")
    rng = random.Random(seed)
    for _ in range(40):
        lines = rng.choice(paths).read_text("utf-8").split("\n")
        for _ in range(rng.randint(1, 3)):
            index, space = rng.randrange(len(lines)), rng.choice(_WHITE_SPACE)
            where = rng.randrange(3)
            if where == 0:
                lines[index] += space
            elif where == 1:
                lines[index] = space + lines[index]
            else:
                lines.insert(index, space)
        text = "\n".join(lines)
        doc = newsdump.parse(text, strict=False)
        assert newsdump.render(doc) == text
        errors = [d for d in doc.diagnostics if d.severity == "error"]
        if errors:
            with pytest.raises(newsdump.LayoutError):
                newsdump.parse(text)
        else:
            assert newsdump.parse(text) == doc
        try:
            fixed = newsdump.fix(text)
        except newsdump.LayoutError:
            continue  # not a scrape any more: fix touches it not
        assert newsdump.fix(fixed) == fixed
        after = newsdump.parse(fixed, strict=False)
        assert [a.fingerprint for a in after.articles] == [a.fingerprint for a in doc.articles]
        assert after.page_type == doc.page_type
