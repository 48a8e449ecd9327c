"""``newsdump report``: every number it gives is one validate and convert give for the
same files; the page is one self-contained, escaped HTML file."""

from __future__ import annotations

import collections
import io
import json
import pathlib
import re
import shutil
import sys
from typing import Any

import jsonschema
import pytest

from newsdump.cli import main
from tests.conftest import CORPUS, FIXTURES

_FOLDERS = [FIXTURES, *([CORPUS] if CORPUS.is_dir() else [])]
_IDS = ["fixtures", *(["corpus"] if CORPUS.is_dir() else [])]


def _json_of(argv: list[str], capsysbinary: pytest.CaptureFixture[bytes]) -> Any:
    main(argv)
    return json.loads(capsysbinary.readouterr().out)


def _report(paths: list[str], capsysbinary: pytest.CaptureFixture[bytes], *extra: str) -> Any:
    found = _json_of(["report", *paths, "--format", "json", "-j", "1", "-q", *extra], capsysbinary)
    main(["schema", "--report"])
    schema = json.loads(capsysbinary.readouterr().out)
    jsonschema.validate(found, schema)  # the schema newsdump schema --report prints
    return found


def _errors_by_file(validated: dict[str, Any]) -> dict[str, set[str]]:
    severities: dict[str, set[str]] = collections.defaultdict(set)
    for diagnostic in validated["diagnostics"]:
        severities[diagnostic["path"]].add(diagnostic["severity"])
    return severities


@pytest.mark.parametrize("folder", _FOLDERS, ids=_IDS)
def test_every_count_is_what_validate_gives_for_the_same_files(
    folder: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    found = _report([str(folder)], capsysbinary)
    validated = _json_of(["validate", str(folder), "--format", "json"], capsysbinary)
    overview = found["overview"]
    assert overview["files"] == validated["files_checked"] + validated["files_unreadable"]
    codes = collections.Counter(d["code"] for d in validated["diagnostics"])
    assert {row["code"]: row["count"] for row in found["findings"]} == codes
    counts = dict(found["page_types"]["counts"])
    counts.pop("none", None)  # files with no text: validate counts no page type for them
    assert counts == validated["page_types"]
    severities = _errors_by_file(validated)
    status = overview["status"]
    assert status["valid"] == overview["files"] - len(severities)
    assert status["warnings"] == sum(kinds == {"warning"} for kinds in severities.values())
    broken = sum("error" in kinds for kinds in severities.values())
    assert status["safe_fixable"] + status["unsafe_fixable"] + status["refused"] == broken
    if folder == FIXTURES:
        assert found["page_types"]["foreign"]["files"] == [
            d["path"] for d in validated["diagnostics"] if d["code"] == "E106"
        ]


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize("folder", _FOLDERS, ids=_IDS)
def test_articles_are_the_articles_convert_writes(
    folder: pathlib.Path, lenient: bool, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    flag = ["--lenient"] if lenient else []
    found = _report([str(folder)], capsysbinary, *flag)
    main(["convert", str(folder), "--jsonl", "-j", "1", "-q", *flag])
    records = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    articles = [r["article"] for r in records if r["article"] is not None]
    assert found["overview"]["articles"] == len(articles)
    kinds = collections.Counter(block["kind"] for a in articles for block in a["body"])
    assert found["content"]["block_kinds"] == dict(kinds)
    credits = collections.Counter(
        a["caption"]["credit"] for a in articles if a["caption"] and a["caption"]["credit"]
    )
    credits.update(
        b["credit"] for a in articles for b in a["body"] if b["kind"] == "photo" and b["credit"]
    )
    top = found["content"]["credits"]
    assert {row["credit"]: row["count"] for row in top} == dict(credits.most_common(len(top)))
    fingerprints = collections.Counter(a["fingerprint"] for a in articles)
    duplicated = [count for count in fingerprints.values() if count > 1]
    assert found["duplicates"]["exact"]["groups"] == len(duplicated)
    assert found["duplicates"]["exact"]["articles"] == sum(duplicated)


def test_fixable_counts_are_what_validate_fix_then_leaves(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    status = _report([str(copy)], capsysbinary)["overview"]["status"]
    main(["validate", str(copy), "--fix", "--format", "json"])
    capsysbinary.readouterr()
    after_safe = _json_of(["validate", str(copy), "--format", "json"], capsysbinary)
    broken = sum("error" in kinds for kinds in _errors_by_file(after_safe).values())
    assert broken == status["unsafe_fixable"] + status["refused"]
    main(["validate", str(copy), "--fix", "--unsafe-fixes", "--format", "json"])
    capsysbinary.readouterr()
    after_unsafe = _json_of(["validate", str(copy), "--format", "json"], capsysbinary)
    broken = sum("error" in kinds for kinds in _errors_by_file(after_unsafe).values())
    assert broken == status["refused"]


def test_file_names_and_scraped_text_cannot_inject_markup(tmp_path: pathlib.Path) -> None:
    pytest.importorskip("matplotlib", reason="the HTML report needs the report extra")
    text = (FIXTURES / "valid" / "single_with_final_newline.txt").read_text("utf-8")
    hostile = text.replace("(archive - AFP)", "(<b onclick=steal>AFP</b>)")
    assert hostile != text
    folder = tmp_path / "scrapes"
    folder.mkdir()
    (folder / "<script>alert(1)\n.txt").write_text(hostile, "utf-8")  # a newline too
    (folder / "also.txt").write_text(hostile, "utf-8")  # a duplicate: listed by name too
    page = tmp_path / "report.html"
    assert main(["report", str(folder), "-o", str(page), "-j", "1", "-q"]) == 0
    written = page.read_text("utf-8")
    assert "<script" not in written
    assert "<b " not in written
    assert "&lt;script&gt;alert(1)" in written
    assert "&lt;b onclick=steal&gt;AFP&lt;/b&gt;" in written  # the credit, in its table


def test_the_page_fetches_nothing_and_names_its_numbers(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    pytest.importorskip("matplotlib", reason="the HTML report needs the report extra")
    found = _report([str(FIXTURES)], capsysbinary)
    page = tmp_path / "report.html"
    assert main(["report", str(FIXTURES), "-o", str(page), "-j", "1", "-q"]) == 0
    written = page.read_text("utf-8")
    for fetched in ('src="http', "src='http", "@import", "url(http", "<link", "<script"):
        assert fetched not in written
    assert written.count("<svg") >= 5
    assert written.count("<table") >= written.count("<svg")  # each chart's numbers
    for key in ("files", "articles", "bytes"):
        assert f'id="overview-{key}">{found["overview"][key]:,}<' in written
    assert f"<title>newsdump report: {found['overview']['files']:,} files" in written


def test_the_html_report_without_matplotlib_says_what_to_install(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    page = tmp_path / "report.html"
    assert main(["report", str(FIXTURES), "-o", str(page)]) == 2
    assert "pip install 'newsdump[report]'" in capsys.readouterr().err
    assert not page.exists()


def test_near_without_datasketch_says_what_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "datasketch", None)
    assert main(["report", str(FIXTURES), "--format", "json", "--near"]) == 2
    assert "--near needs datasketch: pip install 'newsdump[near]'" in capsys.readouterr().err


def test_near_groups_distinct_texts_only(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    pytest.importorskip("datasketch", reason="near-duplicates need the near extra")
    found = _report([str(FIXTURES)], capsysbinary, "--near")
    near = found["duplicates"]["near"]
    exact_copies = {
        (m["file"], m["index"])
        for group in found["duplicates"]["exact"]["largest"]
        for m in group["members"][1:]
    }
    listed = {(m["file"], m["index"]) for group in near["largest"] for m in group["members"]}
    assert exact_copies
    assert not exact_copies & listed


def test_long_lists_are_capped_and_say_how_many_more(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        shutil.copy(FIXTURES / "pages" / "mirror_copy.txt", folder / f"mirror{number:02d}.txt")
        shutil.copy(FIXTURES / "valid" / "crlf_line_ends.txt", folder / f"story{number:02d}.txt")
    found = _report([str(folder)], capsysbinary)
    foreign = found["page_types"]["foreign"]
    assert (len(foreign["files"]), foreign["more"]) == (50, 10)
    (largest, *_) = found["duplicates"]["exact"]["largest"]
    assert (largest["size"], len(largest["members"]), largest["more"]) == (60, 50, 10)
    e106 = next(row for row in found["findings"] if row["code"] == "E106")
    assert (e106["count"], e106["files"], len(e106["examples"])) == (60, 60, 5)


def test_an_output_that_is_a_folder_is_a_usage_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(FIXTURES), "--format", "json", "-o", str(tmp_path)]) == 2
    assert "is a folder; -o takes the report's file" in capsys.readouterr().err


def test_the_json_report_goes_to_standard_output_whole(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    main(["report", str(FIXTURES / "valid"), "--format", "json", "-q"])
    found = json.load(io.BytesIO(capsysbinary.readouterr().out))
    assert found["overview"]["verdict"] == "All 4 files follow the layout, 2 with warnings."


def test_the_formats_page_example_follows_the_schema(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    page = (FIXTURES.parent / "docs" / "formats.md").read_text("utf-8")
    (example,) = re.findall(r"## The report\n.*?```json\n(.*?)```", page, re.S)
    main(["schema", "--report"])
    jsonschema.validate(json.loads(example), json.loads(capsysbinary.readouterr().out))
