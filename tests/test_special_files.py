"""Special files: inputs that are not regular files are refused at once by name, the other
files handled; an output that is full is one clear message."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def _folder(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "scrapes"
    folder.mkdir()
    shutil.copy(FIXTURES / "valid" / "interview_and_related.txt", folder / "a.txt")
    os.mkfifo(folder / "fifo.txt")  # no writer: reading it would block for ever
    (folder / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    return folder


@pytest.mark.parametrize(
    ("command", "status"),
    [
        (["validate"], 2),
        (["show"], 1),
        (["convert", "-j", "1", "--jsonl"], 1),
        (["convert", "-j", "2", "--jsonl"], 1),
    ],
    ids=["validate", "show", "convert-j1", "convert-j2"],
)
def test_a_fifo_and_an_endless_device_are_named_and_skipped_at_once(
    tmp_path: pathlib.Path, command: list[str], status: int
) -> None:
    folder = _folder(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "newsdump", *command, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,  # before: validate blocked on the FIFO for ever
        check=False,
    )
    assert done.returncode == status
    assert done.stderr.splitlines()[:2] == [
        f"{folder / 'fifo.txt'}: cannot read: a FIFO, not a regular file: skipped",
        f"{folder / 'zero.txt'}: cannot read: a character device, not a regular file: skipped",
    ]
    # The regular file was handled all the same (it holds three articles).
    a = folder / "a.txt"
    if command[0] == "validate":
        assert done.stdout == "1 file checked: 0 errors, 0 warnings\n"
    elif command[0] == "show":
        assert done.stdout.startswith(f"{a}: 3 articles\n")
    else:
        records = [json.loads(line) for line in done.stdout.splitlines()]
        assert [(r["source"], r["index"]) for r in records] == [(str(a), n) for n in range(3)]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "command",
    [
        ["schema"],
        ["validate", str(FIXTURES / "valid")],
        ["convert", str(FIXTURES / "valid"), "--jsonl"],
    ],
    ids=["schema", "validate", "convert-jsonl"],
)
def test_a_full_output_is_one_clear_message_and_status_1(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "newsdump", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    # No traceback: the last line says what happened (convert may name its inputs first).
    assert done.stderr.splitlines()[-1] == "newsdump: cannot write: No space left on device"
    assert "Traceback" not in done.stderr
