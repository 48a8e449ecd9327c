"""Hypothesis strategies: documents built from the model, and text written in the layout.

The text strategy writes the layout by hand, line by line, without the renderer, so the
round trip ``render(parse(text)) == text`` is checked against an independent writer.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

import newsdump

# Typographic Unicode as the site writes it, plus letters from far and wide; no line ends,
# no control characters (those are errors the layout does not allow).
_TYPOGRAPHIC = "‘’“”—–…″‑ḤḥüéÇ"
_inner_char = st.one_of(
    st.sampled_from(list("abcdefghij XYZ,'\"-()\t") + list(_TYPOGRAPHIC)),
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
)
# A line starts with a visible character: not white space, and not U+FEFF, which there
# would be a stray byte-order mark.
_first_char = _inner_char.filter(lambda char: re.match(r"[\s\ufeff]", char) is None)


@st.composite
def _text(draw: st.DrawFn, min_size: int = 0, max_size: int = 80) -> str:
    """A line of text: starts with a visible character; any allowed character after it."""
    return draw(_first_char) + draw(st.text(_inner_char, min_size=min_size, max_size=max_size))


lines = _text()
"""Any line the layout allows as a headline, standfirst or caption."""

_SENTENCE_END = st.sampled_from([".", "?", "!", "…", ":", ".”", "?’", '."', ";"])
_not_marker = lines.filter(lambda line: not line.startswith(("*", "+ ")))


@st.composite
def paragraphs(draw: st.DrawFn) -> newsdump.Paragraph:
    text = draw(_not_marker).rstrip("()") + "x" + draw(_SENTENCE_END)
    return newsdump.Paragraph(text)


@st.composite
def long_unpunctuated_paragraphs(draw: st.DrawFn) -> newsdump.Paragraph:
    """A paragraph cut off mid-sentence: over 100 characters, no final punctuation."""
    start = draw(_not_marker.filter(lambda line: line != "+"))  # "+" + " and" is a list item
    return newsdump.Paragraph(start + " and" * 30 + draw(st.sampled_from(["x", "words", "7"])))


@st.composite
def subheadings(draw: st.DrawFn) -> newsdump.Subheading:
    words = draw(st.text(st.sampled_from([*"Abc Déf…‑“”"]), max_size=60))
    return newsdump.Subheading("S" + words.rstrip() + "z")


@st.composite
def photos(draw: st.DrawFn) -> newsdump.Photo:
    credit = draw(
        st.sampled_from(
            ["AP", "Reuters", "AFP via Getty Images", "archive - AFP", "left", "Asharq Al-Awsat"]
        )
    )
    return newsdump.Photo(draw(_not_marker) + f". ({credit})")


list_items = _text().map(newsdump.ListItem)
bullets = _text().map(newsdump.Bullet)
# A question's text: "* " and text after it would be a bullet's.
_starred_texts = st.text(_inner_char, max_size=80).filter(
    lambda text: not (text.startswith(" ") and text[1:2].strip() and text[1:2] != "\ufeff")
)

_non_starred_blocks = st.one_of(
    paragraphs(), long_unpunctuated_paragraphs(), subheadings(), photos(), list_items, bullets
)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[newsdump.Block, ...]:
    """Body blocks in which every ``*`` line is a question or a note as its follower says."""
    blocks: list[newsdump.Block] = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            blocks.append(newsdump.Question(draw(_starred_texts)))  # settled below
        else:
            blocks.append(draw(_non_starred_blocks))
    settled: list[newsdump.Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        answered = isinstance(following, newsdump.Paragraph | newsdump.ListItem | newsdump.Bullet)
        unanswered = isinstance(block, newsdump.Question) and not answered
        settled.append(newsdump.Note(block.text) if unanswered else block)
    return tuple(settled)


_indents = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])


@st.composite
def articles(draw: st.DrawFn, first: bool = False) -> newsdump.Article:
    layout = newsdump.ArticleLayout(
        caption_indents=(draw(_indents), draw(_indents)),
        blank_lines_before=2 if first else draw(st.integers(2, 5)),
    )
    return newsdump.Article(
        headline=draw(lines),
        standfirst=draw(st.none() | lines),
        caption=newsdump.Caption(draw(lines)),
        body=draw(bodies()),
        layout=layout,
    )


@st.composite
def documents(draw: st.DrawFn) -> newsdump.Document:
    rest = draw(st.lists(articles(), max_size=3))
    layout = newsdump.DocumentLayout(
        bom=draw(st.booleans()),
        line_end=draw(st.sampled_from(["\n", "\r\n"])),
        final_newlines=draw(st.integers(0, 3)),
    )
    return newsdump.Document(articles=(draw(articles(first=True)), *rest), layout=layout)


# ---------------------------------------------------------------- text in the layout

# Lines shaped for every kind (photo, paragraph, long paragraph, subheading, starred,
# list item), and arbitrary ones whose kind is whatever the rules make of them.
_body_lines = st.one_of(
    _starred_texts.map(lambda text: "*" + text),
    _text().map(lambda text: "+ " + text),
    st.one_of(paragraphs(), long_unpunctuated_paragraphs(), subheadings(), photos()).map(
        lambda block: block.text
    ),
    _not_marker,
)


@st.composite
def article_texts(draw: st.DrawFn) -> tuple[str, int]:
    """One article written line by line as the site does, blocks of any kind; and how
    many blocks its body has."""
    headline, caption = draw(lines), draw(lines)
    copies = [draw(_indents) + caption, draw(_indents) + caption]
    standfirst = draw(st.none() | lines)
    head = [
        headline,
        "",
        *([] if standfirst is None else [standfirst, ""]),
        *copies,
        "TT",
        "",
        headline,
        "",
        *copies,
    ]
    body: list[str] = []
    block_lines = draw(st.lists(_body_lines, min_size=1, max_size=8))
    for line in block_lines:
        body += ["", line]
    return "\n".join(head + body), len(block_lines)


@st.composite
def layout_texts(draw: st.DrawFn) -> tuple[str, list[int]]:
    """A whole file: 1-4 articles, 2-5 blank lines between them, 0-3 final newlines, and
    maybe CRLF line ends and a byte-order mark; and the number of blocks of each article."""
    text, blocks = draw(article_texts())
    block_counts = [blocks]
    for _ in range(draw(st.integers(0, 3))):
        article, blocks = draw(article_texts())
        text += "\n" * (draw(st.integers(2, 5)) + 1) + article
        block_counts.append(blocks)
    text += "\n" * draw(st.integers(0, 3))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text, block_counts


# ---------------------------------------------------------------- broken text

_nasty = st.sampled_from(
    [
        "\r",
        "\x00",
        "\ufeff",
        "\u2028",
        "\t",
        " ",
        "\n",
        "\n\n\n",
        "TT",
        "*",
        "+ ",
        "(AP)",
        "\x0c",
        "\r\n",
    ]
)


@st.composite
def broken_texts(draw: st.DrawFn) -> str:
    """Layout text with lines dropped, doubled or mangled, or text with no layout at all."""
    if draw(st.integers(0, 4)) == 0:
        return "".join(draw(st.lists(st.one_of(_nasty, st.characters()), max_size=120)))
    text = draw(layout_texts())[0]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "insert", "mangle", "cut"]))
        if action == "drop":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "insert":
            lines.insert(at, "".join(draw(st.lists(st.one_of(_nasty, _inner_char), max_size=8))))
        elif action == "mangle":
            lines[at] = draw(_nasty) + lines[at] + draw(_nasty)
        else:
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        if not lines:
            lines = [""]
    return "\n".join(lines)
