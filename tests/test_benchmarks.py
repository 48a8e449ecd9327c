"""The benchmarks say what they measure. (Their figures are in docs/speed.md: they take
minutes, and are never timed tests.)"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

from tests.conftest import ROOT, load_script


@pytest.mark.parametrize("script", ["throughput.py", "compare_revisions.py"])
def test_a_benchmark_says_when_it_falls_back_to_the_fixtures(
    script: str,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A private function of the script: running the benchmark to see its first line
    # takes minutes.
    benchmark = load_script(ROOT / "benchmarks" / script)
    monkeypatch.setattr(benchmark, "CORPUS", tmp_path / "no-corpus")
    fixtures = ROOT / "fixtures" / "valid"
    assert benchmark._default_folder() == fixtures
    missing = tmp_path / "no-corpus"
    assert capsys.readouterr().err == f"note: {missing} is missing: measuring {fixtures} instead\n"


# Each benchmark at a tiny size: it runs and says its figures, whatever they are (they
# are measured at full size, by hand, into docs/speed.md: a test never times anything).
_SMOKE = {
    "throughput.py": ["fixtures/valid", "--rounds", "1", "--quick"],
    "compare_revisions.py": ["HEAD", "--turns", "1", "--folder", "fixtures/valid"],
    "many_files.py": ["--files", "40", "--rounds", "1"],
    "near_duplicates.py": ["--articles", "20", "--speed", "40", "--cuts", "10"],
    "pathological.py": ["--sizes", "1", "--only", "glued", "--commands", "validate"],
    "report.py": ["--files", "30", "--rounds", "1"],
    "single_defects.py": ["--per-file", "1"],
    "lost_updates.py": ["--trials", "1"],
    "crash_consistency.py": ["--trials", "1", "--paragraphs", "20"],
    "startup.py": ["--rounds", "1"],  # builds a venv: pip installs from the package index
}


def test_every_benchmark_has_a_smoke_run() -> None:
    assert set(_SMOKE) == {path.name for path in (ROOT / "benchmarks").glob("*.py")}


@pytest.mark.parametrize("script", sorted(_SMOKE))
def test_each_benchmark_runs_at_a_tiny_size(script: str) -> None:
    if script == "compare_revisions.py" and not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: compare_revisions.py builds a revision's worktree")
    needs = {"near_duplicates.py": "datasketch", "report.py": "matplotlib"}.get(script)
    if needs:
        pytest.importorskip(needs, reason=f"{script} needs {needs}")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *_SMOKE[script]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: a goal missed at this size
    assert done.stdout.strip(), f"{script} printed no figure"
