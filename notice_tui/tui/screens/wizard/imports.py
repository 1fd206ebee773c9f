"""Rows that come from outside the form: a pasted list, a cookie scanner's CSV, a scan
of the website, a catalogue service; the flows that ask for them, and what each did,
in words.

The flows run in a worker (WizardScreen.run_flow) and wait for their dialog with
`push_screen_wait`; the edits go through the session as the CLI's own commands make
them (`import-cookies`, `add-service`), so wizard and command line agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from notice_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from notice_tui.catalog.apply import AddReport, ImportReport
    from notice_tui.tui.screens.wizard.screen import WizardScreen
    from notice_tui.tui.widgets.table import ListEditor

SCAN_LIMIT = 5 * 1024 * 1024  # as import-cookies: a large site's scan is some hundred KB


async def paste(screen: WizardScreen, editor: ListEditor) -> None:
    """A table's "Paste": rows typed or copied from a spreadsheet, or a scanner's CSV."""
    from notice_tui.tui.screens.dialogs import PasteDialog

    session = screen.session
    columns = ", ".join(_(c.label).lower() for c in editor.question.columns if c.kind != "table")
    help_text = _(
        "One row per line. Separate the columns with tabs (as copied from a "
        "spreadsheet) or semicolons, in this order: {columns}."
    ).format(columns=columns)
    if editor.path == "website.cookies":
        help_text += " " + _(
            "A cookie name alone is filled in from the catalogue when "
            "it is a known one. A cookie scanner's CSV export, with its "
            "headings, is read as import-cookies reads it."
        )
    text = await screen.app.push_screen_wait(PasteDialog(_("Paste a list"), help_text))
    if not text:
        return
    if editor.path == "website.cookies" and import_scan(screen, editor, text, pasted=True):
        return
    added = session.paste_rows(editor.path, text)
    screen.notify(ngettext("Added {n} row.", "Added {n} rows.", added).format(n=added))
    if added:
        editor.reload(len(session.rows(editor.path)) - 1)
        screen.changed(editor.path)


async def import_scan_file(screen: WizardScreen, editor: ListEditor) -> None:
    """The cookie table's "Import": a scanner's CSV file, chosen in a dialog."""
    from notice_tui.tui.screens.dialogs import PathDialog

    session = screen.session
    start = session.path.parent if session.path else Path.cwd()
    path = await screen.app.push_screen_wait(
        PathDialog(
            _("Import a cookie scan"),
            str(start) + "/",
            button=_("Import"),
            mode="open",
            help_text=_(
                "The CSV file a cookie scanner exported (Cookiebot, CookieYes, "
                "Cookie-Script …), with its headings."
            ),
            suffixes=(".csv", ".txt", ".tsv"),
        )
    )
    if path is None:
        return
    text = read_scan_file(path)
    if isinstance(text, Exception):
        screen.notify(str(text), title=_("Not imported"), severity="error", markup=False)
        return
    import_scan(screen, editor, text, pasted=False)


def import_scan(screen: WizardScreen, editor: ListEditor, text: str, *, pasted: bool) -> bool:
    """Read a scan into the cookies; False when a paste is no scan (plain rows)."""
    from notice_tui.catalog.apply import CsvError
    from notice_tui.catalog.reports import csv_error_text

    session = screen.session
    try:
        report = session.import_cookies(text)
    except CsvError as exc:
        if pasted and exc.code == "no_header":
            return False  # rows without headings: the paste's own columns
        screen.notify(csv_error_text(exc), title=_("Not imported"), severity="error", markup=False)
        return True
    screen.notify(import_text(report), markup=False, timeout=10)
    if report.changed:
        editor.reload(len(session.rows(editor.path)) - 1)
        screen.changed(editor.path)
    return True


async def scan_site(screen: WizardScreen) -> None:
    """ "Skann nettstedet": the scan in a dialog (screens/scan.py), its finds added."""
    from notice_tui.tui.screens.scan import ScanDialog, added_message

    outcome = await screen.app.push_screen_wait(ScanDialog(screen.session))
    if outcome:
        screen.notify(added_message(outcome))
        screen.rebuild_form()
        screen.changed("website.cookies")


def read_scan_file(path: Path) -> str | Exception:
    """The text of a scanner's CSV file, or what is wrong with it, in the user's words."""
    from notice_tui.catalog.apply import CsvError, decode_csv
    from notice_tui.catalog.reports import csv_error_text

    try:
        if not path.is_file():
            return ValueError(_("{file}: no such file").format(file=path))
        with path.open("rb") as fh:
            data = fh.read(SCAN_LIMIT + 1)
    except OSError as exc:
        return ValueError(
            _("{file}: cannot read the file: {reason}").format(
                file=path, reason=exc.strerror or exc
            )
        )
    if len(data) > SCAN_LIMIT:
        return ValueError(_("{file}: the file is too large for a cookie scan").format(file=path))
    try:
        return decode_csv(data)
    except CsvError as exc:
        return ValueError(f"{path.name}: {csv_error_text(exc)}")


def import_text(report: ImportReport) -> str:
    """What reading a scan did, as done: counts, and what was left out and why."""
    parts = [
        ngettext(
            "Added {n} cookie from the scan.", "Added {n} cookies from the scan.", len(report.added)
        ).format(n=len(report.added))
    ]
    if report.present:
        parts.append(
            ngettext(
                "{n} was listed already.", "{n} were listed already.", len(report.present)
            ).format(n=len(report.present))
        )
    if report.skipped:
        parts.append(
            ngettext(
                "{n} row is left out: it lacks a category, duration, purpose or provider the "
                "catalogue could fill in.",
                "{n} rows are left out: they lack a category, duration, purpose or provider the "
                "catalogue could fill in.",
                len(report.skipped),
            ).format(n=len(report.skipped))
        )
    if report.processors_added:
        parts.append(
            _("Added the suppliers {names}.").format(names=", ".join(report.processors_added))
        )
    if report.needs_review:
        parts.append(
            ngettext(
                "Check {n} of them: a value the scan gave was read as another.",
                "Check {n} of them: values the scan gave were read as others.",
                len(report.needs_review),
            ).format(n=len(report.needs_review))
        )
    return " ".join(parts)


def added_text(name: str, report: AddReport, *, filled: bool, dropped: bool) -> str:
    """What picking a catalogue service did, as done: "Added 3 cookies and the supplier Meta." """
    cookies = len(report.cookies_added)
    supplier = report.provider
    parts: list[str] = []
    if dropped:
        parts.append(
            _("{name} is a supplier already, so the new row is removed.").format(name=supplier)
        )
    elif filled:
        parts.append(_("Filled in {name} from the catalogue.").format(name=name))
    if cookies and report.processor_added:
        parts.append(
            ngettext(
                "Added {n} cookie and the supplier {name}.",
                "Added {n} cookies and the supplier {name}.",
                cookies,
            ).format(n=cookies, name=supplier)
        )
    elif cookies:
        parts.append(
            ngettext(
                "Added {n} cookie from {name}.", "Added {n} cookies from {name}.", cookies
            ).format(n=cookies, name=supplier)
        )
    elif report.processor_added:
        parts.append(_("Added the supplier {name}.").format(name=supplier))
    if not parts:
        parts.append(_("Nothing to add: {name} is in the profile already.").format(name=supplier))
    return " ".join(parts)
