"""One place writes files (notice_tui.files), and the modules split for one job each
stay that way: what a later change would silently undo."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_writing_files_needs_no_profile_code() -> None:
    code = (
        "import sys, notice_tui.files\n"
        "assert not any(m.startswith('notice_tui.profile') for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('notice_tui'))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert res.returncode == 0, res.stderr


def test_every_writer_uses_the_one_atomic_write() -> None:
    from notice_tui import cache, files, pipeline, recent, recovery
    from notice_tui.profile import store

    for module in (pipeline, recent, recovery, cache, store):
        assert module.atomic_write is files.atomic_write, module.__name__
    assert store.SaveError is files.SaveError  # one exception for every caller to catch


def _longest_function(path: Path) -> tuple[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    sizes = [
        (node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    ]
    return max(sizes, key=lambda s: s[1]) if sizes else ("", 0)


def test_the_catalogue_code_is_one_module_per_job() -> None:
    folder = ROOT / "notice_tui" / "catalog"
    for name in (
        "apply.py",
        "reports.py",
        "add.py",
        "scan.py",
        "scan_columns.py",
        "scan_words.py",
        "merge.py",
        "lookup.py",
    ):
        path = folder / name
        assert len(path.read_text(encoding="utf-8").splitlines()) < 500, name
        function, size = _longest_function(path)
        assert size <= 60, f"{name}: {function} has {size} lines"
    from notice_tui.catalog import apply

    for name in (
        "add_service",
        "import_cookies",
        "decode_csv",
        "AddReport",
        "ImportReport",
        "CsvError",
        "Note",
        "SkippedRow",
    ):
        assert hasattr(apply, name), name
