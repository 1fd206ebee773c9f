"""Compliance rules: small functions, each registered with a stable id and severity.

Each rule looks at the typed Profile and yields findings (path, message, hint);
`run_checks` adds the line and column from the YAML tree.
"""

from __future__ import annotations

from notice_tui.checks.registry import RULES, Rule, rule, run_checks

# Importing the rule modules registers their rules.
from notice_tui.checks import rules as _rules  # noqa: E402,F401  isort: skip

__all__ = ["RULES", "Rule", "rule", "run_checks"]
