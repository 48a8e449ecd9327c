"""Lenient parsing and validation: no byte lost, every deviation found where it is."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, strategies as st

import newsdump

# Two ways to one answer, chosen by line length (_checks), and the fast scans for control
# characters against the pattern that defines them (_lines): which way runs is invisible
# from outside, so they are compared directly.
from newsdump._checks import _searched, _split
from newsdump._lines import CONTROL, control_runs, has_controls
from tests import strategies
from tests.conftest import FIXTURES, caption_of
from tests.test_fixtures import INVALID  # the hand-worked positions of the strict errors

HEAD = (
    "Dam Opens Its Gates\n\nWater flows through the spillway (AFP)\n"
    "Water flows through the spillway (AFP)\nTT\n\nDam Opens Its Gates\n\n"
    "Water flows through the spillway (AFP)\nWater flows through the spillway (AFP)\n"
)
RELATED = (
    "\n\n\nPort Workers Vote\n\nCranes at the terminal (AP)\nCranes at the terminal (AP)\n"
    "TT\n\nPort Workers Vote\n\nCranes at the terminal (AP)\nCranes at the terminal (AP)\n"
    "\nPort workers began voting on Tuesday."
)


def _inside(text: str, diagnostic: newsdump.Diagnostic) -> bool:
    text = text.removeprefix("\ufeff")
    if text.count("\r\n") == text.count("\n"):  # CRLF throughout: lines as the parser sees
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if not 1 <= diagnostic.line <= len(lines):
        return False
    if not 1 <= diagnostic.end_line <= len(lines):
        return False
    return (
        1 <= diagnostic.column <= len(lines[diagnostic.line - 1]) + 1
        and 1 <= diagnostic.end_column <= len(lines[diagnostic.end_line - 1]) + 1
    )


@given(st.one_of(strategies.broken_texts(), st.text()))
def test_lenient_parsing_never_raises_and_keeps_every_byte(text: str) -> None:
    doc = newsdump.parse(text, strict=False)
    assert newsdump.render(doc) == text
    assert newsdump.from_json(newsdump.to_json(doc)) == doc


@given(st.one_of(strategies.broken_texts(), strategies.layout_texts().map(lambda c: c[0])))
def test_strict_raises_exactly_when_validate_reports_an_error_at_that_line(text: str) -> None:
    diagnostics = newsdump.validate(text)
    errors = [d for d in diagnostics if d.severity == "error"]
    raised: newsdump.LayoutError | None = None
    try:
        newsdump.parse(text)
    except newsdump.LayoutError as error:
        raised = error
    if raised is None:
        assert errors == []
    else:
        where = (raised.line, raised.column, raised.code)
        assert where in {(d.line, d.column, d.code) for d in errors}
    for diagnostic in diagnostics:
        assert _inside(text, diagnostic), diagnostic


@given(strategies.broken_texts())
def test_what_lenient_parsing_reads_is_what_strict_parsing_reads_when_both_can(
    text: str,
) -> None:
    try:
        strict = newsdump.parse(text)
    except newsdump.LayoutError:
        return
    assert newsdump.parse(text, strict=False) == strict


def _lenient(text: str) -> newsdump.Document:
    doc = newsdump.parse(text, strict=False)
    assert newsdump.render(doc) == text
    return doc


def _codes(doc: newsdump.Document) -> list[str]:
    return [d.code for d in doc.diagnostics]


def test_a_stray_line_after_tt_still_gives_headline_caption_and_paragraphs() -> None:
    doc = _lenient(HEAD.replace("TT\n", "TT\n20\n") + "\nFirst.\n\nSecond." + RELATED)
    first, second = doc.articles
    assert (first.headline, caption_of(first).text, caption_of(first).credit) == (
        "Dam Opens Its Gates",
        "Water flows through the spillway (AFP)",
        "AFP",
    )
    assert first.body == (newsdump.Paragraph("First."), newsdump.Paragraph("Second."))
    assert first.layout.header is not None  # the stray is kept in the raw header
    assert second.body == (newsdump.Paragraph("Port workers began voting on Tuesday."),)
    assert _codes(doc) == ["E205"]
    assert doc.diagnostics[0].line == 6


def test_no_tt_and_no_repeat_block_still_read() -> None:
    no_tt = _lenient(HEAD.replace("TT\n", "") + "\nFirst.")
    assert no_tt.articles[0].body == (newsdump.Paragraph("First."),)
    assert _codes(no_tt) == ["E204"]
    no_repeat = _lenient(
        HEAD.split("\n\nDam Opens Its Gates", maxsplit=1)[0] + "\n\nFirst.\n\nSecond."
    )
    assert [b.text for b in no_repeat.articles[0].body] == ["First.", "Second."]
    assert _codes(no_repeat) == ["E209"]


def test_a_glued_subheading_is_its_own_block_and_the_gap_is_kept() -> None:
    doc = _lenient(HEAD + "\nFirst.\n\nHumanitarian aid\nMassad Boulos arrived on Monday.")
    assert doc.articles[0].body == (
        newsdump.Paragraph("First."),
        newsdump.Subheading("Humanitarian aid"),
        newsdump.Paragraph("Massad Boulos arrived on Monday."),
    )
    assert doc.articles[0].layout.gaps == ((2, 0),)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("E301", 15)]


def test_credit_variants_are_read_from_captions() -> None:
    for caption, credit in [
        ("Troops patrol the border (AFP).", "AFP"),
        ("Leaders meet. (Asharq Al-Awsat)", "Asharq Al-Awsat"),
        ("Crowds gather REUTERS/Jane Doe/File Photo", "REUTERS/Jane Doe/File Photo"),
        ("Ministers sign the accord - SPA", "SPA"),
        ("A street in the old city", None),
    ]:
        doc = _lenient(HEAD.replace("Water flows through the spillway (AFP)", caption) + "\nFirst.")
        assert caption_of(doc.articles[0]).credit == credit


def test_questions_written_with_q_are_warned_about_and_kept() -> None:
    doc = _lenient(HEAD + "\nQ: When did you start?\n\nIn 1990.")
    assert [d.code for d in doc.diagnostics] == ["W301"]
    assert doc.articles[0].body[0] == newsdump.Paragraph("Q: When did you start?")


def test_a_file_cut_off_mid_sentence_is_read_and_warned_about() -> None:
    doc = _lenient(HEAD + "\nFirst.\n\nThe minister said that the")
    assert doc.articles[0].body[-1].text == "The minister said that the"
    assert [(d.code, d.severity) for d in doc.diagnostics] == [("W302", "warning")]
    newsdump.parse(HEAD + "\nFirst.\n\nThe minister said that the")  # a warning, not an error


def test_one_broken_article_leaves_the_others_whole() -> None:
    broken = HEAD.replace("TT\n", "") + "\nFirst."
    doc = _lenient(broken + RELATED + RELATED)
    assert len(doc.articles) == 3
    assert doc.articles[1] == doc.articles[2]
    assert doc.articles[1].layout.header is None


def test_text_that_cannot_be_read_is_kept_explicitly_and_reported() -> None:
    doc = _lenient("\n\n  junk\n" + HEAD + "\nFirst.\n\n   \n\nSec\x00ond.")
    assert doc.layout.preamble == "\n\n  junk\n"
    assert [b.kind for b in doc.articles[0].body] == ["paragraph", "unparsed", "paragraph"]
    # One finding a defect: the line of spaces is E303, not also W103.
    assert [(d.code, d.line) for d in doc.diagnostics] == [
        ("E201", 1),
        ("E303", 17),
        ("E103", 19),
    ]
    assert _codes(_lenient("junk line\n\n" + HEAD)) != []


def test_empty_and_blank_files_are_reported() -> None:
    assert _codes(_lenient("")) == ["E101"]
    assert _codes(_lenient("\n\n\n")) == ["E101"]
    assert _codes(_lenient("   \n")) == ["E201"]  # not also W103: one defect, one finding


def test_warnings_on_a_valid_file() -> None:
    text = "\ufeff" + (HEAD + "\nFirst. \n\nTab\there.").replace("\n", "\r\n")
    assert newsdump.parse(text).diagnostics == ()  # the strict fast path collects none
    doc = newsdump.parse(text, strict=False)
    assert [(d.code, d.line, d.column, d.end_column) for d in doc.diagnostics] == [
        ("W101", 1, 1, 1),
        ("W102", 1, 20, 20),
        ("W103", 12, 7, 8),
        ("W104", 14, 4, 5),
    ]
    assert newsdump.validate(text) == list(doc.diagnostics)


def test_validate_file_reports_undecodable_bytes_with_offset() -> None:
    path = FIXTURES / "invalid" / "not_utf8.txt"
    diagnostics = newsdump.validate_file(path)
    offset = path.read_bytes().index(b"\xff")
    assert [(d.code, d.line, d.column) for d in diagnostics] == [("E102", 12, 11)]
    assert f"byte offset {offset}" in diagnostics[0].message


@pytest.mark.parametrize("name", sorted(INVALID))
def test_every_invalid_fixture_validates_to_its_strict_error(name: str) -> None:
    line, column, code = INVALID[name]
    diagnostics = newsdump.validate_file(FIXTURES / "invalid" / name)
    assert (line, column, code) in {(d.line, d.column, d.code) for d in diagnostics}


def test_diagnostics_go_to_json_and_back() -> None:
    doc = _lenient(HEAD.replace("TT\n", "") + "\nFirst.")
    data = json.loads(newsdump.to_json(doc))
    assert data["diagnostics"] == [
        {
            "code": "E204",
            "severity": "error",
            "line": 5,
            "column": 1,
            "end_line": 5,
            "end_column": 1,
            "message": "expected the TT marker after the caption lines, found a blank line",
            # The fix: insert the TT line where it belongs (offsets into the text).
            "fix": {
                "applicability": "safe",
                "edits": [{"start": 99, "end": 99, "content": "TT\n"}],
            },
        }
    ]
    text = HEAD.replace("TT\n", "") + "\nFirst."
    assert text[:99] + "TT\n" + text[99:] == HEAD + "\nFirst."
    assert newsdump.from_json(newsdump.to_json(doc)).diagnostics == doc.diagnostics


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "\n" * 5_000,
        HEAD + "\n" * 5_000 + "After the gap.",
        HEAD + "\nFirst." + "\n\n" + "word " * 200_000,
        HEAD[:37],
        "*" * 100_000,
        "\u2028".join(["Head", "", "Cap", "Cap", "TT"]),
    ],
    ids=[
        "1MB-line",
        "5000-newlines",
        "5000-blank-lines-in-body",
        "1MB-paragraph",
        "truncated-header",
        "stars",
        "line-separators",
    ],
)
def test_extreme_inputs_are_kept_byte_for_byte(text: str) -> None:
    doc = newsdump.parse(text, strict=False)
    assert newsdump.render(doc) == text
    assert all(_inside(text, d) for d in doc.diagnostics)


def test_a_line_starting_with_white_space_after_an_unreadable_header_is_still_reported() -> None:
    page = "Old Headline\n\n  Indented.\n\nSecond.\n\nThird.\n\nFourth.\n\nEnd."
    assert _codes(_lenient(page)) == ["E211", "E303"]


def test_a_body_of_control_characters_alone_is_no_body_to_the_layout() -> None:
    # Found by the thorough profile: removing the CR (E103's fix) left an article with
    # no body, an error no finding had named.
    doc = _lenient(HEAD.rstrip("\n") + "\n\n\r")
    assert [d.code for d in doc.diagnostics] == ["E304", "E103"]
    assert newsdump.render(doc) == HEAD.rstrip("\n") + "\n\n\r"


def _from_records(text: str) -> tuple[newsdump.Document, list[newsdump.Diagnostic]]:
    """A lenient parse through JSON Lines and back, as ``convert --lenient --jsonl`` and
    ``render`` take it: the document the records rebuild, and their diagnostics."""
    doc = newsdump.parse(text, strict=False)
    stream = io.BytesIO()
    newsdump.write_jsonl(newsdump.jsonl_records(doc, "a.txt"), stream)
    records = list(newsdump.read_jsonl(io.BytesIO(stream.getvalue())))
    assert {record.document_layout for record in records} == {doc.layout}
    rebuilt = newsdump.Document(
        articles=tuple(record.article for record in records if record.article is not None),
        layout=records[0].document_layout,
    )
    return rebuilt, [d for record in records for d in record.diagnostics]


@given(st.one_of(strategies.broken_texts(), st.text()))
def test_lenient_json_lines_records_rebuild_the_text_and_keep_every_diagnostic(text: str) -> None:
    doc, diagnostics = _from_records(text)
    assert newsdump.render(doc) == text
    assert diagnostics == list(newsdump.parse(text, strict=False).diagnostics)


def _record_dicts(doc: newsdump.Document, source: str) -> list[dict[str, Any]]:
    """The JSON Lines records of a document, as a reader of the file sees them."""
    stream = io.BytesIO()
    newsdump.write_jsonl(newsdump.jsonl_records(doc, source), stream)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_file_with_no_article_has_one_record_with_a_null_article() -> None:
    text = "  \n\t\n"  # blank lines only: no headline to start an article
    (record,) = _record_dicts(newsdump.parse(text, strict=False), "blank.txt")
    assert (record["index"], record["article_count"], record["article"]) == (0, 0, None)
    assert record["document_layout"]["preamble"] == "  \n\t"
    assert record["document_layout"]["final_newlines"] == 1
    assert [d["code"] for d in record["diagnostics"]] == ["E201"]
    assert _from_records(text)[0] == newsdump.parse(text, strict=False)


def test_each_record_holds_the_diagnostics_on_its_own_articles_lines() -> None:
    text = (FIXTURES / "valid" / "interview_and_related.txt").read_text()
    lines = text.split("\n")
    assert lines[47] == "TT"
    broken = "\n".join(lines[:47] + lines[48:])  # the second article's TT marker gone
    records = _record_dicts(newsdump.parse(broken, strict=False), "a.txt")
    assert [[d["code"] for d in record["diagnostics"]] for record in records] == [
        [],
        ["E204"],
        [],
    ]
    assert records[1]["diagnostics"][0]["line"] == 48


@given(st.text(alphabet="ab Q:\t\u00a0\n", max_size=60))
def test_lines_split_or_searched_give_the_same_places(text: str) -> None:
    # Which way the text-wide checks go depends on its line length; never what they find.
    assert _split(text, text.split("\n")) == _searched(text)


# Text that is mostly letters, with control characters, tabs and line ends among them.
_MIXED = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x08", "\t", "\n", "\x0b", "\x1b", "\x1f", "\x7f", "a"]),
    )
)


@given(_MIXED)
def test_control_characters_are_found_where_a_search_for_them_finds_them(text: str) -> None:
    expected = [match.span() for match in CONTROL.finditer(text)]
    assert [run.span() for run in control_runs(text)] == expected
    assert has_controls(text) == bool(expected)


@pytest.mark.parametrize(
    ("tail", "caption"),
    [
        ("\n\n\nPort Workers Vote", None),
        ("\n\n\nPort Workers Vote\n\nCranes at the terminal (AP)", "AP"),
        (
            "\n\n\nPort Workers Vote\n\nCranes at the terminal (AP)\nCranes at the terminal (AP)",
            "AP",
        ),
        (RELATED.split("\nTT", maxsplit=1)[0] + "\nTT", "AP"),
    ],
    ids=["headline", "one caption line", "caption pair", "TT"],
)
def test_a_story_cut_off_in_its_header_is_read_as_far_as_it_goes_and_reported_once(
    tail: str, caption: str | None
) -> None:
    text = HEAD + "\nThe gates opened at dawn." + tail
    doc = newsdump.parse(text, strict=False)
    assert newsdump.render(doc) == text
    lead, cut = doc.articles
    assert [block.text for block in lead.body] == ["The gates opened at dawn."]
    assert cut.headline == "Port Workers Vote"
    assert cut.body == ()
    assert caption_of(cut).credit == caption
    assert caption_of(cut).text == ("" if caption is None else "Cranes at the terminal (AP)")
    assert [d.code for d in doc.diagnostics] == ["E208"]
