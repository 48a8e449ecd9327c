"""kill -9 at any moment of ``validate --fix``: is the file always its old or its new bytes?

    python benchmarks/crash_consistency.py [--trials N] [--paragraphs N]

Each trial writes a broken scrape (the missing-TT fixture and N paragraphs), starts
``newsdump validate --fix`` on it in a new process, kills it with SIGKILL after a random
moment between its start and a little past its usual end (half of them in the last
fifth of the run, where it writes), and reads the file. It counts
the trials that left the old bytes, the new bytes, anything else (a failure), and the
part files left beside it; then one more run must remove those part files. Exit 1 on
any failure.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import subprocess
import sys
import tempfile
import time

import newsdump

ROOT = pathlib.Path(__file__).resolve().parent.parent
BROKEN = (ROOT / "fixtures" / "invalid" / "missing_tt.txt").read_bytes()
COMMAND = [sys.executable, "-m", "newsdump", "validate", "--fix"]


def _run_time(path: pathlib.Path, before: bytes) -> float:
    """How long a whole run takes, wall clock, best of three."""
    times = []
    for _ in range(3):
        path.write_bytes(before)
        start = time.perf_counter()
        subprocess.run([*COMMAND, str(path)], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--paragraphs", type=int, default=3000)
    arguments = parser.parse_args()
    body = b"".join(b"\n\nParagraph %d of the story." % n for n in range(arguments.paragraphs))
    before = BROKEN + body
    after = newsdump.fix(before.decode()).encode()
    counts = {"old": 0, "new": 0, "other": 0}
    parts = 0
    chance = random.Random(20261205)
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "story.txt"
        whole = _run_time(path, before)
        for _ in range(arguments.trials):
            path.write_bytes(before)
            run = subprocess.Popen(
                [*COMMAND, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            # Half the kills anywhere in the run, half in its last fifth: the write, the
            # flush and the rename, where a careless writer would leave a torn file.
            start = 0 if chance.random() < 0.5 else 0.8 * whole
            time.sleep(chance.uniform(start, whole * 1.1))
            run.kill()
            run.wait()
            data = path.read_bytes()
            counts["old" if data == before else "new" if data == after else "other"] += 1
            parts += len(list(pathlib.Path(folder).glob(".*.part")))
        subprocess.run([*COMMAND, str(path)], capture_output=True, check=False)
        left = list(pathlib.Path(folder).glob(".*.part"))
    print(
        f"{arguments.trials} trials, kill -9 within a run of {whole * 1000:.0f} ms on "
        f"{len(before):,} bytes: {counts['old']} old bytes, {counts['new']} new bytes, "
        f"{counts['other']} anything else; {parts} part files seen after a kill, "
        f"{len(left)} left after the next run"
    )
    return 1 if counts["other"] or left else 0


if __name__ == "__main__":
    sys.exit(main())
