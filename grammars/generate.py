"""Write grammars/layout.ebnf and grammars/layout.html from the grammar in the code.

    python grammars/generate.py

The EBNF is put together from the rules each module states once, in its docstring
(``_grammar`` the document), from the header's table of parts (``_header.HEADER_PARTS``)
and from the block table
(``_blocks.BLOCK_KINDS``); the railroad diagram is drawn from the fast path's pyparsing
grammar itself. tests/test_grammar_docs.py fails when the files here fall out of date.
"""

from __future__ import annotations

import pathlib
import textwrap

from pyparsing.diagram import railroad_to_html, to_railroad

from newsdump import _blocks, _grammar, _header, _model, _pages

HERE = pathlib.Path(__file__).resolve().parent

_PREAMBLE = """\
(* The newsdump layout grammar: what a file of scraped articles looks like.
   Generated from src/newsdump/ by grammars/generate.py; do not edit.
   EOL is a line end (LF), BLANK an empty line. A byte-order mark before the first line,
   and CRLF line ends used throughout the file, are kept aside before the grammar reads
   the text. The checks on the copies, and everything a file that strays from this may
   hold, are the reader's: see docs/codes/. *)
"""


def _rules(docstring: str | None) -> str:
    """The EBNF a module's docstring states: its first indented block."""
    lines = (docstring or "").split("\n")
    start = next(index for index, line in enumerate(lines) if line.startswith("    "))
    end = next(
        (
            index
            for index in range(start, len(lines))
            if lines[index] and not lines[index].startswith("    ")
        ),
        len(lines),
    )
    return textwrap.dedent("\n".join(lines[start:end])).strip() + "\n"


def ebnf() -> str:
    kinds = [kind for kind in _blocks.BLOCK_KINDS if kind.pattern is not None]
    rows = "\n".join(
        f"(* {kind.name}: {kind.rule} *)\n{kind.name} = ? /{kind.pattern}/ ? ;" for kind in kinds
    )
    return "\n".join(
        [
            _PREAMBLE,
            _rules(_grammar.__doc__),
            _header.HEADER_EBNF + "\n",
            "(* The site's other page types: their headers may only start a file. *)",
            *(template.rule for template in _pages.TEMPLATES[1:]),
            "name = text line ;  bio = text line ;  banner = text line ;",
            f"date line = ? /{_model.DATELINE}/ ? ;\n",
            "headline       = text line ;\nstandfirst     = text line ;\n"
            f"caption line   = indent , text line ;\nindent         = ? /{_header.INDENT}/ ? ;\n"
            f"text line      = ? /{_blocks.TEXT_LINE}/ ? ;",
            "",
            f"block = {' | '.join(kind.name for kind in kinds)} ;",
            "(* A block is one line: the first kind below that matches the whole line. *)",
            rows,
        ]
    )


def railroad_html() -> str:
    # parse_string streamlines the grammar (flattens nested sequences) the first time it
    # runs; streamline first, so the diagram does not depend on whether anything was parsed.
    _grammar.DOCUMENT.streamline()
    return railroad_to_html(to_railroad(_grammar.DOCUMENT, vertical=3))


def main() -> None:
    (HERE / "layout.ebnf").write_text(ebnf(), encoding="utf-8")
    (HERE / "layout.html").write_text(railroad_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
