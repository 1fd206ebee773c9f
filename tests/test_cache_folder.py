"""What the cache folder holds: what pays for itself, nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _render(cache: Path, out: Path, **extra: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NOTICE_TUI_NO_CACHE"}
    env.update(XDG_CACHE_HOME=str(cache), **extra)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "notice_tui",
            "render",
            str(ROOT / "sample_profiles" / "fjordkaffe.yaml"),
            "--out",
            str(out),
            "-q",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr


def test_the_cache_keeps_templates_catalogue_and_cldr_but_no_profiles(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(cache, tmp_path / "out")
    _render(cache, tmp_path / "out")
    kept = sorted(p.name for p in (cache / "notice-tui").iterdir())
    # A profile's parsed tree is not kept: reading it again is within the noise.
    # `locales` only where the translations are not compiled into the package (a checkout).
    assert [k for k in kept if k != "locales"] == ["catalog", "cldr", "templates"]
    assert len(list((cache / "notice-tui" / "catalog").iterdir())) == 1


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(cache, tmp_path / "out", NOTICE_TUI_NO_CACHE="1")
    assert not (cache / "notice-tui").exists()


def test_a_new_version_replaces_the_old_copy_instead_of_piling_up(tmp_path: Path) -> None:
    """An upgrade (or a catalogue edit) leaves one copy of each entry, not one per version."""
    code = """
import notice_tui
from notice_tui import cache
for version in ("0.1.0", "0.2.0"):
    notice_tui.__version__ = version
    cache.store(cache.entry("catalog", "services", "data"), {"version": version})
print(cache.load(cache.entry("catalog", "services", "data")))
"""
    env = {k: v for k, v in os.environ.items() if k != "NOTICE_TUI_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert res.stdout.strip() == "{'version': '0.2.0'}", res.stderr
    assert len(list((tmp_path / "notice-tui" / "catalog").iterdir())) == 1


def test_a_cache_folder_that_cannot_be_written_renders_all_the_same(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    _render(blocked, tmp_path / "out")
    assert (tmp_path / "out").is_dir()
