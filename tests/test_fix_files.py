"""validate --fix on files people keep: what it refuses, what it keeps of a file, and
what it never loses, with another program or another run at the same file."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import pytest

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES

BROKEN = (FIXTURES / "invalid" / "missing_tt.txt").read_bytes()
FIXED = newsdump.fix(BROKEN.decode()).encode()
IS_ROOT = os.geteuid() == 0


def _fix(*arguments: str) -> int:
    return main(["validate", "--fix", *arguments])


def _scrape(folder: pathlib.Path, name: str = "story.txt", data: bytes = BROKEN) -> pathlib.Path:
    path = folder / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- only scrapes


def _not_scrapes() -> Iterator[tuple[str, bytes]]:
    yield "an ELF binary", pathlib.Path(sys.executable).resolve().read_bytes()[:200_000]
    yield "a PNG image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    yield "a UTF-16 scrape", b"\xff\xfe" + BROKEN.decode().encode("utf-16-le")
    yield "a UTF-16 scrape with no mark", BROKEN.decode().encode("utf-16-le")
    yield "a gzip of a scrape", gzip.compress(BROKEN)
    yield "a CSV", b"id,headline\n1,Dam Opens\n\n\n2,Port Reopens\n"
    yield "a JSON file", json.dumps({"headline": "Dam Opens", "body": ["a\tb"]}, indent=4).encode()


@pytest.mark.parametrize(("what", "data"), list(_not_scrapes()), ids=lambda x: str(x)[:30])
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix_leaves_what_is_not_a_scrape_byte_identical_and_fails(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    what: str,
    data: bytes,
    unsafe: bool,
) -> None:
    path = _scrape(tmp_path, "file.txt", data)
    assert _fix(str(path), *(["--unsafe-fixes"] if unsafe else [])) != 0, what
    assert path.read_bytes() == data
    err = capsys.readouterr().err
    assert f"{path}: not fixed: " in err
    assert "the file is left as it is" in err
    assert "fixed 0 findings in 0 files" in err


def test_the_reason_a_file_is_refused_says_what_it_is(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reasons = {}
    for name, data in [
        ("utf16.txt", b"\xff\xfe" + BROKEN.decode().encode("utf-16-le")),
        ("binary.txt", b"\x7fELF\x02\x01\x01" + bytes(300)),
        ("latin.txt", bytes(range(128, 256)) * 3),
        ("csv.txt", b"id,headline\n1,Dam Opens\n"),
    ]:
        _fix(str(_scrape(tmp_path, name, data)))
        reasons[name] = capsys.readouterr().err.split("not fixed: ")[1].split(";")[0]
    assert reasons == {
        "utf16.txt": "it is UTF-16 text, not UTF-8",
        "binary.txt": "it is a binary file (NUL bytes)",
        "latin.txt": "it is not UTF-8 text",
        "csv.txt": "no article header of the site is read in it",
    }


def test_diff_shows_no_change_for_what_is_not_a_scrape(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scrape(tmp_path, "data.txt", b"id,headline\n1,Dam Opens\n\n\n\n2,Port\n")
    assert main(["validate", "--diff", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "not fixed: no article header" in err


# ---------------------------------------------------------------- what a file keeps


def test_the_fixed_file_keeps_its_mode_and_extended_attributes(tmp_path: pathlib.Path) -> None:
    path = _scrape(tmp_path)
    os.chmod(path, 0o600)
    os.setxattr(path, "user.origin", b"scraper-7")
    assert _fix(str(path)) == 0
    assert path.read_bytes() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.getxattr(path, "user.origin") == b"scraper-7"


@pytest.mark.skipif(not IS_ROOT, reason="only root may give a file to another user")
def test_the_fixed_file_keeps_its_owner_and_group(tmp_path: pathlib.Path) -> None:
    path = _scrape(tmp_path)
    os.chown(path, 1234, 5678)
    os.chmod(path, 0o4664)  # set-user-ID too, which a change of owner would clear
    assert _fix(str(path)) == 0
    assert path.read_bytes() == FIXED
    status = path.stat()
    assert (status.st_uid, status.st_gid) == (1234, 5678)
    assert stat.S_IMODE(status.st_mode) == 0o4664


def test_a_read_only_file_is_refused_not_replaced(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scrape(tmp_path)
    os.chmod(path, 0o444)
    inode = path.stat().st_ino
    assert _fix(str(path)) == 2
    assert path.read_bytes() == BROKEN
    assert (path.stat().st_ino, stat.S_IMODE(path.stat().st_mode)) == (inode, 0o444)
    out, err = capsys.readouterr()
    assert "not fixed: it is read-only (mode 0444)" in err
    assert "fixed 0 findings in 0 files" in err
    assert "E204" in out  # the findings of the file as it is on disk


def test_a_hard_linked_file_is_refused_and_stays_one_file(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scrape(tmp_path)
    other = tmp_path / "other-name.txt"
    os.link(path, other)
    assert _fix(str(path)) == 2
    assert path.read_bytes() == other.read_bytes() == BROKEN
    assert path.stat().st_ino == other.stat().st_ino
    assert "it has 2 hard links" in capsys.readouterr().err


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: pathlib.Path) -> None:
    path = _scrape(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(path.name)
    assert _fix(str(link)) == 0
    assert link.is_symlink()
    assert path.read_bytes() == FIXED


_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"
_WITHOUT_RIGHTS = ["setpriv", "--bounding-set", _CAPABILITIES, "--inh-caps", _CAPABILITIES, "--"]


def _without_root_rights(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """newsdump run as root without the capabilities that pass over file permissions, so
    that a folder or file without write permission is one it may not write."""
    return subprocess.run(
        [*_WITHOUT_RIGHTS, sys.executable, "-m", "newsdump", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )


_NEEDS_ROOT = pytest.mark.skipif(
    not IS_ROOT or shutil.which("setpriv") is None,
    reason="losing the right to write needs root and setpriv (util-linux) to drop it",
)


@_NEEDS_ROOT
def test_in_a_folder_it_cannot_write_nothing_is_counted_and_the_report_is_of_the_disk() -> None:
    folder = pathlib.Path(tempfile.mkdtemp())
    try:
        path = _scrape(folder)
        os.chmod(path, 0o666)  # the file itself is writable by all
        os.chmod(folder, 0o555)  # the folder by none
        result = _without_root_rights(["validate", "--fix", str(path)])
        assert result.returncode == 2, result.stderr
        assert path.read_bytes() == BROKEN
        assert "cannot write the fixed file: Permission denied" in result.stderr
        assert "fixed 0 findings in 0 files" in result.stderr
        assert "E204" in result.stdout
        assert "0 errors" not in result.stdout
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


@_NEEDS_ROOT
def test_a_file_the_user_may_not_write_is_refused() -> None:
    folder = pathlib.Path(tempfile.mkdtemp())
    try:
        path = _scrape(folder)
        os.chown(path, 1234, 1234)
        os.chmod(path, 0o644)  # another user's, which root without its rights may not write
        result = _without_root_rights(["validate", "--fix", str(path)])
        assert result.returncode == 2, result.stderr
        assert "not fixed: you may not write it" in result.stderr
        assert path.read_bytes() == BROKEN
        assert path.stat().st_uid == 1234
    finally:
        shutil.rmtree(folder)


def test_a_part_file_left_by_a_stopped_run_is_removed_by_the_next_and_said(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _scrape(tmp_path)
    stale = tmp_path / ".story.txt.0123456789abcdef.part"
    stale.write_bytes(FIXED[:10])
    unrelated = tmp_path / ".other.txt.0123456789abcdef.part"
    unrelated.write_bytes(b"x")
    assert _fix(str(path)) == 0
    assert not stale.exists()
    assert unrelated.exists()
    assert f"removed {stale.name}, left by an earlier run" in capsys.readouterr().err


# ---------------------------------------------------------------- no lost update

_APPENDER = """
import sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
end = time.monotonic() + seconds
number = 0
while time.monotonic() < end:
    with open(path, "ab") as stream:
        stream.write(b"\\n\\nAppended paragraph %d." % number)
    number += 1
    time.sleep(0.0005)
print(number)
"""


def test_an_append_by_another_program_during_fix_is_never_lost(tmp_path: pathlib.Path) -> None:
    # A long file, so that each fix takes long enough for appends to land inside it.
    body = b"".join(b"\n\nParagraph %d of the story." % n for n in range(3000))
    path = _scrape(tmp_path, data=BROKEN + body)
    appender = subprocess.Popen(
        [sys.executable, "-c", _APPENDER, str(path), "3"], stdout=subprocess.PIPE
    )
    runs = []
    while appender.poll() is None:
        runs.append(_run_fix(path))
    appended = int(appender.communicate()[0])
    text = path.read_bytes()
    assert appended > 100
    for number in range(appended):
        assert b"Appended paragraph %d." % number in text
    assert any("changed while it was being fixed" in run.stderr for run in runs)


def _run_fix(path: pathlib.Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdump", "validate", "--fix", *options, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_two_runs_at_once_keep_both_their_fixes(tmp_path: pathlib.Path) -> None:
    # E: the missing TT; W: white space at the ends of lines. Each run fixes its own.
    text = BROKEN.decode().replace("Engineers opened", "Engineers   \n\nopened", 1)
    with_blemish = text.replace("the dam on Monday.", "the dam on Monday.  ")
    for trial in range(5):
        path = _scrape(tmp_path, f"story{trial}.txt", with_blemish.encode())
        runs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "newsdump",
                    "validate",
                    "--fix",
                    "--select",
                    code,
                    str(path),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for code in ("E", "W")
        ]
        for run in runs:
            run.wait()
        left = {d.code for d in newsdump.validate(path.read_text())}
        assert left.isdisjoint({"E204", "W103"}), (trial, left)


# ---------------------------------------------------------------- a story cut off


@pytest.mark.parametrize(
    "tail",
    [
        "\n\n\nPort Workers Vote",
        "\n\n\nPort Workers Vote\n\nCranes at the terminal (AP)",
        "\n\n\nPort Workers Vote\n\nCranes at the terminal (AP)\nCranes at the terminal (AP)\nTT",
    ],
    ids=["headline", "caption", "TT"],
)
def test_a_story_cut_off_in_its_header_stays_an_error_after_fix(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], tail: str
) -> None:
    data = (
        FIXTURES / "valid" / "single_with_final_newline.txt"
    ).read_bytes().rstrip() + tail.encode()
    path = _scrape(tmp_path, data=data)
    assert _fix(str(path)) == 1
    assert path.read_bytes() == data  # no blank line taken away: the headline stays one
    assert "E208" in capsys.readouterr().out


# ---------------------------------------------------------------- crash consistency


def test_after_kill_9_at_any_moment_the_file_is_its_old_or_its_new_bytes(
    tmp_path: pathlib.Path,
) -> None:
    body = b"".join(b"\n\nParagraph %d of the story." % n for n in range(2000))
    before = BROKEN + body
    after = newsdump.fix(before.decode()).encode()
    for trial in range(12):
        path = _scrape(tmp_path, data=before)
        run = subprocess.Popen(
            [sys.executable, "-m", "newsdump", "validate", "--fix", str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.05 + 0.02 * trial)  # from start-up to the rename
        run.kill()
        run.wait()
        assert path.read_bytes() in (before, after), trial
    assert _fix(str(path)) in (0, 1)  # and the next run cleans up after them
    assert not list(tmp_path.glob(".*.part"))
