"""Start-up: ``newsdump validate ONEFILE`` as a new process, against ``python -c pass``.

    python benchmarks/startup.py [--rounds N] [--check]

A scraper's pre-commit hook starts newsdump once a commit, for a file or two: start-up
is most of what it waits for. Both commands run as new processes of this Python, in
alternating rounds, and each is timed in CPU time (user and system, of the child), best
of N; the ratio is the figure (the goal: at most 9). ``--check`` exits 1 above it.
It then lists what ``validate`` imports that costs the most (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ONEFILE = ROOT / "fixtures" / "valid" / "interview_and_related.txt"
GOAL = 9.0


def cpu_seconds(command: list[str]) -> float:
    """The CPU time of one run of ``command``, as a new process (getrusage: microseconds,
    where os.times counts clock ticks of 10 ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imports(command: list[str], top: int) -> list[tuple[int, str]]:
    """The modules whose import (with what they import) took longest, in microseconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]],
        check=True,
        capture_output=True,
        text=True,
    )
    costs = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                costs.append((int(cumulative), name.rstrip()))
    return sorted(costs, reverse=True)[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    arguments = parser.parse_args()
    bare = [sys.executable, "-c", "pass"]
    validate = [sys.executable, "-m", "newsdump", "validate", str(ONEFILE)]
    best = {"pass": float("inf"), "validate": float("inf")}
    for _ in range(arguments.rounds):
        best["pass"] = min(best["pass"], cpu_seconds(bare))
        best["validate"] = min(best["validate"], cpu_seconds(validate))
    ratio = best["validate"] / best["pass"]
    print(
        f"python -c pass: {best['pass'] * 1000:.0f} ms CPU; newsdump validate ONEFILE: "
        f"{best['validate'] * 1000:.0f} ms CPU; {ratio:.1f}x (goal at most {GOAL:.0f}x), "
        f"best of {arguments.rounds}"
    )
    print("slowest imports of validate (cumulative, python -X importtime, one run):")
    for microseconds, name in imports(validate, 14):
        print(f"  {microseconds / 1000:6.1f} ms  {name}")
    return 1 if arguments.check and ratio > GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
