"""The second hostile round: what a command writes over, what it names, what it walks,
what it reads that is not its own, and what it prints where standard output cannot
take every character."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES

VALID = FIXTURES / "valid"
STORY = VALID / "interview_and_related.txt"
HEAD = "Head\n\nCap (AP)\nCap (AP)\nTT\n\nHead\n\nCap (AP)\nCap (AP)\n\n"


def _newsdump(*arguments: str, **environment: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsdump", *arguments],
        capture_output=True,
        check=False,
        env={**os.environ, **environment},
    )


# ---------------------------------------------------------------- render over a file


def test_render_never_replaces_a_file_that_holds_other_text_unless_forced(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(STORY, tmp_path / "story.txt")
    assert main(["convert", str(tmp_path / "story.txt"), "-o", str(tmp_path / "json")]) == 0
    out = tmp_path / "text"
    out.mkdir()
    edited = out / "story.txt"
    edited.write_bytes(b"a person's own edit\n")
    capsys.readouterr()
    assert main(["render", str(tmp_path / "json"), "-o", str(out)]) == 1
    assert edited.read_bytes() == b"a person's own edit\n"
    assert "story.txt: not replaced: it holds other text than" in capsys.readouterr().err
    # The same bytes are no loss: rendering again over its own output succeeds.
    assert main(["render", str(tmp_path / "json"), "-o", str(out), "--force"]) == 0
    assert edited.read_bytes() == STORY.read_bytes()
    assert main(["render", str(tmp_path / "json"), "-o", str(out)]) == 0


# ---------------------------------------------------------------- names


def test_a_newline_in_a_name_and_a_backslash_sequence_stay_two_sources(
    tmp_path: pathlib.Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    newline, literal = "a\nb.txt", "a\\x0ab.txt"  # the second is nine characters
    shutil.copy(STORY, folder / newline)
    shutil.copy(STORY, folder / literal)
    result = _newsdump("convert", str(folder), "--jsonl", "-o", str(tmp_path / "all.jsonl"))
    assert result.returncode == 0, result.stderr
    names = {
        pathlib.PurePath(record.source).name
        for record in newsdump.read_jsonl(tmp_path / "all.jsonl")
    }
    assert names == {"a\\x0ab.txt", "a\\\\x0ab.txt"}
    report = _newsdump("validate", str(folder), "--format", "json")
    paths = {pathlib.PurePath(d["path"]).name for d in json.loads(report.stdout)["diagnostics"]}
    assert len(paths) in (0, 2)  # the fixture is valid: no finding, or one a name


# ---------------------------------------------------------------- walking


def test_a_tree_a_thousand_folders_deep_is_walked(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    # Made and removed a folder at a time: os.makedirs and shutil.rmtree recurse too.
    os.chdir(folder)
    try:
        for _ in range(1000):
            os.mkdir("d")
            os.chdir("d")
        shutil.copy(STORY, "x.txt")
        result = _newsdump("validate", str(folder))
        os.remove("x.txt")
        for _ in range(1000):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(tmp_path)
    assert result.returncode == 0, result.stderr[-300:]
    assert b"1 file checked (1 news): 0 errors, 0 warnings" in result.stdout


_RIGHTS = "-dac_override,-dac_read_search,-fowner"
_WITHOUT_RIGHTS = ["setpriv", "--bounding-set", _RIGHTS, "--inh-caps", _RIGHTS, "--"]


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="an unreadable folder needs root to drop its rights (setpriv, util-linux)",
)
def test_a_sub_folder_that_cannot_be_listed_is_an_e105_finding_not_skipped(
    tmp_path: pathlib.Path,
) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(STORY, folder / "a.txt")
    shutil.copy(STORY, folder / "locked" / "b.txt")
    os.chmod(folder / "locked", 0)
    os.chmod(tmp_path, 0o755)
    try:
        result = subprocess.run(
            [*_WITHOUT_RIGHTS, sys.executable, "-m", "newsdump", "validate", str(folder)],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.chmod(folder / "locked", 0o755)
    assert result.returncode == 2, result.stderr
    assert f"{folder / 'locked'}:1:1: E105 [error] cannot read the file: a folder that" in (
        result.stdout
    )
    assert "1 file checked (1 news): 1 error, 0 warnings; 1 file could not be read" in result.stdout


# ---------------------------------------------------------------- Parquet not our own


@pytest.fixture
def parquet_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    pytest.importorskip("pyarrow")
    folder = tmp_path / "parquet"
    folder.mkdir()
    converted = ["convert", str(VALID), "--format", "parquet", "-o", str(folder / "b.parquet")]
    assert main([*converted, "-q"]) == 0
    data = (folder / "b.parquet").read_bytes()
    (folder / "a_cut_short.parquet").write_bytes(data[: len(data) // 2])
    (folder / "c_garbage.parquet").write_bytes(b"PAR1" + os.urandom(500) + b"PAR1")
    return folder


def test_a_damaged_parquet_file_is_one_error_and_the_others_are_rendered(
    parquet_folder: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "text"
    assert main(["render", str(parquet_folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == [
        str(parquet_folder / "a_cut_short.parquet"),
        str(parquet_folder / "c_garbage.parquet"),
    ]
    assert all("not a Parquet file, or a damaged one" in line for line in err)
    assert sorted(path.name for path in out.iterdir()) == sorted(
        path.name for path in VALID.glob("*.txt")
    )


def test_a_parquet_file_of_another_program_gives_one_line_not_one_a_row(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet  # noqa: PLC0415 -- pyarrow is optional

    path = tmp_path / "sales.parquet"
    pyarrow.parquet.write_table(pa.table({"x": range(5000), "y": ["a"] * 5000}), path)
    assert main(["render", str(path), "-o", str(tmp_path / "out")]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{path}: not a Parquet file of newsdump convert --format parquet")
    assert "no column 'source', 'index', 'fingerprint', 'page_type', 'template' and " in line


# ---------------------------------------------------------------- output encodings

_COMMANDS = [
    ["validate", "{folder}"],
    ["validate", "{folder}", "--format", "json"],
    ["validate", "{folder}", "--format", "sarif"],
    ["validate", "{folder}", "--format", "github"],
    ["validate", "--diff", "{folder}"],
    ["show", "{folder}"],
    ["convert", "{folder}/é’.txt"],
    ["convert", "{folder}", "--jsonl"],
    ["render", "{folder}/é’.txt"],
    ["schema"],
    ["--help"],
]


@pytest.mark.parametrize(
    "environment",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}],
    ids=["ascii", "C locale"],
)
def test_any_encoding_of_standard_output_gives_escaped_text_never_a_traceback(
    tmp_path: pathlib.Path, environment: dict[str, str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(STORY, folder / "é’.txt")  # a name and a text with characters beyond ASCII
    shutil.copy(FIXTURES / "invalid" / "missing_tt.txt", folder / "ü.txt")
    for command in _COMMANDS:
        arguments = [word.format(folder=folder) for word in command]
        result = _newsdump(*arguments, **environment)
        assert b"Traceback" not in result.stderr, (command, result.stderr[-400:])
        assert result.returncode in (0, 1), (command, result.stderr[-400:])
        if "--format" in arguments and arguments[-1] in ("json", "sarif"):
            json.loads(result.stdout)  # the escapes are JSON's own
    report = _newsdump("validate", str(folder), **environment).stdout.decode("ascii")
    # In the C locale a name is bytes to Python, shown as such; else its character escaped.
    assert "/\\u00fc.txt:5:1: E204" in report or "/\\xc3\\xbc.txt:5:1: E204" in report


# ---------------------------------------------------------------- near-duplicates


def test_near_dedupe_never_merges_articles_that_share_no_word(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("datasketch")
    folder = tmp_path / "in"
    folder.mkdir()
    bodies = ["...", "!!!", "?!?", "—", "..."]
    for number, body in enumerate(bodies):
        headline = "…" * (number % 4 + 1)  # the last has the first's headline and body
        (folder / f"{number}.txt").write_text(HEAD.replace("Head", headline) + body)
    out = tmp_path / "all.jsonl"
    assert main(["convert", str(folder), "--jsonl", "--dedupe", "near", "-o", str(out)]) == 0
    records = out.read_text().splitlines()
    assert len(records) == 4  # only the two identical articles are one
