"""Pages in no layout of this site (the old English archive): one finding at line 1 and
nothing after it, every byte kept, and never rewritten as an article."""

from __future__ import annotations

import pathlib

import pytest

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES

ARCHIVE = FIXTURES / "invalid" / "other_site_archive.txt"
MESSAGE = "this is a page of the site's old English archive, not in a layout of this site"


def _variants() -> list[str]:
    text = ARCHIVE.read_text(encoding="utf-8")
    no_banner = text.split("\n", 2)[2]  # the "Select Page" line alone tells it
    return [
        text,
        "\ufeff" + text.replace("\n", "\r\n"),
        text.replace("A) In the winter", "A)\tIn the winter\x00"),
        no_banner,
        text.rstrip("\n") + "\n\n\n",
    ]


@pytest.mark.parametrize("text", _variants())
def test_an_archive_page_is_one_finding_at_its_first_line_and_kept_whole(text: str) -> None:
    found = newsdump.validate(text)
    assert [(d.code, d.line, d.column) for d in found] == [("E106", 1, 1)]
    assert found[0].message.startswith(MESSAGE)
    doc = newsdump.parse(text, strict=False)
    assert doc.articles == ()
    assert newsdump.render(doc) == text
    assert newsdump.from_json(newsdump.to_json(doc)) == doc
    with pytest.raises(newsdump.LayoutError) as refused:
        newsdump.fix(text, unsafe=True)
    assert refused.value.code == "E106"


def test_validate_fix_leaves_an_archive_page_byte_identical(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "page.txt"
    data = ARCHIVE.read_bytes()
    path.write_bytes(data)
    assert main(["validate", "--fix", "--unsafe-fixes", str(path)]) == 2
    assert path.read_bytes() == data
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == f"{path}:1:1: E106 [error] {MESSAGE}; it is kept as it is, unread"
    assert "not fixed: no article header of the site is read in it" in err


def test_an_archive_mark_after_a_page_s_first_lines_is_text_not_a_mark() -> None:
    head = "Head\n\nCap (AP)\nCap (AP)\nTT\n\nHead\n\nCap (AP)\nCap (AP)\n\n"
    text = head + "\n\n".join(f"Paragraph {n}." for n in range(12)) + "\n\nSelect Page"
    assert "E106" not in {d.code for d in newsdump.validate(text)}
