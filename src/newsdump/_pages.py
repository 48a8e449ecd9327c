"""Pages that are in no layout of this site, and how each is known.

A scrape of the site meets pages of its old English archive (and, the issue of page
types says, mirrors): they are reported once (E106), kept whole, and never read as
articles, so that no fix can "repair" them into one. A kind of such page is a row of
``OTHER_SITES``: what the finding calls it, and the test on the file's first lines.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from newsdump._lines import Lines

__all__ = ["OTHER_SITES", "OtherSite", "other_site"]

# How far into a file its marks are looked for: the banner and menu of a page come first.
_HEAD_LINES = 12


@attrs.frozen
class OtherSite:
    """One kind of page of no layout of this site: ``what`` it is (as the finding names
    it), and ``test``, on the keys of the file's first lines (blank ones left out)."""

    what: str
    test: Callable[[list[str]], bool]


def _archive(head: list[str]) -> bool:
    return head[0].endswith("English Archive") or "Select Page" in head


OTHER_SITES: tuple[OtherSite, ...] = (OtherSite("the site's old English archive", _archive),)


def other_site(lines: Lines, first: int) -> OtherSite | None:
    """The kind of page the text is, when it is one of ``OTHER_SITES``; ``first``: the
    index of its first line of text."""
    head = []
    for index in range(first, min(lines.last + 1, first + _HEAD_LINES)):
        line_key = lines.key(index)
        if line_key:
            head.append(line_key)
    return next((kind for kind in OTHER_SITES if kind.test(head)), None)
