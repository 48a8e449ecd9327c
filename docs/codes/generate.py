"""Write docs/codes/CODE.md for each code, and the index docs/codes/README.md.

    python docs/codes/generate.py

tests/test_code_docs.py fails when these pages fall out of date with CODES.
"""

from __future__ import annotations

import pathlib

from newsdump._diagnostics import CODES, Code

HERE = pathlib.Path(__file__).resolve().parent


def _visible(char: str) -> str:
    if char == "\n":
        return char
    if char in "\t\r\ufeff" or ord(char) < 0x20 or ord(char) == 0x7F:
        return char.encode("unicode_escape").decode("ascii")
    return char


def _fence(text: str) -> str:
    shown = "".join(map(_visible, text)) if text else "(an empty file)"
    return "```text\n" + shown + ("" if shown.endswith("\n") else "\n") + "```"


def page(entry: Code) -> str:
    return (
        f"# {entry.code} {entry.name}\n\n"
        f"**{entry.severity}**: {entry.summary}.\n\n"
        f"## What it means\n\n{entry.explanation}\n\n"
        f"## A minimal example\n\n{_fence(entry.example)}\n\n"
        "Escapes such as `\\x00` or `\\r\\n` stand for the bytes they name.\n\n"
        f"## How to fix it\n\n{entry.fix}\n"
    )


def index() -> str:
    rows = "\n".join(
        f"| [{c.code}]({c.code}.md) | {c.name} | {c.severity} | {c.summary} |"
        for c in CODES.values()
    )
    return (
        "# Diagnostic codes\n\n"
        "`newsdump validate` reports these; a strict parse raises `LayoutError` on the first "
        "error. Codes are stable: a code's meaning never changes, and a retired code is never "
        "reused. `E` codes are errors (the file does not follow the layout), `W` codes "
        "warnings (it does, with a blemish). `--select` and `--ignore` take codes or "
        "prefixes (`E2`, `W`).\n\n"
        "| code | name | severity | what |\n|---|---|---|---|\n" + rows + "\n"
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
