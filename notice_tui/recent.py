"""Recently opened profiles, kept in the user's data folder.

The folder is platformdirs' user_data_dir("notice-tui"); NOTICE_TUI_DATA_DIR
overrides it, so tests (and portable installs) never touch the real one.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from notice_tui.files import SaveError, atomic_write

MAX_RECENT = 10
ENV_DATA_DIR = "NOTICE_TUI_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("notice-tui", appauthor=False))


def _recent_file() -> Path:
    return data_dir() / "recent.json"


def recent_profiles() -> list[Path]:
    """Recently opened profiles, newest first, leaving out files that are gone."""
    try:
        raw = json.loads(_recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(raw, list):
        return []
    paths = [Path(p) for p in raw if isinstance(p, str)]
    return [p for p in paths if p.is_file()]


def add_recent(path: Path) -> None:
    """Put `path` first in the list. Failing to remember is never worth an error."""
    path = path.resolve()
    items = [p for p in recent_profiles() if p != path]
    items.insert(0, path)
    folder = data_dir()
    with contextlib.suppress(OSError, SaveError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(
            _recent_file(),
            json.dumps([str(p) for p in items[:MAX_RECENT]], ensure_ascii=False, indent=1),
        )
