"""The public surface: what `import newsdump` offers, and what it must not do."""

from __future__ import annotations

import importlib.resources
import pickle
from collections.abc import Callable

import attrs
import pyparsing as pp
import pytest

import newsdump

PUBLIC = {
    "Article",
    "ArticleLayout",
    "ArticleRecord",
    "ParseResult",
    "jsonl_records",
    "parse_many",
    "read_jsonl",
    "to_records",
    "write_jsonl",
    "Block",
    "Bullet",
    "Byline",
    "Caption",
    "Document",
    "DocumentLayout",
    "AccountingError",
    "LayoutError",
    "ListItem",
    "Note",
    "Paragraph",
    "Photo",
    "Question",
    "Subheading",
    "Turn",
    "__version__",
    "parse",
    "parse_file",
    "render",
    "FORMAT_VERSION",
    "JSONFormatError",
    "from_json",
    "json_schema",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
    "Unparsed",
    "Diagnostic",
    "validate",
    "validate_file",
    "fix",
    "Fix",
    "Edit",
}


def test_the_public_names_are_exactly_these() -> None:
    assert set(newsdump.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(newsdump, name)


def test_the_package_ships_type_information() -> None:
    assert importlib.resources.files("newsdump").joinpath("py.typed").is_file()


def _walk(value: object) -> list[object]:
    found = [value]
    cls = type(value)
    if attrs.has(cls):
        for field in attrs.fields(cls):
            found += _walk(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            found += _walk(item)
    return found


def test_parse_results_hold_only_model_types_and_plain_values() -> None:
    text = (
        "H\n\nS\n\nC (AP)\nC (AP)\nTT\n\nH\n\nC (AP)\nC (AP)\n\n*Q?\n\nA.\n\n+ I.\n\n"
        "Sub\n\nA view. (AFP)\n\n*Note"
    )
    allowed_modules = {"newsdump._model", "newsdump._blocks", "builtins"}
    for value in _walk(newsdump.parse(text)):
        assert type(value).__module__ in allowed_modules, type(value)
        assert not isinstance(value, pp.ParseResults)


def test_importing_and_parsing_leave_pyparsing_settings_alone() -> None:
    newsdump.parse("H\n\nC\nC\nTT\n\nH\n\nC\nC\n\nP.")
    assert pp.ParserElement.DEFAULT_WHITE_CHARS == " \n\t\r"
    # Test-only look at a private flag: packrat caching stays off for every other user.
    assert not pp.ParserElement._packratEnabled


def test_every_public_object_pickles_to_an_equal_one() -> None:
    text = (
        "H\n\nS\n\nC (AP)\nC (AP)\nTT\n\nH\n\nC (AP)\nC (AP)\n\n*Q?\n\nA.\n\n+ I.\n\n"
        "Sub\n\nA view. (AFP)\n\n*Note"
    )
    doc = newsdump.parse(text)
    lenient = newsdump.parse(text.replace("TT\n", "") + "\n\n  x", strict=False)
    objects: list[object] = [doc, lenient, *lenient.diagnostics, *_walk(doc), *_walk(lenient)]
    for value in objects:
        assert pickle.loads(pickle.dumps(value)) == value
    assert pickle.loads(pickle.dumps(lenient)).diagnostics == lenient.diagnostics
    error = newsdump.LayoutError("m", code="E201", line=1, column=1, source_line="x", path="p")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


@pytest.mark.parametrize("function", [newsdump.parse, newsdump.fix, newsdump.validate])
def test_bytes_are_refused_with_a_hint_to_decode_first(function: Callable[[str], object]) -> None:
    name = getattr(function, "__name__", "")
    with pytest.raises(
        TypeError, match=rf"newsdump\.{name}\(\) takes str, not bytes: decode first"
    ):
        function(b"Headline\n")  # type: ignore[arg-type]


def test_parse_many_refuses_a_missing_path_and_no_workers_at_the_call() -> None:
    with pytest.raises(FileNotFoundError, match="nosuch"):
        newsdump.parse_many("nosuch")  # no iteration: the call itself raises
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        newsdump.parse_many("fixtures", jobs=0)


def test_errors_are_named_where_users_import_them() -> None:
    for error in (newsdump.LayoutError, newsdump.JSONFormatError, newsdump.AccountingError):
        assert error.__module__ == "newsdump"
        assert repr(error) == f"<class 'newsdump.{error.__name__}'>"
