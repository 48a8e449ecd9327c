"""``newsdump report`` against ``newsdump validate`` on the same files, and its memory.

    python benchmarks/report.py [--files N] [--rounds R] [--strays] [--memory]

It writes N files (default 1,500) into a temporary folder, 100 to a sub-folder, cycling
through ../shared/corpus (when present) and the valid fixtures (with --strays, every
fixture: strays and other page types, two thirds of them broken). It runs ``validate
--format json`` and ``report --format json`` on them in this process (``-j 1``),
alternating, best of R rounds, in CPU time; the ratio is the figure (goal: report at
most 2.5x validate). ``report --near`` is measured too, and the HTML page once: its
charts cost the same whatever the number of files. With ``--memory``, the peak resident
memory of ``report`` on N and 10 N files, each in a fresh process: flat when close.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import itertools
import pathlib
import subprocess
import sys
import tempfile
import time

from newsdump.cli import main as command_line

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GOAL = 2.5

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_files(folder: pathlib.Path, count: int, *, strays: bool = False) -> int:
    """Write ``count`` files below ``folder``; return their total size in bytes. The
    samples are the corpus and the valid fixtures, as a scraped corpus is mostly valid;
    with ``strays``, every fixture (two thirds of them break the layout)."""
    if not CORPUS.is_dir():
        print(f"note: {CORPUS} is missing: the files are fixtures only", file=sys.stderr)
    fixtures = ROOT / "fixtures" / ("" if strays else "valid")
    samples = [
        path.read_bytes()
        for path in [*sorted(CORPUS.glob("*.txt")), *sorted(fixtures.rglob("*.txt"))]
    ]
    total = 0
    for number, data in zip(range(count), itertools.cycle(samples), strict=False):
        sub = folder / f"part{number // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story{number:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def _cpu(argv: list[str]) -> float:
    sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # with a .buffer, as stdout
    start = time.process_time()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
        command_line(argv)
        sink.flush()
    return time.process_time() - start


def _has_near() -> bool:
    return importlib.util.find_spec("datasketch") is not None


def _peak_kb(argv: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "newsdump", *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--strays", action="store_true", help="every fixture, broken or not")
    parser.add_argument("--memory", action="store_true", help="also the peak memory")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(temporary) / "files"
        size = make_files(folder, arguments.files, strays=arguments.strays)
        validate = ["validate", str(folder), "--format", "json"]
        report = ["report", str(folder), "--format", "json", "-j", "1", "-q"]
        near = [*report, "--near"]
        best = {"validate": float("inf"), "report": float("inf"), "near": float("inf")}
        for _ in range(arguments.rounds):
            best["validate"] = min(best["validate"], _cpu(validate))
            best["report"] = min(best["report"], _cpu(report))
            if _has_near():
                best["near"] = min(best["near"], _cpu(near))
        page = str(folder.parent / "report.html")
        html = _cpu(["report", str(folder), "-o", page, "-j", "1", "-q"])
        ratio = best["report"] / best["validate"]
        print(
            f"{arguments.files:,} files, {size / 1e6:.1f} MB; best of {arguments.rounds} rounds, "
            f"CPU time in one process\n"
            f"  validate --format json   {best['validate']:6.2f} s\n"
            f"  report --format json     {best['report']:6.2f} s   {ratio:.2f}x validate "
            f"(goal at most {GOAL}x)\n"
            f"  report (HTML page)       {html:6.2f} s   once"
        )
        if _has_near():
            print(
                f"  report --near            {best['near']:6.2f} s   "
                f"{best['near'] / best['validate']:.2f}x validate (near-duplicates: opt-in)"
            )
        if arguments.memory:
            _memory(pathlib.Path(temporary), arguments.files)
    return 0 if ratio <= GOAL else 1


def _memory(temporary: pathlib.Path, files: int) -> None:
    peaks = []
    for count in (files, files * 10):
        folder = temporary / f"memory{count}"
        make_files(folder, count)
        peaks.append(_peak_kb(["report", str(folder), "--format", "json", "-j", "1", "-q"]))
    print(
        f"  peak memory of report: {files:,} files {peaks[0] / 1024:.0f} MiB, "
        f"{files * 10:,} files {peaks[1] / 1024:.0f} MiB ({peaks[1] / peaks[0]:.2f}x)"
    )


if __name__ == "__main__":
    sys.exit(main())
