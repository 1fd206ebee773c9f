"""Compile the UI's gettext catalogs (locales/*/LC_MESSAGES/*.po) into the wheel.

The .mo files are build products: they go into notice_tui/locales inside the
installed package and are never committed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        self._tmp = tempfile.TemporaryDirectory()
        out = Path(self._tmp.name)
        for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po")):
            rel = po.relative_to(root / "locales").with_suffix(".mo")
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as src:
                catalog = read_po(src)
            with target.open("wb") as dst:
                write_mo(dst, catalog)
            build_data["force_include"][str(target)] = f"notice_tui/locales/{rel.as_posix()}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
