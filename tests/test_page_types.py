"""The site's page types (fixtures/pages, invented text): each read as what it is, strict
where the page is whole, every byte kept, through JSON and Parquet, and never rewritten
into another page type by a fix."""

from __future__ import annotations

import contextlib
import datetime
import json
import pathlib
import re

import pytest
from hypothesis import given, strategies as st

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"

# What each page is, as a reader of the file sees it (not as the program printed it).
EXPECTED = {
    "opinion_column.txt": ("opinion", "current", "Samira Khoury", None),
    "opinion_column_without_tt.txt": ("opinion", "current", "Omar Feghali", None),
    "older_news_with_standfirst.txt": (
        "news",
        "older",
        None,
        datetime.datetime(2021, 5, 12, 14, 40),
    ),
    "older_news_without_standfirst.txt": (
        "news",
        "older",
        None,
        datetime.datetime(2021, 3, 7, 6, 5),
    ),
    "older_opinion_column.txt": (
        "opinion",
        "older",
        "Karim Nassar",
        datetime.datetime(2021, 11, 1, 10, 30),
    ),
}


def _text(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_page_type_is_read_strictly_as_what_it_is(name: str) -> None:
    text = _text(name)
    (article,) = newsdump.parse(text).articles
    page_type, template, author, published = EXPECTED[name]
    assert (article.page_type, article.template, article.published) == (
        page_type,
        template,
        published,
    )
    assert (article.byline.name if article.byline else None) == author
    assert (article.caption is None) == (page_type == "opinion")
    assert newsdump.render(newsdump.parse(text)) == text
    assert newsdump.validate(text) == []
    assert newsdump.fix(text, unsafe=True) == text
    doc = newsdump.parse(text)
    assert newsdump.from_json(newsdump.to_json(doc)) == doc


def test_the_fields_of_an_older_page_are_its_lines() -> None:
    (article,) = newsdump.parse(_text("older_news_with_standfirst.txt")).articles
    assert article.headline == "Harbour Cranes Idle as Dockers Strike for a Second Week"
    assert article.standfirst == "Union says talks with the port authority have stalled"
    assert article.dateline == "Wednesday, 12 May, 2021 - 14:40"
    assert article.caption == newsdump.Caption(
        "Containers stacked at the quay of the southern terminal. (Reuters)", "Reuters"
    )
    assert article.layout.banner is not None
    assert article.layout.banner.startswith("Asharq Al-awsat English")
    (column,) = newsdump.parse(_text("opinion_column_without_tt.txt")).articles
    assert (column.layout.tt, column.byline) == (
        False,
        newsdump.Byline("Omar Feghali", "Lebanese economist and columnist"),
    )


def test_a_body_only_page_is_one_error_strictly_and_its_body_leniently() -> None:
    text = _text("body_only_glued.txt")
    found = newsdump.validate(text)
    assert [(d.code, d.line, d.column) for d in found] == [("E211", 1, 1)]
    with pytest.raises(newsdump.LayoutError, match="E211"):
        newsdump.parse(text)
    (article,) = newsdump.parse(text, strict=False).articles
    assert (article.page_type, article.template, article.headline) == ("body-only", None, None)
    assert [block.line for block in article.body] == [1, 2, 3, 5]
    assert newsdump.render(newsdump.parse(text, strict=False)) == text
    with pytest.raises(newsdump.LayoutError):
        newsdump.fix(text)  # no header: nothing it could prove, so nothing rewritten


def test_page_types_come_back_from_json_lines_and_parquet(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("pyarrow")
    for target in ("pages.jsonl", "pages.parquet"):
        out = tmp_path / target
        args = ["--jsonl"] if target.endswith("jsonl") else ["--format", "parquet"]
        assert main(["convert", str(PAGES), "--lenient", *args, "-o", str(out)]) == 0
        back = tmp_path / f"{target}.back"
        assert main(["render", str(out), "-o", str(back)]) == 0
        for path in PAGES.glob("*.txt"):
            assert (back / path.name).read_bytes() == path.read_bytes(), (target, path.name)


def test_a_byline_is_not_read_from_paragraphs_glued_by_single_line_ends() -> None:
    text = "First sentence here.\nSecond one here.\n\nThird paragraph.\n\nFourth."
    (article,) = newsdump.parse(text, strict=False).articles
    assert article.page_type == "body-only"


@given(
    name=st.sampled_from(sorted(EXPECTED)),
    line=st.integers(0, 12),
    blemish=st.sampled_from([" ", "\t", "\x00", "  \u00a0"]),
)
def test_a_safe_fix_never_changes_a_page_type_or_its_header(
    name: str, line: int, blemish: str
) -> None:
    lines = _text(name).split("\n")
    lines[line % len(lines)] += blemish
    text = "\n".join(lines)
    before = newsdump.parse(text, strict=False).articles
    fixed = newsdump.fix(text)
    after = newsdump.parse(fixed, strict=False).articles
    assert [_said(article) for article in before] == [_said(article) for article in after]


def _said(article: newsdump.Article) -> tuple[object, ...]:
    """What a page is and says: its type, template, date and fingerprint (which holds its
    headline, caption, byline and date line, white space at their ends left out)."""
    return (article.page_type, article.template, article.published, article.fingerprint)


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            {"caption": newsdump.Caption("C"), "byline": newsdump.Byline("A", "B")},
            "a caption (news) or a byline (opinion)",
        ),
        (
            {"caption": newsdump.Caption("C"), "layout": newsdump.ArticleLayout(tt=False)},
            "may have no TT line",
        ),
        ({"headline": None, "caption": newsdump.Caption("C")}, "no other header field"),
        (
            {"caption": newsdump.Caption("C"), "dateline": "Monday, 1 November, 2021 - 10:30"},
            "banner",
        ),
        ({"byline": newsdump.Byline("A", "B"), "standfirst": "S"}, "has no standfirst"),
    ],
)
def test_the_model_refuses_header_fields_no_template_writes(
    fields: dict[str, object], says: str
) -> None:
    given = {"headline": "H", "body": (newsdump.Paragraph("x"),), **fields}
    with pytest.raises(ValueError, match=re.escape(says)):
        newsdump.Article(**given)  # type: ignore[arg-type]


_HEAD = "Talks Timeline\n\nDelegates arrive (AP)\nDelegates arrive (AP)\nTT\n\n"
_HEAD += "Talks Timeline\n\nDelegates arrive (AP)\nDelegates arrive (AP)\n\n"


def test_a_star_and_a_space_is_a_bullet_and_a_star_before_text_a_question() -> None:
    text = _HEAD + (
        "* 2013 - The first round opens in Geneva.\n\n"
        "It ends without a date for the next.\n\n"
        "* 2016 - A second round.\n\n"
        "*Why did it fail?\n\n"
        "Nobody wanted to move first."
    )
    doc = newsdump.parse(text)
    assert [(block.kind, block.text) for block in doc.articles[0].body] == [
        ("bullet", "2013 - The first round opens in Geneva."),
        ("paragraph", "It ends without a date for the next."),
        ("bullet", "2016 - A second round."),
        ("question", "Why did it fail?"),
        ("paragraph", "Nobody wanted to move first."),
    ]
    assert newsdump.render(doc) == text
    assert newsdump.from_json(newsdump.to_json(doc)) == doc


@pytest.mark.parametrize("line", ["* ", "*  two spaces", "* \ttab"])
def test_a_star_and_white_space_only_is_no_bullet(line: str) -> None:
    # A safe fix (W103, white space at a line's end) must never change a block's kind.
    doc = newsdump.parse(_HEAD + line + "\n\nAn answer.", strict=False)
    assert doc.articles[0].body[0].kind in ("question", "note", "unparsed")


def test_validate_counts_the_files_of_each_page_type_in_every_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # fixtures/pages: two older news pages, three opinion columns (current with and
    # without TT, older), one body-only page, three pages of other sites (two archive
    # interviews, a mirror's copy).
    pages = str(FIXTURES / "pages")
    assert main(["validate", pages]) == 1
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary == (
        "9 files checked (3 opinion, 3 other-site, 2 news, 1 body-only): 4 errors, 0 warnings"
    )
    main(["validate", pages, "--format", "json"])
    counts = {"body-only": 1, "news": 2, "opinion": 3, "other-site": 3}
    assert json.loads(capsys.readouterr().out)["page_types"] == counts
    main(["validate", pages, "--format", "sarif"])
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    assert run["properties"] == {"pageTypes": counts}


def test_a_page_types_code_is_selected_and_ignored_like_any_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    body_only = str(FIXTURES / "pages" / "body_only_glued.txt")
    archive = str(FIXTURES / "invalid" / "other_site_archive.txt")
    assert main(["validate", body_only, archive, "--ignore", "E211,E106"]) == 0
    out = capsys.readouterr().out
    assert out == "2 files checked (1 body-only, 1 other-site): 0 errors, 0 warnings\n"
    assert main(["validate", body_only, archive, "--select", "E106"]) == 1
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()[:-1]] == ["E106"]


OTHER_SITES = {
    "archive_turns_without_banner.txt": "the site's old English archive (its interview turns)",
    "archive_speaker_turns.txt": "the site's old English archive (its interview turns)",
    "mirror_copy.txt": "a mirror site (a copy of one of the site's pages)",
}


@pytest.mark.parametrize("name", sorted(OTHER_SITES))
def test_a_page_of_another_site_is_one_e106_kept_whole_and_never_fixed(
    name: str, tmp_path: pathlib.Path
) -> None:
    text = _text(name)
    doc = newsdump.parse(text, strict=False)
    assert [(d.code, d.line, d.column) for d in doc.diagnostics] == [("E106", 1, 1)]
    assert OTHER_SITES[name] in doc.diagnostics[0].message
    assert (doc.articles, doc.page_type) == ((), "other-site")
    assert newsdump.render(doc) == text
    copy = tmp_path / name
    copy.write_bytes((PAGES / name).read_bytes())
    assert main(["validate", "--fix", str(copy)]) == 2  # refused: not a scrape of the site
    assert copy.read_bytes() == (PAGES / name).read_bytes()


def test_turns_and_an_address_in_a_page_with_the_sites_header_are_its_text() -> None:
    # The archive's marks count only where no header of the site starts the page.
    parts = _text("opinion_column.txt").split("\n\n", 2)  # header, headline, body
    body = "\n\n".join(["Q) Why now?", "A) Because the wells are running dry.", "www.example.org"])
    text = "\n\n".join([*parts[:2], body, parts[2]])
    doc = newsdump.parse(text)
    assert doc.page_type == "opinion"
    assert [block.text for block in doc.articles[0].body[:3]] == [
        "Q) Why now?",
        "A) Because the wells are running dry.",
        "www.example.org",
    ]


@pytest.mark.parametrize("missing", [2, 3, 4, 5, 6, 8, 9])  # each header line but the banner
def test_an_older_page_that_breaks_its_header_is_one_e214_and_never_made_news(
    missing: int,
) -> None:
    # Lines 1-9 of the file are the banner, a blank, the headline, a blank, the headline,
    # a blank, the standfirst, the date line and the caption; line 7 (the standfirst) may go.
    lines = _text("older_news_with_standfirst.txt").split("\n")
    text = "\n".join(lines[: missing - 1] + lines[missing:])
    doc = newsdump.parse(text, strict=False)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("E214", 1)]
    assert doc.page_type == "body-only"
    assert newsdump.render(doc) == text
    # Refused as no scrape where no header is read; either way left as it is.
    with contextlib.suppress(newsdump.LayoutError):
        assert newsdump.fix(text, unsafe=True) == text


def test_a_news_headline_that_starts_with_the_sites_name_stays_news() -> None:
    text = (FIXTURES / "valid" / "single_with_final_newline.txt").read_text("utf-8")
    headline = text.split("\n", 1)[0]
    text = text.replace(headline, "Asharq Al-Awsat English Edition Wins a Press Award")
    assert newsdump.parse(text).page_type == "news"
    without_tt = text.replace("\nTT\n", "\n", 1)
    assert [d.code for d in newsdump.validate(without_tt)] == ["E204"]


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ("delete", 4),  # the blank line after TT
        ("delete", 5),  # the headline
        ("blank", 4),  # a second blank line after TT
        ("blank", 5),  # a blank line before the headline's own
    ],
)
def test_an_opinion_column_that_breaks_its_header_is_one_e214_and_never_made_news(
    change: str, line: int
) -> None:
    lines = _text("opinion_column.txt").split("\n")
    lines[line - 1 : line] = [] if change == "delete" else ["", lines[line - 1]]
    text = "\n".join(lines)
    doc = newsdump.parse(text, strict=False)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("E214", 1)]
    assert "an opinion column's byline, bio and TT" in doc.diagnostics[0].message
    with contextlib.suppress(newsdump.LayoutError):
        assert newsdump.fix(text, unsafe=True) == text


@pytest.mark.parametrize("missing", [1, 2])  # the name, the bio
def test_tt_is_never_read_as_a_columns_name_or_bio(missing: int) -> None:
    lines = _text("opinion_column.txt").split("\n")
    text = "\n".join(lines[: missing - 1] + lines[missing:])
    doc = newsdump.parse(text, strict=False)
    assert [(d.code, d.line) for d in doc.diagnostics] == [("E211", 1)]
    assert doc.page_type == "body-only"
