"""The corpus report as one HTML page: the JSON report (``_health``) drawn with tables and
inline SVG charts (matplotlib's SVG backend, the ``report`` extra).

The page fetches nothing: its style is inline, its charts are SVG in the page, it runs
no script. Every text that comes from the files (names, credits) is escaped, and every
chart has its numbers in a table beside it, for a reader who cannot see it.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["MATPLOTLIB_MISSING", "page"]

MATPLOTLIB_MISSING = (
    "the HTML report draws its charts with matplotlib: pip install 'newsdump[report]' "
    "(or --format json, which needs no extra)"
)

_STATUS_WORDS = {
    "valid": "valid",
    "warnings": "valid, with warnings",
    "safe_fixable": "fixed by validate --fix",
    "unsafe_fixable": "fixed only with --unsafe-fixes",
    "refused": "needs a person",
}
_BAR = "#2f5d8a"  # one dark colour: bars read the same in grey

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:1180px;margin:0 auto;padding:1rem}
h1{font-size:1.8rem;margin:.5rem 0}h2{border-bottom:2px solid #ccc;margin-top:2.5rem}
.verdict{font-size:1.2rem;font-weight:600;padding:.6rem .8rem;border-left:6px solid #555;
background:#f2f2f2}
dl.numbers{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
dl.numbers div{border:1px solid #bbb;padding:.5rem 1rem;min-width:9rem}
dl.numbers dt{font-size:.85rem;color:#444}dl.numbers dd{margin:0;font-size:1.6rem;font-weight:700}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#e8e8e8}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
figcaption{font-size:.9rem;color:#333}code{overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem;align-items:start}
@media (max-width:760px){.grid{grid-template-columns:minmax(0,1fr)}body{font-size:15px}}
"""


def page(report: dict[str, Any], docs_url: str) -> str:
    """The HTML page of a JSON report; code pages are linked at ``docs_url`` + CODE.md."""
    import matplotlib  # noqa: F401, PLC0415 -- the [report] extra: raises ImportError early

    overview = report["overview"]
    title = f"newsdump report: {overview['files']:,} files, {overview['articles']:,} articles"
    body = "".join(
        (
            _overview(report),
            _findings(report["findings"], docs_url),
            _page_types(report["page_types"]),
            _content(report["content"], report["lenient"]),
            _duplicates(report["duplicates"]),
            _dates(report["dates"]),
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>Corpus health report</h1>\n<p>{_e(title)}, read from "
        f"{', '.join(f'<code>{_e(path)}</code>' for path in report['paths'])}.</p>\n"
        f"{body}</main>\n</body>\n</html>\n"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _n(number: int) -> str:
    return f"{number:,}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    """A table; ``rows`` hold HTML already escaped; columns in ``numeric`` right-aligned."""
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    lines = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>\n"
        for row in rows
    )
    return (
        f'<div class="scroll"><table>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{lines}</tbody></table></div>\n"
    )


def _section(anchor: str, heading: str, inner: str) -> str:
    return f'<section id="{anchor}">\n<h2>{_e(heading)}</h2>\n{inner}</section>\n'


def _counted(number: int, word: str) -> str:
    return f"{number:,} {word}{'' if number == 1 else 's'}"


def _more(count: int) -> str:
    return f"<p>and {_n(count)} more.</p>\n" if count else ""


# ---------------------------------------------------------------- sections


def _overview(report: dict[str, Any]) -> str:
    overview = report["overview"]
    numbers = "".join(
        f'<div><dt>{label}</dt><dd id="overview-{key}">{_n(overview[key])}</dd></div>'
        for key, label in (("files", "files"), ("articles", "articles"), ("bytes", "bytes"))
    )
    status = overview["status"]
    rows = [[_e(_STATUS_WORDS[name]), _n(count)] for name, count in status.items()]
    chart = _chart(
        "status", [_STATUS_WORDS[name] for name in status], list(status.values()), "files"
    )
    inner = (
        f'<p class="verdict" id="verdict">{_e(overview["verdict"])}</p>\n'
        f'<dl class="numbers">{numbers}</dl>\n'
        + _figure(chart, "Files by status", _table(["status", "files"], rows, {1}))
    )
    return _section("overview", "Overview", inner)


def _findings(findings: list[dict[str, Any]], docs_url: str) -> str:
    if not findings:
        return _section(
            "findings", "Findings", "<p>No findings: every file follows the layout.</p>\n"
        )
    rows = []
    for row in findings:
        link = f'<a href="{_e(docs_url + row["code"] + ".md")}">{_e(row["code"])}</a>'
        examples = "<br>".join(
            f"<code>{_e(example['file'])}</code>: line{'s' if len(example['lines']) > 1 else ''} "
            + ", ".join(map(str, example["lines"]))
            for example in row["examples"]
        )
        more = row["files"] - len(row["examples"])
        examples += f"<br>and {_n(more)} more files" if more > 0 else ""
        rows.append(
            [
                link,
                _e(row["severity"]),
                _n(row["count"]),
                _n(row["files"]),
                _e(row["summary"]),
                examples,
            ]
        )
    table = _table(["code", "severity", "findings", "files", "what", "example files"], rows, {2, 3})
    chart = _chart(
        "codes", [r["code"] for r in findings], [r["count"] for r in findings], "findings"
    )
    figure = _figure(chart, "Findings by code", "")
    return _section("findings", "Findings", figure + table)


def _page_types(page_types: dict[str, Any]) -> str:
    counts = page_types["counts"]
    rows = [[_e(name), _n(count)] for name, count in counts.items()]
    chart = _chart("page-types", list(counts), list(counts.values()), "files")
    foreign = page_types["foreign"]
    listed = "".join(f"<li><code>{_e(name)}</code></li>" for name in foreign["files"])
    inner = _figure(chart, "Files by page type", _table(["page type", "files"], rows, {1}))
    if listed:
        inner += f"<h3>Pages of other sites</h3>\n<ul>{listed}</ul>\n" + _more(foreign["more"])
    return _section("page-types", "Page types", inner)


def _content(content: dict[str, Any], lenient: bool) -> str:
    read = "every file read" if lenient else "the files a strict parse reads (as convert does)"
    inner = f"<p>Of {_e(read)}: {_n(content['files'])} files.</p>\n"
    per_file = content["articles_per_file"]
    inner += "<h3>Articles per file</h3>\n" + _table(
        ["articles", "files"], [[_e(n), _n(c)] for n, c in per_file.items()], {0, 1}
    )
    bins = content["body_length"]
    labels = [f"{b['from']:,}+" if b["to"] is None else f"{b['from']:,}-{b['to']:,}" for b in bins]
    counts = [b["count"] for b in bins]
    chart = _chart("lengths", labels, counts, "articles", horizontal=False)
    rows = [[_e(label), _n(count)] for label, count in zip(labels, counts, strict=True)]
    inner += _figure(
        chart, "Body length, in characters", _table(["characters", "articles"], rows, {1})
    )
    kinds = content["block_kinds"]
    inner += "<h3>Block kinds</h3>\n" + _table(
        ["kind", "blocks"], [[_e(k), _n(c)] for k, c in kinds.items()], {1}
    )
    interviews = content["interviews"]
    inner += (
        f"<h3>Interviews</h3>\n<p>{_counted(interviews['articles'], 'interview')}, "
        f"{_counted(interviews['questions'], 'question')}.</p>\n"
        + _table(
            ["questions", "interviews"],
            [[_e(n), _n(c)] for n, c in interviews["questions_per_interview"].items()],
            {0, 1},
        )
    )
    return _section("content", "Content", inner + _credits(content))


def _credits(content: dict[str, Any]) -> str:
    credits = content["credits"]
    captions = content["captions"]
    inner = (
        f"<h3>Photo credits</h3>\n<p>{_n(content['distinct_credits'])} distinct credits; "
        f"{_n(captions['without_credit'])} lead captions without a credit, "
        f"{_n(captions['with_credit'])} with one.</p>\n"
    )
    if not credits:
        return inner
    chart = _chart(
        "credits", [c["credit"] for c in credits], [c["count"] for c in credits], "photos"
    )
    rows = [[_e(c["credit"]), _n(c["count"])] for c in credits]
    return inner + _figure(
        chart, f"The {len(credits)} most frequent credits", _table(["credit", "photos"], rows, {1})
    )


def _duplicates(duplicates: dict[str, Any]) -> str:
    exact = duplicates["exact"]
    inner = (
        f"<h3>Exact duplicates</h3>\n<p>{_n(exact['groups'])} groups holding "
        f"{_n(exact['articles'])} articles (the same fingerprint).</p>\n"
    )
    inner += _groups(exact["largest"], similarity=False) + _more(exact["more"])
    near = duplicates["near"]
    inner += "<h3>Near duplicates</h3>\n"
    if near is None:
        inner += (
            "<p>Not counted: run the report with <code>--near</code> (it needs the near "
            "extra, <code>pip install 'newsdump[near]'</code>).</p>\n"
        )
    else:
        inner += (
            f"<p>{_n(near['groups'])} groups of distinct texts (exact copies are above) at "
            f"similarity {near['threshold']} or more (containment: the share of the shorter "
            "article found in the other).</p>\n"
        )
        inner += _groups(near["largest"], similarity=True) + _more(near["more"])
    return _section("duplicates", "Duplicates", inner)


def _groups(groups: list[dict[str, Any]], *, similarity: bool) -> str:
    if not groups:
        return ""
    rows = []
    for number, group in enumerate(groups, 1):
        listed = "<br>".join(
            f"<code>{_e(m['file'])}</code> article {m['index'] + 1}"
            + (f" ({m['similarity']:.2f})" if similarity else "")
            for m in group["members"]
        )
        if group["more"]:
            listed += f"<br>and {_n(group['more'])} more"
        rows.append([_n(number), _n(group["size"]), listed])
    return _table(["group", "articles", "where"], rows, {0, 1})


def _dates(dates: dict[str, Any]) -> str:
    months = dates["months"]
    dated = sum(months.values())
    inner = f"<p>{_n(dated)} articles with a date line; {_n(dates['undated'])} without.</p>\n"
    if months:
        chart = _chart("months", list(months), list(months.values()), "articles", horizontal=False)
        rows = [[_e(month), _n(count)] for month, count in months.items()]
        inner += _figure(chart, "Articles per month", _table(["month", "articles"], rows, {1}))
    return _section("dates", "Dates", inner)


# ---------------------------------------------------------------- charts


def _figure(svg: str, caption: str, table: str) -> str:
    return (
        f'<div class="grid"><figure role="img" aria-label="{_e(caption)}">{svg}'
        f"<figcaption>{_e(caption)} (the numbers are in the table)</figcaption></figure>"
        f"<div>{table}</div></div>\n"
    )


def _chart(
    name: str, labels: Sequence[str], values: Sequence[int], unit: str, *, horizontal: bool = True
) -> str:
    """A bar chart as inline SVG: text as text (searchable, no fonts embedded), ids
    salted by the chart's name so that charts in one page never share one."""
    import matplotlib  # noqa: PLC0415 -- the [report] extra
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": name, "text.parse_math": False}
    ):
        height = max(1.6, 0.28 * len(labels) + 1.0) if horizontal else 3.2
        figure = Figure(figsize=(7.5, height), layout="constrained")
        axes = figure.subplots()
        shown = [label if len(label) <= 40 else label[:39] + "\u2026" for label in labels]
        if horizontal:
            axes.barh(range(len(values)), values, color=_BAR, height=0.6)
            axes.set_ylim(len(values) - 0.5, -0.5)  # the first on top, bars of one height
            axes.set_yticks(range(len(values)), shown)
            axes.set_xlabel(unit)
        else:
            axes.bar(range(len(values)), values, color=_BAR)
            axes.set_xticks(range(len(values)), shown, rotation=45, ha="right")
            axes.set_ylabel(unit)
        axes.spines[["top", "right"]].set_visible(False)
        (axes.xaxis if horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata=dict.fromkeys(_SVG_METADATA))
    svg = re.sub(r"\A.*?(?=<svg)", "", buffer.getvalue(), flags=re.S)  # no XML prologue
    # Every chart numbers its elements alike (axes_1, ...): ids in one page must differ.
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', svg)
    return re.sub(r'(href="#|url\(#)([^")]+)', rf"\1{name}-\2", svg)


# Left out of each chart: the RDF block matplotlib writes names the creator and date.
_SVG_METADATA = ("Creator", "Date", "Format", "Type")
