"""The public names are listed once, and the docs name only names that exist.

`newsdump/__init__.py` lists each public name where it lives (loaded on first use) and
again, for type checkers, in a block that never runs; these tests keep the two and the
docs in step, so a name added, renamed or removed in one place fails here.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import newsdump
from tests.conftest import ROOT

_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_CONSTANT = re.compile(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`")
_DOTTED = re.compile(r"\bnewsdump((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")


def _prose(path: Path) -> str:
    """A doc's text but its shell and output blocks (tested by running them) and its
    figures' logs (measurements of the revision they name); Python blocks stay."""
    return re.sub(r"```(?!python)[a-z]*\n.*?```", "", path.read_text(), flags=re.S)


def _type_checking_names() -> set[str]:
    # The block under `if TYPE_CHECKING:` never runs: read it as source.
    tree = ast.parse((ROOT / "src" / "newsdump" / "__init__.py").read_text())
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    names = {
        alias.asname or alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    names |= {
        node.target.id
        for node in block.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    return names


def test_type_checkers_see_exactly_the_public_names() -> None:
    assert _type_checking_names() == set(newsdump.__all__)


def test_each_public_name_the_type_checkers_see_is_where_they_are_told() -> None:
    tree = ast.parse((ROOT / "src" / "newsdump" / "__init__.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdump."):
            module = importlib.import_module(node.module)
            for alias in node.names:
                assert getattr(newsdump, alias.name) is getattr(module, alias.name)


@pytest.mark.parametrize("name", sorted(set(newsdump.__all__) - {"__version__"}))
def test_each_public_name_is_documented_in_the_api_page(name: str) -> None:
    api = (ROOT / "docs" / "api.md").read_text()
    assert re.search(rf"`{re.escape(name)}\b|^## {re.escape(name)}$", api, re.M), name


@pytest.mark.parametrize("doc", _DOCS, ids=[str(path.relative_to(ROOT)) for path in _DOCS])
def test_a_doc_names_no_newsdump_attribute_that_does_not_exist(doc: Path) -> None:
    for dotted in set(_DOTTED.findall(_prose(doc))):
        parts = dotted.strip(".").split(".")
        if parts[0] in {"git", "sarif"}:  # file names: newsdump.git, results.newsdump.sarif
            continue
        module, target = "newsdump", newsdump
        for part in parts:
            if not hasattr(target, part):  # a module not yet loaded: import raises if none
                module = f"{module}.{part}"
                target = importlib.import_module(module)
            else:
                target = getattr(target, part)


@pytest.mark.parametrize("doc", _DOCS, ids=[str(path.relative_to(ROOT)) for path in _DOCS])
def test_a_constant_a_doc_names_is_public_or_named_in_the_source(doc: Path) -> None:
    source = "\n".join(path.read_text() for path in (ROOT / "src").rglob("*.py"))
    for name in set(_CONSTANT.findall(_prose(doc))):
        public = name in newsdump.__all__
        assert public or re.search(rf"\b{name}\b", source), f"{doc.name} names {name}"
