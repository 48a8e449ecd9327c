"""Write docs/codes/CODE.md for each code, and the index docs/codes/README.md.

    python docs/codes/generate.py

Each page comes from the code's entry in the catalogue (src/newsdump/_diagnostics.py);
the fix it shows is what ``newsdump.fix`` makes of the page's own example.
tests/test_code_docs.py fails when these pages fall out of date with the catalogue.
"""

from __future__ import annotations

import difflib
import pathlib

import newsdump
from newsdump._diagnostics import CODES, Code

HERE = pathlib.Path(__file__).resolve().parent

_FIXABLE = {
    "safe": "**Fixable, safely**: `newsdump validate --fix` repairs it. A safe fix changes only "
    "layout, never what an article says.",
    "unsafe": "**Fixable, unsafely**: `newsdump validate --fix --unsafe-fixes` repairs it. The "
    "fix changes a character inside a line, so check what it did.",
    None: "**Not fixable**: newsdump cannot know what the text should say.",
}


def _visible(char: str) -> str:
    if char == "\n":
        return char
    if char in "\t\r\ufeff" or ord(char) < 0x20 or ord(char) == 0x7F:
        return char.encode("unicode_escape").decode("ascii")
    return char


def _shown(text: str) -> str:
    return "".join(map(_visible, text))


def _fence(text: str, language: str = "text") -> str:
    shown = _shown(text) if text else "(an empty file)"
    return f"```{language}\n" + shown + ("" if shown.endswith("\n") else "\n") + "```"


def _fix(entry: Code) -> str:
    if entry.fixable is None or not entry.example:
        return ""
    fixed = newsdump.fix(entry.example, unsafe=entry.fixable == "unsafe")
    diff = difflib.unified_diff(
        [_shown(line) + "\n" for line in entry.example.split("\n")],
        [_shown(line) + "\n" for line in fixed.split("\n")],
        "example.txt",
        "example.txt (fixed)",
        n=1,
    )
    return "\n\nWhat the fix does to the example above:\n\n" + _fence("".join(diff), "diff")


def page(entry: Code) -> str:
    retired = f"**Retired** in {entry.retired}\n\n" if entry.retired else ""
    return (
        f"# {entry.code} {entry.name}\n\n{retired}"
        f"**{entry.severity}**: {entry.summary}. It says: “{entry.message}”.\n\n"
        f"## What it means\n\n{entry.explanation}\n\n"
        f"## A minimal example\n\n{_fence(entry.example)}\n\n"
        "Escapes such as `\\x00` or `\\r\\n` stand for the bytes they name.\n\n"
        f"## How to fix it\n\n{_FIXABLE[entry.fixable]}\n\n{entry.how_to_fix}{_fix(entry)}\n"
    )


def _fix_column(entry: Code) -> str:
    if entry.retired:
        return "retired"
    return entry.fixable or "—"


def index() -> str:
    rows = "\n".join(
        f"| [{c.code}]({c.code}.md) | {c.name} | {c.severity} | {_fix_column(c)} | {c.summary} |"
        for c in CODES.values()
    )
    return (
        "# Diagnostic codes\n\n"
        "`newsdump validate` reports these; a strict parse raises `LayoutError` on the first "
        "error. Codes are stable: a code's meaning never changes, and a retired code is never "
        "reused. `E` codes are errors (the file does not follow the layout), `W` codes "
        "warnings (it does, with a blemish). `--select` and `--ignore` take codes or "
        "prefixes (`E2`, `W`). The fix column says whether `validate --fix` repairs it "
        "(`safe`), or only with `--unsafe-fixes` (`unsafe`).\n\n"
        "| code | name | severity | fix | what |\n|---|---|---|---|---|\n" + rows + "\n"
    )


def pages() -> dict[str, str]:
    generated = {f"{code}.md": page(entry) for code, entry in CODES.items()}
    generated["README.md"] = index()
    return generated


def main() -> None:
    for name, text in pages().items():
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
