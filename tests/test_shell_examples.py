"""Every shell example in README.md and docs/*.md runs as it is written, so that an
option or a command the docs show cannot drift from the code.

The newsdump examples run in order, page by page, in a folder holding the files they
name (``story.txt``, ``scrapes/``...), made from our valid fixtures: each must end with
status 0 and no traceback, and what it writes (``-o``, ``>``) must be there. The
developers' commands of the README run as far as a test can run them: installs are
checked against the extras pyproject.toml defines, the generators run on a copy and
must write what is committed, the benchmarks answer ``--help``, and the test command is
the one ``.ci/run`` runs.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import FIXTURES, ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(?:sh|bash)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"\s+#.*$")  # a comment after a command (none holds a quoted #)
_INSTALL = re.compile(r"^python -m pip install -e (?P<spec>\S+)(?: && |$)")


def _examples(page: pathlib.Path) -> list[str]:
    """The command lines of a page's shell blocks, in order, without their comments."""
    lines = []
    for block in _BLOCK.findall(page.read_text(encoding="utf-8")):
        lines += [_COMMENT.sub("", line).strip() for line in block.splitlines() if line.strip()]
    return lines


def test_the_docs_have_shell_examples_to_run() -> None:
    counts = {page.name: len(_examples(page)) for page in PAGES}
    assert counts["README.md"] >= 3
    assert counts["cli.md"] >= 10


def _extras() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(pyproject["project"]["optional-dependencies"])


def _without_install(line: str) -> str:
    """The line after its install step, which is checked here rather than run: the
    package is installed already, and CI has no network but the package index."""
    found = _INSTALL.match(line)
    if found is None:
        return line
    spec = found["spec"].strip("'\"")
    assert spec == "." or re.fullmatch(r"\.\[[a-z,]+\]", spec), line
    extras = set(spec[2:-1].split(",")) if spec != "." else set()
    assert extras <= _extras(), f"{line}: no such extra {sorted(extras - _extras())}"
    return line[found.end() :]


@pytest.fixture
def sandbox(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder holding what the examples name: scrapes with nothing to report or fix
    (the others have a BOM or CRLF line ends, which --diff would rightly change)."""
    valid = FIXTURES / "valid"
    shutil.copytree(valid, tmp_path / "fixtures" / "valid")
    clean = [valid / "single_with_final_newline.txt", valid / "interview_and_related.txt"]
    (tmp_path / "scrapes" / "more").mkdir(parents=True)
    for path in clean:
        shutil.copy(path, tmp_path / "scrapes" / path.name)
        shutil.copy(path, tmp_path / "scrapes" / "more" / path.name)
    shutil.copy(clean[0], tmp_path / "story.txt")
    shutil.copy(clean[1], tmp_path / "new.txt")
    return tmp_path


def _run(line: str, where: pathlib.Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    # newsdump and python from this environment, whatever PATH the tests were given.
    environment["PATH"] = os.path.dirname(sys.executable) + os.pathsep + environment["PATH"]
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; {line}"],
        cwd=where,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _outputs(line: str) -> list[str]:
    """What the line says it writes: the folder or file after -o, the file after >."""
    return re.findall(r"(?:-o|>) (\S+)", line)


@pytest.mark.parametrize("page", [page for page in PAGES if page.name != "README.md"], ids=str)
def test_each_newsdump_example_of_a_page_runs(page: pathlib.Path, sandbox: pathlib.Path) -> None:
    for line in _examples(page):
        assert line.startswith(("newsdump ", "cat ")), f"{page.name}: who runs {line!r}?"
        _check_runs(line, sandbox)


def _check_runs(line: str, where: pathlib.Path) -> None:
    done = _run(line, where)
    assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr, f"{line}\n{done.stderr}"
    for output in _outputs(line):
        assert (where / output).exists(), f"{line}: wrote no {output}"
        if (where / output).is_file():
            assert (where / output).stat().st_size > 0, f"{line}: {output} is empty"


def test_the_readme_examples_run(sandbox: pathlib.Path, tmp_path: pathlib.Path) -> None:
    for line in _examples(ROOT / "README.md"):
        command = _without_install(line)
        if not command:
            continue  # an install alone, checked above
        if command.startswith("python -m newsdump "):
            _check_runs(command, sandbox)
        elif command.startswith("python -m pytest"):
            # The suite itself, which CI runs: the README's test command (install and
            # all) is the line .ci/run runs.
            if command != line:
                ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                assert line in ci, "README's test command is not what .ci/run runs"
        elif command.startswith("python benchmarks/"):
            # Minutes long (see docs/speed.md): that it starts and takes its options.
            script = command.split()[1]
            done = _run(f"python {script} --help", ROOT)
            assert done.returncode == 0, f"{command}\n{done.stderr}"
        elif command.startswith("python ") and command.endswith("generate.py"):
            _check_generator(command.split()[1], tmp_path)
        elif command.startswith("ruff "):
            _check_linters(command)
        else:
            pytest.fail(f"README.md: no way to run {line!r}: teach this test")


def _check_generator(script: str, tmp_path: pathlib.Path) -> None:
    """Run a generator on a copy of its folder: it must write what is committed."""
    copy = tmp_path / "generated" / pathlib.Path(script).parent
    shutil.copytree(ROOT / pathlib.Path(script).parent, copy)
    done = _run(f"python {copy / pathlib.Path(script).name}", ROOT)
    assert done.returncode == 0, f"{script}\n{done.stderr}"
    for written in copy.iterdir():
        if written.is_file():
            committed = ROOT / pathlib.Path(script).parent / written.name
            assert written.read_bytes() == committed.read_bytes(), f"{script}: {written.name}"


def _check_linters(command: str) -> None:
    missing = [tool for tool in ("ruff", "mypy") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: they come with the dev extra")
    done = _run(command, ROOT)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
