"""render: a Document back to its exact text."""

from __future__ import annotations

from newsdump._blocks import render_block
from newsdump._model import Article, Document
from newsdump._pages import page_header

__all__ = ["added_line_ends", "render"]


def _article_text(article: Article) -> str:
    layout = article.layout
    parts = [page_header(article) if layout.header is None else layout.header]
    if not layout.gaps and article.headline is not None:
        # The common case: one blank line before every block.
        parts.extend("\n\n" + render_block(block) for block in article.body)
        return "".join(parts)
    gaps = dict(layout.gaps)
    for index, block in enumerate(article.body):
        # A body-only page starts with its first block: no header to follow.
        before = "" if index == 0 and article.headline is None else "\n" * (gaps.get(index, 1) + 1)
        parts.append(before + render_block(block))
    return "".join(parts)


def render(doc: Document) -> str:
    """The exact text of a document: ``render(parse(text)) == text``, strict or not."""
    parts: list[str] = [doc.layout.preamble]
    for index, article in enumerate(doc.articles):
        if index:
            parts.append("\n" * (article.layout.blank_lines_before + 1))
        parts.append(_article_text(article))
    parts.append("\n" * doc.layout.final_newlines)
    text = "".join(parts)
    if doc.layout.other_line_ends:
        text = _mixed_line_ends(text, doc.layout.line_end, doc.layout.other_line_ends)
    elif doc.layout.line_end != "\n":
        text = text.replace("\n", doc.layout.line_end)
    return "\ufeff" + text if doc.layout.bom else text


def _mixed_line_ends(text: str, line_end: str, others: tuple[int, ...]) -> str:
    other = "\n" if line_end == "\r\n" else "\r\n"
    lines = text.split("\n")
    ends = [line_end] * (len(lines) - 1)
    if others[-1] > len(ends):  # increasing from 1: the model's validator sees to that
        raise ValueError(
            f"'other_line_ends' names line {others[-1]}, but the text has "
            f"{len(ends)} line end{'s' if len(ends) != 1 else ''}"
        )
    for number in others:
        ends[number - 1] = other
    return "".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1]


def added_line_ends(doc: Document) -> int:
    """How many line ends the layout's counts add to the text beyond one a line: what a
    few bytes of JSON can ask ``render`` to write, unlike text, which JSON must hold."""
    added = doc.layout.final_newlines
    for index, article in enumerate(doc.articles):
        layout = article.layout
        added += layout.blank_lines_before if index else 0
        added += sum(blank_lines for _, blank_lines in layout.gaps)
    return added
