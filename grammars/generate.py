"""Write grammars/layout.ebnf and grammars/layout.html from the grammar in the code.

    python grammars/generate.py

tests/test_grammar_docs.py fails when the files here fall out of date with the code.
"""

from __future__ import annotations

import pathlib
import string

from pyparsing.diagram import railroad_to_html, to_railroad

from newsdump import _grammar

HERE = pathlib.Path(__file__).resolve().parent

_EBNF = string.Template("""\
(* The newsdump layout grammar: what a file of scraped articles looks like.
   Generated from src/newsdump/_grammar.py by grammars/generate.py; do not edit.
   LF is a line end. A byte-order mark before the first line, and CRLF line ends used
   throughout the file, are kept aside before the grammar reads the text. *)

document       = article , { separator , article } , { LF } ;
separator      = LF , LF , LF , { LF } ;              (* two or more blank lines *)
article        = header , body ;

header         = headline , LF , LF ,
                 [ standfirst , LF , LF ] ,
                 caption line , LF , caption line , LF ,
                 "TT" , LF , LF ,
                 headline , LF , LF ,
                 caption line , LF , caption line ;
(* Checks the grammar states in words:
   - the two caption lines hold the same text; only their indents may differ;
   - the headline after "TT" repeats the first headline exactly;
   - the two caption lines after it repeat the first two byte for byte. *)

headline       = text line ;
standfirst     = text line ;
caption line   = indent , text line ;
indent         = ? /$indent/ ? ;
text line      = first char , { line char } ;
first char     = ? /$first_char/ ? ;   (* not white space, not a control character, not U+FEFF *)
line char      = ? /$line_char/ ? ;    (* anything but a line end or a control character *)

body           = block line , { block line } ;
block line     = LF , LF , block ;                   (* exactly one blank line before a block *)

block          = starred | list_item | photo | paragraph | subheading | prose ;
(* A block is one line; its kind is the first rule below that matches the whole line. *)
$block_rules
(* A starred line is a question when the block after it answers it (a paragraph, long or
   not, or a list item); otherwise it is an editor's note. Prose is a paragraph. *)
""")


def ebnf() -> str:
    rules = "\n".join(
        f"(* {kind}: {words} *)\n{kind} = ? /{pattern}/ ? ;"
        for kind, words, pattern in _grammar.BLOCK_RULES
    )
    return _EBNF.substitute(
        indent=_grammar.INDENT,
        first_char=_grammar.FIRST_CHAR,
        line_char=_grammar.LINE_CHAR,
        block_rules=rules,
    )


def railroad_html() -> str:
    # parse_string streamlines the grammar (flattens nested sequences) the first time it
    # runs; streamline first, so the diagram does not depend on whether anything was parsed.
    # The line-by-line grammar: the one a reader can follow (the fast one reads each
    # header with a single regular expression, and accepts the same texts).
    _grammar.DOCUMENT_LINE_BY_LINE.streamline()
    return railroad_to_html(to_railroad(_grammar.DOCUMENT_LINE_BY_LINE, vertical=3))


def main() -> None:
    (HERE / "layout.ebnf").write_text(ebnf(), encoding="utf-8")
    (HERE / "layout.html").write_text(railroad_html(), encoding="utf-8")


if __name__ == "__main__":
    main()
