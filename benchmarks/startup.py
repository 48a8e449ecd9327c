"""Start-up: ``newsdump validate ONEFILE`` as a new process, against ``python -c pass``,
in a fresh virtual environment holding only newsdump and what it requires; and
``newsdump validate --fix`` of the file with one defect, as a fixing hook runs it.

    python benchmarks/startup.py [--rounds N] [--venv DIR] [--check]

A scraper's pre-commit hook starts newsdump once a commit, for a file or two: start-up
is most of what it waits for. pre-commit installs a hook into a venv of its own, with a
regular (not editable) install: so does this benchmark, in a temporary folder (or DIR,
kept and reused when given), from this checkout. The environment that runs the tests is
no yardstick: its ``site`` may run ``.pth`` files (an editable install's, certifi's)
that make ``python -c pass`` slow and every ratio look good.

Both commands run as new processes of the venv's Python, in alternating rounds, each
timed in CPU time (user and system, of the child), best of N. Both figures are printed,
and their ratio (the goal: at most 8). ``--check`` exits 1 above it. It then lists what
``validate`` imports that costs the most (``python -X importtime``, in the venv).
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
ONEFILE = ROOT / "fixtures" / "valid" / "interview_and_related.txt"
GOAL = 8.0


def cpu_seconds(command: list[str]) -> float:
    """The CPU time of one run of ``command``, as a new process (getrusage: microseconds,
    where os.times counts clock ticks of 10 ms)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def imports(python: pathlib.Path, arguments: list[str], top: int) -> list[tuple[int, str]]:
    """The modules whose import (with what they import) took longest, in microseconds."""
    done = subprocess.run(
        [str(python), "-X", "importtime", *arguments],
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


def fresh_venv(folder: pathlib.Path) -> pathlib.Path:
    """A venv at ``folder`` with newsdump installed from this checkout as pre-commit
    installs a hook (a wheel, not editable); its Python. A venv already there is reused,
    but newsdump is installed into it again: it would measure an older checkout."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)], check=True)
    else:
        again = ["--quiet", "--force-reinstall", "--no-deps"]
        subprocess.run([str(python), "-m", "pip", "install", *again, str(ROOT)], check=True)
    return python


def _stray_copy(folder: pathlib.Path) -> pathlib.Path:
    """ONEFILE with its first ``TT`` line taken out, written afresh for each fix."""
    stray = folder / "stray.txt"
    stray.write_text(ONEFILE.read_text(encoding="utf-8").replace("\nTT\n", "\n", 1))
    return stray


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--venv", type=pathlib.Path, help="the venv to use (made if missing)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        python = fresh_venv(arguments.venv or pathlib.Path(temporary) / "venv")
        bare = [str(python), "-c", "pass"]
        # The console script, as the hook runs it (``-m`` would add runpy's start-up).
        script = str(python.parent / "newsdump")
        validate = [script, "validate", str(ONEFILE)]
        fix = [script, "validate", "--fix", str(pathlib.Path(temporary) / "stray.txt")]
        best = {"pass": float("inf"), "validate": float("inf"), "fix": float("inf")}
        for _ in range(arguments.rounds):
            best["pass"] = min(best["pass"], cpu_seconds(bare))
            best["validate"] = min(best["validate"], cpu_seconds(validate))
            _stray_copy(pathlib.Path(temporary))
            best["fix"] = min(best["fix"], cpu_seconds(fix))
        ratio = best["validate"] / best["pass"]
        print(
            f"in a fresh venv (newsdump installed from a wheel): python -c pass: "
            f"{best['pass'] * 1000:.1f} ms CPU; newsdump validate ONEFILE: "
            f"{best['validate'] * 1000:.1f} ms CPU; {ratio:.1f}x (goal at most {GOAL:.0f}x), "
            f"best of {arguments.rounds}"
        )
        print(
            f"newsdump validate --fix ONEFILE, one defect fixed: {best['fix'] * 1000:.1f} ms "
            f"CPU; {best['fix'] / best['pass']:.1f}x"
        )
        print("slowest imports of validate (cumulative, python -X importtime, one run):")
        for microseconds, name in imports(python, validate, 14):
            print(f"  {microseconds / 1000:6.1f} ms  {name}")
    return 1 if arguments.check and ratio > GOAL else 0


if __name__ == "__main__":
    sys.exit(main())
