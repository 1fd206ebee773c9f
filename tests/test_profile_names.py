"""Modules say what they hold, and no module reaches into another's private names."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import notice_tui

PACKAGE = Path(notice_tui.__file__).parent


def _imported_modules(tree: ast.Module) -> dict[str, str]:
    """Local name -> notice_tui module, for `import a.b as c` and `from a import b`."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("notice_tui"):
                    names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("notice_tui"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                try:
                    importlib.import_module(full)
                except ImportError:
                    continue  # a function or class, not a module
                names[alias.asname or alias.name] = full
    return names


def test_no_module_uses_another_modules_private_names() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = _imported_modules(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(
                    f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value.id}.{node.attr}"
                )
    assert found == []


def test_value_modules_are_named_for_what_they_hold() -> None:
    from notice_tui.profile import formatters, geography, paths, text, validators

    assert geography.in_eea("Sverige") is True and geography.in_eea("USA") is False
    assert validators.check_org_number("310123455") is None
    assert formatters.format_org_number("310123455") == "310 123 455"
    assert text.fold("Fjordkaffe  AS") == "fjordkaffe as"
    assert paths.get({}, "controller.name", paths.MISSING) is paths.MISSING
    assert not (PACKAGE / "profile" / "values.py").exists()
    assert not (PACKAGE / "checks" / "rules.py").exists()
    assert (PACKAGE / "checks" / "rules_controller.py").exists()


# Each of these is done in one place: (what, the one module, a pattern of a copy).
ONE_PLACE = [
    ("path is under path", "profile/paths.py", r'startswith\([^)]*\+ *"\["'),
    ("index parsing", "profile/paths.py", r"\\\[\(?\\d\+\)?\\\]"),
    ("line and column", "profile/paths.py", r"\blc\.(?:key|value|item)\("),
    ("white space folding", "profile/text.py", r'" "\.join\([^)]*casefold\(\)\.split\(\)\)'),
    ("wildcard matching", "cookie_names.py", r"\bfnmatch\b"),
    ("duration syntax", "profile/durations.py", r"s\|min\|h\|d\|w\|mo\|y"),
]


def test_each_of_these_is_done_in_one_place() -> None:
    import re

    found = []
    for what, home, pattern in ONE_PLACE:
        for path in sorted(PACKAGE.rglob("*.py")):
            where = str(path.relative_to(PACKAGE))
            if where == home:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(pattern, line):
                    found.append(f"{what}: {where}:{n}: {line.strip()}")
    assert found == []
