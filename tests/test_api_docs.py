"""The Python examples in docs/api.md run as written."""

from __future__ import annotations

import doctest
import re

import pytest

import newsdump
from tests.conftest import ROOT

_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(), re.S)


@pytest.mark.parametrize("code", _BLOCKS, ids=[f"block{n}" for n in range(len(_BLOCKS))])
def test_each_python_example_in_the_api_page_runs(
    code: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)  # the examples name files from the top of the repository
    exec(compile(_dedent(code), "docs/api.md", "exec"), {"newsdump": newsdump})
    capsys.readouterr()


def test_the_api_page_has_the_examples_this_test_runs() -> None:
    assert any("newsdump.fix(" in block for block in _BLOCKS)
    assert any("newsdump.render(doc)" in block for block in _BLOCKS)
    assert any("newsdump.parse_many(" in block for block in _BLOCKS)
    assert any("newsdump.read_jsonl(" in block for block in _BLOCKS)


def _dedent(code: str) -> str:
    lines = code.split("\n")
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:] for line in lines)


def test_the_package_docstring_shown_by_help_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    results = doctest.testmod(newsdump)
    assert (results.failed, results.attempted) == (0, 7)
