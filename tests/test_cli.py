"""The command line, driven through main(argv) as a user would type it."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import io
import json
import os
import pathlib
import pty
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import time

import jsonschema
import orjson
import pytest

import newsdump

# The catalogue (the codes SARIF must list), the command table (each command's --help)
# and the progress bar (drawn on a pseudo-terminal): the tables and the one piece of the
# screen that the command line's own output cannot show in a pipe.
from newsdump._diagnostics import CODES
from newsdump.cli import main
from newsdump.cli._main import _COMMANDS
from newsdump.cli._progress import Progress
from tests.conftest import FIXTURES, ROOT


def test_show_outlines_each_article_and_block(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "valid" / "single_with_final_newline.txt"
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 1 article"
    assert out[1] == "  article 1 (line 1, news): Museum Puts Rescued Manuscripts on Display"
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
    assert captured.err.endswith("\n    \n    ^\n")  # show quotes the (blank) line for a person
    assert captured.out.startswith(f"{good}: 1 article")


def test_a_missing_path_exits_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no/such/file.txt"]) == 2
    assert capsys.readouterr().err == (
        "newsdump show: error: no such file or folder: no/such/file.txt\n"
    )


def test_usage_errors_exit_with_2() -> None:
    with pytest.raises(SystemExit) as raised:
        main(["show"])
    assert raised.value.code == 2
    with pytest.raises(SystemExit) as raised:
        main(["frobnicate"])
    assert raised.value.code == 2


# ---------------------------------------------------------------- convert, render, schema

VALID = FIXTURES / "valid"


def _tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder of inputs with a sub-folder and one bad file."""
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    for path in VALID.glob("*.txt"):
        shutil.copy(path, tree / path.name)
    shutil.copy(VALID / "crlf_line_ends.txt", tree / "sub" / "crlf.txt")
    shutil.copy(FIXTURES / "invalid" / "missing_tt.txt", tree / "sub" / "broken.txt")
    return tree


def _files(folder: pathlib.Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_convert_one_file_writes_json_that_renders_back_exactly(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    path = VALID / "crlf_line_ends.txt"
    assert main(["convert", str(path)]) == 0
    out = capsysbinary.readouterr().out
    assert out.endswith(b"}\n")
    assert newsdump.render(newsdump.from_json(out)).encode("utf-8") == path.read_bytes()


def test_convert_a_folder_mirrors_it_and_reports_a_bad_file_without_stopping(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tree, out = _tree(tmp_path), tmp_path / "out"
    assert main(["convert", str(tree), "-o", str(out), "--indent", "2"]) == 1
    assert _files(out) == [
        "bom_and_long_separator.json",
        "crlf_line_ends.json",
        "interview_and_related.json",
        "single_with_final_newline.json",
        "sub/crlf.json",
    ]
    assert capsys.readouterr().err == (
        f"{tree / 'sub' / 'broken.txt'}:5:1: E204 expected the TT marker after "
        "the caption lines, found a blank line\n"
    )
    converted = newsdump.from_json((out / "sub" / "crlf.json").read_bytes())
    assert newsdump.render(converted).encode() == (VALID / "crlf_line_ends.txt").read_bytes()


def test_convert_to_json_lines_and_render_back_every_file(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, out, back = _tree(tmp_path), tmp_path / "out", tmp_path / "back"
    monkeypatch.chdir(tmp_path)  # relative sources: render mirrors them below -o
    assert main(["convert", tree.name, "--jsonl", "-o", str(out), "-q"]) == 1
    assert _files(out) == ["articles.jsonl"]
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    interview = [r for r in records if r["source"].endswith("interview_and_related.txt")]
    assert [(r["index"], r["article_count"]) for r in interview] == [(0, 3), (1, 3), (2, 3)]
    assert interview[1]["article"]["headline"] == (
        "Spice Traders Return to the Old Market after Renovation"
    )
    assert main(["render", str(out / "articles.jsonl"), "-o", str(back)]) == 0
    sources = {record["source"] for record in records}
    assert len(sources) == 5  # all but the broken one
    for source in sources:
        assert not pathlib.Path(source).is_absolute()
        assert (back / source).read_bytes() == (tmp_path / source).read_bytes()


def test_lenient_json_lines_keep_diagnostics_and_render_back_every_file(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, back = tmp_path / "articles.jsonl", tmp_path / "back"
    monkeypatch.chdir(FIXTURES.parent)  # relative sources: render mirrors them below -o
    argv = ["convert", FIXTURES.name, "--lenient", "--jsonl", "-o", str(out), "-q"]
    assert main(argv) == 0
    records = [json.loads(line) for line in out.read_bytes().splitlines()]
    validator = jsonschema.Draft202012Validator(newsdump.json_schema(jsonl=True))
    for record in records:
        validator.validate(record)
    by_source: dict[str, list[dict[str, object]]] = {}
    for record in records:
        by_source.setdefault(str(record["source"]), []).append(record)
    # Every file has its records, the empty one too, and they hold its lenient diagnostics.
    assert set(by_source) == {
        str(path.relative_to(FIXTURES.parent)) for path in FIXTURES.rglob("*.txt")
    }
    (empty,) = by_source[str(pathlib.Path(FIXTURES.name, "invalid", "empty.txt"))]
    assert (empty["article"], empty["article_count"]) == (None, 0)
    for source, its_records in by_source.items():
        expected = newsdump.parse_file(source, strict=False).diagnostics
        found = [d for record in its_records for d in record["diagnostics"]]  # type: ignore[attr-defined]
        assert [(d["line"], d["code"]) for d in found] == [(d.line, d.code) for d in expected]
    assert main(["render", str(out), "-o", str(back)]) == 0
    for source in by_source:
        assert (back / source).read_bytes() == (FIXTURES.parent / source).read_bytes(), source


def test_several_inputs_without_an_output_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["convert", str(VALID)]) == 2
    assert "several inputs need -o OUT_DIR" in capsys.readouterr().err


def test_a_missing_path_stops_convert_before_anything_is_written(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "out"
    assert main(["convert", str(VALID), "no/such.txt", "-o", str(out)]) == 2
    assert not out.exists()


def test_convert_never_replaces_an_input(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    story = tmp_path / "story.json"  # a text file with an unlucky name
    shutil.copy(VALID / "single_with_final_newline.txt", story)
    before = story.read_bytes()
    assert main(["convert", str(story), "-o", str(tmp_path)]) == 1
    assert story.read_bytes() == before
    assert "would replace the input" in capsys.readouterr().err


def test_convert_sees_an_input_through_a_linked_output_folder(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    story = data / "story.json"
    shutil.copy(VALID / "single_with_final_newline.txt", story)
    (tmp_path / "link").symlink_to(data, target_is_directory=True)
    assert main(["convert", str(story), "-o", str(tmp_path / "link")]) == 1
    assert story.read_bytes() == (VALID / "single_with_final_newline.txt").read_bytes()
    assert "would replace the input" in capsys.readouterr().err


def test_convert_never_replaces_an_earlier_output_of_the_run(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = VALID / "single_with_final_newline.txt", VALID / "crlf_line_ends.txt"
    for folder, source in (("a", first), ("b", second)):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "story.txt")
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)]) == 1
    written = newsdump.from_json((out / "story.json").read_bytes())
    assert newsdump.render(written).encode() == first.read_bytes()  # the first one's
    said = capsys.readouterr().err
    assert said == (
        f"{tmp_path / 'b' / 'story.txt'}: cannot write: {out / 'story.json'} would replace "
        f"the output of {tmp_path / 'a' / 'story.txt'} (the two are named alike below -o)\n"
    )


def _converting(
    tmp_path: pathlib.Path, *, jsonl: bool
) -> tuple[subprocess.Popen[bytes], pathlib.Path]:
    """``convert -j 2`` of 2,000 files of ten articles each, in a session of its own, once
    it has begun to write; and its output folder. The files are large enough that the run
    lasts a second or more (3,000 files of one article had become quick enough to end
    before the test could stop it)."""
    many = tmp_path / "many"
    many.mkdir()
    story = (VALID / "interview_and_related.txt").read_text(encoding="utf-8").rstrip("\n")
    articles = ("\n\n\n".join([story] * 10) + "\n").encode("utf-8")
    for number in range(2000):
        (many / f"{number:05d}.txt").write_bytes(articles)
    out = tmp_path / "out"
    # A session of its own: Ctrl-C at a terminal signals the whole foreground group.
    command = subprocess.Popen(
        [sys.executable, "-m", "newsdump", "convert", str(many), "-o", str(out), "-j", "2"]
        + (["--jsonl"] if jsonl else []),
        start_new_session=True,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while not _started(out, jsonl=jsonl) and command.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert command.poll() is None, "finished before it could be stopped"
    return command, out


@pytest.mark.parametrize("jsonl", [True, False], ids=["jsonl", "json files"])
@pytest.mark.parametrize(
    ("stop", "status"),
    [("ctrl-c", 130), ("sigterm", 143), ("sighup", 129), ("sigquit", 131)],
)
def test_ctrl_c_or_sigterm_stops_the_workers_and_leaves_no_half_written_output(
    tmp_path: pathlib.Path, jsonl: bool, stop: str, status: int
) -> None:
    command, out = _converting(tmp_path, jsonl=jsonl)
    if stop == "ctrl-c":  # a terminal signals the whole foreground group
        os.killpg(command.pid, signal.SIGINT)
    else:  # kill, a service manager, a timeout, a closed terminal: the main process alone
        os.kill(command.pid, getattr(signal, stop.upper()))
    _, err = command.communicate(timeout=30)
    assert command.returncode == status
    assert err == b""  # no traceback, from the workers either
    written = _files(out)
    assert not [name for name in written if name.endswith(".part")]
    if jsonl:
        assert written == []  # all or nothing
    else:  # the files finished before Ctrl-C, each whole
        assert 0 < len(written) < 2000
        for name in written:
            newsdump.from_json((out / name).read_bytes())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(command.pid, 0)


@pytest.mark.parametrize("after", [0.0, 0.05, 0.1, 0.15, 0.2])
def test_sigterm_while_the_workers_start_ends_the_run_within_two_seconds(
    tmp_path: pathlib.Path, after: float
) -> None:
    many = tmp_path / "many"
    many.mkdir()
    story = (VALID / "interview_and_related.txt").read_bytes()
    for number in range(3000):
        (many / f"{number:05d}.txt").write_bytes(story)
    out = tmp_path / "out"
    command = subprocess.Popen(
        [sys.executable, "-m", "newsdump", "convert", str(many), "-o", str(out), "-j", "64"],
        start_new_session=True,
        stderr=subprocess.PIPE,
    )
    time.sleep(after)
    os.kill(command.pid, signal.SIGTERM)
    stopped = time.monotonic()
    _, err = command.communicate(timeout=30)
    assert time.monotonic() - stopped < 2
    assert command.returncode in (143, -signal.SIGTERM), err  # -15: before Python listened
    assert b"Traceback" not in err
    assert not [name for name in _files(out) if name.endswith(".part")]
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(command.pid, 0)


def test_workers_end_when_the_main_process_is_killed(tmp_path: pathlib.Path) -> None:
    command, _ = _converting(tmp_path, jsonl=False)
    os.kill(command.pid, signal.SIGKILL)  # nothing can catch it: the workers must notice
    command.communicate(timeout=30)  # the workers hold its standard error open till they end
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(command.pid, 0)  # the workers are in its session's process group
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail("a worker outlived the main process by 10 s")


def test_a_worker_killed_mid_run_is_a_message_not_a_traceback(tmp_path: pathlib.Path) -> None:
    command, out = _converting(tmp_path, jsonl=True)
    children = pathlib.Path(f"/proc/{command.pid}/task/{command.pid}/children")
    workers = children.read_text().split() if children.exists() else []
    if not workers:
        command.kill()
        pytest.skip("the workers of a process cannot be listed here (/proc)")
    os.kill(int(workers[0]), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    _, err = command.communicate(timeout=30)
    assert command.returncode == 1
    assert b"Traceback" not in err
    assert (
        err.decode()
        .splitlines()[-1]
        .startswith("newsdump: a worker process ended abruptly (killed, or out of memory?)")
    )
    assert _files(out) == []  # the JSON Lines file is all or nothing
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no worker left behind
        os.killpg(command.pid, 0)


def _started(out: pathlib.Path, *, jsonl: bool) -> bool:
    """Whether the conversion has written something below ``out``: a whole JSON file (not
    a part file, which a stop removes), or the start of the JSON Lines one."""
    try:
        if not jsonl:
            return any(path.suffix == ".json" for path in out.iterdir())
        return any(path.stat().st_size for path in out.iterdir())
    except FileNotFoundError:  # no folder yet, or a .part file renamed as we looked
        return False


def test_outputs_get_the_usual_permissions_not_owner_only(tmp_path: pathlib.Path) -> None:
    umask = os.umask(0o022)
    try:
        assert main(["convert", str(VALID), "-o", str(tmp_path / "json"), "-q"]) == 0
        assert main(["convert", str(VALID), "--jsonl", "-o", str(tmp_path / "jsonl")]) == 0
    finally:
        os.umask(umask)
    for path in [*(tmp_path / "json").iterdir(), tmp_path / "jsonl" / "articles.jsonl"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_render_writes_the_exact_bytes_to_standard_output(
    tmp_path: pathlib.Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    source = VALID / "bom_and_long_separator.txt"
    dumped = tmp_path / "doc.json"
    dumped.write_text(newsdump.to_json(newsdump.parse_file(source)))
    assert main(["render", str(dumped)]) == 0
    assert capsysbinary.readouterr().out == source.read_bytes()


def test_render_reports_json_that_is_not_a_document(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 2, "articles": [{"headline": 5}], "layout": {}}')
    assert main(["render", str(bad), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}: not a newsdump document")
    assert "expected a string, found a number 5 @ $.articles[0].headline" in err


def test_schema_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == newsdump.json_schema()


@pytest.mark.parametrize("command", sorted(_COMMANDS))
def test_every_command_help_has_an_example(
    command: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        main([command, "--help"])
    assert raised.value.code == 0
    assert f"newsdump {command}" in capsys.readouterr().out.split("examples:")[1]


def _on_a_terminal(argv: list[str], *, columns: int = 100) -> str:
    """What ``newsdump ARGV`` writes to standard error when that is a terminal (a
    pseudo-terminal of ``columns`` columns) and CI is not set."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    with subprocess.Popen(
        [sys.executable, "-m", "newsdump", *argv],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=environment,
    ):
        os.close(follower)
        written = bytearray()
        with contextlib.suppress(OSError):  # EIO: the last writer has closed it
            while chunk := os.read(leader, 65536):
                written += chunk
    os.close(leader)
    return written.decode()


def _screen_lines(written: str) -> list[str]:
    """Each piece of text a terminal was sent between carriage returns and line ends,
    without its trailing spaces or escape codes (what tqdm clears the line with)."""
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", written)
    return [piece.rstrip() for piece in re.split(r"[\r\n]", plain) if piece.strip()]


@pytest.fixture
def many_scrapes(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder of 600 scrapes, one of them bad, sorted in the middle."""
    scrapes = tmp_path / "scrapes"
    scrapes.mkdir()
    valid = sorted(VALID.glob("*.txt"))
    for number in range(600):
        shutil.copy(valid[number % len(valid)], scrapes / f"{number:04}.txt")
    shutil.copy(FIXTURES / "invalid" / "missing_tt.txt", scrapes / "0300_bad.txt")
    return scrapes


def test_progress_bar_on_a_terminal_keeps_messages_on_lines_of_their_own(
    many_scrapes: pathlib.Path,
    tmp_path: pathlib.Path,
) -> None:
    out = tmp_path / "out"
    lines = _screen_lines(_on_a_terminal(["convert", str(many_scrapes), "-o", str(out)]))
    bad = many_scrapes / "0300_bad.txt"
    message = f"{bad}:5:1: E204 expected the TT marker after the caption lines, found a blank line"
    assert message in lines  # whole, on a line of its own: not glued to the bar
    bars = [line for line in lines if re.search(r"\d+file|%\|", line)]
    # The bar shows from the first file, before the count is in, then with a percentage
    # and an estimate of the time left.
    assert bars[0].startswith("0file")
    assert any(re.match(r" *\d+%\|.*\| \d+/601 \[\d\d:\d\d<\d\d:\d\d", bar) for bar in bars)
    summary = rf"converted 601 files \(.* MB\) into {re.escape(str(out))} in .* s; 1 failed"
    assert re.fullmatch(summary, lines[-1])


def test_progress_bar_is_not_drawn_with_quiet_or_in_ci(
    many_scrapes: pathlib.Path,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quiet = _on_a_terminal(["convert", str(many_scrapes), "-o", str(tmp_path / "a"), "-q"])
    bad = many_scrapes / "0300_bad.txt"
    assert quiet.splitlines() == [
        f"{bad}:5:1: E204 expected the TT marker after the caption lines, found a blank line"
    ]
    monkeypatch.setenv("CI", "true")
    progress = Progress.for_inputs([str(many_scrapes)], pattern="*.txt", enabled=True)
    assert not progress.watched


# ---------------------------------------------------------------- validate


def test_validate_reports_each_finding_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    missing_tt = FIXTURES / "invalid" / "missing_tt.txt"
    bom = VALID / "bom_and_long_separator.txt"
    assert main(["validate", str(missing_tt), str(bom)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{missing_tt}:5:1: E204 [error] expected the TT marker after the caption "
        "lines, found a blank line",
        f"{bom}:1:1: W101 [warning] the file starts with a byte-order mark",
        "2 files checked (2 news): 1 error, 1 warning",
    ]


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str]) -> None:
    bom = str(VALID / "bom_and_long_separator.txt")
    assert main(["validate", bom]) == 0
    assert main(["validate", bom, "--strict"]) == 1
    assert main(["validate", bom, "--strict", "--ignore", "W1"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1] == "1 file checked (1 news): 0 errors, 0 warnings"
    )


def test_select_keeps_only_the_named_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES), "--select", "E204,W102"]) == 1
    codes = [line.split()[1] for line in capsys.readouterr().out.splitlines()[:-1]]
    # W102 once: crlf_line_ends.txt. mixed_line_ends.txt, whose lines are mostly CRLF, is
    # one defect: E104, whose fix makes its line ends all alike; W102 would only follow.
    assert sorted(codes) == ["E204", "W102"]


def test_an_unknown_code_or_a_missing_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", str(VALID), "--ignore", "X9"])
    assert raised.value.code == 2
    assert "no such code: X9" in capsys.readouterr().err
    assert main(["validate", "no/such/file.txt"]) == 2


def test_validate_json_is_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "invalid" / "nul_byte.txt"
    assert main(["validate", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "files_checked": 1,
        "page_types": {"news": 1},
        "files_unreadable": 0,
        "errors": 1,
        "warnings": 0,
        "diagnostics": [
            {
                "path": str(path),
                "code": "E103",
                "severity": "error",
                "line": 14,
                "column": 19,
                "end_line": 14,
                "end_column": 20,  # the span of the NUL
                "message": "control character U+0000 (NUL): not allowed in the text",
                "fix": {
                    "applicability": "unsafe",
                    "edits": [{"start": 435, "end": 436, "content": ""}],
                },
            }
        ],
    }


def test_validate_github_annotations_escape_what_github_reads(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "a,b:c.txt"
    shutil.copy(FIXTURES / "invalid" / "missing_tt.txt", path)
    assert main(["validate", str(path), "--format", "github"]) == 1
    escaped = str(path).replace(":", "%3A").replace(",", "%2C")
    assert capsys.readouterr().out == (
        f"::error file={escaped},line=5,col=1,endLine=5,endColumn=1,title=E204 missing-tt"
        "::expected the TT marker after the caption lines, found a blank line\n"
    )


def test_validate_sarif_names_rules_and_regions(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "invalid" / "glued_blocks.txt"
    assert main(["validate", str(path), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    # Every code is a rule, so that results can be written before all are known.
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(CODES)
    (result,) = run["results"]
    assert result["ruleId"] == "E301"
    assert rules[result["ruleIndex"]]["id"] == "E301"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": path.as_uri()},
        # The region spans the line glued to the one above (41 characters; the end is exclusive).
        "region": {"startLine": 15, "startColumn": 1, "endLine": 15, "endColumn": 42},
    }


def test_convert_lenient_converts_what_strict_skips(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    path = FIXTURES / "invalid" / "stray_line_after_tt.txt"
    assert main(["convert", str(path)]) == 1
    assert capsysbinary.readouterr().out == b""
    assert main(["convert", str(path), "--lenient"]) == 0
    captured = capsysbinary.readouterr()
    doc = newsdump.from_json(captured.out)
    assert [d.code for d in doc.diagnostics] == ["E205"]
    assert doc.articles[0].headline == "Dam Opens Its Gates for the First Time in a Decade"
    assert newsdump.render(doc).encode() == path.read_bytes()
    assert captured.err.endswith(b"(converted leniently)\n")


# ---------------------------------------------------------------- many files


def _run(argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> tuple[int, bytes, bytes]:
    status = main(argv)
    captured = capsysbinary.readouterr()
    return status, captured.out, captured.err


def test_two_jobs_give_the_same_bytes_and_messages_as_one(
    tmp_path: pathlib.Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    tree = _tree(tmp_path)
    for number in range(64):  # more than one batch of 32: the workers start
        shutil.copy(VALID / "interview_and_related.txt", tree / "sub" / f"copy{number:02d}.txt")
    serial = _run(["convert", str(tree), "--jsonl", "--jobs", "1"], capsysbinary)
    parallel = _run(["convert", str(tree), "--jsonl", "--jobs", "2"], capsysbinary)
    assert serial == parallel
    assert serial[0] == 1  # the broken file, reported the same way in both
    assert b"broken.txt:5:1: E204" in serial[2]
    one, two = tmp_path / "one", tmp_path / "two"
    main(["convert", str(tree), "-o", str(one), "-j", "1", "-q"])
    main(["convert", str(tree), "-o", str(two), "-j", "2", "-q"])
    assert _files(one) == _files(two)
    assert all((one / name).read_bytes() == (two / name).read_bytes() for name in _files(one))


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["convert", str(VALID), "--jobs", "0"])
    assert raised.value.code == 2
    assert "1 or more" in capsys.readouterr().err


def test_dedupe_writes_each_article_once_with_every_place_it_was_found(
    corpus_dir: pathlib.Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, out, _ = _run(["convert", str(corpus_dir), "--jsonl", "--dedupe"], capsysbinary)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4 + 4 + 2 - 3
    shared = {r["article"]["headline"]: r["found_in"] for r in records if len(r["found_in"]) > 1}
    first, second = (
        str(corpus_dir / name) for name in ("000_b5b888b17cf56f59.txt", "001_7752e62acdcbb6a0.txt")
    )
    assert shared == {
        "Iraq's Political Future in Limbo as Factions Vie for Power": [
            {"source": first, "index": 1},
            {"source": second, "index": 1},
        ],
        "What Egypt’s Red Lines Mean for Sudan’s War": [
            {"source": first, "index": 2},
            {"source": second, "index": 2},
        ],
        "Iraq Negotiates New Coalition Under US Pressure": [
            {"source": first, "index": 3},
            {"source": second, "index": 3},
        ],
    }
    assert all(r["fingerprint"] == r["article"]["fingerprint"] for r in records)


def test_dedupe_records_hold_the_same_articles_as_plain_json_lines(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    status, plain, _ = _run(["convert", str(VALID), "--jsonl"], capsysbinary)
    assert status == 0
    articles: dict[str, object] = {}  # each fingerprint's first article: layout may differ
    for record in map(json.loads, plain.splitlines()):
        articles.setdefault(record["article"]["fingerprint"], record["article"])
    status, merged, _ = _run(["convert", str(VALID), "--jsonl", "--dedupe"], capsysbinary)
    assert status == 0
    for line in merged.splitlines():
        record = json.loads(line)
        assert list(record) == ["format_version", "fingerprint", "article", "found_in"]
        assert record["format_version"] == newsdump.FORMAT_VERSION
        assert record["article"] == articles[record["fingerprint"]]
        assert orjson.dumps(record) == line  # compact, as every other record
    assert len(merged.splitlines()) == len(articles)


def test_render_names_a_dedupe_file_as_the_reason_it_cannot_render(
    tmp_path: pathlib.Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    merged = tmp_path / "merged.jsonl"
    merged.write_bytes(_run(["convert", str(VALID), "--jsonl", "--dedupe"], capsysbinary)[1])
    status, _, err = _run(["render", str(merged), "-o", str(tmp_path / "out")], capsysbinary)
    assert status == 1
    assert err.count(b"a record of convert --dedupe") == 1
    assert b"merged.jsonl:1: a record of convert --dedupe" in err
    assert not (tmp_path / "out").exists()


def test_dedupe_needs_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(VALID), "-o", "unused", "--dedupe"]) == 2
    assert "--dedupe goes with --jsonl" in capsys.readouterr().err
    assert main(["schema", "--dedupe"]) == 2
    assert "--dedupe goes with --jsonl" in capsys.readouterr().err


def test_convert_jsonl_with_workers_writes_what_one_process_writes(tmp_path: pathlib.Path) -> None:
    # Enough files for several batches, so that both workers append to the file.
    many = tmp_path / "many"
    many.mkdir()
    stories = sorted(VALID.glob("*.txt"))
    for number in range(600):
        shutil.copy(stories[number % len(stories)], many / f"{number:04d}.txt")
    for jobs in ("1", "2"):
        assert (
            main(
                [
                    "convert",
                    str(many),
                    "--jsonl",
                    "-q",
                    "-j",
                    jobs,
                    "-o",
                    f"{tmp_path}/j{jobs}.jsonl",
                ]
            )
            == 0
        )
    one = (tmp_path / "j1.jsonl").read_bytes()
    # A record an article: the four fixtures, 150 times each, hold 2, 2, 3 and 1.
    assert one.count(b"\n") == 150 * (2 + 2 + 3 + 1)
    assert (tmp_path / "j2.jsonl").read_bytes() == one
    assert sorted(path.name for path in tmp_path.iterdir()) == ["j1.jsonl", "j2.jsonl", "many"]


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_jobs_default_to_auto_and_auto_counts_the_cpus_the_process_may_run_on() -> None:
    script = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from newsdump.cli._main import _parser; from newsdump._workers import usable_cpus; "
        "print(_parser().parse_args(['convert', 'x']).jobs, usable_cpus())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "None 1\n"  # auto: decided by the input's size, then CPUs


def test_render_reads_json_lines_from_standard_input_too(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    source = VALID / "interview_and_related.txt"
    status, records, _ = _run(["convert", str(source), "--jsonl"], capsysbinary)
    assert status == 0
    assert records.count(b"\n") == 3  # one line an article
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(records)))
    assert _run(["render", "-"], capsysbinary)[1] == source.read_bytes()


def _records_of(path: pathlib.Path, source: str) -> list[bytes]:
    """The JSON Lines records of one file, under the source name given."""
    stream = io.BytesIO()
    newsdump.write_jsonl(newsdump.jsonl_records(newsdump.parse_file(path), source), stream)
    return stream.getvalue().splitlines(keepends=True)


def test_render_writes_each_file_as_soon_as_its_records_are_in(tmp_path: pathlib.Path) -> None:
    first = _records_of(VALID / "interview_and_related.txt", "first.txt")
    second = _records_of(VALID / "crlf_line_ends.txt", "second.txt")
    out = tmp_path / "out"
    with subprocess.Popen(
        [sys.executable, "-m", "newsdump", "render", "-", "-o", str(out)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as command:
        assert command.stdin is not None
        command.stdin.write(b"".join(first))
        command.stdin.flush()
        # The input is still open: the first file is written all the same.
        deadline = time.monotonic() + 30
        while not (out / "first.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (out / "first.txt").read_bytes() == (
            VALID / "interview_and_related.txt"
        ).read_bytes()
        assert not (out / "second.txt").exists()
        command.stdin.write(b"".join(second))
        command.stdin.close()
        assert command.wait(timeout=30) == 0
    assert (out / "second.txt").read_bytes() == (VALID / "crlf_line_ends.txt").read_bytes()


def test_render_rebuilds_interleaved_files_and_reports_a_record_after_its_file(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    first = _records_of(VALID / "interview_and_related.txt", "first.txt")  # 3 articles
    second = _records_of(VALID / "crlf_line_ends.txt", "second.txt")  # 2 articles
    lines = [first[0], second[0], first[1], second[1], first[2], first[1]]
    (tmp_path / "mixed.jsonl").write_bytes(b"".join(lines))
    status, _, err = _run(
        ["render", str(tmp_path / "mixed.jsonl"), "-o", str(tmp_path / "out")], capsysbinary
    )
    assert status == 1
    assert err.decode().splitlines() == [
        f"{tmp_path / 'mixed.jsonl'}:6: first.txt: a record after all of its file's articles "
        "were read"
    ]
    out = tmp_path / "out"
    assert (out / "first.txt").read_bytes() == (VALID / "interview_and_related.txt").read_bytes()
    assert (out / "second.txt").read_bytes() == (VALID / "crlf_line_ends.txt").read_bytes()


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_the_installed_metadata(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([flag])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"newsdump {importlib.metadata.version('newsdump')}\n"


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--jsonl", "-o", "{file}"], "is a file; -o takes a folder (with --jsonl"),
        (["-o", "{file}"], "is a file; -o takes a folder"),
        (["-o", "{tmp}/new.json"], "looks like a file name, but -o takes a folder"),
        (["--jsonl", "--indent", "2"], "--indent does not go with --jsonl"),
        (
            ["--jsonl", "-o", "{tmp}/out.txt"],
            "-o takes a NAME.jsonl file with --jsonl, or a folder",
        ),
    ],
    ids=[
        "jsonl into a file",
        "json into a file",
        "a folder named like a file",
        "indent",
        "jsonl to a text file's name",
    ],
)
def test_an_output_that_cannot_be_meant_is_a_usage_error_before_anything_is_read(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], arguments: list[str], said: str
) -> None:
    existing = tmp_path / "existing"
    existing.write_text("mine")
    given = [a.format(file=existing, tmp=tmp_path) for a in arguments]
    assert main(["convert", str(VALID), *given]) == 2
    assert said in capsys.readouterr().err
    assert existing.read_text() == "mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["existing"]


def test_jsonl_goes_to_the_file_an_output_ending_in_jsonl_names(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "mine.jsonl"
    assert main(["convert", str(VALID), "--jsonl", "-o", str(target), "-q"]) == 0
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert {record["source"] for record in records} == {str(path) for path in VALID.glob("*.txt")}


@pytest.mark.parametrize("typed", ["--json", "--jsonl=x", "--len"])
def test_options_are_never_abbreviated_and_convert_says_its_own_usage(
    capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["convert", str(VALID), typed])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: newsdump convert ")
    assert typed.split("=", maxsplit=1)[0] in err


def test_a_repeated_select_adds_to_the_first_and_all_selects_every_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = FIXTURES / "invalid"
    main(["validate", str(broken), "--format", "json"])
    every = {d["code"] for d in json.loads(capsys.readouterr().out)["diagnostics"]}
    assert {"E301", "E203"} <= every  # the two codes chosen below are there to find
    main(["validate", str(broken), "--format", "json", "--select", "E301", "--select", "E203"])
    chosen = {d["code"] for d in json.loads(capsys.readouterr().out)["diagnostics"]}
    assert chosen == {"E301", "E203"}
    main(["validate", str(broken), "--format", "json", "--select", "ALL"])
    assert {d["code"] for d in json.loads(capsys.readouterr().out)["diagnostics"]} == every


def test_more_jobs_than_cpus_are_capped_with_a_note(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    started = time.monotonic()
    assert main(["convert", str(VALID), "-o", str(tmp_path), "-j", "100000", "-q"]) == 0
    assert time.monotonic() - started < 20  # not a hundred thousand processes started
    assert (
        f"note: --jobs 100,000 is more than the {cpus} CPUs this process may run on: using {cpus}"
    ) in capsys.readouterr().err


SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_passes_the_official_schema_with_odd_names_and_unreadable_files(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF schema is not here: {SARIF_SCHEMA}")
    scrapes = tmp_path / "sp"
    scrapes.mkdir()
    for number, path in enumerate(sorted((FIXTURES / "invalid").glob("*.txt"))):
        shutil.copy(path, scrapes / f"a b#{number},x:y.txt")
    os.mkfifo(scrapes / "pipe.txt")
    monkeypatch.chdir(tmp_path)
    for given in ("sp", str(scrapes)):  # relative to %SRCROOT%, and absolute
        assert main(["validate", given, "--format", "sarif"]) == 2
        log = json.loads(capsys.readouterr().out)
        validator = jsonschema.Draft7Validator(
            json.loads(SARIF_SCHEMA.read_text("utf-8")),
            format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER,
        )
        assert list(validator.iter_errors(log)) == []
        run = log["runs"][0]
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
        located = [result["locations"][0]["physicalLocation"] for result in run["results"]]
        uris = {where["artifactLocation"]["uri"] for where in located}
        assert (
            "sp/a%20b%230%2Cx%3Ay.txt" if given == "sp" else (scrapes / "a b#0,x:y.txt").as_uri()
        ) in uris
        unreadable = [r for r in run["results"] if r["ruleId"] == "E105"]
        assert len(unreadable) == 1
        assert unreadable[0]["locations"][0]["physicalLocation"]["artifactLocation"][
            "uri"
        ].endswith("/pipe.txt")


def test_render_of_a_folder_takes_json_and_jsonl_files_only(tmp_path: pathlib.Path) -> None:
    folder = tmp_path / "json"
    folder.mkdir()
    doc = newsdump.parse((VALID / "crlf_line_ends.txt").read_text("utf-8"))
    (folder / "a.json").write_text(newsdump.to_json(doc), "utf-8")
    (folder / "a.json.bak").write_text(newsdump.to_json(doc), "utf-8")  # a backup: not taken
    assert main(["render", str(folder), "-o", str(tmp_path / "out")]) == 0
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["a.txt"]


@pytest.mark.parametrize(
    ("command", "wanted"),
    [
        ("convert", "*.txt"),
        ("validate", "*.txt"),
        ("duplicates", "*.txt"),
        ("show", "*.txt"),
        ("render", "*.json, *.jsonl or *.parquet"),
    ],
)
def test_a_folder_with_no_inputs_says_so_and_passes_as_ruff_does(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], command: str, wanted: str
) -> None:
    if command == "duplicates":
        pytest.importorskip("datasketch", reason="duplicates needs the [near] extra")
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "notes.md").write_text("not a scrape")
    extra = ["-o", str(tmp_path / "out")] if command in ("convert", "render") else []
    assert main([command, str(empty), *extra]) == 0
    assert f"newsdump: warning: no {wanted} files found in {empty}\n" in capsys.readouterr().err


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "piped"])
def test_convert_ends_with_one_summary_line_on_a_terminal_only(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    terminal: bool,
) -> None:
    monkeypatch.setattr("newsdump.cli._progress._watched", lambda: terminal)
    scrapes = tmp_path / "scrapes"
    shutil.copytree(VALID, scrapes)
    shutil.copy(FIXTURES / "invalid" / "missing_tt.txt", scrapes / "zz_bad.txt")
    assert main(["convert", str(scrapes), "-o", str(tmp_path / "out")]) == 1
    size = sum(path.stat().st_size for path in scrapes.glob("*.txt")) / 1e6
    count = len(list(scrapes.glob("*.txt")))
    summary = re.compile(
        rf"converted {count} files \({size:.1f} MB\) into {re.escape(str(tmp_path / 'out'))} "
        r"in \d+\.\d s; 1 failed$"
    )
    # The last line, after the progress bar it clears.
    last = _screen_lines(capsys.readouterr().err)[-1]
    assert bool(summary.match(last)) is terminal


@pytest.mark.parametrize(
    ("environment", "terminal", "coloured"),
    [
        ({}, True, True),
        ({}, False, False),  # a pipe, a file: plain text
        ({"NO_COLOR": "1"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
        ({"TERM": "dumb"}, True, False),
    ],
    ids=["terminal", "pipe", "NO_COLOR", "FORCE_COLOR", "both", "dumb terminal"],
)
def test_validate_colours_code_severity_and_path_only_where_wanted(
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    terminal: bool,
    coloured: bool,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    monkeypatch.setattr(out, "isatty", lambda: terminal)
    monkeypatch.setattr(sys, "stdout", out)
    path = FIXTURES / "invalid" / "glued_blocks.txt"
    assert main(["validate", str(path)]) == 1
    first = out.getvalue().splitlines()[0]
    plain = f"{path}:15:1: E301 [error] expected a blank line"
    if coloured:
        assert first.startswith(f"\x1b[1m{path}\x1b[0m:15:1: \x1b[1;31mE301 [error]\x1b[0m ")
    else:
        assert first.startswith(plain)


def test_validate_loads_only_what_it_needs() -> None:
    # A pre-commit hook starts newsdump on every commit (benchmarks/startup.py).
    script = (
        "import sys\n"
        "from newsdump.cli import main\n"
        "main(['validate', sys.argv[1]])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    path = VALID / "interview_and_related.txt"
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split()[-1000:])
    unneeded = {
        "cattrs",
        "newsdump._json",
        "newsdump._schema",
        "newsdump._many",
        "newsdump._workers",
        "newsdump._near",
        "newsdump._outputs",
        "multiprocessing",
        "newsdump._fix",
        "newsdump._tables",
        "concurrent.futures",
        "importlib.metadata",
        # A file or two go through the reader: the grammar loads once it pays.
        "pyparsing",
        "newsdump._grammar",
        "newsdump._jsonio",
        "json",
        "hashlib",
        # Nor the other commands: the command line builds the named command's parser.
        "newsdump.cli.convert",
        "newsdump.cli.report",
        "newsdump.cli.render",
    }
    assert loaded & unneeded == set()
    assert "newsdump._reader" in loaded


def test_fixing_a_file_loads_only_what_fixing_needs(tmp_path: pathlib.Path) -> None:
    # A fixing pre-commit hook starts newsdump on every commit too (benchmarks/startup.py).
    # Run without site (-S): this environment's .pth files load pathlib and random.
    text = (VALID / "interview_and_related.txt").read_text(encoding="utf-8")
    stray = tmp_path / "stray.txt"
    stray.write_text(text.replace("\nTT\n", "\n", 1), encoding="utf-8")
    script = (
        "import sys\n"
        "from newsdump.cli import main\n"
        "main(['validate', '--fix', sys.argv[1]])\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    import site  # noqa: PLC0415 -- only to find where this environment's packages are

    paths = [str(ROOT / "src"), *site.getsitepackages()]
    done = subprocess.run(
        [sys.executable, "-S", "-c", script, str(stray)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
    )
    assert stray.read_text(encoding="utf-8") == text  # the TT line is back
    loaded = set(done.stdout.split()[-1000:])
    assert "newsdump._fix" in loaded
    # What writing a file beside another needs is os: not pathlib (with urllib), nor
    # secrets (with random, hashlib, hmac), nor what other commands load.
    unneeded = {"pathlib", "urllib", "secrets", "random", "hashlib", "cattrs", "newsdump._near"}
    assert loaded & unneeded == set()
