"""The report, opened in a real browser (headless Chromium): it loads, it is not blank, its
numbers and charts are in the page after load, and it fits a desktop window and a phone.

.ci/run installs Debian's chromium when it is missing; where it cannot be installed,
these tests skip, saying so.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import struct
import subprocess
import zlib
from typing import Any

import pytest

from newsdump.cli import main
from tests.conftest import CORPUS, FIXTURES

pytest.importorskip("matplotlib", reason="the HTML report needs the report extra")

_BROWSER = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome")
        if (found := shutil.which(name))
    ),
    None,
)
pytestmark = pytest.mark.skipif(
    _BROWSER is None, reason="no Chromium here: apt-get install -y chromium (.ci/run does)"
)

_FOLDERS = [FIXTURES, *([CORPUS] if CORPUS.is_dir() else [])]
_IDS = ["fixtures", *(["corpus"] if CORPUS.is_dir() else [])]


def _chromium(tmp_path: pathlib.Path, page: pathlib.Path, width: int, *extra: str) -> str:
    assert _BROWSER is not None
    done = subprocess.run(
        [
            _BROWSER,
            "--headless",
            "--no-sandbox",  # as root in a container; the page runs no script anyway
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={width},2400",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _pixels(png: bytes) -> tuple[int, int, bytes]:
    """A PNG's width, height and decompressed scanlines (enough to tell it from blank)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    at, chunks, size = 8, [], (0, 0)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", data[:8])
        elif kind == b"IDAT":
            chunks.append(data)
        at += 12 + length
    return size[0], size[1], zlib.decompress(b"".join(chunks))


def _report(
    folder: pathlib.Path, tmp_path: pathlib.Path, capsysbinary: Any
) -> tuple[pathlib.Path, Any]:
    page = tmp_path / "report.html"
    assert main(["report", str(folder), "-o", str(page), "-j", "1", "-q"]) == 0
    main(["report", str(folder), "--format", "json", "-j", "1", "-q"])
    return page, json.loads(capsysbinary.readouterr().out)


@pytest.mark.parametrize("folder", _FOLDERS, ids=_IDS)
def test_the_report_renders_with_its_numbers_and_charts_after_load(
    folder: pathlib.Path, tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page, found = _report(folder, tmp_path, capsysbinary)
    dom = _chromium(tmp_path, page, 1280, "--dump-dom")
    for key in ("files", "articles", "bytes"):
        assert f'id="overview-{key}">{found["overview"][key]:,}</dd>' in dom
    assert found["overview"]["verdict"].split(":")[0] in dom
    assert len(re.findall(r"<svg\b", dom)) >= 3
    shot = tmp_path / "report.png"
    _chromium(tmp_path, page, 1280, f"--screenshot={shot}")
    width, height, scanlines = _pixels(shot.read_bytes())
    assert (width, height) == (1280, 2400)
    assert len(set(scanlines[:: max(1, len(scanlines) // 5000)])) > 10  # not one colour


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_report_fits_the_window_without_scrolling_sideways(
    width: int, tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page, _ = _report(FIXTURES, tmp_path, capsysbinary)
    # A probe, in a copy only: the report itself runs no script.
    probe = tmp_path / "probe.html"
    measure = (
        "<script>document.body.dataset.overflow = "
        "String(document.documentElement.scrollWidth > window.innerWidth);</script>"
    )
    probe.write_text(page.read_text("utf-8").replace("</body>", measure + "</body>"), "utf-8")
    dom = _chromium(tmp_path, probe, width, "--dump-dom")
    assert 'data-overflow="false"' in dom
