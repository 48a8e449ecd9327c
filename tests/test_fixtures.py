"""Our own example files: every valid one round-trips; every invalid one fails as pinned."""

from __future__ import annotations

import pathlib

import pytest

import newsdump
from tests.conftest import FIXTURES, caption_of, valid_fixtures


@pytest.mark.parametrize("path", valid_fixtures(), ids=lambda p: p.name)
def test_valid_fixture_round_trips_byte_for_byte(path: pathlib.Path) -> None:
    assert newsdump.render(newsdump.parse_file(path)).encode("utf-8") == path.read_bytes()


def test_the_interview_fixture_has_every_block_kind_and_its_turns() -> None:
    doc = newsdump.parse_file(FIXTURES / "valid" / "interview_and_related.txt")
    interview, market, weather = doc.articles
    assert interview.standfirst == (
        "Asharq Al-Awsat spends a day with the last ferryman of the Nahr al-Qamar."
    )
    assert {block.kind for block in interview.body} == {
        "paragraph",
        "question",
        "photo",
        "subheading",
        "note",
    }
    assert [len(answer) for _, answer in interview.turns] == [1, 2, 1, 1]
    assert interview.body[-1] == newsdump.Note("The second part of the interview appears tomorrow.")
    photo = next(b for b in interview.body if isinstance(b, newsdump.Photo))
    assert photo.credit == "AFP via Getty Images"
    assert market.layout == newsdump.ArticleLayout(caption_indents=(" ", ""), blank_lines_before=3)
    assert [b.text for b in market.body if b.kind == "list_item"] == [
        "Forty stalls in the northern gallery.",
        "A cold store for saffron and vanilla.",
        "Two public fountains restored with their original tiles.",
    ]
    assert caption_of(weather).credit == "Lena Haddad/dpa"
    assert weather.layout.blank_lines_before == 2
    assert doc.layout == newsdump.DocumentLayout()


def test_line_end_bom_and_final_newline_variants_are_kept_in_the_layout() -> None:
    crlf = newsdump.parse_file(FIXTURES / "valid" / "crlf_line_ends.txt")
    assert crlf.layout == newsdump.DocumentLayout(line_end="\r\n", final_newlines=2)
    assert "\r" not in (crlf.articles[0].headline or "")
    bom = newsdump.parse_file(FIXTURES / "valid" / "bom_and_long_separator.txt")
    assert bom.layout.bom
    assert bom.articles[0].headline == "Port Workers Vote on New Contract"
    assert bom.articles[1].layout.blank_lines_before == 5
    single = newsdump.parse_file(FIXTURES / "valid" / "single_with_final_newline.txt")
    assert single.layout.final_newlines == 1
    assert [b.credit for b in single.articles[0].body if isinstance(b, newsdump.Photo)] == ["EPA"]


# Worked out by hand from the files (see fixtures/README.md): line, column, code.
INVALID = {
    "missing_tt.txt": (5, 1, "E204"),
    "stray_line_after_tt.txt": (6, 1, "E205"),
    "caption_once.txt": (4, 1, "E203"),
    "repeat_headline_differs.txt": (7, 1, "E206"),
    "repeat_caption_differs.txt": (10, 1, "E207"),
    "glued_blocks.txt": (15, 1, "E301"),
    "blank_lines_in_body.txt": (14, 1, "E302"),  # the first blank line too many
    "cut_off_header.txt": (9, 28, "E208"),
    "nul_byte.txt": (14, 19, "E103"),
    "not_utf8.txt": (12, 11, "E102"),
    "empty.txt": (1, 1, "E101"),
    "line_starts_with_space.txt": (14, 1, "E303"),
    "no_body.txt": (10, 60, "E304"),
    "mixed_line_ends.txt": (4, 60, "E104"),
    "other_site_archive.txt": (1, 1, "E106"),
}


def test_every_invalid_fixture_is_pinned() -> None:
    assert sorted(INVALID) == sorted(p.name for p in (FIXTURES / "invalid").glob("*.txt"))


@pytest.mark.parametrize(("name", "where"), sorted(INVALID.items()))
def test_invalid_fixture_fails_at_the_pinned_place(name: str, where: tuple[int, int, str]) -> None:
    path = FIXTURES / "invalid" / name
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse_file(path)
    error = raised.value
    assert (error.line, error.column, error.code) == where
    assert error.path == str(path)
    assert str(error).startswith(f"{path}:{where[0]}:{where[1]}: {where[2]} ")
