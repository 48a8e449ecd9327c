"""newsdump: scraped news-article text files as typed, lossless structured data.

>>> import newsdump
>>> import pathlib
>>> text = pathlib.Path("fixtures/valid/interview_and_related.txt").read_bytes().decode()
>>> doc = newsdump.parse(text)            # a frozen, typed Document
>>> newsdump.render(doc) == text          # the exact text back
True
>>> newsdump.from_json(newsdump.to_json(doc)) == doc
True
>>> newsdump.fix(text) == text            # a valid text needs no fix
True
"""

from __future__ import annotations

import importlib.metadata

from newsdump._diagnostics import Diagnostic, Edit, Fix
from newsdump._errors import LayoutError
from newsdump._fix import fix
from newsdump._json import (
    FORMAT_VERSION,
    ArticleRecord,
    JSONFormatError,
    from_json,
    jsonl_records,
    make_converter,
    structure,
    to_json,
    unstructure,
)
from newsdump._many import ParseResult, parse_many
from newsdump._model import (
    Article,
    ArticleLayout,
    Block,
    Caption,
    Document,
    DocumentLayout,
    ListItem,
    Note,
    Paragraph,
    Photo,
    Question,
    Subheading,
    Turn,
    Unparsed,
)
from newsdump._parse import parse, parse_file, validate, validate_file
from newsdump._records import read_jsonl, write_jsonl
from newsdump._render import render
from newsdump._schema import json_schema
from newsdump._tables import to_records

try:
    # One home for the version: pyproject.toml, as installed.
    __version__ = importlib.metadata.version("newsdump")
except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
    __version__ = "0+unknown"

__all__ = [
    "FORMAT_VERSION",
    "Article",
    "ArticleLayout",
    "ArticleRecord",
    "Block",
    "Caption",
    "Diagnostic",
    "Document",
    "DocumentLayout",
    "Edit",
    "Fix",
    "JSONFormatError",
    "LayoutError",
    "ListItem",
    "Note",
    "Paragraph",
    "ParseResult",
    "Photo",
    "Question",
    "Subheading",
    "Turn",
    "Unparsed",
    "__version__",
    "fix",
    "from_json",
    "json_schema",
    "jsonl_records",
    "make_converter",
    "parse",
    "parse_file",
    "parse_many",
    "read_jsonl",
    "render",
    "structure",
    "to_json",
    "to_records",
    "unstructure",
    "validate",
    "validate_file",
    "write_jsonl",
]
