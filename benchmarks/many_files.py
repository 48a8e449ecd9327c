"""Many files: ``newsdump convert --jsonl`` with one and two worker processes, and the
peak memory of convert, validate and render for 1,000 and 10,000 files.

    python benchmarks/many_files.py [--files N] [--rounds R] [--memory-only | --batches-only]

It writes a corpus of N files (default 10,000) into a temporary folder, 100 to a
sub-folder, cycling through ../shared/corpus (when present) and fixtures/valid, and
times the command as a new process, best of R rounds. Peak memory is the largest
resident set of the converting process and its workers (``ru_maxrss`` of the children),
measured in a fresh process each time. Memory is flat when the peak for N files is
the peak for N/10: validate over the folders, render of a folder of JSON files, and
render of one JSON Lines file of each corpus (about 10 MB and 100 MB for the default).

It also reports this machine's own ceiling: the same parsing, with no files, no pipes
and no output, in one process and then split between two. Two cores of a shared virtual
machine give less than twice one; the ratio of ``--jobs`` is best read against it.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import pathlib
import subprocess
import sys
import tempfile
import time

import newsdump

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def make_corpus(folder: pathlib.Path, count: int) -> int:
    """Write ``count`` files below ``folder``; return their total size in bytes."""
    samples = [
        path.read_bytes()
        for path in [
            *sorted(CORPUS.glob("*.txt")),
            *sorted((ROOT / "fixtures" / "valid").glob("*.txt")),
        ]
    ]
    total = 0
    for number, data in zip(range(count), itertools.cycle(samples)):
        sub = folder / f"part{number // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story{number:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def _convert(folder: pathlib.Path, out: pathlib.Path, jobs: int | str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsdump",
        "convert",
        str(folder),
        "--jsonl",
        "-o",
        str(out),
        "-q",
        "--jobs",
        str(jobs),
    ]


def _parse_many(samples: list[str], count: int) -> None:
    for number in range(count):
        newsdump.parse(samples[number % len(samples)])


def ceiling(folder: pathlib.Path, rounds: int) -> float:
    """How many times faster two processes parse than one, best of ``rounds`` each."""
    samples = [path.read_text("utf-8") for path in sorted(folder.glob("part0000/*.txt"))]
    count = 20 * len(samples)
    one = two = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        _parse_many(samples, 2 * count)
        one = min(one, time.perf_counter() - start)
        start = time.perf_counter()
        workers = [
            multiprocessing.Process(target=_parse_many, args=(samples, count)) for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        two = min(two, time.perf_counter() - start)
    return one / two


def best_seconds(folder: pathlib.Path, out: pathlib.Path, jobs: int | str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(_convert(folder, out, jobs), check=True)
        best = min(best, time.perf_counter() - start)
    return best


def peak_kib(command: list[str]) -> int:
    """The largest resident set of ``command`` (a newsdump command line) and its
    workers, run as a new process, in KiB."""
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, sys.executable, "-m", "newsdump", *command],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.split()[-1])


def _commands(base: pathlib.Path, size: str, folder: pathlib.Path) -> dict[str, list[str]]:
    """The command lines whose memory is measured, for one corpus (``size``)."""
    convert = ["convert", str(folder), "--jsonl", "-o", str(base / "peak"), "-q"]
    back = ["-o", str(base / "back")]
    return {
        "convert --jsonl -j 1": [*convert, "-j", "1"],
        "convert --jsonl -j 2": [*convert, "-j", "2"],
        "convert --format parquet": [
            "convert",
            str(folder),
            "--format",
            "parquet",
            "-o",
            str(base / "peak.parquet"),
            "-q",
            "-j",
            "1",
        ],
        "validate": ["validate", str(folder)],
        "validate --format sarif": ["validate", str(folder), "--format", "sarif"],
        "render JSON files": ["render", str(base / f"{size}-json"), *back],
        "render JSON Lines": ["render", str(base / f"{size}.jsonl"), *back],
        "render Parquet": ["render", str(base / f"{size}.parquet"), *back],
    }


def memory(base: pathlib.Path, small: pathlib.Path, large: pathlib.Path, files: int) -> None:
    """Peak memory of each command for ``small`` (files/10) and ``large`` (files)."""
    for size, folder in (("small", small), ("large", large)):
        # The inputs render reads: a JSON file each, and one JSON Lines file.
        for output in (
            [str(base / f"{size}-json")],
            ["--jsonl", str(base / f"{size}.jsonl")],
            ["--format", "parquet", str(base / f"{size}.parquet")],
        ):
            argv = ["convert", str(folder), "-q", "-j", "1", "-o", *output[-1:]]
            argv += output[:-1]
            subprocess.run([sys.executable, "-m", "newsdump", *argv], check=True)
    megabytes = {size: (base / f"{size}.jsonl").stat().st_size / 1e6 for size in ("small", "large")}
    low_commands, high_commands = _commands(base, "small", small), _commands(base, "large", large)
    print("  peak memory (largest resident set of the process and its workers):")
    for name, low_command in low_commands.items():
        low = peak_kib(low_command) / 1024
        high = peak_kib(high_commands[name]) / 1024
        if name.endswith("JSON Lines"):
            few, many = f"{megabytes['small']:.0f} MB", f"{megabytes['large']:.0f} MB"
        else:
            few, many = f"{files // 10:,} files", f"{files:,} files"
        print(
            f"    {name:24} {few:>12} {low:5.0f} MiB  {many:>12} {high:5.0f} MiB"
            f"  ({high / low:.2f}x)"
        )


def speed(base: pathlib.Path, large: pathlib.Path, size: int, files: int, rounds: int) -> None:
    # Rounds alternate between the two, so that a slow spell of this shared machine
    # falls on both alike; the best round of each counts.
    times = {1: float("inf"), 2: float("inf")}
    for _ in range(rounds):
        for jobs, best in list(times.items()):
            times[jobs] = min(best, best_seconds(large, base / f"out{jobs}", jobs, 1))
    for jobs, seconds in times.items():
        print(
            f"  --jobs {jobs}: {seconds:6.2f} s  {files / seconds:8.0f} files/s  "
            f"{size / seconds / 1e6:6.1f} MB/s"
        )
    same = (base / "out1" / "articles.jsonl").read_bytes() == (
        base / "out2" / "articles.jsonl"
    ).read_bytes()
    print(
        f"  --jobs 2 is {times[1] / times[2]:.2f}x --jobs 1 (goal 1.7x); "
        f"output byte-identical: {same}"
    )
    print(
        f"  this machine's ceiling: parsing alone in two processes is "
        f"{ceiling(large, rounds):.2f}x one"
    )


def batches(base: pathlib.Path, rounds: int) -> None:
    """How the default --jobs (auto) and --jobs 2 compare with --jobs 1, in wall time,
    for small and larger batches: auto must never be slower (goal at least 0.95x), and
    two workers pay off on thousands of files (goal 1.7x from 3,000)."""
    print("  batches (wall time, best of rounds alternating; speed relative to --jobs 1):")
    for count in (32, 100, 300, 3000):
        folder = base / f"batch{count}"
        size = make_corpus(folder, count)
        best = {"auto": float("inf"), "1": float("inf"), "2": float("inf")}
        for _ in range(rounds):
            for jobs, seconds in list(best.items()):
                best[jobs] = min(seconds, best_seconds(folder, base / f"b{jobs}", jobs, 1))
        same = len({(base / f"b{jobs}" / "articles.jsonl").read_bytes() for jobs in best}) == 1
        print(
            f"    {count:5,} files ({size / 1e6:5.1f} MB): --jobs 1 {best['1']:.2f} s; "
            f"auto {best['1'] / best['auto']:.2f}x (goal 0.95x), "
            f"--jobs 2 {best['1'] / best['2']:.2f}x; output identical: {same}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--memory-only", action="store_true", help="only peak memory")
    parser.add_argument("--batches-only", action="store_true", help="only small batches")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        base = pathlib.Path(temporary)
        small, large = base / "small", base / "large"
        make_corpus(small, arguments.files // 10)
        size = make_corpus(large, arguments.files)
        print(
            f"{arguments.files:,} files, {size / 1e6:.1f} MB; best of {arguments.rounds} "
            "rounds, as a new process (start-up included)"
        )
        if arguments.batches_only:
            batches(base, arguments.rounds)
            return 0
        if not arguments.memory_only:
            speed(base, large, size, arguments.files, arguments.rounds)
            batches(base, arguments.rounds)
        memory(base, small, large, arguments.files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
