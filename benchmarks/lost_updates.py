"""Does ``validate --fix`` ever lose another writer's update?

    python benchmarks/lost_updates.py [--trials N]

Two trials, N times each, on a broken scrape (the missing-TT fixture and 3,000 paragraphs
with white space at their ends):
- two runs at once, ``--select E`` and ``--select W``: both runs' fixes must be in the file
  at the end (no E204, no W103 left);
- another program appends a paragraph every half millisecond while one run fixes the
  file: every appended paragraph must be in the file at the end.
It prints how many trials lost something; exit 1 if any did.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

import newsdump

ROOT = pathlib.Path(__file__).resolve().parent.parent
BROKEN = (ROOT / "fixtures" / "invalid" / "missing_tt.txt").read_text(encoding="utf-8")
BODY = "".join(f"\n\nParagraph {n} of the story.  " for n in range(3000))
FIX = [sys.executable, "-m", "newsdump", "validate", "--fix"]


def _both_runs_kept(path: pathlib.Path) -> bool:
    path.write_text(BROKEN + BODY, encoding="utf-8")
    runs = [
        subprocess.Popen(
            [*FIX, "--select", code, str(path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for code in ("E", "W")
    ]
    for run in runs:
        run.wait()
    left = {d.code for d in newsdump.validate(path.read_text(encoding="utf-8"))}
    return left.isdisjoint({"E204", "W103"})


def _appends_kept(path: pathlib.Path) -> tuple[bool, bool]:
    """Whether every append is in the file, and whether the run reported the change."""
    path.write_text(BROKEN + BODY, encoding="utf-8")
    run = subprocess.Popen([*FIX, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    appended = 0
    while run.poll() is None:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(f"\n\nAppended paragraph {appended}.")
        appended += 1
        time.sleep(0.0005)
    reported = b"changed while it was being fixed" in run.communicate()[1]
    text = path.read_text(encoding="utf-8")
    kept = all(f"Appended paragraph {n}." in text for n in range(appended))
    return kept, reported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    trials = parser.parse_args().trials
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "story.txt"
        lost_fixes = sum(not _both_runs_kept(path) for _ in range(trials))
        appends = [_appends_kept(path) for _ in range(trials)]
    lost_appends = sum(not kept for kept, _ in appends)
    reported = sum(said for _, said in appends)
    print(
        f"two runs at once: {lost_fixes} of {trials} lost a run's fixes; an append during "
        f"the run: {lost_appends} of {trials} lost an append ({reported} reported the change)"
    )
    return 1 if lost_fixes or lost_appends else 0


if __name__ == "__main__":
    sys.exit(main())
