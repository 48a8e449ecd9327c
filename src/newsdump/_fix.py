"""fix: apply the fixes the diagnostics carry, until none is left.

As ruff does it: each round reads the text, takes the applicable fixes in the order of
the text, applies those whose edits do not overlap one taken before (the rest wait for
the next round, on the new text), and reads again. A text with nothing left to fix comes
back as it is, so ``fix`` is idempotent and a valid file is never touched. And as ruff
reverts a fix that would break the syntax, a round of safe fixes that would change what
an article says is not kept (see ``fix_text``).
"""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable, Sequence
from typing import NamedTuple

from newsdump._diagnostics import Diagnostic, Edit, Fix
from newsdump._errors import require_text
from newsdump._model import Article, said
from newsdump._parse import _parse, read_text

__all__ = ["Fixed", "fix", "fix_text"]

# Each round fixes every finding whose edits do not overlap; a few rounds are the most
# any real text has needed (blank lines fixed after the line made blank, say).
_MOST_ROUNDS = 10


class Fixed(NamedTuple):
    """What fixing a text did: the text, how many fixes were applied, and what is left."""

    text: str
    applied: int
    remaining: tuple[Diagnostic, ...]
    page_type: str | None = None  # the fixed file's (a safe fix never changes it)


def fix(text: str, *, unsafe: bool = False) -> str:
    """The text with every fixable finding fixed: with ``unsafe``, those whose fix changes
    what an article says too (a tab, a control character, a differing repeat, a header
    after one blank line made the next article).

    A safe fix changes only layout, never what an article says: the fingerprints of
    ``parse(fix(text), strict=False)`` are those of ``parse(text, strict=False)``.
    Nothing else about the text changes; a valid text comes back as it is.

    Only a scrape is fixed: a text with errors in which no article header is read (no
    headline followed by a caption written twice or ``TT``) raises ``LayoutError``, its
    first error, as a strict parse does: whatever its fixes would do to it, it would not
    be a scrape after them.
    """
    require_text(text, "fix")
    return fix_text(text, unsafe=unsafe).text


def fix_text(
    text: str,
    *,
    unsafe: bool = False,
    wanted: Callable[[str], bool] | None = None,
    undecodable: bool = False,
) -> Fixed:
    """``fix``, saying how many fixes it applied and what it leaves; ``wanted`` chooses the
    codes to fix, and ``undecodable`` says the text was decoded with ``surrogateescape``.

    Safe fixes are applied first, each round kept only if what every article says is
    the same after it (what its fingerprint hashes): the fixes are layout, but the reader
    reads the layout, and in a text broken enough a line may then read as another part of
    the article. Then, with ``unsafe``, the unsafe fixes, which may change what it says. A
    round of either is also kept only if it adds no error that newsdump cannot fix (in a
    text broken enough, fixes that each make sense can together make a story's header
    read as cut off). A round not kept is tried again one fix at a time, keeping the
    first that passes.
    """
    wanted = wanted or _every_code

    def read(text: str) -> _Reading:
        # Every line its own block: what is compared is then what the blocks a fix
        # keeps say, not lines joined to bound memory (MAX_IRREGULAR_GAPS).
        doc, headers = read_text(text, strict=False, undecodable=undecodable, max_gaps=None)
        unfixable = _unfixable(doc.diagnostics)
        return _Reading(doc.diagnostics, doc.articles, unfixable, doc.page_type, headers)

    applied = 0
    reading = read(text)
    _refuse_unless_a_scrape(text, reading, undecodable=undecodable)
    for allow_unsafe in (False, True) if unsafe else (False,):
        for _ in range(_MOST_ROUNDS):
            fixes = _applicable(reading.diagnostics, unsafe=allow_unsafe, wanted=wanted)
            if not fixes:
                break
            # What the articles say is worked out only when a round compares it (a valid
            # text has no round; an unsafe one compares nothing), and the articles are let
            # go before the fixed text is read: never two documents at once.
            says = None if allow_unsafe else _says(reading.articles)
            reading = reading._replace(articles=())
            kept = _keeping(text, reading, says, fixes, read)
            if kept is None:
                break
            text, count, reading = kept
            applied += count
    return Fixed(text, applied, reading.diagnostics, reading.page_type)


def _refuse_unless_a_scrape(text: str, reading: _Reading, *, undecodable: bool) -> None:
    """Raise what a strict parse raises for a text with errors and no header read."""
    # A text with no error follows the layout, headers and all.
    if not reading.headers and any(d.severity == "error" for d in reading.diagnostics):
        _parse(text, strict=True, undecodable=undecodable)
        raise AssertionError("a strict parse accepted a text with errors")  # pragma: no cover


class _Reading(NamedTuple):
    """What fix needs of a reading of the text: its findings, its articles (for what each
    says), and how many of its errors have no fix."""

    diagnostics: tuple[Diagnostic, ...]
    articles: tuple[Article, ...]
    unfixable: int
    page_type: str | None
    headers: int  # articles read with a header: with none, the text is no scrape


def _apply(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    return apply_edits(text, [edit for repair in fixes for edit in repair.edits]), len(fixes)


def _keeping(
    text: str,
    reading: _Reading,
    says: list[list[str]] | None,
    fixes: Sequence[Fix],
    read: Callable[[str], _Reading],
) -> tuple[str, int, _Reading] | None:
    """The text with the fixes that add no unfixable error (and unless ``says`` is None,
    keep what every article says: its fingerprint), with how many and its reading (the
    next round's): all at once when they do together (the rule), else the first that does
    alone; None when none does."""

    def kept(fixed: _Reading) -> bool:
        return fixed.unfixable <= reading.unfixable and (
            says is None or _says(fixed.articles) == says
        )

    fixed, count = _apply(text, fixes)
    fixed_reading = read(fixed)
    if kept(fixed_reading):
        return fixed, count, fixed_reading
    for repair in fixes:
        fixed, _ = _apply(text, [repair])
        fixed_reading = read(fixed)
        if kept(fixed_reading):
            return fixed, 1, fixed_reading
    return None


def _unfixable(diagnostics: Sequence[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.severity == "error" and d.fix is None)


def _says(articles: Sequence[Article]) -> list[list[str]]:
    """What each article says: equal exactly when the fingerprints are."""
    return [said(article) for article in articles]


def _every_code(_code: str) -> bool:
    return True


def _applicable(
    diagnostics: Sequence[Diagnostic], *, unsafe: bool, wanted: Callable[[str], bool]
) -> list[Fix]:
    """The fixes to apply this round: in the order of the text, each whose edits do not
    overlap those of one taken before."""
    taken: list[tuple[int, int]] = []  # the spans taken, sorted: none overlaps another
    fixes: list[Fix] = []
    for diagnostic in diagnostics:
        repair = diagnostic.fix
        if repair is None or not wanted(diagnostic.code):
            continue
        if repair.applicability == "unsafe" and not unsafe:
            continue
        if any(_conflicts(taken, edit) for edit in repair.edits):
            continue
        for edit in repair.edits:
            bisect.insort(taken, (edit.start, edit.end))
        fixes.append(repair)
    return fixes


def _conflicts(taken: list[tuple[int, int]], edit: Edit) -> bool:
    """Whether an edit touches the characters of a span taken, or inserts where one does
    (two inserts at one point would leave their order to chance)."""
    index = bisect.bisect_right(taken, (edit.end, sys.maxsize))  # every span starting by its end
    while index > 0:
        index -= 1
        start, end = taken[index]
        if end < edit.start:
            return False
        inserting = start == end or edit.start == edit.end
        if (
            (start <= edit.end and edit.start <= end)
            if inserting
            else (edit.start < end and start < edit.end)
        ):
            return True
    return False


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The text with non-overlapping edits applied, each at its place in the given text."""
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        parts += (text[position : edit.start], edit.content)
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)
