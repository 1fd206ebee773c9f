"""A problem found in a profile: by validation or by a compliance rule.

One shape for both, so `check`, `render` and the wizard's review show them
the same way: `file:line:col: key.path: message`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"


@dataclass(frozen=True)
class Finding:
    path: str
    message: str
    severity: Severity = Severity.ERROR
    rule: str = "schema"
    hint: str = ""
    line: int | None = None
    column: int | None = None
    file: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def location(self) -> str:
        parts = [self.file or "<profile>"]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        return ":".join(parts)

    def format(self) -> str:
        where = f"{self.path}: " if self.path else ""
        text = f"{self.location()}: {where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
