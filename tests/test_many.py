"""The public API for many files: parse_many, JSON Lines in and out, flat records."""

from __future__ import annotations

import io
import os
import pathlib
import shutil

import pytest
from hypothesis import given, strategies as st

import newsdump

# render's reader of records into documents: the public read_jsonl stops at records.
from newsdump._records import documents_from_records
from tests import strategies
from tests.conftest import FIXTURES

VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"

# One article whose body holds one block of each kind but unparsed, markers and all.
SMALL = (
    "H\n\nS\n\nC (AP)\nC (AP)\nTT\n\nH\n\nC (AP)\nC (AP)\n\n*Q?\n\nA.\n\n+ I.\n\n"
    "Sub\n\nA view. (AFP)\n\n*Note"
)


def _folder(tmp_path: pathlib.Path, count: int) -> pathlib.Path:
    """``count`` files, valid and invalid in turn, below a folder and a sub-folder."""
    folder = tmp_path / "scrapes"
    samples = sorted(VALID.glob("*.txt")) + sorted(INVALID.glob("*.txt"))
    for number in range(count):
        below = folder / "sub" if number % 3 == 0 else folder
        below.mkdir(parents=True, exist_ok=True)
        shutil.copy(samples[number % len(samples)], below / f"{number:03}.txt")
    return folder


def test_parse_many_gives_each_file_in_order_with_its_document_or_error(
    tmp_path: pathlib.Path,
) -> None:
    folder = _folder(tmp_path, 10)
    results = list(newsdump.parse_many(folder, jobs=1))
    # A folder's files in sorted order, then its sub-folders: as the command line walks.
    expected = sorted(folder.glob("*.txt")) + sorted((folder / "sub").glob("*.txt"))
    assert [result.path for result in results] == [str(path) for path in expected]
    valid = {path.read_bytes() for path in VALID.glob("*.txt")}
    for result, path in zip(results, expected, strict=True):
        if path.read_bytes() in valid:
            assert result.ok
            assert result.document == newsdump.parse_file(path)
        else:
            with pytest.raises(newsdump.LayoutError) as raised:
                newsdump.parse_file(path)
            assert result.document is None
            assert not result.ok
            assert result.error == raised.value  # its code, position, quoted line and path
            assert result.error.path == str(path)


def test_parse_many_in_workers_gives_what_one_process_gives(tmp_path: pathlib.Path) -> None:
    folder = _folder(tmp_path, 80)  # more than one batch of 32: the workers start
    one = list(newsdump.parse_many([folder], jobs=1))
    two = list(newsdump.parse_many([folder], jobs=2))
    assert one == two
    # The 4 valid fixtures come first of the 18 samples _folder cycles through.
    assert sum(result.ok for result in one) == sum(number % 18 < 4 for number in range(80))


def test_parse_many_leniently_gives_every_file_a_document(tmp_path: pathlib.Path) -> None:
    results = list(newsdump.parse_many(str(_folder(tmp_path, 18)), strict=False, jobs=1))
    assert all(result.ok for result in results)
    # The 14 invalid fixtures have errors; the valid ones at most warnings (a BOM, CRLF).
    errors = [
        any(d.severity == "error" for d in result.document.diagnostics)
        for result in results
        if result.document is not None
    ]
    assert sum(errors) == 14


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_parse_many_names_a_file_it_cannot_read_and_goes_on(tmp_path: pathlib.Path) -> None:
    os.mkfifo(tmp_path / "a.txt")
    shutil.copy(VALID / "crlf_line_ends.txt", tmp_path / "b.txt")
    fifo, good = newsdump.parse_many(tmp_path, jobs=1)
    assert fifo.error is not None
    assert (fifo.error.code, fifo.error.line, fifo.error.column) == ("E105", 1, 1)
    assert fifo.error.message == "cannot read the file: a FIFO, not a regular file: skipped"
    assert good.ok


def test_parse_many_refuses_a_missing_path_before_reading_any(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        next(newsdump.parse_many([VALID, tmp_path / "missing"]))


def test_article_text_is_the_body_without_markers_a_blank_line_apart() -> None:
    (article,) = newsdump.parse(SMALL).articles
    assert article.text == "Q?\n\nA.\n\nI.\n\nSub\n\nA view. (AFP)\n\nNote"


def test_to_records_gives_one_flat_row_per_article() -> None:
    (row,) = newsdump.to_records(newsdump.parse(SMALL), source="small.txt")
    assert row == {
        "source": "small.txt",
        "index": 0,
        "fingerprint": newsdump.parse(SMALL).articles[0].fingerprint,
        "page_type": "news",
        "template": "current",
        "headline": "H",
        "standfirst": "S",
        "caption": "C (AP)",
        "credit": "AP",
        "byline": None,
        "bio": None,
        "dateline": None,
        "published": None,
        "text": "Q?\n\nA.\n\nI.\n\nSub\n\nA view. (AFP)\n\nNote",
        "bullet_count": 0,
        "paragraph_count": 1,
        "subheading_count": 1,
        "question_count": 1,
        "note_count": 1,
        "list_item_count": 1,
        "photo_count": 1,
        "unparsed_count": 0,
    }


def test_to_records_load_into_pandas_and_arrow() -> None:
    pandas = pytest.importorskip("pandas")
    pyarrow = pytest.importorskip("pyarrow")
    doc = newsdump.parse_file(VALID / "interview_and_related.txt")
    rows = newsdump.to_records(doc, source="a.txt")
    frame = pandas.DataFrame(rows)
    assert list(frame["headline"]) == [article.headline for article in doc.articles]
    table = pyarrow.Table.from_pylist(rows)
    assert table.num_rows == 3
    assert table.column("question_count").to_pylist() == [
        sum(isinstance(block, newsdump.Question) for block in article.body)
        for article in doc.articles
    ]


@given(st.one_of(strategies.documents(), strategies.broken_texts()))
def test_json_lines_written_and_read_give_the_records_and_the_document_back(
    given_: newsdump.Document | str,
) -> None:
    doc = given_ if isinstance(given_, newsdump.Document) else newsdump.parse(given_, strict=False)
    records = newsdump.jsonl_records(doc, "a.txt")
    stream = io.BytesIO()
    assert newsdump.write_jsonl(records, stream) == len(records)
    back = list(newsdump.read_jsonl(io.BytesIO(stream.getvalue())))
    assert back == records
    assert [r.diagnostics for r in back] == [r.diagnostics for r in records]
    (found,) = documents_from_records(stream.getvalue().splitlines(), "a.jsonl")
    assert isinstance(found, tuple)
    source, rebuilt = found
    assert (source, rebuilt) == ("a.txt", doc)
    assert newsdump.render(rebuilt) == newsdump.render(doc)


def test_read_jsonl_names_the_line_that_is_not_a_record(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "articles.jsonl"
    doc = newsdump.parse_file(VALID / "crlf_line_ends.txt")
    assert newsdump.write_jsonl(newsdump.jsonl_records(doc, "a.txt"), path) == 2
    path.write_bytes(path.read_bytes() + b"\n" + b'{"format_version": 3}\n')
    records = newsdump.read_jsonl(path)
    assert [record.index for record in (next(records), next(records))] == [0, 1]
    with pytest.raises(newsdump.JSONFormatError) as raised:
        next(records)
    assert raised.value.errors[0] == "line 4: required key missing @ $.source"
