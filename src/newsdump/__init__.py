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

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the public names, for type checkers: see __all__
    from newsdump._diagnostics import (
        Diagnostic as Diagnostic,
        Edit as Edit,
        Fix as Fix,
    )
    from newsdump._errors import (
        AccountingError as AccountingError,
        LayoutError as LayoutError,
    )
    from newsdump._fix import (
        fix as fix,
    )
    from newsdump._json import (
        FORMAT_VERSION as FORMAT_VERSION,
        ArticleRecord as ArticleRecord,
        JSONFormatError as JSONFormatError,
        from_json as from_json,
        jsonl_records as jsonl_records,
        make_converter as make_converter,
        structure as structure,
        to_json as to_json,
        unstructure as unstructure,
    )
    from newsdump._many import (
        ParseResult as ParseResult,
        parse_many as parse_many,
    )
    from newsdump._model import (
        Article as Article,
        ArticleLayout as ArticleLayout,
        Block as Block,
        Bullet as Bullet,
        Byline as Byline,
        Caption as Caption,
        Document as Document,
        DocumentLayout as DocumentLayout,
        ListItem as ListItem,
        Note as Note,
        Paragraph as Paragraph,
        Photo as Photo,
        Question as Question,
        Subheading as Subheading,
        Turn as Turn,
        Unparsed as Unparsed,
    )
    from newsdump._parse import (
        parse as parse,
        parse_file as parse_file,
        validate as validate,
        validate_file as validate_file,
    )
    from newsdump._records import (
        read_jsonl as read_jsonl,
        write_jsonl as write_jsonl,
    )
    from newsdump._render import (
        render as render,
    )
    from newsdump._schema import (
        json_schema as json_schema,
    )
    from newsdump._tables import (
        to_records as to_records,
    )

    __version__: str

# Where each public name lives. They are loaded on first use (PEP 562), so that
# `import newsdump` costs little and a command loads only what it needs: a pre-commit
# hook pays for newsdump's start-up on every commit.
_HOMES = {
    "newsdump._diagnostics": ("Diagnostic", "Edit", "Fix"),
    "newsdump._errors": ("AccountingError", "LayoutError"),
    "newsdump._fix": ("fix",),
    "newsdump._json": (
        "FORMAT_VERSION",
        "ArticleRecord",
        "from_json",
        "jsonl_records",
        "make_converter",
        "structure",
        "to_json",
        "unstructure",
    ),
    "newsdump._jsonio": ("JSONFormatError",),
    "newsdump._many": ("ParseResult", "parse_many"),
    "newsdump._model": (
        "Article",
        "ArticleLayout",
        "Block",
        "Bullet",
        "Byline",
        "Caption",
        "Document",
        "DocumentLayout",
        "ListItem",
        "Note",
        "Paragraph",
        "Photo",
        "Question",
        "Subheading",
        "Turn",
        "Unparsed",
    ),
    "newsdump._parse": ("parse", "parse_file", "validate", "validate_file"),
    "newsdump._records": ("read_jsonl", "write_jsonl"),
    "newsdump._render": ("render",),
    "newsdump._schema": ("json_schema",),
    "newsdump._tables": ("to_records",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _HOME_OF:
        value = getattr(importlib.import_module(_HOME_OF[name]), name)
    else:
        raise AttributeError(f"module 'newsdump' has no attribute {name!r}")
    globals()[name] = value  # once loaded, an attribute like any other
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    import importlib.metadata  # noqa: PLC0415 -- slow to import: only --version and SARIF need it

    try:
        # One home for the version: pyproject.toml, as installed.
        return importlib.metadata.version("newsdump")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "0+unknown"


# The public names: those of _HOMES, and the version. Type checkers read the imports
# above instead ("X as X" re-exports each), which a test holds to the same names.
__all__ = [*_HOME_OF, "__version__"]  # noqa: PLE0604 -- derived: one list of names
