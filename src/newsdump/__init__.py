"""newsdump: scraped news-article text files as typed, lossless structured data.

>>> import newsdump
>>> doc = newsdump.parse(text)            # a frozen, typed Document
>>> newsdump.render(doc) == text          # the exact text back
True
"""

from __future__ import annotations

from newsdump._errors import LayoutError
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
)
from newsdump._parse import parse, parse_file
from newsdump._render import render

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleLayout",
    "Block",
    "Caption",
    "Document",
    "DocumentLayout",
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
]
