"""grammars/ documents the grammar for readers: it must say what the code does."""

from __future__ import annotations

import html
import re
from types import ModuleType

from newsdump._blocks import BLOCK_KINDS
from tests.conftest import ROOT, load_script

GRAMMARS = ROOT / "grammars"
REGENERATE = "out of date with the code: run  python grammars/generate.py"


def _generator() -> ModuleType:
    return load_script(GRAMMARS / "generate.py")


def _diagram_content(page: str) -> list[str]:
    """What the diagram says: each rule's heading and each box's label, in order.

    The HTML around them comes from pyparsing's template, which may change between
    pyparsing releases without the grammar changing.
    """
    found = re.findall(r'railroad-heading"[^>]*>(.*?)</h1>|<text[^>]*>(.*?)</text>', page, re.S)
    return [html.unescape(heading or label) for heading, label in found]


def test_the_ebnf_file_is_what_the_grammar_generates() -> None:
    checked_in = (GRAMMARS / "layout.ebnf").read_text(encoding="utf-8")
    assert checked_in == _generator().ebnf(), f"grammars/layout.ebnf is {REGENERATE}"


def test_the_railroad_diagram_shows_the_grammar_in_the_code() -> None:
    checked_in = _diagram_content((GRAMMARS / "layout.html").read_text(encoding="utf-8"))
    generated = _diagram_content(_generator().railroad_html())
    assert checked_in == generated, f"grammars/layout.html is {REGENERATE}"
    # One element an article (its header and body one token), as the fast path matches.
    for rule in ("document", "article", "final newlines, then the end of the file"):
        assert rule in checked_in


def test_the_ebnf_states_each_block_kind_and_the_header_rule() -> None:
    ebnf = (GRAMMARS / "layout.ebnf").read_text(encoding="utf-8")
    for kind in BLOCK_KINDS:
        if kind.pattern is not None:
            assert f"\n{kind.name} = ? /{kind.pattern}/ ? ;" in ebnf
    assert '"TT" , BLANK' in ebnf
