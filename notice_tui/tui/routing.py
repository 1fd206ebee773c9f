"""Which row of a form shows which finding: a pure function of key paths.

A finding is shown beside the deepest field or table whose key path it lies under
(`processors[1].name` beside the processors table's name field, not beside the
table); one no field claims goes to the step's own problem list at the top. The
wizard asks this on every check, and "go to this finding" asks the same question
for a single path, so both go through `owner`. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from notice_tui.findings import Finding
from notice_tui.profile import paths


def owner(path: str, targets: Sequence[str]) -> int | None:
    """The index of the deepest target `path` is under; the first of equals wins.

    None when no target holds it.
    """
    best: int | None = None
    for i, target in enumerate(targets):
        if paths.is_under(path, target) and (best is None or len(target) > len(targets[best])):
            best = i
    return best


@dataclass
class Routing:
    """Findings per target (in the order the targets were given) and those left over."""

    by_target: list[list[Finding]]
    loose: list[Finding] = field(default_factory=list)


def route(findings: Iterable[Finding], targets: Sequence[str]) -> Routing:
    """Give each finding to the deepest target it is under (see `owner`), keeping order.

    `targets` are the key paths of the rows shown, in form order; a finding under
    none of them is loose: the step lists it above its form.
    """
    routing = Routing([[] for _t in targets])
    for finding in findings:
        index = owner(finding.path, targets)
        if index is None:
            routing.loose.append(finding)
        else:
            routing.by_target[index].append(finding)
    return routing
