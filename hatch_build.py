"""Build products of the wheel, never committed: the UI's compiled gettext catalogs and
Norway's phone numbering plan.

The .mo files are compiled from locales/*/LC_MESSAGES/*.po into notice_tui/locales.
notice_tui/profile/_numbering_plan.py is read from phonenumbers' metadata by
notice_tui/profile/numbering_plan.py, the same code a source checkout runs at import.
"""

from __future__ import annotations

import importlib.util
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

        # Loaded from its file: notice_tui itself is not importable while it is built.
        spec = importlib.util.spec_from_file_location(
            "_numbering_plan_source", root / "notice_tui" / "profile" / "numbering_plan.py"
        )
        assert spec is not None and spec.loader is not None
        source = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(source)
        plan = out / "_numbering_plan.py"
        plan.write_text(source.plan_source(source.plan_from_phonenumbers()), encoding="utf-8")
        build_data["force_include"][str(plan)] = "notice_tui/profile/_numbering_plan.py"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp is not None:
            tmp.cleanup()
