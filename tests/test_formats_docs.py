"""The Python examples of docs/formats.md run as written, on a Parquet file of our
fixtures, as a reader following the page would."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest

from newsdump.cli import main
from tests.conftest import FIXTURES, ROOT

_BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "formats.md").read_text(), re.S)


def test_the_page_shows_duckdb_pandas_and_a_hugging_face_dataset() -> None:
    shown = "\n".join(_BLOCKS)
    assert "import duckdb" in shown
    assert "pandas.read_parquet(" in shown
    assert 'load_dataset("parquet"' in shown


@pytest.mark.parametrize("code", _BLOCKS, ids=[f"block{n}" for n in range(len(_BLOCKS))])
def test_each_example_runs_on_a_converted_file(
    code: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow", reason="Parquet needs the extra: pip install -e '.[parquet]'")
    module = re.search(r"^(?:from|import) (\w+)", code, re.M)
    assert module is not None
    if importlib.util.find_spec(module[1]) is None:
        pytest.skip(f"{module[1]} is not installed (the page says the tests do not need it)")
    monkeypatch.chdir(tmp_path)
    assert (
        main(
            [
                "convert",
                str(FIXTURES / "valid"),
                "--format",
                "parquet",
                "-o",
                "articles.parquet",
                "-q",
            ]
        )
        == 0
    )
    exec(compile(code, "docs/formats.md", "exec"), {})
