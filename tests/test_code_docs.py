"""docs/codes/ has a page for every code, made from the catalogue in the code."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

import newsdump
from newsdump._diagnostics import (
    CODES,
)
from newsdump._findings import RUN_SUFFIX
from tests.conftest import FIXTURES, ROOT, load_script

INVALID = sorted((FIXTURES / "invalid").glob("*.txt"))

CODE_DOCS = ROOT / "docs" / "codes"


def _generator() -> ModuleType:
    return load_script(CODE_DOCS / "generate.py")


def test_every_code_page_is_current() -> None:
    for name, text in _generator().pages().items():
        page = CODE_DOCS / name
        assert page.is_file(), f"docs/codes/{name} is missing: run python docs/codes/generate.py"
        assert page.read_text(encoding="utf-8") == text, (
            f"docs/codes/{name} is out of date: run python docs/codes/generate.py"
        )


def test_no_page_is_left_for_a_code_that_is_gone() -> None:
    pages = {path.stem for path in CODE_DOCS.glob("*.md")} - {"README"}
    assert pages == set(CODES)


def test_no_code_is_named_outside_the_catalogue() -> None:
    """Readers refer to catalogue entries by name (MISSING_TT), never by a code literal,
    so that a code and its wording live in one place."""
    for path in (ROOT / "src" / "newsdump").glob("*.py"):
        if path.name != "_diagnostics.py":
            literals = re.findall(r"[\"']([EW]\d{3})[\"']", path.read_text())
            assert literals == [], f"{path.name} names {literals}"


def _words(template: str) -> str:
    return ".+".join(map(re.escape, re.split(r"\{[a-z_:,]+\}", template)))


def _template(message: str) -> re.Pattern[str]:
    """The catalogue's template as a pattern: its words, any text for each field, and
    what a finding that stands for a run of them adds (RUN_SUFFIX), if it does."""
    return re.compile(f"(?s){_words(message)}(?:{_words(RUN_SUFFIX)})?")


def test_every_finding_says_its_codes_one_sentence_and_no_retired_code_is_reported() -> None:
    texts = [entry.example for entry in CODES.values()]
    texts += [path.read_bytes().decode("utf-8", "surrogateescape") for path in INVALID]
    texts.append(CODES["E301"].example + "\nglued" * 30)  # a run, reported once
    found = [d for text in texts for d in newsdump.validate(text)]
    assert {d.code for d in found} >= set(CODES) - _NOT_FROM_TEXT
    for diagnostic in found:
        assert _template(CODES[diagnostic.code].message).fullmatch(diagnostic.message), diagnostic
        assert CODES[diagnostic.code].retired is None


# E102 is about bytes, which a str example cannot hold (tests/test_lenient.py checks it on a
# file); E105 about a file that cannot be read (tests/test_hostile.py); E300 is retired.
_NOT_FROM_TEXT = {"E102", "E105", "E300"}


@pytest.mark.parametrize("code", sorted(set(CODES) - _NOT_FROM_TEXT))
def test_each_code_example_is_reported_with_that_code(code: str) -> None:
    assert code in {d.code for d in newsdump.validate(CODES[code].example)}
