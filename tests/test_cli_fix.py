"""newsdump validate --fix, --diff and --unsafe-fixes, as ruff has them."""

from __future__ import annotations

import io
import pathlib
import shutil
import sys

import pytest

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"


def _copy(tmp_path: pathlib.Path, *names: str) -> pathlib.Path:
    folder = tmp_path / "scrapes"
    folder.mkdir()
    for name in names:
        shutil.copy(INVALID / name, folder / name)
    return folder


def _text(path: pathlib.Path) -> str:
    return path.read_bytes().decode("utf-8")


def _with_line(text: str, number: int, line: str) -> str:
    """The text with ``line`` put in as line ``number`` (1-based)."""
    lines = text.split("\n")
    lines.insert(number - 1, line)
    return "\n".join(lines)


def test_fix_repairs_files_in_place_and_reports_only_what_is_left(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, "missing_tt.txt", "nul_byte.txt", "cut_off_header.txt")
    assert main(["validate", str(folder), "--fix"]) == 1
    out, err = capsys.readouterr()
    # TT goes back where it was missing: line 5, before the blank line.
    assert _text(folder / "missing_tt.txt") == _with_line(
        _text(INVALID / "missing_tt.txt"), 5, "TT"
    )
    newsdump.parse_file(folder / "missing_tt.txt")
    # A NUL is an unsafe fix, and a cut-off header no fix at all: both are left, reported.
    assert _text(folder / "nul_byte.txt") == _text(INVALID / "nul_byte.txt")
    assert [line.split()[1] for line in out.splitlines()[:-1]] == ["E208", "E103"]
    assert out.splitlines()[-1] == "3 files checked (3 news): 2 errors, 0 warnings"
    assert err == "fixed 1 finding in 1 file\n"


def test_unsafe_fixes_also_change_characters_inside_a_line(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, "nul_byte.txt")
    assert main(["validate", str(folder), "--fix", "--unsafe-fixes"]) == 0
    assert _text(folder / "nul_byte.txt") == _text(INVALID / "nul_byte.txt").replace("\x00", "")
    assert capsys.readouterr().out == "1 file checked (1 news): 0 errors, 0 warnings\n"


def test_diff_prints_the_change_and_changes_nothing(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path, "missing_tt.txt")
    before = (folder / "missing_tt.txt").read_bytes()
    assert main(["validate", str(folder), "--diff"]) == 1
    out, err = capsys.readouterr()
    name = str(folder / "missing_tt.txt")
    assert out.startswith(f"--- {name}\n+++ {name}\n@@ -2,6 +2,7 @@\n")
    assert [line for line in out.splitlines() if line[:1] in "+-"][2:] == ["+TT"]
    assert err == "would fix 1 finding in 1 file\n"
    assert (folder / "missing_tt.txt").read_bytes() == before


def test_diff_of_a_valid_folder_is_empty_and_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    # Valid files: the CRLF and BOM fixtures have safe fixes; the others none.
    assert main(["validate", str(VALID / "interview_and_related.txt"), "--diff"]) == 0
    assert capsys.readouterr() == ("", "would fix 0 findings in 0 files\n")


def test_select_chooses_the_codes_that_are_fixed(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.txt"
    text = _text(INVALID / "missing_tt.txt").replace("Monday.", "Monday.  ", 1)
    path.write_bytes(text.encode("utf-8"))
    assert main(["validate", str(path), "--fix", "--select", "W103"]) == 0
    assert _text(path) == text.replace("Monday.  ", "Monday.", 1)  # TT still missing
    capsys.readouterr()
    assert main(["validate", str(path), "--select", "E204"]) == 1


def test_unsafe_fixes_alone_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(VALID), "--unsafe-fixes"]) == 2
    assert "--unsafe-fixes goes with --fix or --diff" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name", ["interview_and_related.txt", "../invalid/not_utf8.txt"], ids=["clean", "unfixable"]
)
def test_fix_on_standard_input_writes_the_text_out_even_when_nothing_is_fixed(
    name: str, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # `validate - --fix < a > b` must never leave b empty.
    data = (FIXTURES / "valid" / name).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    main(["validate", "-", "--fix"])
    out, err = capsysbinary.readouterr()
    assert out == data
    assert b"fixed 0 findings in 0 files" in err


def test_fix_keeps_the_bytes_that_are_not_utf8(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bytes.txt"
    data = (INVALID / "not_utf8.txt").read_bytes()
    broken = data.replace(b"TT\n", b"", 1)
    path.write_bytes(broken)
    assert main(["validate", str(path), "--fix"]) == 1  # the bad byte is left: E102
    assert path.read_bytes() == data


def test_fix_on_standard_input_writes_the_fixed_text_to_standard_output(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    broken = (INVALID / "missing_tt.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(broken)))
    assert main(["validate", "-", "--fix"]) == 0
    out, err = capsysbinary.readouterr()
    assert out == _with_line(broken.decode("utf-8"), 5, "TT").encode("utf-8")
    # The report goes to standard error, so that `validate - --fix < a > b` writes b whole.
    assert err == b"1 file checked (1 news): 0 errors, 0 warnings\nfixed 1 finding in 1 file\n"
