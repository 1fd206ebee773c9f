"""The wizard's "Skann nettstedet": `notice-tui scan` on the open profile, in a dialog.

The scan runs in a thread (Playwright's synchronous API must not share the app's
event loop) and reports pages and items as it goes. What it found and the profile
does not declare is listed to accept row by row: a cookie the catalogue knows is
merged as `import-cookies` merges it; one it does not know is added with what the
scan saw, for the user to give its category and purpose in the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from notice_tui.cli.output import printable
from notice_tui.i18n import _, ngettext
from notice_tui.tui.screens.dialogs import Dialog

if TYPE_CHECKING:
    from notice_tui.scan.browser import ScanOptions
    from notice_tui.scan.model import Item, ScanError, ScanResult
    from notice_tui.tui.session import Session

MAX_PROBLEMS_SHOWN = 5  # the rest: notice-tui scan, or its report


class ScanDialog(Dialog):
    """Dismissed with (cookies added, rows left to fill in), or None when nothing was added."""

    DEFAULT_CSS: ClassVar[str] = """
    ScanDialog #scan-rows { height: auto; max-height: 12; }
    ScanDialog #scan-problems { height: auto; max-height: 12; overflow-y: auto; }
    """

    def __init__(self, session: Session, options: ScanOptions | None = None) -> None:
        super().__init__()
        self.session = session
        self._options = options
        self.result: ScanResult | None = None
        self._rows: list[Item] = []
        self.finished = False  # the scan is over, found or failed (tests wait for it)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Text(_("Scan the website"), style="bold"), classes="dialog-title")
            yield Static(
                Text(_("Starting the browser…")), id="scan-status", classes="dialog-message"
            )
            yield Static("", id="scan-problems", classes="dialog-message")
            yield SelectionList[int](id="scan-rows")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Add the chosen"), id="scan-add", variant="primary", disabled=True)
                yield Button(_("Close"), id="scan-close")

    def on_mount(self) -> None:
        self.query_one("#scan-rows", SelectionList).display = False
        options = self._options
        if options is None:
            url = self.session.get("website.url")
            if not url:
                self._status(
                    _(
                        "The profile has no website address: fill in the address of "
                        "the website first."
                    )
                )
                self.finished = True
                return
            from notice_tui.scan.browser import ScanOptions

            options = ScanOptions(url=str(url))
        options.progress = self._progress
        self.run_worker(lambda: self._scan(options), thread=True, group="scan", exclusive=True)

    # -- in the worker's thread --------------------------------------------------------------

    def _scan(self, options: ScanOptions) -> None:
        from notice_tui.scan.browser import scan_site
        from notice_tui.scan.model import ScanError

        try:
            result = scan_site(options)
        except ScanError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._done, result)

    def _progress(self, visit: str, pages: int, items: int) -> None:
        from notice_tui.scan.report import counts, visit_title

        text = _("{visit}: {counts}").format(visit=visit_title(visit), counts=counts(pages, items))
        self.app.call_from_thread(self._status, text)

    # -- back in the app ---------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#scan-status", Static).update(Text(printable(text)))

    def _failed(self, exc: ScanError) -> None:
        from notice_tui.cli.scan import scan_error_text

        self._status(
            _("The site could not be scanned: {reason}").format(reason=scan_error_text(exc))
        )
        self.finished = True

    def _done(self, result: ScanResult) -> None:
        from notice_tui.scan.compare import compare, kind_label
        from notice_tui.scan.merge import found_items
        from notice_tui.scan.report import counts, problem_counts

        self.result = result
        profile = self.session.analyse().profile
        compare(result, profile)
        errors = sum(1 for p in result.problems if p.severity == "error")
        pages = len(result.visits[0].pages) if result.visits else 0
        items = len(found_items(result))
        summary = _("Visited and found: {counts}. Problems: {problems}.").format(
            counts=counts(pages, items),
            problems=problem_counts(errors, len(result.problems) - errors),
        )
        if not result.problems:
            summary += " " + _("The site matches the cookie list.")
        self._status(summary)
        shown = [printable(p.message) for p in result.problems[:MAX_PROBLEMS_SHOWN]]
        if len(result.problems) > MAX_PROBLEMS_SHOWN:
            shown.append(_("… and {n} more").format(n=len(result.problems) - MAX_PROBLEMS_SHOWN))
        self.query_one("#scan-problems", Static).update(Text("\n".join(f"• {s}" for s in shown)))
        self._rows = [i for i in found_items(result) if not i.declared and i.kind != "request"]
        rows = self.query_one("#scan-rows", SelectionList)
        for index, item in enumerate(self._rows):
            detail = ", ".join(
                x for x in (kind_label(item.kind), item.domain, item.duration, item.service) if x
            )
            label = Text(printable(f"{item.name} ({detail})"))
            rows.add_option(Selection(label, index))
        rows.display = bool(self._rows)
        if self._rows:
            rows.focus()
            rows.highlighted = 0  # space ticks the first row at once
        self.query_one("#scan-add", Button).disabled = not self._rows
        self.finished = True

    @on(Button.Pressed, "#scan-close")
    def _close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#scan-add")
    def _add(self) -> None:
        if self.result is None:
            return
        chosen = [self._rows[i] for i in self.query_one("#scan-rows", SelectionList).selected]
        if not chosen:
            self.app.notify(_("Choose the rows to add first (space ticks a row)."))
            return
        added, partial = self.session.merge_scan(self.result, chosen)
        self.dismiss((added, partial))


def added_message(outcome: tuple[int, int]) -> str:
    added, partial = outcome
    text = ngettext(
        "Added {n} cookie from the scan.", "Added {n} cookies from the scan.", added + partial
    ).format(n=added + partial)
    if partial:
        text += " " + _("Give {n} of them a category and purpose in the table.").format(n=partial)
    return text


__all__ = ["ScanDialog", "added_message"]
