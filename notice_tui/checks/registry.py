"""The rule registry and the runner shared by `check`, `render` and the wizard."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from notice_tui.findings import Finding, Severity
from notice_tui.profile import paths
from notice_tui.profile.model import Profile

RuleFunc = Callable[[Profile], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    func: RuleFunc
    summary: str


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, summary: str = "") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule. Its findings get the rule's id and severity unless they set their own."""

    def decorate(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, func, summary or (func.__doc__ or "").strip())
        return func

    return decorate


def run_checks(profile: Profile, tree: Any = None, file: str | None = None) -> list[Finding]:
    found: list[Finding] = []
    for r in RULES.values():
        for finding in r.func(profile):
            line, col = paths.locate(tree, finding.path) if tree is not None else (None, None)
            if tree is not None and line is None:
                # A key the profile lacks altogether: the answer goes at the top level.
                line, col = 1, 1
            found.append(
                replace(
                    finding,
                    rule=r.id if finding.rule == "schema" else finding.rule,
                    severity=r.severity if finding.rule == "schema" else finding.severity,
                    line=finding.line or line,
                    column=finding.column or col,
                    file=file,
                )
            )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
    found.sort(key=lambda f: (order[f.severity], f.line or 0))
    return found
