"""docs/codes/ has a page for every code, made from the catalogue in the code."""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys
from types import ModuleType

import pytest

import newsdump

# The catalogue is what these tests check the pages against.
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


# E102 is about bytes: a str holds them only as surrogates, which validate(str) does not
# call bytes (the Try it test below writes the example's bytes to a file and validates it;
# tests/test_lenient.py too); E105 about a file that cannot be read (the Try it test, and
# tests/test_hostile.py); E300 is retired.
_NOT_FROM_TEXT = {"E102", "E105", "E300"}


@pytest.mark.parametrize("code", sorted(set(CODES) - _NOT_FROM_TEXT))
def test_each_code_example_is_reported_with_that_code(code: str) -> None:
    assert code in {d.code for d in newsdump.validate(CODES[code].example)}


def _block(page: str, heading: str, language: str) -> str | None:
    found = re.search(rf"{heading}[^\n]*\n\n```{language}\n(.*?)```", page, re.S)
    return None if found is None else found.group(1)


_LIVE = sorted(code for code, entry in CODES.items() if entry.retired is None)


@pytest.mark.parametrize("code", _LIVE)
def test_each_code_page_try_it_writes_a_file_that_validate_reports_with_that_code(
    code: str, tmp_path: pathlib.Path
) -> None:
    page = (CODE_DOCS / f"{code}.md").read_text(encoding="utf-8")
    script = _block(page, "## Try it", "sh")
    assert script is not None, f"docs/codes/{code}.md has no Try it block"
    done = subprocess.run(
        ["sh", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_WITH_NEWSDUMP,
        timeout=60,
        check=False,
    )
    assert f":1:1: {code} " in done.stdout or f": {code} [" in done.stdout, (
        done.stdout + done.stderr
    )
    if CODES[code].example.startswith("$ "):
        return
    example = CODES[code].example.encode("utf-8", "surrogateescape")
    assert (tmp_path / "example.txt").read_bytes() == example  # the bytes the page shows


@pytest.mark.parametrize("code", [c for c in _LIVE if CODES[c].fixable is not None])
def test_each_code_page_diff_is_what_validate_diff_prints(
    code: str, tmp_path: pathlib.Path
) -> None:
    entry = CODES[code]
    (tmp_path / "example.txt").write_bytes(entry.example.encode("utf-8", "surrogateescape"))
    page = (CODE_DOCS / f"{code}.md").read_text(encoding="utf-8")
    unsafe = ["--unsafe-fixes"] if entry.fixable == "unsafe" else []
    command = ["validate", "--diff", *unsafe, "example.txt"]
    assert f"What `newsdump {' '.join(command)}` prints for it:" in page
    done = subprocess.run(
        [sys.executable, "-m", "newsdump", *command],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=False,
    )
    shown = _generator()._shown(done.stdout.decode("utf-8", "surrogateescape"))
    assert _block(page, "prints for it:", "diff") == shown


# The console script of the environment running the tests, as a user's shell finds it.
_WITH_NEWSDUMP = {
    **os.environ,
    "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
}
