"""Ordered migrations of the profile format: each takes version N to N+1, in place.

A migration edits the ruamel tree itself, so comments and order survive; the
file is written in the new version only when the user saves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from notice_tui.profile.model import SCHEMA_VERSION

Migration = Callable[[Any], None]

# MIGRATIONS[n] turns a version-n tree into version n+1. Version 1 is the first.
MIGRATIONS: dict[int, Migration] = {}


class NewerVersionError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def migrate(
    tree: Any, migrations: dict[int, Migration] | None = None, target: int = SCHEMA_VERSION
) -> list[int]:
    """Bring a tree up to `target`; return the versions it passed through."""
    steps = MIGRATIONS if migrations is None else migrations
    version = tree.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return []
    if version > target:
        raise NewerVersionError(version)
    passed = []
    while version < target:
        step = steps.get(version)
        if step is None:
            break
        step(tree)
        version += 1
        tree["schema_version"] = version
        passed.append(version)
    return passed
