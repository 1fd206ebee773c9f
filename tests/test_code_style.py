"""The code's habits, enforced where every developer runs the tests: `ruff check` and
`ruff format` (the style is the formatter's; data tables it would spread over many
lines carry `# fmt: skip`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("ruff")
    cmd = [exe] if exe else [sys.executable, "-m", "ruff"]
    return subprocess.run([*cmd, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "args", [("check", "."), ("format", "--check", ".")], ids=["lint", "format"]
)
def test_ruff_finds_nothing(args: tuple[str, ...]) -> None:
    res = _ruff(*args)
    assert res.returncode == 0, res.stdout + res.stderr
