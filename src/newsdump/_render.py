"""render: a Document back to its exact text."""

from __future__ import annotations

from newsdump._model import Article, Block, Document, ListItem, Note, Question

__all__ = ["render", "render_block"]

# What a block line starts with before its text.
_MARKERS: dict[type, str] = {Question: "*", Note: "*", ListItem: "+ "}


def render_block(block: Block) -> str:
    """The line a block is written as: its text after its marker, if it has one."""
    return _MARKERS.get(type(block), "") + block.text


def _article_lines(article: Article) -> list[str]:
    indent_1, indent_2 = article.layout.caption_indents
    caption = [indent_1 + article.caption.text, indent_2 + article.caption.text]
    standfirst = [] if article.standfirst is None else [article.standfirst, ""]
    lines = [article.headline, "", *standfirst, *caption, "TT", "", article.headline, "", *caption]
    for block in article.body:
        lines.append("")
        lines.append(render_block(block))
    return lines


def render(doc: Document) -> str:
    """The exact text of a document: ``render(parse(text)) == text``."""
    parts: list[str] = []
    for index, article in enumerate(doc.articles):
        if index:
            parts.append("\n" * (article.layout.blank_lines_before + 1))
        parts.append("\n".join(_article_lines(article)))
    parts.append("\n" * doc.layout.final_newlines)
    text = "".join(parts)
    if doc.layout.line_end != "\n":
        text = text.replace("\n", doc.layout.line_end)
    return "\ufeff" + text if doc.layout.bom else text
