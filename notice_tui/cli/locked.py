"""Commands that change a profile: read, change and write under the profile's lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from notice_tui.files import SaveError
from notice_tui.files import file_lock as profile_lock

from .output import EXIT_UNREADABLE, err


def locked(profile: str | Path, change: Callable[[], int]) -> int:
    """Run change (which reads the profile, changes it and saves it) holding the lock,
    so a `set` or a wizard saving at the same time keeps its change too. A lock that
    cannot be had, or a save that fails, is said in one line: exit 2."""
    try:
        with profile_lock(Path(profile)):
            return change()
    except SaveError as exc:
        err(str(exc))
        return EXIT_UNREADABLE
