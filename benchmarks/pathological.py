"""Pathological text: CPU time and peak memory of ``validate`` and a lenient parse on
inputs built to be as costly as possible, beside a real scrape of the same size.

    python benchmarks/pathological.py [--sizes 5,50] [--only glued,nul] [--rounds 1]
                                      [--commands validate,parse,fix,duplicates]

Each input is one valid article header followed by SIZE MB of one pattern: glued
one-letter lines, NUL between letters, lines holding one space, one-letter blocks (each
with a NUL, or separated by two blank lines), control-character lines between letters,
random bytes, a real scrape saved as cp1252. The reference is real scrapes
(../shared/corpus when present, else fixtures/valid) repeated to the same size: the
"ratio" column is the pathological input's CPU time over the reference's, measured in
the same run, so it means the same on a fast machine and a slow one.

Every measurement runs in a fresh process, which reports its own CPU time and largest
resident set (``ru_maxrss``), the interpreter and its imports included (about 30 MB).
Goal (issue 10): under 400 MB for any 5 MB input, and time linear in the size (the
50 MB row about ten times the 5 MB one).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable

import newsdump

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# The child: run one command on one file, then report its own cost.
_CHILD = """
import json, os, resource, sys, time
command, path = sys.argv[1:3]
if command in ("validate", "fix", "duplicates"):
    from newsdump.cli import main
    sys.stdout = open(os.devnull, "w")
    sys.stderr = open(os.devnull, "w")
    if command == "duplicates":
        main(["duplicates", path, "--lenient", "-j", "1"])
    else:
        main(["validate", path] + (["--fix", "--unsafe-fixes"] if command == "fix" else []))
else:
    import newsdump
    newsdump.parse_file(path, strict=False)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}),
      file=sys.__stdout__)
"""


def _header() -> str:
    """One valid article header and a first paragraph, from our own fixtures."""
    text = (ROOT / "fixtures" / "valid" / "single_with_final_newline.txt").read_text("utf-8")
    doc = newsdump.parse(text)
    first = doc.articles[0]
    alone = newsdump.Document(
        articles=(
            newsdump.Article(headline=first.headline, caption=first.caption, body=first.body[:1]),
        )
    )
    return newsdump.render(alone) + "\n\n"


def _repeat(unit: bytes, size: int) -> bytes:
    return (unit * (size // len(unit) + 1))[:size]


def _reference(size: int) -> bytes:
    """Real scrapes, whole, one after another as related stories are (three blank lines
    apart), to about ``size`` bytes: one valid file."""
    paths = sorted(CORPUS.glob("*.txt")) or sorted((ROOT / "fixtures" / "valid").glob("*.txt"))
    # A file that starts with a byte-order mark can only come first; its CRLF
    # line ends would make the whole a file of mixed line ends.
    texts = [path.read_bytes().rstrip(b"\n") for path in paths]
    unit = b"\n\n\n".join(t for t in texts if not t.startswith(b"\xef\xbb\xbf") and b"\r" not in t)
    return b"\n\n\n".join([unit] * max(1, size // len(unit)))


def _cp1252(size: int) -> bytes:
    text = (ROOT / "fixtures" / "valid" / "interview_and_related.txt").read_text("utf-8")
    return _repeat(text.encode("cp1252", "replace") + b"\n\n\n", size)


def _one_article(size: int) -> bytes:
    """One article whose body is real paragraphs, repeated to ``size`` bytes (after the
    header :func:`_input` puts first): the longest article a scrape could hold."""
    doc = newsdump.parse(_reference(200_000).decode("utf-8"))
    paragraphs = [b.text for a in doc.articles for b in a.body if b.kind == "paragraph"]
    unit = "\n\n".join(paragraphs).encode("utf-8") + b"\n\n"
    return _repeat(unit, size).rstrip(b"\n") + b"\n"


PATTERNS: dict[str, Callable[[int], bytes]] = {
    "glued one-letter lines": lambda size: _repeat(b"a\n", size),
    "NUL between letters": lambda size: _repeat(b"\x00a", size),
    "lines of one space": lambda size: _repeat(b" \n", size),
    "one-letter blocks": lambda size: _repeat(b"a\n\n", size),
    "one-letter blocks, a NUL each": lambda size: _repeat(b"a\x00\n\n", size),
    "blocks two blank lines apart": lambda size: _repeat(b"a\n\n\n", size),
    "NUL lines between letters": lambda size: _repeat(b"a\n\x00\n", size),
    "random bytes": lambda size: random.Random(1).randbytes(size),
    "cp1252 scrape": _cp1252,
    "one article of real paragraphs": _one_article,
}


def _input(name: str, size: int) -> bytes:
    if name == "reference":
        return _reference(size)
    if name in ("random bytes", "cp1252 scrape"):
        return PATTERNS[name](size)
    return _header().encode("utf-8") + PATTERNS[name](size)


def _measure(command: str, path: pathlib.Path, rounds: int) -> dict[str, float]:
    """The best CPU time of ``rounds`` fresh processes, with the largest memory seen."""
    runs = []
    for _ in range(rounds):
        given = path
        if command == "fix":  # it writes over its input: each round gets a copy
            given = path.with_suffix(".copy.txt")
            shutil.copyfile(path, given)
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, command, str(given)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return {"cpu": min(run["cpu"] for run in runs), "rss_kb": max(run["rss_kb"] for run in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,50", help="input sizes in MB (default 5,50)")
    parser.add_argument("--only", default="", help="comma-separated pattern names to run")
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes per figure")
    parser.add_argument(
        "--commands",
        default="validate,parse",
        help="of validate, parse (lenient), fix (validate --fix --unsafe-fixes on a copy) "
        "and duplicates (its near-duplicate signatures: needs newsdump[near])",
    )
    arguments = parser.parse_args()
    wanted = [
        name
        for name in PATTERNS
        if not arguments.only
        or any(part.strip() and part.strip() in name for part in arguments.only.split(","))
    ]
    columns = ("CPU s", 7), ("ratio", 6), ("peak MB", 8), ("x input", 7)
    print(f"{'input':34} {'MB':>4} {'command':9} " + " ".join(f"{c:>{w}}" for c, w in columns))
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in (int(size) for size in arguments.sizes.split(",")):
            size = megabytes * 1_000_000
            reference = pathlib.Path(tmp) / "reference.txt"
            reference.write_bytes(_input("reference", size))
            for command in arguments.commands.split(","):
                base = _measure(command, reference, arguments.rounds)
                _row("real scrapes (reference)", megabytes, command, base, base)
                for name in wanted:
                    path = pathlib.Path(tmp) / "input.txt"
                    path.write_bytes(_input(name, size))
                    _row(name, megabytes, command, _measure(command, path, arguments.rounds), base)


def _row(
    name: str, megabytes: int, command: str, got: dict[str, float], base: dict[str, float]
) -> None:
    peak = got["rss_kb"] / 1024
    print(
        f"{name:34} {megabytes:>4} {command:9} {got['cpu']:7.1f} {got['cpu'] / base['cpu']:6.1f} "
        f"{peak:8.0f} {peak / megabytes:7.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
