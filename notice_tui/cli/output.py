"""What every command prints: exit codes, findings, and text made safe for a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _

if TYPE_CHECKING:
    from notice_tui.profile.store import ProfileDocument

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


# Control characters (an escape sequence can clear the screen or set the window
# title), characters that turn text around or cannot be seen, and lone surrogates
# (which no terminal can be sent). Tab and newline pass.
_TERMINAL_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)


def printable(text: str) -> str:
    """User and file text can hold escape sequences; a terminal must see them, not obey
    them. Everything notice-tui prints of a profile or a scan goes through here."""
    return _TERMINAL_CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def print_findings(findings: list[Finding], stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    labels = {Severity.ERROR: _("error"), Severity.WARNING: _("warning"), Severity.HINT: _("hint")}
    for f in findings:
        where = f.location()
        path = f"{f.path}: " if f.path else ""
        rule = f" [{f.rule}]" if f.rule != "schema" else ""
        hint = f" ({f.hint})" if f.hint else ""
        line = f"{where}: {labels[f.severity]}: {path}{f.message}{hint}{rule}"
        print(printable(line), file=stream)


def err(message: str) -> None:
    print(printable(message), file=sys.stderr)


def out(message: str) -> None:
    # A scan's cells and headings are the scanner's (or anyone's) text: an escape
    # sequence in a cookie name must reach the terminal as text, not as a command.
    print(printable(message))


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: frozenset[int] = frozenset()
) -> list[str]:
    """Columns as wide as their widest cell; the numbers in `right` right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value}").format(value=text)
        ) from None


def not_a_profile(doc: ProfileDocument) -> str | None:
    """Why a file must not be changed as a profile: it lacks schema_version or controller
    (a mistyped path to some other YAML file). None when it may be."""
    missing = [key for key in ("schema_version", "controller") if key not in doc.tree]
    if not missing:
        return None
    return _("{file} does not look like a profile (no {keys}); nothing was changed").format(
        file=doc.display_name, keys=", ".join(missing)
    )
