"""Saving and leaving the wizard, each a dialog flow read top to bottom.

Each flow runs in a worker (WizardScreen.run_flow), so it can wait for a dialog's
answer with `push_screen_wait` and go on from there, instead of chaining callbacks.
Every flow returns whether it ended where the user wanted: saved, or free to leave.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from notice_tui.findings import Severity
from notice_tui.i18n import _, ngettext
from notice_tui.profile.store import ConflictError, ProfileError, SaveError
from notice_tui.tui.screens.wizard.exporting import ascii_name

if TYPE_CHECKING:
    from notice_tui.tui.screens.wizard.screen import WizardScreen


def write(screen: WizardScreen, path: Path, *, force: bool = False, quiet: bool = False) -> bool:
    """Save to `path` now; False when it could not be written (the user is told why).

    Raises ConflictError, writing nothing, when the file changed on disk since it was
    read, unless `force`. `quiet` leaves the toasts out (quitting says it in its own
    dialog, which they would cover).
    """
    session = screen.session
    session.reveal_all()
    folder_before = str(screen.export_folder())
    try:
        target = session.save(path, force=force)
    except ConflictError:
        raise  # a SaveError too, but the caller asks what to do
    except SaveError as exc:
        screen.notify(str(exc), title=_("Not saved"), severity="error", markup=False)
        return False
    if not quiet:
        screen.notify(_("Saved {path}").format(path=target), markup=False)
    session.analyse()
    errors = sum(f.severity is Severity.ERROR for f in session.findings)
    if errors and not quiet:
        screen.notify(
            ngettext(
                "The profile still has {n} error; see the review step.",
                "The profile still has {n} errors; see the review step.",
                errors,
            ).format(n=errors),
            severity="warning",
        )
    screen.saved(folder_before)
    return True


async def save(screen: WizardScreen, *, quiet: bool = False) -> bool:
    """ctrl+s: to the profile's own file, or to one the user names when it has none."""
    path = screen.session.path
    if path is None:
        return await save_as(screen, quiet=quiet)
    return await save_to(screen, path, quiet=quiet)


async def save_to(screen: WizardScreen, path: Path, *, quiet: bool = False) -> bool:
    """Save to `path`; when the file changed on disk since it was read, ask what to do."""
    from notice_tui.tui.screens.dialogs import ConflictDialog

    try:
        return write(screen, path, quiet=quiet)
    except ConflictError:
        pass
    choice = await screen.app.push_screen_wait(ConflictDialog(path))
    if choice == "overwrite":
        return write(screen, path, force=True, quiet=quiet)
    if choice == "save_as":
        return await save_as(screen)
    if choice == "reload":
        try:
            fresh = screen.session.reloaded()
        except ProfileError as exc:
            screen.notify(
                exc.finding.format(),
                title=_("Cannot open the profile"),
                severity="error",
                markup=False,
            )
            return False
        screen.session.discard_recovery()
        screen.reopen(fresh)
    return False


async def save_as(screen: WizardScreen, *, quiet: bool = False) -> bool:
    """Ask for a file and save there; a file that exists (and is not this profile's own)
    is replaced only once the user says so."""
    from notice_tui.tui.screens.dialogs import ConfirmDialog, PathDialog

    session = screen.session
    current = session.path
    default = current or Path.cwd() / f"{ascii_name(session.name or 'profil')}.yaml"
    path = await screen.app.push_screen_wait(
        PathDialog(_("Save the profile as"), str(default), button=_("Save"), mode="save")
    )
    if path is None:
        return False
    if path.is_dir():
        path = path / default.name
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if path.exists() and (current is None or path.resolve() != current.resolve()):
        replace = await screen.app.push_screen_wait(
            ConfirmDialog(
                _("Replace the file?"),
                Text(_("{path} exists already. Replace it with this profile?").format(path=path)),
                _("Replace"),
                _("Cancel"),
            )
        )
        if not replace:
            return False
    return await save_to(screen, path, quiet=quiet)


async def confirm_leave(screen: WizardScreen) -> bool:
    """Unsaved changes: save, discard or stay. True when leaving is fine."""
    from notice_tui.tui.screens.dialogs import ConfirmDialog, QuitDialog

    session = screen.session
    choice = await screen.app.push_screen_wait(QuitDialog(session.name))
    if choice == "discard":
        session.discard_recovery()
        return True
    if choice != "save" or not await save(screen, quiet=True):
        return False
    # As ctrl+s says it: saved is not ready. Leaving now would hide that.
    errors = sum(f.severity is Severity.ERROR for f in session.findings)
    if not errors:
        return True
    leave = await screen.app.push_screen_wait(
        ConfirmDialog(
            _("Saved, with errors"),
            Text(
                ngettext(
                    "The profile is saved, but it still has {n} error, so the "
                    "documents are not ready to publish. Leave anyway?",
                    "The profile is saved, but it still has {n} errors, so the "
                    "documents are not ready to publish. Leave anyway?",
                    errors,
                ).format(n=errors)
            ),
            _("Leave"),
            _("Stay and fix"),
        )
    )
    return bool(leave)
