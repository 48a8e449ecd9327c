"""fix: what it repairs, what it never changes, and each single defect found once and undone."""

from __future__ import annotations

import pathlib
import re

import attrs
import pytest
from hypothesis import assume, example, given, strategies as st

import newsdump
from tests import strategies
from tests.conftest import FIXTURES, corpus_files, valid_fixtures
from tests.defects import KINDS, places

HEAD = "Head\n\nCap (AP)\nCap (AP)\nTT\n\nHead\n\nCap (AP)\nCap (AP)\n\n"
_BROKEN = st.one_of(strategies.broken_texts(), strategies.layout_texts().map(lambda case: case[0]))
# Files of the layout, LF, no BOM: the single defects are put into these.
_PLAIN = [
    path
    for path in corpus_files() + valid_fixtures()
    if b"\r\n" not in path.read_bytes() and not path.read_bytes().startswith(b"\xef\xbb\xbf")
]


def _fix(text: str, *, unsafe: bool = False) -> str | None:
    """``fix``, or None where it refuses the text as no scrape (no headline where an
    article starts has a header's marks after it): then with the error a strict parse
    raises, which a text with no error never does."""
    try:
        return newsdump.fix(text, unsafe=unsafe)
    except newsdump.LayoutError as error:
        refused = str(error)
    with pytest.raises(newsdump.LayoutError) as strict:
        newsdump.parse(text)
    assert refused == str(strict.value)
    return None


def _fingerprints(text: str) -> list[str]:
    return [article.fingerprint for article in newsdump.parse(text, strict=False).articles]


def test_fix_refuses_text_that_holds_no_header_with_the_error_a_strict_parse_raises() -> None:
    for text in ("", '{"headline": "Dam Opens"}\n', "id,text\n1,Dam Opens\n"):
        with pytest.raises(newsdump.LayoutError) as refused:
            newsdump.fix(text)
        with pytest.raises(newsdump.LayoutError) as strict:
            newsdump.parse(text)
        assert str(refused.value) == str(strict.value)
    # One header is enough: a scrape with blank lines to spare is fixed.
    assert newsdump.fix(HEAD + "First.\n\n\n\nOther\n\nSecond.") == (
        HEAD + "First.\n\nOther\n\nSecond."
    )


@pytest.mark.parametrize("path", _PLAIN, ids=lambda p: p.name)
def test_a_valid_file_comes_back_from_fix_byte_for_byte(path: pathlib.Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert newsdump.validate(text) == []
    assert newsdump.fix(text) == text
    assert newsdump.fix(text, unsafe=True) == text


def test_the_blemishes_of_valid_fixtures_are_fixed_to_the_plain_layout() -> None:
    crlf = (FIXTURES / "valid" / "crlf_line_ends.txt").read_bytes().decode("utf-8")
    assert newsdump.fix(crlf) == crlf.replace("\r\n", "\n")
    bom = (FIXTURES / "valid" / "bom_and_long_separator.txt").read_bytes().decode("utf-8")
    assert newsdump.fix(bom) == bom.removeprefix("\ufeff")


@given(_BROKEN)
# Found by a random run: a text short enough to be read as a header cut off, with none of
# a header's marks, is refused, with the strict parse's first error (not E208 or E211).
@example(text="a\n\ra\ufeff\na\n\na\na\n")
def test_a_safe_fix_never_changes_what_an_article_says(text: str) -> None:
    fixed = _fix(text)
    assert fixed is None or _fingerprints(fixed) == _fingerprints(text)


@given(_BROKEN, st.booleans())
def test_fix_is_idempotent(text: str, unsafe: bool) -> None:
    once = _fix(text, unsafe=unsafe)
    assert once is None or newsdump.fix(once, unsafe=unsafe) == once


@given(_BROKEN)
# Found by a random run: each fix made sense, but together they put three blank lines
# between TT and a copy of the header, which then read as the next story (E213, no fix).
@example(text="a\na\na\nTT\n\n\n\n\ufeff\na\n\na\na\n\n*")
# Found by a random run: E303's fix made a line of U+FEFF blank, and the blank lines then
# read as the end of a story before a headline cut off (E208, no fix).
@example(text="a\n\na\na\nTT\n\na\n\na\na\n\n*\n\ufeff\n\n*")
def test_where_every_error_is_fixable_fix_leaves_no_error_it_cannot_fix(text: str) -> None:
    errors = [d for d in newsdump.validate(text) if d.severity == "error"]
    for unsafe in (True, False):
        if not all(d.fix is not None and (unsafe or d.fix.applicability == "safe") for d in errors):
            continue
        fixed = _fix(text, unsafe=unsafe)
        if fixed is None:
            continue
        left = [d for d in newsdump.validate(fixed) if d.severity == "error"]
        assert all(d.fix is not None for d in left), [str(d) for d in left]
        if not left:
            newsdump.parse(fixed)


def _applied(text: str, edits: tuple[newsdump.Edit, ...]) -> str:
    """The edits applied as the docs say (each replaces text[start:end]; they do not
    overlap), written here rather than taken from newsdump."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    return text


@given(_BROKEN)
def test_each_fix_applied_alone_keeps_the_rest_of_the_text(text: str) -> None:
    """A fix's edits touch only their own ranges: the text outside them is unchanged."""
    for diagnostic in newsdump.validate(text):
        if diagnostic.fix is None:
            continue
        edits = diagnostic.fix.edits
        fixed = _applied(text, edits)
        first, last = min(e.start for e in edits), max(e.end for e in edits)
        grown = len(fixed) - len(text)
        assert fixed[:first] == text[:first]
        assert fixed[last + grown :] == text[last:]


@pytest.mark.skipif(not _PLAIN, reason="no valid LF file without a BOM to put defects into")
@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_one_defect_gives_one_finding_at_its_line_and_its_fix_gives_the_file_back(
    kind: str, data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(_PLAIN), label="file")
    original = path.read_bytes().decode("utf-8")
    candidates = places(original, kind)
    assume(candidates)  # none of a news header's defects in a page of another type
    defect = data.draw(st.sampled_from(candidates), label="place")()
    before = newsdump.validate(original)
    after = newsdump.validate(defect.text)
    added = [d for d in after if d not in before]
    assert len(after) == len(before) + 1, [str(d) for d in after]
    assert added[0].line in defect.lines, str(added[0])
    assert newsdump.fix(defect.text, unsafe=defect.unsafe) == original
    if defect.unsafe:  # a safe fix does not touch it: the finding stays
        assert newsdump.fix(defect.text) == defect.text
    # A strict parse raises exactly the first error validate reports, or none.
    errors = [d for d in after if d.severity == "error"]
    if not errors:
        newsdump.parse(defect.text)
        return
    with pytest.raises(newsdump.LayoutError) as raised:
        newsdump.parse(defect.text)
    assert (raised.value.code, raised.value.line, raised.value.column) == (
        errors[0].code,
        errors[0].line,
        errors[0].column,
    )


_MARKERS = ("*", "+ ", "+", "Q:", "")
_CONTROLS = [chr(code) for code in (*range(0x20), 0x7F) if chr(code) not in "\n"]


@pytest.mark.parametrize("marker", _MARKERS)
def test_lenient_parsing_keeps_every_byte_for_every_marker_and_control_character(
    marker: str,
) -> None:
    for control in _CONTROLS:
        for text in (
            HEAD + marker + control + "x",
            HEAD + marker + control,
            HEAD + "First.\n\n" + marker + control + " x.",
            HEAD + control + marker + "x",
        ):
            assert newsdump.render(newsdump.parse(text, strict=False)) == text, repr(text)


def test_a_control_character_after_a_list_marker_is_not_taken_for_its_space() -> None:
    # The reproducer: "+\x00x" came back as "+ x".
    text = "A\n\nB\nB\nTT\n\nA\n\nB\nB\n\n+\x00x."
    doc = newsdump.parse(text, strict=False)
    assert newsdump.render(doc) == text
    assert [d.code for d in doc.diagnostics] == ["E103"]


def test_a_nul_in_a_caption_is_one_finding_named_as_what_it_is() -> None:
    text = HEAD.replace("Cap (AP)\nTT", "Ca\x00p (AP)\nTT", 1) + "First."
    found = newsdump.validate(text)
    assert [(d.code, d.line, d.column) for d in found] == [("E103", 4, 3)]
    assert newsdump.fix(text, unsafe=True) == HEAD + "First."


def test_a_page_with_no_header_is_one_finding_at_its_first_line_and_is_read_as_its_body() -> None:
    page = "Old Headline\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\nEnd."
    text = page + "\n\n\n" + page.replace("Old", "Other")
    found = newsdump.validate(text)
    assert [(d.code, d.line) for d in found] == [("E211", 1)]
    (article,) = newsdump.parse(text, strict=False).articles
    assert (article.page_type, article.headline, article.caption) == ("body-only", None, None)
    assert [block.line for block in article.body] == [1, 3, 5, 7, 9, 12, 14, 16, 18, 20]
    with pytest.raises(newsdump.LayoutError, match="E211"):
        newsdump.fix(text, unsafe=True)  # no header to keep its page type: nothing to rewrite


def test_three_blank_lines_in_a_body_are_one_finding_and_the_rest_is_read() -> None:
    text = HEAD + "First.\n\n\n\nSecond.\n\nThird.\n\n\n" + HEAD + "Other."
    found = newsdump.validate(text)
    assert [(d.code, d.line) for d in found] == [("E302", 14)]
    assert len(newsdump.parse(text, strict=False).articles) == 2
    assert newsdump.fix(text) == text.replace("First.\n\n\n\n", "First.\n\n")


def _articles_alone(text: str) -> list[str]:
    """Each article of a valid text as a text of its own (the last with the file's end):
    the rules a line meets are those of its article, and short texts read fast."""
    doc = newsdump.parse(text)
    return [newsdump.render(attrs.evolve(doc, articles=(article,))) for article in doc.articles]


@pytest.mark.parametrize("path", _PLAIN, ids=lambda p: p.name)
def test_a_nul_at_either_end_of_any_line_is_one_finding_that_fix_removes(
    path: pathlib.Path,
) -> None:
    """The ends of lines, where the rules for a line's end and start apply, one by one
    (drawing among every place, hypothesis rarely lands on them)."""
    for original in _articles_alone(path.read_bytes().decode("utf-8")):
        lines = original.split("\n")
        for number, line in enumerate(lines):
            for column in {0, len(line)} if line else ():
                changed = [*lines[:number], line[:column] + "\x00" + line[column:]]
                text = "\n".join([*changed, *lines[number + 1 :]])
                found = newsdump.validate(text)
                assert [(d.code, d.line) for d in found] == [("E103", number + 1)], text[:80]
                assert newsdump.fix(text, unsafe=True) == original


_MORE = re.compile(r"\(([\d,]+) more like it follow")


@pytest.mark.parametrize("path", _PLAIN, ids=lambda p: p.name)
def test_a_file_with_every_block_glued_to_the_next_is_repaired_whole(path: pathlib.Path) -> None:
    original = path.read_bytes().decode("utf-8")
    doc = newsdump.parse(original)
    lines = original.split("\n")
    # Take away the blank line before every block but the first of each body.
    glued = {block.line - 2 for article in doc.articles for block in article.body[1:] if block.line}
    text = "\n".join(line for number, line in enumerate(lines) if number not in glued)
    found = newsdump.validate(text)
    assert {d.code for d in found} == {"E301"}
    # Each glued line is inside a finding: one each, but a long run is capped, its last
    # finding spanning the rest and saying how many more it stands for.
    glued_lines = sorted(line - len([g for g in glued if g < line]) for line in glued)
    covered = [n + 1 for n in glued_lines]  # 1-based, after the lines taken away
    assert all(any(d.line <= line <= d.end_line for d in found) for line in covered)
    more = sum(int(m[1].replace(",", "")) for d in found if (m := _MORE.search(d.message)))
    assert len(found) + more == len(glued)
    assert newsdump.fix(text) == original
