"""Autosaved copies of unsaved work, offered back after a crash.

Each open profile has one recovery entry in <data dir>/recovery: the YAML text
as it would be saved, and a small JSON note with the profile's own path (none
for a new profile), its business name and when it was written. A clean save
or a deliberate "discard" removes the entry.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from notice_tui.profile.store import SaveError, atomic_write
from notice_tui.recent import data_dir


def recovery_dir() -> Path:
    return data_dir() / "recovery"


@dataclass(frozen=True)
class Recovery:
    key: str
    text: str
    profile_path: Path | None
    name: str
    saved_at: dt.datetime

    @property
    def yaml_file(self) -> Path:
        return recovery_dir() / f"{self.key}.yaml"


def key_for(path: Path | None) -> str:
    """A stable key for a file (so reopening it finds its recovery), a fresh one otherwise."""
    if path is None:
        return f"new-{uuid.uuid4().hex[:12]}"
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"file-{digest}"


def write(key: str, text: str, profile_path: Path | None, name: str) -> None:
    """Best effort: a failing autosave must never interrupt the user's typing."""
    folder = recovery_dir()
    note = {
        "path": str(profile_path.resolve()) if profile_path else None,
        "name": name,
        "saved_at": dt.datetime.now().isoformat(timespec="microseconds"),
    }
    with contextlib.suppress(OSError, SaveError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{key}.yaml", text)
        atomic_write(folder / f"{key}.json", json.dumps(note, ensure_ascii=False))


def discard(key: str) -> None:
    for suffix in (".yaml", ".json"):
        with contextlib.suppress(OSError):
            (recovery_dir() / f"{key}{suffix}").unlink()


def _read(key: str) -> Recovery | None:
    folder = recovery_dir()
    try:
        text = (folder / f"{key}.yaml").read_text(encoding="utf-8")
        note = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        saved_at = dt.datetime.fromisoformat(str(note["saved_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    raw_path = note.get("path")
    return Recovery(key, text, Path(raw_path) if raw_path else None,
                    str(note.get("name") or ""), saved_at)


def find_for(path: Path) -> Recovery | None:
    """Unsaved work on this file, when it is newer than the file itself."""
    found = _read(key_for(path))
    if found is None:
        return None
    with contextlib.suppress(OSError):
        if found.saved_at.timestamp() < path.stat().st_mtime:
            return None
    return found


def untitled() -> list[Recovery]:
    """Unsaved new profiles, newest first."""
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    found = [_read(p.stem) for p in folder.glob("new-*.json")]
    return sorted((r for r in found if r is not None), key=lambda r: r.saved_at, reverse=True)
