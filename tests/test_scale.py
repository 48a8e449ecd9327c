"""The Dask recipe of docs/scale.md on a local cluster of two worker processes."""

from __future__ import annotations

import os
import pathlib

import pytest

from tests.conftest import FIXTURES, ROOT, valid_fixtures

pytest.importorskip("dask", reason="the dask extra is not installed: pip install -e '.[dask]'")
distributed = pytest.importorskip(
    "distributed", reason="the dask extra is not installed: pip install -e '.[dask]'"
)


def test_the_dask_recipe_on_two_processes_gives_what_a_serial_run_gives(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The workers are spawned processes: they import the recipe from the same sys.path.
    monkeypatch.syspath_prepend(str(ROOT / "docs" / "recipes"))
    import dask_jsonl  # noqa: PLC0415 - importable only once its folder is on the path

    paths = [str(path) for path in valid_fixtures()]
    paths += [str(FIXTURES / "invalid" / name) for name in ("missing_tt.txt", "glued_blocks.txt")]
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        pids = set(client.run(os.getpid).values())
        written = dask_jsonl.convert(paths, str(tmp_path / "part-*.jsonl"), partitions=2)
    assert len(pids) == 2
    assert len(written) == 2
    lines = [line for part in written for line in pathlib.Path(part).read_text().splitlines()]
    assert lines == [line for path in sorted(paths) for line in dask_jsonl.article_lines(path)]
    assert len(lines) == 2 + 2 + 3 + 1 + 1 + 1  # articles in the files, broken ones included


def test_the_dask_parquet_recipe_writes_a_partition_of_rows_per_partition_of_files(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pandas = pytest.importorskip("pandas", reason="dask dataframes need pandas (the test extra)")
    pytest.importorskip("pyarrow", reason="Parquet needs the extra: pip install -e '.[parquet]'")
    monkeypatch.syspath_prepend(str(ROOT / "docs" / "recipes"))
    import dask_parquet  # noqa: PLC0415 - importable only once its folder is on the path

    paths = [str(path) for path in valid_fixtures()]
    paths.append(str(FIXTURES / "invalid" / "missing_tt.txt"))
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster):
        dask_parquet.convert(paths, str(tmp_path / "articles"), partitions=2)
    parts = sorted((tmp_path / "articles").glob("*.parquet"))
    assert len(parts) == 2
    frame = pandas.concat([pandas.read_parquet(part) for part in parts])
    serial = [row for path in sorted(paths) for row in dask_parquet.article_rows(path)]
    assert list(frame["fingerprint"]) == [row["fingerprint"] for row in serial]
    assert list(frame["text"]) == [row["text"] for row in serial]
    assert len(frame) == 2 + 2 + 3 + 1 + 1  # articles in the files, the broken one too
