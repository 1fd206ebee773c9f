"""Writing the documents from the review step, as a dialog flow read top to bottom.

`export` runs in a worker (WizardScreen.run_flow): a profile with errors is written
only as a draft once the user says so, and files already there are replaced only
once the user has seen their names.
"""

from __future__ import annotations

import contextlib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from notice_tui.batch import draft_list
from notice_tui.findings import Severity
from notice_tui.i18n import _, ngettext
from notice_tui.pipeline import Output, plan_outputs, safe_name, write_outputs
from notice_tui.profile.store import SaveError

if TYPE_CHECKING:
    from notice_tui.tui.screens.wizard.screen import WizardScreen
    from notice_tui.tui.session import Session
    from notice_tui.tui.widgets.review import ExportPanel


def ascii_name(text: str) -> str:
    """A file or folder name in plain ASCII: "Saksefryd Frisør" -> "Saksefryd-Frisor".

    Names with æ, ø or å trip up some web hosts, zip tools and shells; the documents
    themselves keep the business's name as written.
    """
    for letter, plain in (
        ("æ", "ae"),
        ("Æ", "Ae"),
        ("ø", "o"),
        ("Ø", "O"),
        ("å", "a"),
        ("Å", "A"),
        ("ß", "ss"),
    ):
        text = text.replace(letter, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return safe_name(text)


def export_folder(session: Session) -> Path:
    """Where the documents go unless the user says otherwise: beside the profile."""
    path = session.path
    base = path.resolve().parent if path else Path.cwd()
    folder = base / f"{ascii_name(session.name or 'dokumenter')}-dokumenter"
    # Shorter to read (and to fit 80 columns) when it is below where we started.
    with contextlib.suppress(ValueError):
        return folder.relative_to(Path.cwd())
    return folder


async def choose_folder(screen: WizardScreen, panel: ExportPanel) -> None:
    """The export panel's "Browse": pick the folder in a dialog."""
    from notice_tui.tui.screens.dialogs import PathDialog

    folder = panel.query_one("#export-folder").value  # type: ignore[attr-defined]
    path = await screen.app.push_screen_wait(
        PathDialog(_("Export to folder"), folder, button=_("Choose"), mode="folder")
    )
    if path is not None:
        panel.set_folder(path)


async def export(screen: WizardScreen, folder: Path, formats: list[str]) -> None:
    """Write the chosen documents into `folder`, asking first where that needs a yes."""
    from notice_tui.tui.screens.dialogs import ConfirmDialog

    session = screen.session
    if not formats:
        screen.notify(_("Choose HTML, Markdown or both."), severity="warning")
        return
    analysis = session.analyse()
    if not analysis.valid or analysis.profile is None:
        screen.notify(
            _(
                "The profile has errors that stop the documents from being "
                "written. Fix the lines marked ✗ first."
            ),
            severity="error",
        )
        screen.show_step("review")
        return
    rule_errors = [f for f in analysis.compliance if f.severity is Severity.ERROR]
    # With errors, only a draft can be written: marked as one, every gap shown.
    draft = draft_list(rule_errors) if rule_errors else None
    documents = [f for f in formats if f != "protocol"]
    outputs: list[Output] = (
        plan_outputs(analysis.profile, folder, documents, today=session.today, draft=draft)
        if documents
        else []
    )
    if "protocol" in formats:  # behandlingsprotokoll.xlsx, .md and .html
        from notice_tui.desk import protocol

        outputs += protocol.outputs(analysis.profile, folder, session.today)
    existing = [o.path for o in outputs if o.path.exists()]
    if rule_errors:
        draft_ok = await screen.app.push_screen_wait(
            ConfirmDialog(
                _("Export a draft?"),
                Text(
                    ngettext(
                        "The profile has {n} error, so the documents are not ready to publish. "
                        "Fix it first, or export a draft marked 'not for publishing' that shows "
                        "what is missing.",
                        "The profile has {n} errors, so the documents are not ready to publish. "
                        "Fix them first, or export a draft marked 'not for publishing' that shows "
                        "what is missing.",
                        len(rule_errors),
                    ).format(n=len(rule_errors))
                ),
                _("Export draft"),
                _("Fix first"),
            )
        )
        if not draft_ok:
            return
    if existing:
        listing = "\n".join(f"  {p}" for p in existing)
        replace = await screen.app.push_screen_wait(
            ConfirmDialog(
                _("Replace files?"),
                Text(_("These files exist and will be replaced:") + "\n" + listing),
                _("Replace"),
                _("Cancel"),
            )
        )
        if not replace:
            return
    try:
        write_outputs(outputs)
    except SaveError as exc:
        screen.notify(str(exc), title=_("Not exported"), severity="error", markup=False)
        return
    names = ", ".join(o.path.name for o in outputs)
    screen.notify(
        _("Wrote {files} to {folder}").format(files=names, folder=folder),
        title=_("Exported"),
        markup=False,
        timeout=8,
    )
