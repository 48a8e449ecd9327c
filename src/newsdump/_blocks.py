"""What each kind of body line the grammar tells apart becomes in the model.

Strict parsing and lenient reading both build their blocks here, so the same line
always becomes the same block.
"""

from __future__ import annotations

from newsdump._credits import find_credit
from newsdump._model import (
    Block,
    ListItem,
    Note,
    Paragraph,
    Photo,
    Question,
    Subheading,
    Unparsed,
)

__all__ = ["make_block"]

# Kinds of line that answer a starred line, making it a question (else it is a note).
_ANSWER_KINDS = frozenset({"paragraph", "prose", "list_item"})


def make_block(kind: str, text: str, line: int, next_kind: str | None) -> Block:
    """The block for a body line of ``kind`` (a name in BLOCK_RULES, or "unparsed"),
    given the kind of the line after it (None at the end of the body)."""
    if kind == "starred":
        settled = Question if next_kind in _ANSWER_KINDS else Note
        return settled(text[1:], line=line)
    if kind == "list_item":
        return ListItem(text[2:], line=line)
    if kind == "photo":
        return Photo(text, find_credit(text), line=line)
    if kind == "subheading":
        return Subheading(text, line=line)
    if kind == "unparsed":
        return Unparsed(text, line=line)
    return Paragraph(text, line=line)  # "paragraph" and "prose"
