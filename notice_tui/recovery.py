"""Autosaved copies of unsaved work, offered back after a crash.

Each open profile has one recovery entry in <data dir>/recovery: the YAML text
as it would be saved, and a small JSON note with the profile's own path (none
for a new profile), its business name, when it was written and which version
of the file the work began from. A clean save or a deliberate "discard"
removes the entry; so does finding that the file already says the same.

Work is offered back whenever its text differs from the file, whatever the
file's time says: a `touch`, a `git checkout` or an editor's save after the
crash must not hide it, and a file that was moved or deleted leaves its
recovery on the start screen instead of in an unseen folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from notice_tui.files import SaveError, atomic_write
from notice_tui.profile.store import MAX_BYTES, DiskStamp
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
    base: DiskStamp | None = None  # the file the work began from, when known

    @property
    def yaml_file(self) -> Path:
        return recovery_dir() / f"{self.key}.yaml"


def key_for(path: Path | None) -> str:
    """A stable key for a file (so reopening it finds its recovery), a fresh one otherwise."""
    if path is None:
        return f"new-{uuid.uuid4().hex[:12]}"
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"file-{digest}"


def write(
    key: str, text: str, profile_path: Path | None, name: str, base: DiskStamp | None = None
) -> None:
    """Best effort: a failing autosave must never interrupt the user's typing."""
    folder = recovery_dir()
    note = {
        "path": str(profile_path.resolve()) if profile_path else None,
        "name": name,
        "saved_at": dt.datetime.now().isoformat(timespec="microseconds"),
        "base_sha256": base.digest.hex() if base else None,
        "base_size": base.size if base else None,
    }
    with contextlib.suppress(OSError, SaveError, UnicodeEncodeError):
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / f"{key}.yaml", text)
        atomic_write(folder / f"{key}.json", json.dumps(note, ensure_ascii=False))


def discard(key: str) -> None:
    for suffix in (".yaml", ".json"):
        with contextlib.suppress(OSError):
            (recovery_dir() / f"{key}{suffix}").unlink()


def _read(key: str) -> Recovery | None:
    """The entry, or None when its text is gone. A note that is missing or damaged
    costs the details (name, path), not the work: the text is still offered."""
    folder = recovery_dir()
    yaml_file = folder / f"{key}.yaml"
    try:
        text = yaml_file.read_text(encoding="utf-8")
        mtime = dt.datetime.fromtimestamp(yaml_file.stat().st_mtime)
    except (OSError, ValueError):
        return None
    try:
        note = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        if not isinstance(note, dict):
            raise TypeError(note)
    except (OSError, ValueError, TypeError):
        note = {}
    try:
        saved_at = dt.datetime.fromisoformat(str(note["saved_at"]))
    except (KeyError, ValueError, TypeError):
        saved_at = mtime
    raw_path = note.get("path")
    base = None
    with contextlib.suppress(KeyError, ValueError, TypeError):
        base = DiskStamp(bytes.fromhex(note["base_sha256"]), int(note["base_size"]))
    return Recovery(
        key,
        text,
        Path(raw_path) if isinstance(raw_path, str) and raw_path else None,
        str(note.get("name") or ""),
        saved_at,
        base,
    )


def _differs(found: Recovery) -> bool:
    """Whether the work says something the file does not (a missing file says nothing)."""
    assert found.profile_path is not None
    try:
        with found.profile_path.open("rb") as fh:
            on_disk = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # cannot tell: offer it
    return on_disk != found.text.encode("utf-8", "surrogateescape")


def find_for(path: Path) -> Recovery | None:
    """Unsaved work on this file whose text differs from the file's.

    Work the file already holds (saved before the crash, or saved the same by
    hand) is removed here, so no recovery is left behind unseen.
    """
    found = _read(key_for(path))
    if found is None:
        return None
    if found.profile_path is None:  # a damaged note: the key says which file it was
        found = Recovery(
            found.key, found.text, path.resolve(), found.name, found.saved_at, found.base
        )
    if not _differs(found):
        discard(found.key)
        return None
    return found


def get(key: str) -> Recovery | None:
    return _read(key)


def _all() -> list[Recovery]:
    folder = recovery_dir()
    if not folder.is_dir():
        return []
    found = (_read(p.stem) for p in folder.glob("*.yaml"))
    return sorted((r for r in found if r is not None), key=lambda r: r.saved_at, reverse=True)


def untitled() -> list[Recovery]:
    """Unsaved new profiles (and work whose note no longer says its file), newest first."""
    return [r for r in _all() if r.profile_path is None]


def for_files() -> list[Recovery]:
    """Unsaved work on profile files, newest first: each one whose text differs from
    its file, or whose file was moved or deleted. The rest is removed."""
    out = []
    for found in _all():
        if found.profile_path is None:
            continue
        if _differs(found):
            out.append(found)
        else:
            discard(found.key)
    return out
