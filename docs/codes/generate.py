"""Write docs/codes/CODE.md for each code, and the index docs/codes/README.md.

    python docs/codes/generate.py

Each page comes from the code's entry in the catalogue (src/newsdump/_diagnostics.py):
its example, a shell block that writes the example's bytes to example.txt and validates
it (POSIX printf, octal escapes for any byte that is not printable ASCII), and, for a
fixable code, what ``newsdump validate --diff example.txt`` prints for it.
tests/test_code_docs.py fails when these pages fall out of date with the catalogue.
"""

from __future__ import annotations

import pathlib
import re

import newsdump
from newsdump._diagnostics import CODES, Code
from newsdump._fixing import unified_diff

HERE = pathlib.Path(__file__).resolve().parent

_FIXABLE = {
    "safe": "**Fixable, safely**: `newsdump validate --fix` repairs it. A safe fix changes only "
    "layout, never what an article says.",
    "unsafe": "**Fixable, unsafely**: `newsdump validate --fix --unsafe-fixes` repairs it. The "
    "fix may change what an article says (below: how), so check what it did.",
    None: "**Not fixable**: newsdump cannot know what the text should say.",
}


def _visible(char: str) -> str:
    if char == "\n":
        return char
    if char in "\t\r\ufeff" or ord(char) < 0x20 or ord(char) == 0x7F:
        return char.encode("unicode_escape").decode("ascii")
    if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that is not UTF-8, as surrogateescape keeps it
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char


def _shown(text: str) -> str:
    return "".join(map(_visible, text))


def _fence(text: str, language: str = "text") -> str:
    shown = _shown(text) if text else "(an empty file)"
    return f"```{language}\n" + shown + ("" if shown.endswith("\n") else "\n") + "```"


def _diff_command(entry: Code) -> str:
    unsafe = " --unsafe-fixes" if entry.fixable == "unsafe" else ""
    return f"newsdump validate --diff{unsafe} example.txt"


def _fix(entry: Code) -> str:
    if entry.fixable is None or not entry.example or entry.retired:
        return ""
    fixed = newsdump.fix(entry.example, unsafe=entry.fixable == "unsafe")
    diff = unified_diff("example.txt", entry.example, fixed)
    return f"\n\nWhat `{_diff_command(entry)}` prints for it:\n\n" + _fence(diff, "diff")


def _printf(data: bytes) -> str:
    """A printf format that writes ``data``: printable ASCII as it is, a line feed as
    ``\\n``, any other byte as an octal escape (POSIX printf has no ``\\x``)."""
    plain = {byte: chr(byte) for byte in range(0x20, 0x7F)} | {0x0A: "\\n"}
    plain |= {ord("'"): "\\047", ord("%"): "%%", ord("\\"): "\\\\"}
    return "".join(plain.get(byte, f"\\{byte:03o}") for byte in data)


def try_it(entry: Code) -> str:
    """The shell lines that make the example and report it: one printf a line (with the
    blank lines after it), or the commands of an example that is itself a transcript."""
    if entry.example.startswith("$ "):
        return "\n".join(line[2:] for line in entry.example.split("\n") if line[:2] == "$ ")
    data = entry.example.encode("utf-8", "surrogateescape")
    merged: list[bytes] = []
    for chunk in re.findall(rb"[^\n]*\n|[^\n]+", data) or [b""]:
        if merged and chunk == b"\n":
            merged[-1] += chunk  # a blank line joins the line before it
        else:
            merged.append(chunk)
    lines = [f"printf '{_printf(chunk)}'" for chunk in merged]
    made = (
        lines[0] + " > example.txt"
        if len(lines) == 1
        else "{\n" + "\n".join(lines) + "\n} > example.txt"
    )
    return f"{made}\nnewsdump validate example.txt"


def _example(entry: Code) -> str:
    if entry.retired:
        return "None: newsdump no longer reports this code."
    shown = _fence(entry.example)
    if not entry.example.startswith("$ "):
        shown += "\n\nEscapes such as `\\x00` or `\\r\\n` stand for the bytes they name."
    return f"{shown}\n\n## Try it\n\n```sh\n{try_it(entry)}\n```"


def page(entry: Code) -> str:
    retired = f"**Retired** in {entry.retired}\n\n" if entry.retired else ""
    return (
        f"# {entry.code} {entry.name}\n\n{retired}"
        f"**{entry.severity}**: {entry.summary}. It says: “{entry.message}”.\n\n"
        f"## What it means\n\n{entry.explanation}\n\n"
        f"## A minimal example\n\n{_example(entry)}\n\n"
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
