"""docs/codes/ has a page for every code, made from the catalogue in the code."""

from __future__ import annotations

import re
from types import ModuleType

import pytest

import newsdump
from newsdump._diagnostics import CODES
from tests.conftest import ROOT, load_script

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


def test_every_code_the_program_uses_is_in_the_catalogue() -> None:
    sources = "".join(path.read_text() for path in (ROOT / "src" / "newsdump").glob("*.py"))
    used = set(re.findall(r'"([EW]\d{3})"', sources))
    assert used <= set(CODES), used - set(CODES)


# E102 is about bytes, which a str example cannot hold (tests/test_lenient.py checks it on a
# file); E300 is the fallback for what no other code describes.
@pytest.mark.parametrize("code", sorted(set(CODES) - {"E102", "E300"}))
def test_each_code_example_is_reported_with_that_code(code: str) -> None:
    assert code in {d.code for d in newsdump.validate(CODES[code].example)}
