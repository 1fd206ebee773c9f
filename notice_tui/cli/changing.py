"""Commands that change a profile (add-service, import-cookies, scan --apply): read it,
change it, and save it only when the change made nothing invalid, under its lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from notice_tui.files import SaveError
from notice_tui.files import file_lock as profile_lock
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.store import ProfileDocument, ProfileError, load

from .output import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, err, not_a_profile, print_findings


def locked(profile: str | Path, change: Callable[[], int]) -> int:
    """Run change (which reads the profile, changes it and saves it) holding the lock,
    so a `set` or a wizard saving at the same time keeps its change too. A lock that
    cannot be had, or a save that fails, is said in one line: exit 2."""
    try:
        with profile_lock(Path(profile)):
            return change()
    except SaveError as exc:
        err(str(exc))
        return EXIT_UNREADABLE


def load_profile(path: str) -> ProfileDocument | None:
    """The profile to change, or None (and why) when it cannot be read or is no profile."""
    try:
        doc = load(path)
    except ProfileError as exc:
        print_findings([exc.finding])
        return None
    refusal = not_a_profile(doc)
    if refusal:
        err(refusal)
        return None
    return doc


def schema_errors(doc: ProfileDocument) -> list[Finding]:
    from notice_tui.pipeline import analyse_document

    result = analyse_document(doc, compliance=False)
    return [f for f in result.schema if f.severity is Severity.ERROR]


def save_if_valid(doc: ProfileDocument, errors_before: list[Finding]) -> int:
    """Save unless the change brought new schema errors; errors the file had stay its own."""
    known = {(f.path, f.message) for f in errors_before}
    new = [f for f in schema_errors(doc) if (f.path, f.message) not in known]
    if new:
        print_findings(new)
        err(_("not saved: the change would make the profile invalid"))
        return EXIT_PROBLEMS
    try:
        doc.save()
    except SaveError as exc:
        err(str(exc))
        return EXIT_UNREADABLE
    err(_("saved {path}").format(path=doc.path))
    return EXIT_OK
