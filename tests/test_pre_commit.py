"""The pre-commit hooks (.pre-commit-hooks.yaml), run by pre-commit itself on a temporary
git repository holding a good scrape and a bad one, as a scraper's repository would."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import tomllib

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None,
    reason="pre-commit and git are needed (pip install pre-commit; the test extra has it)",
)


def _repository(tmp_path: pathlib.Path) -> pathlib.Path:
    repository = tmp_path / "scrapes"
    repository.mkdir()
    shutil.copy(FIXTURES / "valid" / "interview_and_related.txt", repository / "good.txt")
    shutil.copy(FIXTURES / "invalid" / "glued_blocks.txt", repository / "bad.txt")
    for command in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *command], cwd=repository, check=True)
    return repository


def _hook(
    repository: pathlib.Path, hook: str, home: pathlib.Path
) -> subprocess.CompletedProcess[str]:
    # try-repo: the hooks of this working tree, installed by pre-commit as for a user.
    return _pre_commit(["try-repo", str(ROOT), hook, "--all-files"], repository, home)


def _pre_commit(
    arguments: list[str], repository: pathlib.Path, home: pathlib.Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """pre-commit's cache, shared by the tests: it installs newsdump once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def test_the_validate_hook_fails_on_the_bad_scrape_and_names_its_line(
    tmp_path: pathlib.Path, home: pathlib.Path
) -> None:
    repository = _repository(tmp_path)
    done = _hook(repository, "newsdump-validate", home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad.txt:15:1: E301 [error]" in done.stdout
    assert "good.txt" not in done.stdout.replace("2 files checked", "")


def test_the_fix_hook_repairs_the_bad_scrape_and_then_passes(
    tmp_path: pathlib.Path, home: pathlib.Path
) -> None:
    repository = _repository(tmp_path)
    good = (repository / "good.txt").read_bytes()
    first = _hook(repository, "newsdump-fix", home)
    assert first.returncode == 1  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in first.stdout
    assert (repository / "good.txt").read_bytes() == good
    assert (repository / "bad.txt").read_bytes() != (
        FIXTURES / "invalid" / "glued_blocks.txt"
    ).read_bytes()
    subprocess.run(["git", "add", "."], cwd=repository, check=True)
    second = _hook(repository, "newsdump-validate", home)
    assert second.returncode == 0, second.stdout


def _snippet(doc: pathlib.Path) -> str:
    found = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", doc.read_text(), re.S)
    assert found is not None, f"{doc.name} has no .pre-commit-config.yaml example"
    return found.group(1)


def test_the_docs_give_one_pre_commit_snippet_naming_this_version() -> None:
    readme, cli = _snippet(ROOT / "README.md"), _snippet(ROOT / "docs" / "cli.md")
    assert readme == cli
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"rev: v{version} " in readme


def _rev(snippet: str) -> str:
    found = re.search(r"^\s*rev: (\S+)", snippet, re.M)
    assert found is not None, "the snippet names no rev"
    return found.group(1)


def _upstream_with_rev(tmp_path: pathlib.Path, rev: str) -> pathlib.Path:
    """A clone of this repository standing for the published one. A clone made without
    tags (CI checkouts often are) gets the release tag at its HEAD, as the release would."""
    upstream = tmp_path / "newsdump"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(upstream)], check=True)
    tagged = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", f"refs/tags/{rev}"], cwd=upstream, check=False
    )
    if tagged.returncode != 0:
        subprocess.run(["git", "tag", rev], cwd=upstream, check=True)
    return upstream


def test_the_pre_commit_snippet_works_as_written_on_the_files_it_names(
    tmp_path: pathlib.Path, home: pathlib.Path
) -> None:
    """The README's snippet, its repository URL made a clone of this repository: pre-commit
    clones that at the snippet's rev and installs newsdump from it."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the snippet's rev is a tag of the repository")
    repository = tmp_path / "scraper"
    (repository / "scrapes" / "drafts").mkdir(parents=True)
    shutil.copy(
        FIXTURES / "valid" / "interview_and_related.txt", repository / "scrapes" / "good.txt"
    )
    bad = FIXTURES / "invalid" / "glued_blocks.txt"
    shutil.copy(bad, repository / "scrapes" / "bad.txt")
    shutil.copy(bad, repository / "scrapes" / "drafts" / "draft.txt")  # excluded
    (repository / "notes.txt").write_text("Not a scrape: outside files.\n")
    snippet = _snippet(ROOT / "README.md")
    upstream = _upstream_with_rev(tmp_path, _rev(snippet))
    config = snippet.replace("https://example.org/newsdump.git", str(upstream))
    (repository / ".pre-commit-config.yaml").write_text(config)
    for command in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *command], cwd=repository, check=True)
    done = _pre_commit(["run", "--all-files"], repository, home)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "scrapes/bad.txt:15:1: E301 [error]" in done.stdout
    assert "2 files checked" in done.stdout  # good.txt and bad.txt: not the draft, nor notes
