"""Shared test set-up: hypothesis profiles, and where the real and our own example files are."""

from __future__ import annotations

import importlib.util
import os
import pathlib
import secrets
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

import newsdump

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"

# Every profile is random, and every run prints its seed (pytest's header) so that a
# failure can be replayed: HYPOTHESIS_SEED=N python -m pytest. "ci" is as large as CI's
# two cores afford in a few minutes, so that CI finds what a run at a desk finds; "dev" is
# the default at a desk; "thorough" is for a long local run.
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=3000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """One seed for the run: HYPOTHESIS_SEED or --hypothesis-seed when given, else a new
    random one, handed to hypothesis's own option before its plugin reads it."""
    if config.getoption("hypothesis_seed", None) is None:
        seed = os.environ.get("HYPOTHESIS_SEED") or str(secrets.randbelow(2**32))
        config.option.hypothesis_seed = seed


def pytest_report_header(config: pytest.Config) -> str:
    seed = config.getoption("hypothesis_seed")
    return f"hypothesis seed: {seed} (to replay: HYPOTHESIS_SEED={seed} python -m pytest)"


def load_script(path: pathlib.Path) -> ModuleType:
    """A script of the repository's (a docs generator, say) loaded as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_files() -> list[pathlib.Path]:
    """The real scrapes beside the project (CI has them); [] when the folder is absent."""
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def valid_fixtures() -> list[pathlib.Path]:
    return sorted((FIXTURES / "valid").glob("*.txt"))


@pytest.fixture
def corpus_dir() -> pathlib.Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus is not here: {CORPUS} (CI has it beside the project)")
    return CORPUS


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports as a pipe gets them, whatever the terminal running the tests asks for
    (FORCE_COLOR in a CI's environment would colour every expected line)."""
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def caption_of(article: newsdump.Article) -> newsdump.Caption:
    """The article's caption, which the test expects it to have (a news article's)."""
    assert article.caption is not None, f"no caption: a {article.page_type} page"
    return article.caption
