"""Parse, validate and fix against mistune, for a git revision and the working tree, in turns.

    python benchmarks/compare_revisions.py REV [--turns N]

Each turn runs two fresh processes, the revision's code (checked out in a temporary git
worktree) and then the working tree's, each timing ``parse`` and ``validate`` against
mistune's AST parse on the corpus in the same process, best of 15 rounds, in CPU time:
``parse`` and ``validate`` of the files, and ``validate`` and ``fix`` of each with its
first ``TT`` line taken out (one defect a file, as benchmarks/throughput.py has it).
So a change's effect on speed is read as two columns of ratios measured side by side,
on a machine whose speed drifts between runs.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

_MEASURE = """
import pathlib, sys, time
import mistune, newsdump
folder = pathlib.Path(sys.argv[1])
texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
strays = [text.replace("\\nTT\\n", "\\n", 1) for text in texts]
reference = mistune.create_markdown(renderer=None)
measures = {
    "parse": (newsdump.parse, texts),
    "validate": (newsdump.validate, texts),
    "validate-stray": (newsdump.validate, strays),
    "fix-stray": (newsdump.fix, strays),
}
def cpu(work, inputs):
    start = time.process_time()
    for _ in range(25):
        for text in inputs:
            work(text)
    return time.process_time() - start
best = dict.fromkeys(["reference", *measures], 9e9)
for _ in range(15):
    best["reference"] = min(best["reference"], cpu(reference, texts))
    for name, (work, inputs) in measures.items():
        best[name] = min(best[name], cpu(work, inputs))
print(*(best["reference"] / best[name] for name in measures))
"""


_NAMES = ("parse", "validate", "validate a stray", "fix a stray")


def _ratios(source: pathlib.Path, folder: pathlib.Path) -> list[float]:
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(folder)],
        env={"PYTHONPATH": str(source / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(ratio) for ratio in result.stdout.split()]


def _default_folder() -> pathlib.Path:
    if CORPUS.is_dir():
        return CORPUS
    fallback = ROOT / "fixtures" / "valid"
    print(f"note: {CORPUS} is missing: measuring {fallback} instead", file=sys.stderr)
    return fallback


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision")
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument(
        "--folder",
        type=pathlib.Path,
        default=None,
        help="default: ../shared/corpus, or fixtures/valid (saying so) when it is missing",
    )
    arguments = parser.parse_args(argv)
    arguments.folder = arguments.folder or _default_folder()
    with tempfile.TemporaryDirectory() as scratch:
        worktree = pathlib.Path(scratch) / "revision"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                str(worktree),
                arguments.revision,
            ],
            check=True,
            capture_output=True,
        )
        try:
            print(f"x mistune's AST parse, CPU time: {arguments.revision} | working tree")
            for turn in range(1, arguments.turns + 1):
                before = _ratios(worktree, arguments.folder)
                after = _ratios(ROOT, arguments.folder)
                columns = (
                    f"{name} {old:.2f}x | {new:.2f}x"
                    for name, old, new in zip(_NAMES, before, after, strict=True)
                )
                print(f"  turn {turn}: " + "    ".join(columns))
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                check=True,
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
