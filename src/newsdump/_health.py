"""The health of a corpus: what ``newsdump report`` counts, file by file, and the report
it makes of the counts (JSON; ``_health_page`` draws it as HTML).

Each file is examined on its own (in a worker when there are many): what validate finds
in it, whether a fix repairs its errors, its page type, and a few facts about each
article. The counts are streamed into a ``Health``, which keeps counters, not files: its
memory grows with the distinct values it counts (codes, credits, months), capped lists
of examples, and, as ``duplicates`` does, a few bytes an article for exact duplicates
and a signature an article for near ones.
"""

from __future__ import annotations

import collections
import heapq
from collections.abc import Iterable
from typing import Any, NamedTuple

from newsdump._diagnostics import CODES, Diagnostic
from newsdump._errors import LayoutError
from newsdump._fix import fix_text
from newsdump._inputs import read_input
from newsdump._model import Article, Caption, Photo, Question
from newsdump._parse import _parse, decode
from newsdump._report import unreadable
from newsdump._workers import Item

__all__ = ["REPORT_VERSION", "STATUSES", "FileHealth", "Health", "examine"]

REPORT_VERSION = 1
"""The version of the JSON report's format (``format_version``)."""

STATUSES = ("valid", "warnings", "safe_fixable", "unsafe_fixable", "refused")
"""A file's status, best first: no finding; warnings only; errors that ``validate --fix``
repairs; errors that only ``--unsafe-fixes`` repairs; errors no fix repairs (or a file
that is not a scrape, or could not be read)."""

EXAMPLES = 5  # example files a code lists
LISTED = 50  # files, groups or credits a list shows before "and N more"
TOP_CREDITS = 20
# Body lengths, in characters, as a histogram's bin edges: fixed, so counts stream.
LENGTH_EDGES = (0, 500, 1000, 2000, 3000, 5000, 8000, 12000, 20000)


class ArticleFacts(NamedTuple):
    """What the report counts of one article."""

    fingerprint: str
    body_length: int
    kinds: tuple[tuple[str, int], ...]
    questions: int
    credits: tuple[str, ...]  # the lead caption's and the photos'
    uncredited_caption: bool | None  # None: the page has no caption
    month: str | None  # "2021-05" from the date line
    sketch: Any  # its near-duplicate signature, or None


class FileHealth(NamedTuple):
    """What the report counts of one file."""

    size: int
    status: str
    page_type: str | None
    findings: tuple[tuple[str, int], ...]  # (code, line) of each diagnostic
    articles: tuple[ArticleFacts, ...] | None  # None: not read for content


def examine(item: Item, *, lenient: bool, near: bool) -> FileHealth:
    """In a worker: one input's health. Content is counted for files a strict parse
    reads, as ``convert`` converts them; with ``lenient``, for every file read."""
    _name, path, data = item
    try:
        data = read_input(path, data)
    except OSError as error:
        (diagnostic,), _ = unreadable(error)
        return FileHealth(0, "refused", None, ((diagnostic.code, 1),), None)
    text, undecodable = decode(data)
    doc = _parse(text, strict=False, undecodable=undecodable)
    diagnostics = doc.diagnostics
    status = _status(text, diagnostics, undecodable)
    errors = any(d.severity == "error" for d in diagnostics)
    articles = None if errors and not lenient else tuple(_facts(a, near) for a in doc.articles)
    findings = tuple((d.code, d.line) for d in diagnostics)
    return FileHealth(len(data), status, doc.page_type, findings, articles)


def _status(text: str, diagnostics: tuple[Diagnostic, ...], undecodable: bool) -> str:
    if not diagnostics:
        return "valid"
    if all(d.severity == "warning" for d in diagnostics):
        return "warnings"
    for unsafe, status in ((False, "safe_fixable"), (True, "unsafe_fixable")):
        try:
            fixed = fix_text(text, unsafe=unsafe, undecodable=undecodable)
        except LayoutError:
            return "refused"  # not a scrape: fix touches it not
        if not any(d.severity == "error" for d in fixed.remaining):
            return status
    return "refused"


def _facts(article: Article, near: bool) -> ArticleFacts:
    kinds = collections.Counter(block.kind for block in article.body)
    credits = [block.credit for block in article.body if isinstance(block, Photo)]
    caption: Caption | None = article.caption
    if caption is not None:
        credits.insert(0, caption.credit)
    published = article.published
    sketch = None
    if near:
        from newsdump._near import sketch as sketch_of  # noqa: PLC0415 -- the [near] extra

        sketch = sketch_of(article)
    return ArticleFacts(
        article.fingerprint,
        len(article.text),
        tuple(sorted(kinds.items())),
        sum(isinstance(block, Question) for block in article.body),
        tuple(credit for credit in credits if credit),
        None if caption is None else caption.credit is None,
        None if published is None else f"{published.year:04d}-{published.month:02d}",
        sketch,
    )


class Health:
    """The counts of a corpus so far; ``add`` one file's health, ``report()`` at the end."""

    def __init__(self, paths: list[str], *, near: float | None, lenient: bool) -> None:
        self.paths, self.lenient = paths, lenient
        self.files = self.bytes = self.articles = self.content_files = 0
        self.status: collections.Counter[str] = collections.Counter()
        self.page_types: collections.Counter[str] = collections.Counter()
        self.foreign: list[str] = []
        self.foreign_count = 0
        self.codes: collections.Counter[str] = collections.Counter()
        self.code_files: collections.Counter[str] = collections.Counter()
        self.examples: dict[str, list[dict[str, Any]]] = {}
        self.content = _Content()
        self.exact = _Exact()
        self.near = None if near is None else _Near(near)

    def add(self, name: str, health: FileHealth) -> None:
        self.files += 1
        self.bytes += health.size
        self.status[health.status] += 1
        self.page_types[health.page_type or "none"] += 1
        if health.page_type == "other-site":
            self.foreign_count += 1
            if len(self.foreign) < LISTED:
                self.foreign.append(name)
        self._findings(name, health.findings)
        if health.articles is not None:
            self.content_files += 1
            self.content.add_file(health.articles)
            for index, facts in enumerate(health.articles):
                self.articles += 1
                first = self.exact.add(facts.fingerprint, name, index)
                # Near-duplicates among distinct texts: an exact copy is in its group above.
                if first and self.near is not None and facts.sketch is not None:
                    self.near.add(name, index, facts.sketch)

    def _findings(self, name: str, findings: tuple[tuple[str, int], ...]) -> None:
        lines: dict[str, list[int]] = {}
        for code, line in findings:
            self.codes[code] += 1
            lines.setdefault(code, []).append(line)
        for code, where in lines.items():
            self.code_files[code] += 1
            examples = self.examples.setdefault(code, [])
            if len(examples) < EXAMPLES:
                examples.append({"file": name, "lines": where[:EXAMPLES]})

    def report(self) -> dict[str, Any]:
        """The JSON report (its schema: ``_health_schema.REPORT_SCHEMA``)."""
        return {
            "format_version": REPORT_VERSION,
            "paths": self.paths,
            "lenient": self.lenient,
            "overview": self._overview(),
            "findings": self._findings_report(),
            "page_types": {
                "counts": _ordered(self.page_types),
                "foreign": {"files": self.foreign, "more": self.foreign_count - len(self.foreign)},
            },
            "content": self.content.report(self.content_files),
            "duplicates": {
                "exact": self.exact.report(),
                "near": None if self.near is None else self.near.report(),
            },
            "dates": self.content.dates(),
        }

    def _overview(self) -> dict[str, Any]:
        status = {name: self.status[name] for name in STATUSES}
        return {
            "files": self.files,
            "articles": self.articles,
            "bytes": self.bytes,
            "status": status,
            "verdict": verdict(self.files, status),
        }

    def _findings_report(self) -> list[dict[str, Any]]:
        rows = []
        for code, count in sorted(self.codes.items(), key=lambda item: (-item[1], item[0])):
            entry = CODES[code]
            rows.append(
                {
                    "code": code,
                    "name": entry.name,
                    "severity": entry.severity,
                    "summary": entry.summary,
                    "count": count,
                    "files": self.code_files[code],
                    "examples": self.examples[code],
                }
            )
        return rows


def verdict(files: int, status: dict[str, int]) -> str:
    """The report's one line: how the corpus is doing, and what to run."""
    if files == 0:
        return "No files: nothing to report."
    broken = status["safe_fixable"] + status["unsafe_fixable"] + status["refused"]
    if not broken:
        warned = status["warnings"]
        tail = f", {warned:,} with warnings" if warned else ""
        return f"All {files:,} files follow the layout{tail}."
    parts = []
    if status["safe_fixable"]:
        parts.append(f"{status['safe_fixable']:,} fixed by newsdump validate --fix")
    if status["unsafe_fixable"]:
        parts.append(f"{status['unsafe_fixable']:,} only with --unsafe-fixes")
    if status["refused"]:
        parts.append(f"{status['refused']:,} need a person")
    return f"{broken:,} of {files:,} files break the layout: " + "; ".join(parts) + "."


def _ordered(counter: collections.Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


class _Content:
    """Counters of what the articles hold."""

    def __init__(self) -> None:
        self.per_file: collections.Counter[int] = collections.Counter()
        self.lengths = [0] * len(LENGTH_EDGES)
        self.kinds: collections.Counter[str] = collections.Counter()
        self.interviews = self.questions = 0
        self.questions_per_interview: collections.Counter[int] = collections.Counter()
        self.credits: collections.Counter[str] = collections.Counter()
        self.captions = {"with_credit": 0, "without_credit": 0}
        self.months: collections.Counter[str] = collections.Counter()
        self.undated = 0

    def add_file(self, articles: tuple[ArticleFacts, ...]) -> None:
        self.per_file[len(articles)] += 1
        for facts in articles:
            self.lengths[_bin(facts.body_length)] += 1
            self.kinds.update(dict(facts.kinds))
            if facts.questions:
                self.interviews += 1
                self.questions += facts.questions
                self.questions_per_interview[facts.questions] += 1
            self.credits.update(facts.credits)
            if facts.uncredited_caption is not None:
                key = "without_credit" if facts.uncredited_caption else "with_credit"
                self.captions[key] += 1
            if facts.month is None:
                self.undated += 1
            else:
                self.months[facts.month] += 1

    def report(self, files: int) -> dict[str, Any]:
        bins = [
            {"from": low, "to": high, "count": count}
            for low, high, count in zip(
                LENGTH_EDGES, [*LENGTH_EDGES[1:], None], self.lengths, strict=True
            )
        ]
        top = heapq.nsmallest(TOP_CREDITS, self.credits.items(), key=lambda i: (-i[1], i[0]))
        return {
            "files": files,
            "articles_per_file": {str(n): c for n, c in sorted(self.per_file.items())},
            "body_length": bins,
            "block_kinds": _ordered(self.kinds),
            "interviews": {
                "articles": self.interviews,
                "questions": self.questions,
                "questions_per_interview": {
                    str(n): c for n, c in sorted(self.questions_per_interview.items())
                },
            },
            "credits": [{"credit": credit, "count": count} for credit, count in top],
            "distinct_credits": len(self.credits),
            "captions": dict(self.captions),
        }

    def dates(self) -> dict[str, Any]:
        return {"undated": self.undated, "months": dict(sorted(self.months.items()))}


def _bin(length: int) -> int:
    for number in range(len(LENGTH_EDGES) - 1, -1, -1):
        if length >= LENGTH_EDGES[number]:
            return number
    return 0


class _Exact:
    """Exact duplicates by fingerprint: 8 bytes of it and where it was first seen, an
    article; a group's members only once it has two."""

    def __init__(self) -> None:
        self.first: dict[bytes, tuple[str, int]] = {}
        self.groups: dict[bytes, list[tuple[str, int]]] = {}

    def add(self, fingerprint: str, name: str, index: int) -> bool:
        """Count one article; True when it is the first with its text."""
        key = bytes.fromhex(fingerprint[:16])
        first = self.first.setdefault(key, (name, index))
        if first == (name, index):
            return True
        self.groups.setdefault(key, [first]).append((name, index))
        return False

    def report(self) -> dict[str, Any]:
        largest = sorted(self.groups.values(), key=lambda members: (-len(members), members[0]))
        return {
            "groups": len(self.groups),
            "articles": sum(len(members) for members in self.groups.values()),
            "largest": [_group(_members(members)) for members in largest[:LISTED]],
            "more": max(0, len(largest) - LISTED),
        }


def _members(members: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"file": name, "index": index} for name, index in members]


def _group(members: list[dict[str, Any]]) -> dict[str, Any]:
    """A group as the report lists it: its size, and its first members."""
    return {
        "size": len(members),
        "members": members[:LISTED],
        "more": max(0, len(members) - LISTED),
    }


class _Near:
    """Near-duplicate groups, as ``duplicates`` finds them."""

    def __init__(self, threshold: float) -> None:
        from newsdump._near import Grouping  # noqa: PLC0415 -- the [near] extra

        self.threshold = threshold
        self.grouping = Grouping(threshold)

    def add(self, name: str, index: int, sketch: Any) -> None:
        self.grouping.add((name, index), sketch)

    def report(self) -> dict[str, Any]:
        groups = sorted(self.grouping.several(), key=lambda group: -len(group.members))
        return {
            "threshold": self.threshold,
            "groups": len(groups),
            "largest": [
                _group(
                    [
                        {"file": name, "index": index, "similarity": similarity}
                        for (name, index), similarity in group.members
                    ]
                )
                for group in groups[:LISTED]
            ],
            "more": max(0, len(groups) - LISTED),
        }
