"""The rooms under the commands: the worker pool (order, turns, batches, how many
workers), the held interrupt, the atomic write, and what a worker sends back.

These tests call private functions, and say why here once: what they pin cannot be
provoked through the command line without timing games. Order under uneven work needs a
worker that is slow on purpose; a turn that fails in a worker needs a turn function that
fails; a Ctrl-C inside the held block needs the signal raised at that moment, as does a
stop inside an import or a ``__del__``; an output interrupted half written needs the
write stopped in its middle. The command-line tests
(test_cli.py) pin the same promises end to end where that can be done reliably: two
jobs give the bytes of one, Ctrl-C leaves no half-written output.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from newsdump._convert import Options, convert_one
from newsdump._outputs import atomic_writer
from newsdump._signals import interrupts_held
from newsdump._workers import BATCH_BYTES, ordered_map, take_batch, usable_cpus
from tests.conftest import FIXTURES

VALID = FIXTURES / "valid"


def _files(folder: pathlib.Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_an_interrupted_write_leaves_the_old_file_and_no_part_file(
    tmp_path: pathlib.Path,
) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def write_half_then_stop() -> None:
        with atomic_writer(target) as stream:
            stream.write(b"new, but only half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_half_then_stop()
    assert target.read_bytes() == b"old"
    assert _files(tmp_path) == ["out.json"]


def test_ctrl_c_while_held_comes_after_the_block() -> None:
    steps = []

    def interrupted_then_finished() -> None:
        with interrupts_held():
            signal.raise_signal(signal.SIGINT)
            steps.append("finished")

    with pytest.raises(KeyboardInterrupt):
        interrupted_then_finished()
    assert steps == ["finished"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _stopped_by(script: str, tmp_path: pathlib.Path) -> subprocess.CompletedProcess[str]:
    """``script`` run as a process that has called stop_on_signals, as the command line
    does, with ``tmp_path`` on its import path."""
    heading = "from newsdump._signals import Terminated, stop_on_signals\nstop_on_signals()\n"
    return subprocess.run(
        [sys.executable, "-c", heading + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])},
    )


def test_a_stop_that_lands_inside_an_import_comes_once_the_import_is_over(
    tmp_path: pathlib.Path,
) -> None:
    # Raised inside an import, it could crash the interpreter (a C extension's module
    # set-up that does not check for an exception) or be dropped by importlib.
    (tmp_path / "landing.py").write_text(
        "import os, signal\n"
        "os.kill(os.getpid(), signal.SIGTERM)\n"
        "total = sum(range(100_000))  # the signal's handler runs while this module is read\n"
        "finished = True\n"
    )
    script = """
        import time
        try:
            import landing
        except Terminated:
            print("stopped inside the import")
        else:
            try:
                time.sleep(10)
                print("never stopped")
            except Terminated as stop:
                print("stopped after the import", landing.finished, stop.number)
    """
    ran = _stopped_by(script, tmp_path)
    assert ran.stdout == f"stopped after the import True {int(signal.SIGTERM)}\n", ran.stderr
    assert ran.stderr == ""


def test_a_stop_that_lands_where_python_ignores_exceptions_comes_again(
    tmp_path: pathlib.Path,
) -> None:
    script = """
        import os, signal, time

        class SignalsWhenDropped:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGTERM)
                sum(range(100_000))  # the handler runs here, where an exception is ignored

        try:
            SignalsWhenDropped()
            time.sleep(10)
            print("never stopped")
        except Terminated as stop:
            print("stopped", stop.number)
    """
    ran = _stopped_by(script, tmp_path)
    assert ran.stdout == f"stopped {int(signal.SIGTERM)}\n", ran.stderr
    assert ran.stderr == ""  # no "Exception ignored in" either


def test_only_dedupe_sends_articles_back_from_the_workers() -> None:
    source = VALID / "interview_and_related.txt"
    plain = convert_one(source.name, str(source), None, Options(jsonl=True))
    assert plain.output is not None
    assert plain.output.count(b"\n") == 3
    assert plain.articles == ()
    merged = convert_one(source.name, str(source), None, Options(jsonl=True, dedupe=True))
    assert [json.loads(article)["fingerprint"] for _, article, _ in merged.articles] == [
        fingerprint for fingerprint, _, _ in merged.articles
    ]
    assert len(merged.articles) == 3
    assert all(its_sketch is None for _, _, its_sketch in merged.articles)  # exact only


def _pid_after(item: int) -> tuple[int, int]:
    time.sleep(0.001 * (item % 3))  # uneven work: results must still come back in order
    return item, os.getpid()


def _first_batch_slow(item: int) -> int:
    if item == 0:
        time.sleep(0.3)  # the second worker's batches are done long before the first's
    return item


def _append_in_turn(results: list[int], *, path: str) -> list[int]:
    with open(path, "a", encoding="utf-8") as stream:
        stream.write("".join(f"{item}\n" for item in results))
    return [-item for item in results]


def test_workers_take_their_turns_in_the_order_of_the_items(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "appended"
    path.touch()
    turn = functools.partial(_append_in_turn, path=str(path))
    results = list(ordered_map(_first_batch_slow, range(40), jobs=2, batch=4, in_order=turn))
    assert path.read_text(encoding="utf-8").split() == [str(item) for item in range(40)]
    assert results == [-item for item in range(40)]  # what the turn gave back


def _fail_at_nine(results: list[int]) -> list[int]:
    if 9 in results:
        raise OSError(errno.ENOSPC, "No space left on device")
    return results


def test_a_turn_that_fails_ends_the_run_with_its_error_and_leaves_no_worker_waiting() -> None:
    start = time.monotonic()
    with pytest.raises(OSError, match="No space left on device"):
        list(ordered_map(_first_batch_slow, range(40), jobs=2, batch=4, in_order=_fail_at_nine))
    assert time.monotonic() - start < 10


def test_ordered_map_uses_the_workers_and_keeps_the_order() -> None:
    results = list(ordered_map(_pid_after, range(40), jobs=2, batch=4))
    assert [item for item, _ in results] == list(range(40))
    assert os.getpid() not in {pid for _, pid in results}
    assert len({pid for _, pid in results}) == 2


def test_ordered_map_left_to_choose_does_a_few_megabytes_here_and_more_in_workers() -> None:
    def size(_: int) -> int:
        return 100_000  # 40 items: 4 MB, as SERIAL_BELOW is

    few = list(ordered_map(_pid_after, range(39), jobs=None, batch=4, size_of=size))
    assert {pid for _, pid in few} == {os.getpid()}
    many = list(ordered_map(_pid_after, range(80), jobs=None, batch=4, size_of=size))
    assert [item for item, _ in many] == list(range(80))
    assert os.getpid() not in {pid for _, pid in many}


def test_a_batch_holds_at_most_a_few_megabytes_of_input_however_many_files_it_may_take() -> None:
    quarter = BATCH_BYTES // 4
    pending = iter([quarter] * 10 + [3 * BATCH_BYTES, 1, 1])
    batches = [take_batch(pending, 128, lambda size: size) for _ in range(5)]
    assert batches == [
        [quarter] * 4,
        [quarter] * 4,
        [quarter, quarter, 3 * BATCH_BYTES],  # an input larger than a batch ends its batch
        [1, 1],
        [],
    ]
    assert take_batch(iter(range(300)), 128, lambda _: 1) == list(range(128))
    assert take_batch(iter(range(300)), 128, None) == list(range(128))


def test_ordered_map_obeys_an_explicit_number_of_workers_however_few_the_items() -> None:
    assert os.getpid() not in {pid for _, pid in ordered_map(_pid_after, range(3), jobs=2)}
    assert {pid for _, pid in ordered_map(_pid_after, range(3), jobs=1)} == {os.getpid()}


def _process_id(_item: int) -> int:
    return os.getpid()


def test_the_pool_never_starts_more_workers_than_there_are_cpus() -> None:
    # Through the private pool: which processes did the work is not in any public result.
    workers = set(ordered_map(_process_id, range(2000), 10_000, batch=1))
    assert 1 <= len(workers) <= usable_cpus()
