"""The single-defect table: each kind of defect put into real files, counted.

    python benchmarks/single_defects.py [FOLDER...] [--per-file N] [--all] [--seed S]

For each valid LF file without a BOM in the folders (default: ../shared/corpus when it is
there, and fixtures/valid), and each kind of defect in tests/defects.py, up to N places
(drawn with a fixed seed; ``--all``: every place) get one defect each. Counted: how many
defected texts add exactly one finding to the file's own, at the defect's line; and how
many ``newsdump.fix`` gives back byte for byte (with ``unsafe=True`` for the kinds whose
fix is unsafe). Each miss is printed.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.defects import KINDS, places  # noqa: E402

import newsdump  # noqa: E402 - after the path that finds tests/

CORPUS = ROOT.parent / "shared" / "corpus"


def _files(folders: list[pathlib.Path]) -> list[pathlib.Path]:
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            data = path.read_bytes()
            if b"\r\n" not in data and not data.startswith(b"\xef\xbb\xbf"):
                found.append(path)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=pathlib.Path)
    parser.add_argument("--per-file", type=int, default=40, metavar="N")
    parser.add_argument("--all", action="store_true", help="every place, not a sample")
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args(argv)
    folders = arguments.folders or [
        *([CORPUS] if CORPUS.is_dir() else []),
        ROOT / "fixtures" / "valid",
    ]
    if not arguments.folders and not CORPUS.is_dir():
        print(f"note: {CORPUS} is missing: measuring fixtures/valid only", file=sys.stderr)
    rng = random.Random(arguments.seed)
    rows = {kind: [0, 0, 0] for kind in KINDS}
    for path in _files(folders):
        original = path.read_bytes().decode("utf-8")
        before = newsdump.validate(original)
        for kind in KINDS:
            found = places(original, kind)
            if not arguments.all and len(found) > arguments.per_file:
                found = rng.sample(found, arguments.per_file)
            for place in found:
                defect = place()
                after = newsdump.validate(defect.text)
                added = [d for d in after if d not in before]
                one = len(after) == len(before) + 1 and added[0].line in defect.lines
                restored = newsdump.fix(defect.text, unsafe=defect.unsafe) == original
                row = rows[kind]
                row[0] += 1
                row[1] += one
                row[2] += restored
                if not (one and restored):
                    print(f"miss: {path.name}, {kind} at {defect.lines}: {[str(d) for d in added]}")
    print(f"{'defect':<30} {'cases':>6} {'one finding, at its line':>25} {'restored by fix':>16}")
    for kind, (cases, single, back) in rows.items():
        print(f"{kind:<30} {cases:6,} {single:25,} {back:16,}")
    return 0 if all(row[0] == row[1] == row[2] for row in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
