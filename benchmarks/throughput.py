"""Throughput of newsdump against a reference parser, on the same bytes in the same process.

    python benchmarks/throughput.py [FOLDER] [--rounds N] [--check] [--quick]

FOLDER defaults to ../shared/corpus when it is there, else fixtures/valid. The reference
is mistune's AST parse (``mistune.create_markdown(renderer=None)``), a pure-Python block
parser of similar text. Rounds alternate between the two so that whatever else the
machine does falls on both alike; the best round of each is reported, in MB/s (10**6
bytes of UTF-8 a second). ``--check`` exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable

import mistune

import newsdump
from newsdump.cli import main as command_line

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# What is measured: one text in, anything out.

# fix reads the stray text and then the fixed one, which proves its fixes: what it adds
# to those two readings (comparing what the articles say, applying the edits) is to
# stay under a sixth of them.
FIX_OF_ITS_FLOOR = 0.85
Work = Callable[[str], object]


def split_reader(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The floor: the same information as plain tuples, read with ``str.split`` and no
    checks at all (articles at a blank-line run, blocks at a blank line, the kind from the
    first character). No Python reader that checks anything can beat it."""
    articles = []
    for part in text.split("\n\n\n"):
        lines = part.split("\n\n")
        kinds = [
            ("*" if line[:1] == "*" else "+" if line[:2] == "+ " else "", line) for line in lines
        ]
        articles.append((lines[0], kinds))
    return articles


def _measures(texts: list[str]) -> dict[str, tuple[Work, float | None]]:
    """Name -> (the work, its goal as a multiple of the reference's throughput)."""
    reference = mistune.create_markdown(renderer=None)
    # Each file with its first TT line taken out: one defect, so the whole file goes
    # through the reader (the fast path refuses it) and fix has one thing to repair.
    broken = {text: text.replace("\nTT\n", "\n", 1) for text in texts}
    fixed = {text: _article_of_first_tt(text) for text in texts}
    return {
        "mistune AST parse (reference)": (reference, None),
        "str.split reader (the floor)": (split_reader, None),
        "newsdump.parse": (newsdump.parse, 5.0),
        "newsdump.to_json(parse(text))": (lambda text: newsdump.to_json(newsdump.parse(text)), 3.5),
        "newsdump.validate": (newsdump.validate, 4.0),
        # The reader's, and fix's: the speed issue's goals (issue 23).
        "newsdump.validate, a defect a file": (lambda text: newsdump.validate(broken[text]), 3.0),
        # Held to its floor below, not to mistune: see docs/speed.md, "Why fix stays at
        # about two validates".
        "newsdump.fix, a defect a file": (lambda text: newsdump.fix(broken[text]), None),
        # A hook or a corpus run fixes mostly valid files: that costs a validate.
        "newsdump.fix, valid files": (newsdump.fix, None),
        # What fix must do at least: read the stray file, then read the fixed file to
        # prove its fixes kept every word (what fix does), or at the very least the
        # article fixed, alone (what a reader that re-read only what changed would).
        "fix's floor: validate stray + fixed": (
            lambda text: (newsdump.validate(broken[text]), newsdump.validate(text)),
            None,
        ),
        "  ...or stray + the fixed article": (
            lambda text: (newsdump.validate(broken[text]), newsdump.validate(fixed[text])),
            None,
        ),
    }


def _article_of_first_tt(text: str) -> str:
    """The article that holds the text's first ``TT`` line, written alone."""
    doc = newsdump.parse(text)
    line = text[: text.index("\nTT\n") + 1].count("\n") + 1
    article = [article for article in doc.articles if (article.line or 1) <= line][-1]
    return newsdump.render(newsdump.Document(articles=(article,)))


# Inputs built to break a careless parser, each timed at 1 MB and at 10 MB.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "one 10 MB line": lambda size: "x" * size,
    "10 MB of newlines": lambda size: "\n" * size,
    "10 MB of '*'": lambda size: "*" * size,
}


def _pathological() -> None:
    """validate, and lenient parse and render, on pathological inputs: time must grow
    linearly with the size."""
    print("pathological inputs (validate, then parse(strict=False) and render):")
    for name, make in PATHOLOGICAL.items():
        seconds = []
        for size in (1_000_000, 10_000_000):
            text = make(size)
            start = time.perf_counter()
            newsdump.validate(text)
            assert newsdump.render(newsdump.parse(text, strict=False)) == text
            seconds.append(time.perf_counter() - start)
        print(
            f"  {name:<20} 1 MB {seconds[0]:6.2f} s   10 MB {seconds[1]:6.2f} s   "
            f"(x{seconds[1] / seconds[0]:.1f} the time for x10 the size)"
        )


def _command_line(folder: pathlib.Path, size: int, rounds: int) -> None:
    """``newsdump convert FOLDER -o OUT``: in this process (best of the rounds), and once as
    a fresh process, start-up included."""
    with tempfile.TemporaryDirectory() as out:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            command_line(["convert", str(folder), "-o", out, "-q"])
            best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "newsdump", "convert", str(folder), "-o", out, "-q"], check=True
        )
        fresh = time.perf_counter() - start
    print(
        f"  {'newsdump convert FOLDER -o OUT':<32} {size / best / 1e6:8.1f} MB/s   "
        f"(in process; as a new process {size / fresh / 1e6:.1f} MB/s, "
        f"{fresh * 1000:.0f} ms with start-up)"
    )


def _memory(texts: list[str], size: int) -> None:
    """What a parsed Document holds beside its input, and what a parse peaks at, per MB of
    input (tracemalloc: Python's own allocations)."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    docs = [newsdump.parse(text) for text in texts]
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    megabytes = size / 1e6
    print(
        f"  memory: the Documents hold {(held - before) / 1e6 / megabytes:.2f} MB per MB of "
        f"input beside it; a parse peaks at {(peak - before) / 1e6 / megabytes:.2f} MB per MB"
    )
    del docs


def _seconds(work: Work, texts: list[str], repeat: int) -> float:
    """CPU time, not wall time: what else the machine does is not counted."""
    start = time.process_time()
    for _ in range(repeat):
        for text in texts:
            work(text)
    return time.process_time() - start


def _default_folder() -> pathlib.Path:
    if CORPUS.is_dir():
        return CORPUS
    fallback = ROOT / "fixtures" / "valid"
    print(f"note: {CORPUS} is missing: measuring {fallback} instead", file=sys.stderr)
    return fallback


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder",
        nargs="?",
        type=pathlib.Path,
        default=None,
        help="default: ../shared/corpus, or fixtures/valid (saying so) when it is missing",
    )
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--quick", action="store_true", help="leave out the pathological inputs")
    arguments = parser.parse_args(argv)
    arguments.folder = arguments.folder or _default_folder()

    texts = [path.read_text(encoding="utf-8") for path in sorted(arguments.folder.glob("*.txt"))]
    size = sum(len(text.encode("utf-8")) for text in texts)
    repeat = max(1, 2_000_000 // max(size, 1))  # about 2 MB a round
    measures = _measures(texts)
    best = dict.fromkeys(measures, float("inf"))
    for _ in range(arguments.rounds):
        for name, (work, _goal) in measures.items():
            best[name] = min(best[name], _seconds(work, texts, repeat))

    print(
        f"{arguments.folder}: {len(texts)} files, {size:,} bytes; "
        f"best of {arguments.rounds} rounds of {repeat} passes"
    )
    reference = next(iter(measures))
    reference_rate = size * repeat / best[reference] / 1e6
    missed = False
    for name, (_work, goal) in measures.items():
        rate = size * repeat / best[name] / 1e6
        line = f"  {name:<36} {rate:8.1f} MB/s"
        ratio = rate / reference_rate
        if goal is None and name != reference:
            line += f"   {ratio:5.2f}x the reference"
        if goal is not None:
            met = ratio >= goal
            missed |= not met
            line += (
                f"   {ratio:5.2f}x the reference (goal {goal:.1f}x: {'met' if met else 'MISSED'})"
            )
        print(line)
    proof = best["fix's floor: validate stray + fixed"] / best["newsdump.fix, a defect a file"]
    met = proof >= FIX_OF_ITS_FLOOR
    missed |= not met
    print(
        f"  newsdump.fix runs at {proof:.2f} of its floor "
        f"(goal {FIX_OF_ITS_FLOOR}: {'met' if met else 'MISSED'})"
    )
    floor = size * repeat / best["str.split reader (the floor)"] / 1e6
    parse_rate = size * repeat / best["newsdump.parse"] / 1e6
    print(f"  newsdump.parse runs at {parse_rate / floor:.2f} of the str.split floor")
    _memory(texts, size)
    _command_line(arguments.folder, size, arguments.rounds)
    if not arguments.quick:
        _pathological()
    return 1 if arguments.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
