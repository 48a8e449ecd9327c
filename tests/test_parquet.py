"""Parquet: one row per article, read by DuckDB and pandas, and back to the exact text."""

from __future__ import annotations

import json
import pathlib
import shutil
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import newsdump

# Rows and records converted in memory, for hypothesis's many examples: a file a
# document through convert and render is tested end to end further down.
from newsdump._json import article_records, record_from_dict
from newsdump._tables import parquet_schema, record_of, row_of
from newsdump.cli import main
from tests import strategies
from tests.conftest import CORPUS, FIXTURES

pa = pytest.importorskip("pyarrow", reason="Parquet needs the extra: pip install -e '.[parquet]'")
pq = pytest.importorskip("pyarrow.parquet")


def _inputs(tmp_path: pathlib.Path) -> pathlib.Path:
    """Every fixture, valid and invalid, and the real scrapes when they are here."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES, folder / "fixtures")
    if CORPUS.is_dir():
        shutil.copytree(CORPUS, folder / "corpus")
    return folder


def test_every_file_goes_through_parquet_and_back_byte_for_byte(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _inputs(tmp_path)
    monkeypatch.chdir(tmp_path)  # relative sources: render mirrors them below -o
    argv = ["convert", "in", "--lenient", "--format", "parquet", "-o", "articles.parquet", "-q"]
    assert main(argv) == 0
    assert main(["render", "articles.parquet", "-o", "back"]) == 0
    originals = sorted(folder.rglob("*.txt"))
    assert len(originals) >= 18
    for path in originals:
        relative = path.relative_to(tmp_path)
        assert (tmp_path / "back" / relative).read_bytes() == path.read_bytes(), relative
    table = pq.read_table(tmp_path / "articles.parquet")
    # The file with no article has a row all the same, its text in its layout.
    (empty,) = [row for row in table.to_pylist() if row["source"].endswith("empty.txt")]
    assert (empty["headline"], empty["article_count"], empty["index"]) == (None, 0, 0)


def test_duckdb_and_pandas_read_it(tmp_path: pathlib.Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    target = tmp_path / "articles.parquet"
    assert main(["convert", str(FIXTURES / "valid"), "--format", "parquet", "-o", str(target)]) == 0
    docs = [newsdump.parse_file(path) for path in sorted((FIXTURES / "valid").glob("*.txt"))]
    credits: dict[str | None, int] = {}
    for doc in docs:
        for article in doc.articles:
            credit = None if article.caption is None else article.caption.credit
            credits[credit] = credits.get(credit, 0) + 1
    query = f"SELECT credit, count(*) FROM '{target}' GROUP BY ALL"
    assert dict(duckdb.sql(query).fetchall()) == credits
    frame = pandas.read_parquet(target)
    assert list(frame["headline"]) == [a.headline for doc in docs for a in doc.articles]
    assert list(frame["text"]) == [a.text for doc in docs for a in doc.articles]


# The columns and their types as a Parquet reader sees them, pinned: a change here is a
# change of the format.
_EXPECTED_SCHEMA = """\
source: string
index: int32
fingerprint: string
page_type: string
template: string
headline: string
standfirst: string
caption: string
credit: string
byline: string
bio: string
dateline: string
published: timestamp[ms]
text: string
bullet_count: int32
question_count: int32
note_count: int32
list_item_count: int32
photo_count: int32
paragraph_count: int32
subheading_count: int32
unparsed_count: int32
blocks: list<element: struct<kind: string, text: string, line: int32, credit: string>>
line: int32
layout: struct<caption_indents: list<element: string>, blank_lines_before: int32, \
banner: string, tt: bool, header: string, gaps: list<element: list<element: int32>>>
article_count: int32
document_layout: struct<bom: bool, line_end: string, final_newlines: int64, \
preamble: string, other_line_ends: list<element: int64>>
diagnostics: list<element: struct<code: string, severity: string, line: int32, column: int32, \
end_line: int32, end_column: int32, message: string, fix: struct<applicability: string, \
edits: list<element: struct<start: int64, end: int64, content: string>>>>>
exact_json: string"""


def _flat(schema: Any) -> str:
    return "\n".join(f"{field.name}: {field.type}" for field in schema)


def test_the_schema_is_pinned(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "articles.parquet"
    assert main(["convert", str(FIXTURES / "valid"), "--format", "parquet", "-o", str(target)]) == 0
    assert _flat(pq.read_schema(target)) == _EXPECTED_SCHEMA
    # Arrow names a list's items "item" in memory; Parquet files, "element".
    merged = _flat(parquet_schema(dedupe=True)).replace("list<item:", "list<element:")
    assert merged == _EXPECTED_SCHEMA + (
        "\nfound_in: list<element: struct<source: string, index: int32>>"
    )


def test_dedupe_keeps_each_article_once_with_every_place_it_was_found(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    valid = str(FIXTURES / "valid")
    target = tmp_path / "distinct.parquet"
    assert (
        main(["convert", valid, valid, "--format", "parquet", "--dedupe", "-o", str(target)]) == 0
    )
    capsysbinary.readouterr()
    assert main(["convert", valid, valid, "--jsonl", "--dedupe"]) == 0
    merged = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    rows = pq.read_table(target).to_pylist()
    # The same groups, in the same order, as JSON Lines --dedupe gives.
    assert [row["fingerprint"] for row in rows] == [record["fingerprint"] for record in merged]
    assert [row["found_in"] for row in rows] == [record["found_in"] for record in merged]
    assert all(len(row["found_in"]) >= 2 for row in rows)  # every file was given twice
    assert main(["render", str(target), "-o", str(tmp_path / "back")]) == 1


def test_without_pyarrow_parquet_is_a_usage_error_saying_what_to_install(
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    target = tmp_path / "a.parquet"
    assert main(["convert", str(FIXTURES / "valid"), "--format", "parquet", "-o", str(target)]) == 2
    assert "Parquet needs pyarrow: pip install 'newsdump[parquet]'" in capsys.readouterr().err
    assert not target.exists()


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(strategies.documents(), strategies.broken_texts(), st.text(max_size=200)))
def test_a_row_holds_its_record_exactly(given_: newsdump.Document | str) -> None:
    doc = given_ if isinstance(given_, newsdump.Document) else newsdump.parse(given_, strict=False)
    records = article_records(doc, "a.txt")
    table = pa.Table.from_pylist([row_of(record) for record in records], schema=parquet_schema())
    back = [record_from_dict(record_of(row)) for row in table.to_pylist()]
    assert back == [record_from_dict(record) for record in records]
    rebuilt = newsdump.Document(
        articles=tuple(r.article for r in back if r.article is not None),
        layout=back[0].document_layout,
    )
    assert rebuilt == doc
    assert newsdump.render(rebuilt) == newsdump.render(doc)
