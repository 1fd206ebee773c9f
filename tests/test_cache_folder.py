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
        [sys.executable, "-m", "notice_tui", "render", str(ROOT / "sample_profiles" /
                                                          "fjordkaffe.yaml"),
         "--out", str(out), "-q"], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr


def test_the_cache_keeps_templates_catalogue_and_cldr_but_no_profiles(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(cache, tmp_path / "out")
    _render(cache, tmp_path / "out")
    kept = sorted(p.name for p in (cache / "notice-tui").iterdir())
    assert "templates" in kept and "cldr" in kept
    assert any(name.startswith("catalog-") for name in kept)
    # A profile's parsed tree is not kept: reading it again is within the noise.
    assert "trees" not in kept


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _render(cache, tmp_path / "out", NOTICE_TUI_NO_CACHE="1")
    assert not (cache / "notice-tui").exists()
