"""An outline of a parsed document, as a reader scanning it wants to see it."""

from __future__ import annotations

from newsdump._model import Article, Document

__all__ = ["outline"]

_TEXT_WIDTH = 72


def _start(text: str, width: int = _TEXT_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _article_outline(number: int, article: Article) -> list[str]:
    template = f", {article.template} template" if article.template == "older" else ""
    lines = [
        f"article {number} (line {article.line}, {article.page_type}{template}): "
        + (
            "(no headline: the page kept only its body)"
            if article.headline is None
            else _start(article.headline)
        ),
        *([f"  standfirst: {_start(article.standfirst)}"] if article.standfirst else []),
        *([f"  date line: {article.dateline}"] if article.dateline else []),
    ]
    if article.byline is not None:
        lines.append(f"  byline: {_start(article.byline.name)} ({_start(article.byline.bio, 48)})")
    if article.caption is not None:
        credit = article.caption.credit
        lines.append(
            f"  caption: {_start(article.caption.text)}"
            + (f"  [credit: {credit}]" if credit else "  [no credit]")
        )
    for block in article.body:
        lines.append(f"  {block.line:>5}  {block.kind:<10}  {_start(block.text)}")
    if article.turns:
        lines.append(f"  interview: {len(article.turns)} questions and answers")
    return lines


def outline(doc: Document) -> list[str]:
    """Lines describing each article: header, then each block's line, kind and text start."""
    lines: list[str] = []
    for number, article in enumerate(doc.articles, start=1):
        lines += _article_outline(number, article)
    return lines
