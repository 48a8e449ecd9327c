"""The command line, driven through main(argv) as a user would type it."""

from __future__ import annotations

import pytest

from newsdump._cli import main
from tests.conftest import FIXTURES


def test_show_outlines_each_article_and_block(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "valid" / "single_with_final_newline.txt"
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 1 article"
    assert out[1] == "  article 1 (line 1): Museum Puts Rescued Manuscripts on Display"
    assert out[2].endswith("[credit: archive - AFP]")
    assert [line.split()[:2] for line in out[3:]] == [
        ["12", "paragraph"],
        ["14", "paragraph"],
        ["16", "photo"],
        ["18", "paragraph"],
    ]


def test_show_walks_a_folder_in_sorted_order(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(FIXTURES / "valid")]) == 0
    headers = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert headers == [
        f"{FIXTURES / 'valid' / name}: {count} articles"
        for name, count in [
            ("bom_and_long_separator.txt", 2),
            ("crlf_line_ends.txt", 2),
            ("interview_and_related.txt", 3),
        ]
    ] + [f"{FIXTURES / 'valid' / 'single_with_final_newline.txt'}: 1 article"]


def test_a_bad_file_is_reported_and_the_others_still_shown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = FIXTURES / "invalid" / "missing_tt.txt"
    good = FIXTURES / "valid" / "single_with_final_newline.txt"
    assert main(["show", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{bad}:5:1: E204 expected the TT marker")
    assert captured.out.startswith(f"{good}: 1 article")


def test_an_unreadable_path_exits_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no/such/file.txt"]) == 2
    assert capsys.readouterr().err == "no/such/file.txt: cannot read: No such file or directory\n"


def test_usage_errors_exit_with_2() -> None:
    with pytest.raises(SystemExit) as raised:
        main(["show"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["frobnicate"])
    assert raised.value.code == 2
