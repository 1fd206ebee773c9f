"""The CLDR data kept in the cache folder: same documents, fewer files read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES

RENDER = """
import datetime as dt, hashlib, sys
from babel import localedata
from notice_tui.document import render_documents
from notice_tui.pipeline import analyse

profile = analyse(sys.argv[1], fast=True).profile
docs = render_documents(profile, dt.date(2026, 11, 22)).documents
text = "".join(d.as_format("md") + d.as_format("html") for d in docs)
print(hashlib.sha256(text.encode()).hexdigest(), "root" in localedata._cache)
"""


def _render(cache: Path, *extra: str) -> tuple[str, bool]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    for key in extra:
        env[key] = "1"
    out = subprocess.run(
        [sys.executable, "-c", RENDER, str(SAMPLES / "fjordkaffe.yaml")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return out[0], out[1] == "True"


def _cached(cache: Path) -> list[Path]:
    return sorted((cache / "notice-tui" / "cldr").glob("nb-*.pickle"))


def test_the_second_run_reads_the_kept_data_and_renders_the_same(tmp_path: Path) -> None:
    first, read_files = _render(tmp_path)
    assert read_files  # the first run assembles nb from root and its parents
    assert len(_cached(tmp_path)) == 1
    second, read_files = _render(tmp_path)
    assert not read_files
    assert second == first
    assert _render(tmp_path, "NOTICE_TUI_NO_CACHE")[0] == first


def test_a_damaged_cache_file_is_read_past_and_replaced(tmp_path: Path) -> None:
    expected, _ = _render(tmp_path / "clean")
    _render(tmp_path)
    [kept] = _cached(tmp_path)
    kept.write_bytes(b"not a pickle")
    digest, read_files = _render(tmp_path)
    assert digest == expected
    assert read_files
    assert kept.read_bytes() != b"not a pickle"


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    expected, _ = _render(tmp_path / "clean")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    digest, _ = _render(blocked)
    assert digest == expected


def test_checking_the_samples_reads_no_cldr_data() -> None:
    """Places like "EU/EØS og USA" are known without loading three locales' country names."""
    code = """
import sys
from babel import localedata
from notice_tui.pipeline import analyse
for path in sys.argv[1:]:
    analyse(path, fast=True)
print(sorted(localedata._cache))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, *map(str, sorted(SAMPLES.glob("*.yaml")))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert out == "[]"
