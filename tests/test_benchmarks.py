"""The benchmarks say what they measure. (Their figures are in docs/speed.md: they take
minutes, and are never timed tests.)"""

from __future__ import annotations

import pathlib

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
