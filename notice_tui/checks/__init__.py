"""Compliance rules: small functions, each registered with a stable id and severity.

Each rule looks at the typed Profile and yields findings (path, message, hint);
`run_checks` adds the line and column from the YAML tree. `coverage` checks a
rendered notice against the GDPR art. 13/14 checklist.
"""

from __future__ import annotations

from notice_tui.checks.registry import RULES, Rule, rule, run_checks

# Importing the rule modules registers their rules, in this order.
from notice_tui.checks import rules_controller as _rules_controller  # noqa: F401  isort: skip
from notice_tui.checks import rules_cookies as _rules_cookies  # noqa: F401  isort: skip
from notice_tui.checks import rules_languages as _rules_languages  # noqa: F401  isort: skip
from notice_tui.checks import rules_modules as _rules_modules  # noqa: F401  isort: skip
from notice_tui.checks import rules_protocol as _rules_protocol  # noqa: F401  isort: skip
from notice_tui.checks import rules_text as _rules_text  # noqa: F401  isort: skip
from notice_tui.checks import rules_transfers as _rules_transfers  # noqa: F401  isort: skip
from notice_tui.checks import rules_truth as _rules_truth  # noqa: F401  isort: skip

__all__ = ["RULES", "Rule", "rule", "run_checks"]
