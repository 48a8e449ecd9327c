"""JSON: the round trip, strict reading with paths, stable bytes, and the schema."""

from __future__ import annotations

import hashlib
import io
import json
import pathlib
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import newsdump
from newsdump.cli import main
from tests import strategies
from tests.conftest import FIXTURES, ROOT, corpus_files, valid_fixtures

VALIDATOR = jsonschema.Draft202012Validator(newsdump.json_schema())


@given(strategies.documents())
def test_json_out_and_back_in_gives_an_equal_document(doc: newsdump.Document) -> None:
    assert newsdump.from_json(newsdump.to_json(doc)) == doc
    assert newsdump.structure(newsdump.unstructure(doc)) == doc


@given(strategies.layout_texts())
def test_text_through_json_renders_to_the_same_text(case: tuple[str, list[int]]) -> None:
    text = case[0]
    assert newsdump.render(newsdump.from_json(newsdump.to_json(newsdump.parse(text)))) == text


@given(strategies.documents())
def test_every_dump_validates_against_the_published_schema(doc: newsdump.Document) -> None:
    VALIDATOR.validate(json.loads(newsdump.to_json(doc)))


@pytest.mark.parametrize("path", [*corpus_files(), *valid_fixtures()], ids=lambda p: p.name)
def test_real_and_example_files_survive_json(path: pathlib.Path) -> None:
    doc = newsdump.parse_file(path)
    dumped = newsdump.to_json(doc)
    VALIDATOR.validate(json.loads(dumped))
    assert newsdump.render(newsdump.from_json(dumped)).encode("utf-8") == path.read_bytes()


def test_the_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(newsdump.json_schema())
    jsonschema.Draft202012Validator.check_schema(newsdump.json_schema(jsonl=True))
    jsonschema.Draft202012Validator.check_schema(newsdump.json_schema(jsonl=True, dedupe=True))


@pytest.mark.parametrize("dedupe", [False, True], ids=["jsonl", "jsonl --dedupe"])
def test_every_json_lines_record_validates_against_its_schema(
    dedupe: bool, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    inputs = [str(path) for path in [*corpus_files(), *valid_fixtures()]]
    status = main(["convert", *inputs, "--jsonl", *(["--dedupe"] if dedupe else [])])
    assert status == 0
    lines = capsysbinary.readouterr().out.splitlines()
    assert lines
    validator = jsonschema.Draft202012Validator(newsdump.json_schema(jsonl=True, dedupe=dedupe))
    for line in lines:
        validator.validate(json.loads(line))


def test_a_dedupe_schema_is_of_json_lines() -> None:
    with pytest.raises(ValueError, match="jsonl=True"):
        newsdump.json_schema(dedupe=True)


def test_the_format_is_tagged_ordered_and_layout_apart() -> None:
    doc = newsdump.parse_file(FIXTURES / "valid" / "single_with_final_newline.txt")
    data = json.loads(newsdump.to_json(doc))
    assert list(data) == ["format_version", "articles", "layout", "diagnostics"]
    assert data["format_version"] == 4
    article = data["articles"][0]
    assert list(article) == [
        "fingerprint",
        "page_type",
        "template",
        "published",
        "headline",
        "standfirst",
        "caption",
        "byline",
        "dateline",
        "body",
        "line",
        "layout",
    ]
    assert article["caption"] == {
        "text": "A conservator examines a restored manuscript page (archive - AFP)",
        "credit": "archive - AFP",
    }
    assert article["body"][2] == {
        "kind": "photo",
        "text": "A manuscript page after restoration, shown at the opening of the new hall. (EPA)",
        "credit": "EPA",
        "line": 16,
    }
    assert list(article["body"][0]) == ["kind", "text", "line"]
    assert data["layout"] == {
        "bom": False,
        "line_end": "\n",
        "final_newlines": 1,
        "preamble": "",
        "other_line_ends": [],
    }
    assert article["layout"] == {
        "caption_indents": ["", ""],
        "blank_lines_before": 2,
        "banner": None,
        "tt": True,
        "header": None,
        "gaps": [],
    }
    assert data["diagnostics"] == []


def test_the_same_document_always_gives_the_same_bytes() -> None:
    path = FIXTURES / "valid" / "interview_and_related.txt"
    first, second = newsdump.parse_file(path), newsdump.parse_file(path)
    assert newsdump.to_json(first) == newsdump.to_json(second)
    assert newsdump.to_json(first, indent=4) == newsdump.to_json(second, indent=4)
    assert json.loads(newsdump.to_json(first, indent=4)) == json.loads(newsdump.to_json(first))


def _problems(data: object) -> tuple[str, ...]:
    with pytest.raises(newsdump.JSONFormatError) as raised:
        newsdump.structure(data)
    return raised.value.errors


def _valid() -> dict[str, object]:
    data: dict[str, object] = newsdump.unstructure(
        newsdump.parse_file(FIXTURES / "valid" / "single_with_final_newline.txt")
    )
    return data


def test_a_number_where_text_belongs_is_refused_with_its_path() -> None:
    data = _valid()
    data["articles"][0]["body"][3]["text"] = 5  # type: ignore[index]
    assert _problems(data) == ("expected a string, found a number 5 @ $.articles[0].body[3].text",)


def test_unknown_keys_kinds_and_values_are_each_reported() -> None:
    data = _valid()
    article = data["articles"][0]  # type: ignore[index]
    article["summary"] = "x"
    article["body"][1]["kind"] = "poem"
    article["layout"]["blank_lines_before"] = 1
    data["layout"]["line_end"] = "\r"  # type: ignore[index]
    assert sorted(_problems(data)) == sorted(
        [
            "unknown keys: summary @ $.articles[0]",
            "expected a kind among 'bullet', 'question', 'note', 'list_item', 'photo', "
            "'paragraph', 'subheading', 'unparsed', found a string 'poem' @ $.articles[0].body[1]",
            "'blank_lines_before' must be >= 2: 1 @ $.articles[0].layout",
            "expected one of '\\n', '\\r\\n', found a string '\\r' @ $.layout.line_end",
        ]
    )


def test_a_true_is_not_a_number_and_a_missing_key_is_named() -> None:
    data = _valid()
    data["layout"]["final_newlines"] = True  # type: ignore[index]
    del data["articles"][0]["headline"]  # type: ignore[index]
    assert sorted(_problems(data)) == [
        "expected a whole number, found a boolean True @ $.layout.final_newlines",
        "required key missing @ $.articles[0].headline",
    ]


def test_another_format_version_and_broken_json_are_refused() -> None:
    data = _valid()
    data["format_version"] = 5
    # Each at the key's own path, not the document's.
    assert _problems(data) == (
        "expected format_version 4 or 3 or 2, found a number 5 @ $.format_version",
    )
    data["format_version"] = 1
    assert _problems(data) == (
        "expected format_version 4 or 3 or 2, found a number 1; it was written by newsdump 0.1: "
        "convert the text again @ $.format_version",
    )
    data["format_version"] = True  # equal to 1 in Python, but no version
    assert _problems(data) == (
        "expected format_version 4 or 3 or 2, found a boolean True @ $.format_version",
    )
    with pytest.raises(newsdump.JSONFormatError, match=r"invalid JSON at line 1, column 2"):
        newsdump.from_json("{oops")
    assert _problems([]) == ("expected an object, found an array @ $",)


def test_each_converter_is_new_so_hooks_of_a_user_stay_theirs() -> None:
    mine = newsdump.make_converter()
    mine.register_unstructure_hook(newsdump.Caption, lambda caption: caption.text)
    doc = newsdump.parse_file(FIXTURES / "valid" / "single_with_final_newline.txt")
    assert isinstance(mine.unstructure(doc)["articles"][0]["caption"], str)
    assert isinstance(newsdump.unstructure(doc)["articles"][0]["caption"], dict)


def _documented_fingerprint(article: dict[str, Any]) -> str:
    """Article.fingerprint as docs/scale.md defines it, written again from the words."""
    body = article["body"]
    standfirst = article["standfirst"]
    caption, byline, dateline = article["caption"], article["byline"], article["dateline"]
    fields = [
        "newsdump-article-2",
        article["headline"] or "",
        "" if standfirst is None else "+" + standfirst,
        "" if caption is None else caption["text"],
        str(len(body)),
    ]
    for block in body:
        fields += [block["kind"], block["text"]]
    fields += [] if byline is None else ["byline", byline["name"], byline["bio"]]
    fields += [] if dateline is None else ["dateline", dateline]
    ends = [field.rstrip(" \t\u00a0").encode() for field in fields]
    data = b"".join(len(end).to_bytes(8, "big") + end for end in ends)
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("path", valid_fixtures(), ids=lambda p: p.name)
def test_the_fingerprint_in_the_json_follows_its_documented_definition(path: pathlib.Path) -> None:
    for article in json.loads(newsdump.to_json(newsdump.parse_file(path)))["articles"]:
        assert article["fingerprint"] == _documented_fingerprint(article)


def test_a_fingerprint_that_does_not_match_the_content_is_refused() -> None:
    data = _valid()
    data["articles"][0]["body"][0]["text"] = "Edited."  # type: ignore[index]
    (problem,) = _problems(data)
    assert problem.startswith("expected fingerprint '")
    assert problem.endswith("@ $.articles[0].fingerprint")
    del data["articles"][0]["fingerprint"]  # type: ignore[index]
    assert newsdump.structure(data).articles[0].body[0].text == "Edited."


def test_the_annotated_example_in_json_md_has_every_key_and_the_real_fingerprint() -> None:
    page = (ROOT / "docs" / "json.md").read_text("utf-8")
    example = page.split("```json\n", 1)[1].split("```", 1)[0]
    text = (ROOT / "fixtures" / "valid" / "single_with_final_newline.txt").read_text("utf-8")
    doc = newsdump.parse(text)
    written = json.loads(newsdump.to_json(doc))

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for item in value.values() for k in keys(item)}
        if isinstance(value, list):
            return {k for item in value for k in keys(item)}
        return set()

    assert set(re.findall(r'"([a-z_]+)":', example)) == keys(written)
    shown = re.search(r'"fingerprint": "([0-9a-f]+)…"', example)
    assert shown is not None
    assert doc.articles[0].fingerprint.startswith(shown[1])


def test_version_2_documents_and_records_are_read_as_they_were_meant() -> None:
    doc = newsdump.parse_file(FIXTURES / "valid" / "interview_and_related.txt")
    data = _valid()
    data["format_version"] = 2
    assert newsdump.from_json(json.dumps(data)) == newsdump.from_json(json.dumps(_valid()))
    stream = io.BytesIO()
    newsdump.write_jsonl(newsdump.jsonl_records(doc, "a.txt"), stream)
    record = json.loads(stream.getvalue().splitlines()[0])
    old = {key: value for key, value in record.items() if key != "diagnostics"}
    old["format_version"] = 2  # version 2 records had no diagnostics
    (read,) = newsdump.read_jsonl(io.BytesIO(json.dumps(old).encode()))
    assert (read.article, read.diagnostics) == (doc.articles[0], ())
