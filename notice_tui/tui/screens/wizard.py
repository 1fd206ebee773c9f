"""The wizard: steps on the left, the current step's form, and the live preview.

Every edit is written into the profile's YAML tree at once (cheap), and a
short debounce later the profile is analysed again (a few ms) and the preview
is re-rendered in a worker. Findings are shown beside the field whose key
path they name; those no field claims are shown at the top of the step.

Opening a profile is kept quick (scripts/bench.py start): the first step's
form is part of the screen's own composition rather than mounted after it,
a form builds the rows on screen first (FormScroll), and the review and
table widgets and the dialogs are imported when first needed.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Header, Static

from notice_tui import questionnaire as qn
from notice_tui.batch import draft_list
from notice_tui.catalog.reports import csv_error_text
from notice_tui.findings import Finding, Severity, has_errors
from notice_tui.i18n import N_, _, ngettext
from notice_tui.pipeline import Output, plan_outputs, safe_name, write_outputs
from notice_tui.profile import paths, postal
from notice_tui.profile.paths import PathError
from notice_tui.profile.store import ConflictError, ProfileError, SaveError
from notice_tui.tui import perf
from notice_tui.tui.commands import WizardCommands
from notice_tui.tui.localize import localize_bindings
from notice_tui.tui.session import Session
from notice_tui.tui.widgets.fields import FieldRow, WrappingCheckbox, finding_text
from notice_tui.tui.widgets.footer import Footer
from notice_tui.tui.widgets.preview import Anchor, PreviewPane
from notice_tui.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from notice_tui.catalog.apply import AddReport, ImportReport
    from notice_tui.tui.app import WizardApp
    from notice_tui.tui.widgets.review import ExportPanel, ReviewPanel
    from notice_tui.tui.widgets.table import ListEditor

REFRESH_DELAY = 0.08  # seconds of quiet typing before the profile is checked again
AUTOSAVE_DELAY = 1.0  # seconds after the last change before the recovery copy is written
AUTOSAVE_EVERY = 5.0  # and at least this often while there are unsaved changes
WIDE = 120  # from this many columns the preview fits beside the form


class FormScroll(VerticalScroll, can_focus=False):
    """One step's form. It scrolls; the fields inside it take the focus, not the scroller.

    Rows below the screen may be left unbuilt at first (`pending`): a spacer of exactly
    their height stands in for them, so the form looks and scrolls the same, and they
    are built (`complete`) as soon as anything could reach them: scrolling, tab, enter,
    a taller window, a jump to a field. Each row costs some milliseconds to build.
    """

    def __init__(self, *children: Widget, pending: list[FieldRow] | None = None,
                 width_guess: int = 0) -> None:
        self._pending = pending or []
        self._spacer: Widget | None = None
        self._completed: asyncio.Event | None = None
        self._width_guess = width_guess
        if self._pending:
            self._spacer = Widget(classes="form-spacer")
            self._spacer.styles.visibility = "hidden"  # it takes the room; the form shows
        super().__init__(*children, *([self._spacer] if self._spacer else []), classes="form")
        self.refresh_spacer()

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def field_rows(self) -> list[FieldRow]:
        """The form's own rows (not those of its tables), built or not."""
        built = [w for w in self.children if isinstance(w, FieldRow)]
        return built + self._pending

    def refresh_spacer(self) -> None:
        """Size the spacer for the rows it stands for, as they are now (shown, findings)."""
        if self._spacer is None:
            return
        width = self.scrollable_content_region.width or self._width_guess
        height = 0
        for row in self._pending:
            if row.display:
                rows = row.predicted_height(width)
                if rows is None:  # cannot happen for rows chosen by _new_form; be safe
                    self.call_next(self.complete)
                    return
                height += 1 + rows  # each row's margin above it, and the row
        self._spacer.styles.height = height

    async def complete(self) -> bool:
        """Build the rows left out; returns once they are mounted (not yet laid out, so
        not yet in the focus chain). False when there were none."""
        if self._pending:
            rows, self._pending = self._pending, []
            spacer, self._spacer = self._spacer, None
            self._completed = asyncio.Event()
            try:
                await self.mount_all(rows, before=spacer)
                if spacer is not None:
                    await spacer.remove()
            finally:
                self._completed.set()
            return True
        if self._completed is not None:
            await self._completed.wait()
        return False

    def keep_focus_visible(self) -> None:
        """Bring the focused field back into view when the form's layout moved it out.

        Called when something in the form changed size: a finding shown above the
        field, a closed select or suggestion list, a table's new row. Scrolling by hand
        changes no size, so it is left alone.
        """
        if not self.is_attached or not self.display:
            return
        focused = self.screen.focused
        if focused is None:
            return
        if not any(a is self for a in focused.ancestors):
            return
        self.call_after_refresh(self._scroll_to_focus, focused)

    def _scroll_to_focus(self, focused: Widget) -> None:
        if not (self.is_attached and focused.is_attached) or self.screen.focused is not focused:
            return
        view = self.scrollable_content_region
        region = focused.region
        if region.height and region.y >= view.y and region.bottom <= view.bottom:
            return
        self.scroll_to_widget(focused, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.refresh_spacer()
        self.keep_focus_visible()
        if self._spacer is None:
            return
        # The spacer is the form's end (it is not drawn, so it has no place of its own to
        # ask for); its first line is the blank margin above the first row it stands for.
        height = self._spacer.styles.height
        top = self.virtual_size.height - int(height.value if height is not None else 0)
        if top + 1 < self.scroll_y + self.scrollable_content_region.height:
            self.call_next(self.complete)  # the window grew: those rows came into view

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._pending and new_value > old_value:
            self.call_next(self.complete)


def _editors(form: Widget) -> list[ListEditor]:
    # Queried by name, so the table module is only imported once a form has a table.
    return cast("list[ListEditor]", list(form.query("ListEditor")))


class WizardScreen(perf.SkipFirstRestyle, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="save"),
        Binding("ctrl+n", "next_step", N_("Next"), priority=True, id="next-step"),
        # Not in the footer (80 columns do not hold it and Quit); the Back button shows it.
        Binding("ctrl+b", "previous_step", N_("Previous step"), priority=True, show=False,
                id="previous-step"),
        Binding("f2", "toggle_preview", N_("View"), id="preview"),
        Binding("ctrl+r", "review", N_("Export"), priority=True, id="export"),
    ]
    COMMANDS: ClassVar[set[Any]] = {WizardCommands}

    def __init__(self, session: Session, *, step: str = "business") -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.step = qn.step(step)
        self._refresh_timer: Timer | None = None
        self._autosave_timer: Timer | None = None
        self._autosaved = session.revision
        self._preview_on: bool | None = None
        # Set once F2 chose: from then on the width no longer shows or hides the preview.
        self._preview_chosen = False
        # Built forms, one per step, kept while the profile's shape is unchanged: mounting
        # a form costs 200-400 ms, so going back to a step should not build it again.
        self._forms: dict[str, FormScroll] = {}
        self._built_at: dict[str, int] = {}

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The classes that depend on the width are set before there are children to
        # restyle, and the first form is built with the screen: each of these done
        # after mounting would style or lay out the whole screen once more.
        self._update_title()  # before the header is mounted, which then shows it at once
        wide = self.app.size.width >= WIDE
        self._preview_on = wide
        self.set_class(not wide, "-narrow")
        self.set_class(wide, "-preview")
        preview = PreviewPane(id="preview")
        preview.display = wide
        yield Header()
        with Horizontal(id="body"):
            yield StepList(self._statuses(), id="steps")
            with Vertical(id="form-pane"):
                yield Static(id="step-title")
                with Vertical(id="forms"):
                    yield self._new_form(self.step.id, lazy=True)
                with Horizontal(id="nav"):
                    yield Button(_("◀ Back"), id="back", compact=True)
                    yield Static(id="nav-status")
                    yield Button(_("Next ▶"), id="next", compact=True)
            yield preview
        yield Footer()

    def on_mount(self) -> None:
        # New or opened, the first field of the step has the focus: one place to start
        # from, the step list one shift+tab away.
        self.show_step(self.step.id, focus=True)
        self.set_interval(AUTOSAVE_EVERY, self._autosave)
        if self.session.dirty:
            self._autosave()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < WIDE, "-narrow")
        if not self._preview_chosen and self._preview_on != (width >= WIDE):
            self._set_preview(width >= WIDE)

    def _set_preview(self, on: bool) -> None:
        self._preview_on = on
        self.set_class(on, "-preview")
        pane = self.query_one(PreviewPane)
        pane.display = on
        if on:
            self._request_preview()

    # -- steps -------------------------------------------------------------------------

    def _statuses(self) -> dict[str, str]:
        return {s.id: self.session.step_status(s) for s in qn.STEPS}

    def show_step(self, step_id: str, focus: bool = False) -> None:
        if step_id != self.step.id:
            self.session.revealed.add(self.step.id)
        if step_id == "review":
            self.session.reveal_all()
        self.step = qn.step(step_id)
        self.session.visited.add(step_id)
        index = qn.STEP_IDS.index(step_id)
        self.query_one("#step-title", Static).update(
            Text(f"{index + 1}. {_(self.step.title)}", style="bold"))
        self.query_one("#nav-status", Static).update(
            Text(_("Step {n} of {total}").format(n=index + 1, total=len(qn.STEPS)),
                 style="dim"))
        self.query_one("#back", Button).disabled = index == 0
        self.query_one("#next", Button).disabled = index == len(qn.STEPS) - 1
        steps = self.query_one(StepList)
        steps.set_current(step_id)
        steps.set_statuses(self._statuses())
        cached = self._forms.get(step_id)
        if cached is not None and self._built_at.get(step_id) == self.session.structure_rev:
            self._show_only(step_id)
            self._update_visibility()
            self._after_build(focus, None, 0)
        else:
            self._build_form(focus_first=focus)
        self._request_preview()

    @property
    def current_form(self) -> FormScroll:
        form = self._forms.get(self.step.id)
        if form is None:
            raise LookupError(self.step.id)  # still being built
        return form

    def _show_only(self, step_id: str) -> None:
        for sid, form in self._forms.items():
            form.display = sid == step_id

    def _build_form(self, focus_first: bool = False, focus_id: str | None = None) -> None:
        # Mounting and removing finish asynchronously, so a rebuild runs as one awaited
        # task; rebuilds queue up and never overlap.
        self.call_next(self._rebuild_form, self.step.id, focus_first, focus_id)

    async def _rebuild_form(self, step_id: str, focus_first: bool, focus_id: str | None
                            ) -> None:
        old = self._forms.get(step_id)
        scroll_y = old.scroll_y if old is not None else 0.0
        # A rebuilt table keeps showing the row that was being edited.
        table_rows = {e.path: e.row for e in _editors(old)} \
            if old is not None and focus_id else {}
        # A rebuild that keeps the user's place builds every row; a step shown anew builds
        # what the screen shows first.
        form = self._new_form(step_id, table_rows, lazy=focus_id is None)
        form.display = False
        if old is not None:
            await old.remove()
        await self.query_one("#forms", Vertical).mount(form)
        if step_id == self.step.id:
            self._show_only(step_id)
            self._after_build(focus_first, focus_id, scroll_y)

    def _new_form(self, step_id: str, table_rows: dict[str, int | None] | None = None,
                  lazy: bool = False) -> FormScroll:
        """A step's form as the profile is now; `table_rows` are the table rows to show.

        `lazy` leaves out the rows below the screen, when their height is known ahead.
        """
        table_rows = table_rows or {}
        step = qn.step(step_id)
        # The intro scrolls with the form: at 80x24 every fixed line is dear.
        widgets: list[Widget] = [Static(Text(_(step.intro)), id="step-intro")]
        on = self.session.step_on(step)
        if step.toggle is not None:
            widgets.append(WrappingCheckbox(_(step.toggle.question), value=on,
                                            id="step-toggle", compact=True,
                                            classes="step-toggle"))
            if not on:
                widgets.append(Static(Text(_("This step is skipped. Tick the box if it "
                                             "applies to you.")), classes="field-note"))
        widgets.append(Static("", id="step-problems", classes="field-findings"))
        if step.id == "review":
            from notice_tui.tui.widgets.review import ReviewPanel

            widgets.append(ReviewPanel())
        names = self.session.processor_names()
        for q in step.questions:
            if not on and step.toggle and _under(q.path, step.toggle.paths):
                continue
            widget: Widget
            if q.kind == "table":
                from notice_tui.tui.widgets.table import ListEditor

                widget = ListEditor(q, self.session, table_rows.get(q.path))
            else:
                widget = FieldRow(q, q.path, self.session.get(q.path),
                                  on=self.session.is_on(q.path), systems=names)
            widget.display = self.session.when(q.when)
            widgets.append(widget)
        if step.id == "review":
            from notice_tui.tui.widgets.review import ExportPanel

            widgets.append(ExportPanel(str(self._export_folder())))
        split, width = self._lazy_split(widgets) if lazy else (len(widgets), 0)
        form = FormScroll(*widgets[:split], pending=cast("list[FieldRow]", widgets[split:]),
                          width_guess=width)
        self._forms[step_id] = form
        self._built_at[step_id] = self.session.structure_rev
        return form

    def _lazy_split(self, widgets: list[Widget]) -> tuple[int, int]:
        """How many of a form's widgets to build for the screen, and the rows' width guess.

        The rest must be rows whose height is known ahead (FieldRow.predicted_height).
        """
        width, height = self.app.size
        # The form's column: beside the steps (28), halved by the preview from 120 columns;
        # less its padding (2) and scrollbar (2). Only a guess until the form is laid out.
        width = (width - 28) // 2 if width >= WIDE else width - 28
        width -= 4
        # Its height: less the header, the footer, the step's title and the buttons.
        room = height - 4
        if width <= 0 or room <= 0:
            return len(widgets), 0
        used = 0
        split = len(widgets)
        for i, widget in enumerate(widgets):
            # A row's margin is blank, as the spacer is: what counts is where its text starts.
            if used + isinstance(widget, FieldRow) >= room:
                split = i  # this one and all after it start below the screen
                break
            if not widget.display:
                continue
            rows = None
            if isinstance(widget, FieldRow):
                rows = widget.predicted_height(width)
                rows = rows + 1 if rows is not None else None
            elif widget.id == "step-problems":
                rows = 0  # shown only when there are problems, and then short
            elif isinstance(widget, Static) and isinstance(widget.content, (str, Text)):
                rows = Content.from_rich_text(widget.content).get_height({}, width)
            elif isinstance(widget, WrappingCheckbox):  # the step's toggle, below a margin
                rows = 1 + Content.from_rich_text(Text(f"▐X▌ {widget.label} ")).get_height(
                    {}, width)
            # Anything else (a table, a panel) is taken to fill the screen: what follows
            # it starts below the screen anyway.
            used += rows if rows is not None else room
        # Only a run of such rows to the end can wait: a spacer cannot stand in for more.
        for i in range(len(widgets) - 1, split - 1, -1):
            widget = widgets[i]
            if not (isinstance(widget, FieldRow) and widget.height_predictable):
                return i + 1, width
        return split, width

    def _after_build(self, focus_first: bool, focus_id: str | None, scroll_y: float) -> None:
        self._show_findings()
        if self.step.id == "review":
            self._show_review()
        form = self.current_form
        if focus_id:
            # The same step, rebuilt: stay where the user was.
            with contextlib.suppress(Exception):
                target = form.query_one(f"#{focus_id}")
                editors = target.query("#editor")
                (editors.first() if editors else target).focus(scroll_visible=False)

            def restore() -> None:
                # Once laid out: before, the new form has no height to scroll in.
                form.scroll_to(y=scroll_y, animate=False, immediate=True)
                form.keep_focus_visible()

            form.call_after_refresh(restore)
            return
        # A step starts at its top, with its intro in view.
        form.scroll_to(y=0, animate=False, immediate=True)
        if focus_first:
            self._focus_first()

    def _focus_first(self) -> None:
        for widget in self.current_form.query("*"):
            if widget.focusable and widget.display and widget.visible:
                widget.focus(scroll_visible=False)
                return

    def action_next_step(self) -> None:
        index = qn.STEP_IDS.index(self.step.id)
        if index + 1 < len(qn.STEPS):
            self.show_step(qn.STEP_IDS[index + 1], focus=True)

    def action_previous_step(self) -> None:
        index = qn.STEP_IDS.index(self.step.id)
        if index > 0:
            self.show_step(qn.STEP_IDS[index - 1], focus=True)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next_step()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_previous_step()

    @on(StepList.OptionSelected, "#steps")
    def _step_chosen(self, event: StepList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.step.id:
            self.show_step(event.option.id)

    def action_review(self) -> None:
        if self.step.id != "review":
            self.show_step("review")
        self.call_after_refresh(self._focus_export)

    def _focus_export(self) -> None:
        with contextlib.suppress(Exception):
            cast("ExportPanel", self.current_form.query_one("ExportPanel")).focus_export()

    def action_toggle_preview(self) -> None:
        self._preview_chosen = True
        self._set_preview(not self._preview_on)

    # -- edits ----------------------------------------------------------------------------

    @on(FieldRow.Edited)
    def _edited(self, event: FieldRow.Edited) -> None:
        try:
            changed = self.session.answer(event.path, event.value)
        except (PathError, TypeError) as exc:
            # The profile's shape does not hold this answer (a hand-written scalar
            # where a mapping belongs): say so rather than crash; the review lists why.
            self.notify(_("Cannot write {path}: {reason}").format(path=event.path, reason=exc),
                        severity="error", markup=False)
            return
        if changed and postal.fill_town(event.path, self.session.get, self.session.answer):
            # The town came from the postal code: build the form again to show it.
            self._changed(event.path, rebuild_focus=event.row.id)
        elif changed:
            self._changed(event.path)

    @on(FieldRow.Switched)
    def _switched(self, event: FieldRow.Switched) -> None:
        self.session.switch(event.path, event.on)
        self._changed(event.path, rebuild_focus=event.row.id)

    @on(Checkbox.Changed, "#step-toggle")
    def _step_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value == self.session.step_on(self.step):
            return
        had_rows = any(self.session.rows(p) for p in (self.step.toggle.paths if
                                                      self.step.toggle else ()))
        self.session.set_step_on(self.step, event.value)
        if not event.value and had_rows:
            self.notify(_("The rows are taken out of the profile. Tick the box again to get "
                          "them back."), timeout=6)
        self._changed("", rebuild_focus="step-toggle")

    @on(FieldRow.ServicePicked)
    def _service_picked(self, event: FieldRow.ServicePicked) -> None:
        service = event.service
        report, dropped = self.session.apply_service(event.path, service)
        filled = event.path.startswith("processors[") and not dropped
        self.notify(added_text(service.name, report, filled=filled, dropped=dropped),
                    markup=False)
        focus = "f-processors" if dropped else event.row.id
        self._changed(event.path, rebuild_focus=focus)

    @on(FieldRow.SupplierAdded)
    def _supplier_added(self, event: FieldRow.SupplierAdded) -> None:
        name = self.session.add_supplier(event.name, event.path)
        self.notify(_("Added the supplier {name} and ticked it. The step Suppliers asks "
                      "what it does and where.").format(name=name), markup=False)
        # Back in the name field: a second supplier may follow.
        self._changed(event.path, rebuild_focus=f"{event.row.id} #new-system")

    # Handlers by name (not @on), so the table module is not needed to declare them.
    def on_list_editor_changed(self, event: ListEditor.Changed) -> None:
        self._changed(event.editor.path)

    def on_list_editor_paste_requested(self, event: ListEditor.PasteRequested) -> None:
        from notice_tui.tui.screens.dialogs import PasteDialog

        editor = event.editor
        columns = ", ".join(_(c.label).lower() for c in editor.question.columns
                            if c.kind != "table")
        help_text = _("One row per line. Separate the columns with tabs (as copied from a "
                      "spreadsheet) or semicolons, in this order: {columns}.").format(
                          columns=columns)
        if editor.path == "website.cookies":
            help_text += " " + _("A cookie name alone is filled in from the catalogue when "
                                 "it is a known one. A cookie scanner's CSV export, with its "
                                 "headings, is read as import-cookies reads it.")

        def done(text: str | None) -> None:
            if not text:
                return
            if editor.path == "website.cookies" and self._import_scan(editor, text,
                                                                      pasted=True):
                return
            added = self.session.paste_rows(editor.path, text)
            self.notify(ngettext("Added {n} row.", "Added {n} rows.", added).format(n=added))
            if added:
                editor.reload(len(self.session.rows(editor.path)) - 1)
                self._changed(editor.path)

        self.app.push_screen(PasteDialog(_("Paste a list"), help_text), done)

    def on_list_editor_import_requested(self, event: ListEditor.ImportRequested) -> None:
        from notice_tui.tui.screens.dialogs import PathDialog

        editor = event.editor
        start = self.session.path.parent if self.session.path else Path.cwd()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            text = _read_scan_file(path)
            if isinstance(text, Exception):
                self.notify(str(text), title=_("Not imported"), severity="error",
                            markup=False)
                return
            self._import_scan(editor, text, pasted=False)

        self.app.push_screen(PathDialog(
            _("Import a cookie scan"), str(start) + "/", button=_("Import"), mode="open",
            help_text=_("The CSV file a cookie scanner exported (Cookiebot, CookieYes, "
                        "Cookie-Script …), with its headings."),
            suffixes=(".csv", ".txt", ".tsv")), chosen)

    def _import_scan(self, editor: ListEditor, text: str, *, pasted: bool) -> bool:
        """Read a scan into the cookies; False when a paste is no scan (plain rows)."""
        from notice_tui.catalog.apply import CsvError

        try:
            report = self.session.import_cookies(text)
        except CsvError as exc:
            if pasted and exc.code == "no_header":
                return False  # rows without headings: the paste's own columns
            self.notify(csv_error_text(exc), title=_("Not imported"), severity="error",
                        markup=False)
            return True
        self.notify(import_text(report), markup=False, timeout=10)
        if report.changed:
            editor.reload(len(self.session.rows(editor.path)) - 1)
            self._changed(editor.path)
        return True

    def action_scan_site(self) -> None:
        """"Skann nettstedet": the scan in a dialog (screens/scan.py), its finds added."""
        from notice_tui.tui.screens.scan import ScanDialog, added_message

        def done(outcome: tuple[int, int] | None) -> None:
            if outcome:
                self.notify(added_message(outcome))
                self._build_form()
                self._changed("website.cookies")

        self.app.push_screen(ScanDialog(self.session), done)

    def _changed(self, path: str, rebuild_focus: str | None = None) -> None:
        """Something in the profile changed: show it now, check it after a short pause."""
        if rebuild_focus is not None:
            self._build_form(focus_id=rebuild_focus)
        else:
            self._update_visibility()
            self._refresh_table_row(path)
        # The header names the business as it is typed, and marks unsaved changes.
        self._update_title()
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh_timer = self.set_timer(REFRESH_DELAY, self._refresh)
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _update_visibility(self) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        for row in form.field_rows():
            row.display = self.session.when(row.question.when, row.base)
        for editor in _editors(form):
            editor.update_visibility()
        form.refresh_spacer()

    def _refresh_table_row(self, path: str) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        for editor in _editors(form):
            prefix = editor.path + "["
            if path.startswith(prefix):
                with contextlib.suppress(ValueError):
                    editor.refresh_row(int(path[len(prefix):].split("]", 1)[0]))

    def _refresh(self) -> None:
        self._refresh_timer = None
        self.session.analyse()
        self._show_findings()
        self.query_one(StepList).set_statuses(self._statuses())
        self._update_title()
        if self.step.id == "review":
            self._show_review()
        self._request_preview()

    def refresh_now(self) -> None:
        """Check the profile at once (tests and actions that need fresh findings)."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        self._refresh()

    # -- findings -----------------------------------------------------------------------------

    def _show_findings(self) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        targets: list[tuple[str, Any]] = []
        for row in form.field_rows():
            if row.display:
                targets.append((row.path, row))
        for editor in _editors(form):
            targets.append((editor.path, editor))
        assigned: dict[int, list[Finding]] = {id(t): [] for _p, t in targets}
        loose: list[Finding] = []
        for f in self.session.step_findings(self.step):
            if not self.session.shows(self.step, f):
                continue
            best = None
            for path, target in targets:
                if _under(f.path, (path,)) and (best is None or len(path) > len(best[0])):
                    best = (path, target)
            if best is None:
                loose.append(f)
            else:
                assigned[id(best[1])].append(f)
        for _p, target in targets:
            target.show_findings(assigned[id(target)])
        with contextlib.suppress(Exception):
            box = form.query_one("#step-problems", Static)
            box.update(finding_text(loose) if loose else "")
            box.set_class(bool(loose), "shown")
        form.refresh_spacer()

    async def complete_form(self) -> bool:
        """Build the rows the current form left out (see FormScroll), if any."""
        try:
            return await self.current_form.complete()
        except LookupError:
            return False

    def _show_review(self) -> None:
        with contextlib.suppress(Exception):
            panel = cast("ReviewPanel", self.current_form.query_one("ReviewPanel"))
            coverage = None
            analysis = self.session.analysis
            if analysis.valid and analysis.profile is not None:
                try:
                    from notice_tui.document import render_documents

                    # The checklist reads the bokmål wording; every language says the same.
                    privacy = render_documents(analysis.profile, self.session.today,
                                               language="nb").get("privacy")
                    markdown = privacy.markdown if privacy else ""
                except Exception:  # a half-typed profile may not render; no checklist then
                    markdown = ""
                from notice_tui.tui.widgets.review import coverage_items

                coverage = coverage_items(analysis.profile, markdown) if markdown else None
            panel.show(self.session.findings, coverage)

    def on_review_panel_finding_chosen(self, event: ReviewPanel.FindingChosen) -> None:
        self.go_to_finding(event.finding)

    def go_to_finding(self, finding: Finding) -> None:
        step = qn.step_for_path(finding.path)
        if step.id != self.step.id:
            self.show_step(step.id)
        self.call_after_refresh(self.call_after_refresh, self._focus_path, finding.path)

    async def _focus_path(self, path: str) -> None:
        best: Any = None
        best_len = -1
        await self.complete_form()
        try:
            form = self.current_form
        except LookupError:
            return
        for widget in form.query("FieldRow, ListEditor"):
            wpath = getattr(widget, "path", "")
            if paths.is_under(path, wpath) and len(wpath) > best_len and widget.display:
                best, best_len = widget, len(wpath)
        if isinstance(best, FieldRow):
            best.focus_editor()
            best.scroll_visible(animate=False)
        elif best is not None:  # a ListEditor
            best.focus_row_field(path)
        else:
            with contextlib.suppress(Exception):
                form.query_one("#step-problems").scroll_visible(animate=False)

    # -- header ----------------------------------------------------------------------------

    def _update_title(self) -> None:
        name = self.session.name
        self.title = name or _("New profile")
        path = self.session.path
        if path is None:
            self.sub_title = _("not saved yet")
        elif self.session.dirty:
            self.sub_title = _("{file} • unsaved changes").format(file=path.name)
        else:
            self.sub_title = path.name

    # -- preview ------------------------------------------------------------------------------

    def _anchors(self) -> list[Anchor]:
        anchors: list[Anchor] = []
        for spec in self.step.preview:
            kind, _sep, rest = spec.partition(":")
            if kind == "term":
                anchors.append(("term", rest))
            elif kind == "value":
                value = self.session.get(rest)
                if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
                    anchors.append(("value", str(value)))
        return anchors

    def _request_preview(self) -> None:
        if not self._preview_on:
            return
        analysis = self.session.analysis
        self.query_one(PreviewPane).request(analysis.profile, self._anchors(), self.session.today)

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.session.path is None:
            self.action_save_as()
            return
        self.save_to(self.session.path)

    def save_to(self, path: Path, *, force: bool = False, then: Any = None,
                quiet: bool = False) -> bool:
        """Save; False when not saved (yet). When the file changed on disk since it was
        opened, a dialog asks what to do, and `then` runs if that ends in a save."""
        self.session.reveal_all()
        folder_before = str(self._export_folder())
        try:
            target = self.session.save(path, force=force)
        except ConflictError:
            self._ask_conflict(path, then)
            return False
        except SaveError as exc:
            self.notify(str(exc), title=_("Not saved"), severity="error", markup=False)
            return False
        self._autosaved = self.session.revision
        if not quiet:  # quitting says it in its own dialog, which toasts would cover
            self.notify(_("Saved {path}").format(path=target), markup=False)
        self.session.analyse()
        if has_errors(self.session.findings) and not quiet:
            count = sum(f.severity is Severity.ERROR for f in self.session.findings)
            self.notify(ngettext("The profile still has {n} error; see the review step.",
                                 "The profile still has {n} errors; see the review step.",
                                 count).format(n=count), severity="warning")
        self._update_title()
        self.query_one(StepList).set_statuses(self._statuses())
        self._follow_export_folder(folder_before)
        return True

    def _follow_export_folder(self, before: str) -> None:
        """After "save as", the export goes next to the file as saved now, unless the
        user typed a folder of their own."""
        review = self._forms.get("review")
        if review is None:
            return
        for panel in review.query("ExportPanel"):
            field = panel.query_one("#export-folder")
            if field.value.strip() in (before, ""):  # type: ignore[attr-defined]
                cast("ExportPanel", panel).set_folder(self._export_folder())

    def _ask_conflict(self, path: Path, then: Any) -> None:
        from notice_tui.tui.screens.dialogs import ConflictDialog

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                if self.save_to(path, force=True) and then is not None:
                    then()
            elif choice == "save_as":
                self.action_save_as(then=then)
            elif choice == "reload":
                try:
                    fresh = self.session.reloaded()
                except ProfileError as exc:
                    self.notify(exc.finding.format(), title=_("Cannot open the profile"),
                                severity="error", markup=False)
                    return
                self.session.discard_recovery()
                self.app.switch_screen(WizardScreen(fresh, step=self.step.id))

        self.app.push_screen(ConflictDialog(path), answered)

    def action_save_as(self, then: Any = None, quiet: bool = False) -> None:
        from notice_tui.tui.screens.dialogs import ConfirmDialog, PathDialog

        current = self.session.path
        default = current or Path.cwd() / f"{ascii_name(self.session.name or 'profil')}.yaml"

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.is_dir():
                path = path / default.name
            if path.suffix not in (".yaml", ".yml"):
                path = path.with_name(path.name + ".yaml")

            def write(ok: bool | None = True) -> None:
                if ok and self.save_to(path, then=then, quiet=quiet) and then is not None:
                    then()

            if path.exists() and (current is None or path.resolve() != current.resolve()):
                self.app.push_screen(ConfirmDialog(
                    _("Replace the file?"),
                    Text(_("{path} exists already. Replace it with this profile?").format(
                        path=path)),
                    _("Replace"), _("Cancel")), write)
            else:
                write()

        self.app.push_screen(PathDialog(_("Save the profile as"), str(default),
                                        button=_("Save"), mode="save"), chosen)

    def _autosave(self) -> None:
        self._autosave_timer = None
        if self.session.dirty and self.session.revision != self._autosaved:
            self.session.autosave()
            self._autosaved = self.session.revision

    def ask_quit(self, then: Any) -> None:
        """Unsaved changes: save, discard or stay. `then` runs when leaving is fine."""
        from notice_tui.tui.screens.dialogs import ConfirmDialog, QuitDialog

        def saved() -> None:
            # As ctrl+s says it: saved is not ready. Leaving now would hide that.
            errors = sum(f.severity is Severity.ERROR for f in self.session.findings)
            if not errors:
                then()
                return
            self.app.push_screen(ConfirmDialog(
                _("Saved, with errors"),
                Text(ngettext("The profile is saved, but it still has {n} error, so the "
                              "documents are not ready to publish. Leave anyway?",
                              "The profile is saved, but it still has {n} errors, so the "
                              "documents are not ready to publish. Leave anyway?",
                              errors).format(n=errors)),
                _("Leave"), _("Stay and fix")), lambda ok: then() if ok else None)

        def answered(choice: str | None) -> None:
            if choice == "save":
                if self.session.path is None:
                    self.action_save_as(then=saved, quiet=True)
                elif self.save_to(self.session.path, then=saved, quiet=True):
                    saved()
            elif choice == "discard":
                self.session.discard_recovery()
                then()

        self.app.push_screen(QuitDialog(self.session.name), answered)

    def action_close(self) -> None:
        def close() -> None:
            self.session.discard_recovery()
            cast("WizardApp", self.app).close_profile(self)

        if self.session.dirty:
            self.ask_quit(close)
        else:
            close()

    # -- export -----------------------------------------------------------------------------

    def _export_folder(self) -> Path:
        path = self.session.path
        base = path.resolve().parent if path else Path.cwd()
        folder = base / f"{ascii_name(self.session.name or 'dokumenter')}-dokumenter"
        # Shorter to read (and to fit 80 columns) when it is below where we started.
        with contextlib.suppress(ValueError):
            return folder.relative_to(Path.cwd())
        return folder

    @on(Button.Pressed, "#export-browse")
    def _browse_export(self) -> None:
        from notice_tui.tui.screens.dialogs import PathDialog

        panel = cast("ExportPanel", self.current_form.query_one("ExportPanel"))

        def chosen(path: Path | None) -> None:
            if path is not None:
                panel.set_folder(path)

        folder = panel.query_one("#export-folder").value  # type: ignore[attr-defined]
        self.app.push_screen(PathDialog(_("Export to folder"), folder, button=_("Choose"),
                                        mode="folder"), chosen)

    def on_export_panel_export_requested(self, event: ExportPanel.ExportRequested) -> None:
        self.export(event.folder, event.formats)

    def export(self, folder: Path, formats: list[str]) -> None:
        from notice_tui.tui.screens.dialogs import ConfirmDialog

        if not formats:
            self.notify(_("Choose HTML, Markdown or both."), severity="warning")
            return
        analysis = self.session.analyse()
        if not analysis.valid or analysis.profile is None:
            self.notify(_("The profile has errors that stop the documents from being "
                          "written. Fix the lines marked ✗ first."), severity="error")
            self.show_step("review")
            return
        rule_errors = [f for f in analysis.compliance if f.severity is Severity.ERROR]
        # With errors, only a draft can be written: marked as one, every gap shown.
        draft = draft_list(rule_errors) if rule_errors else None
        documents = [f for f in formats if f != "protocol"]
        outputs: list[Output] = plan_outputs(analysis.profile, folder, documents,
                                             today=self.session.today, draft=draft
                                             ) if documents else []
        if "protocol" in formats:  # behandlingsprotokoll.xlsx, .md and .html
            from notice_tui.desk import protocol

            outputs += protocol.outputs(analysis.profile, folder, self.session.today)
        existing = [o.path for o in outputs if o.path.exists()]

        def write(ok: bool | None = True) -> None:
            if not ok:
                return
            try:
                write_outputs(outputs)
            except SaveError as exc:
                self.notify(str(exc), title=_("Not exported"), severity="error", markup=False)
                return
            names = ", ".join(o.path.name for o in outputs)
            self.notify(_("Wrote {files} to {folder}").format(files=names, folder=folder),
                        title=_("Exported"), markup=False, timeout=8)

        def check_existing(ok: bool | None = True) -> None:
            if not ok:
                return
            if existing:
                listing = "\n".join(f"  {p}" for p in existing)
                self.app.push_screen(ConfirmDialog(
                    _("Replace files?"),
                    Text(_("These files exist and will be replaced:") + "\n" + listing),
                    _("Replace"), _("Cancel")), write)
            else:
                write()

        if rule_errors:
            self.app.push_screen(ConfirmDialog(
                _("Export a draft?"),
                Text(ngettext(
                    "The profile has {n} error, so the documents are not ready to publish. "
                    "Fix it first, or export a draft marked 'not for publishing' that shows "
                    "what is missing.",
                    "The profile has {n} errors, so the documents are not ready to publish. "
                    "Fix them first, or export a draft marked 'not for publishing' that shows "
                    "what is missing.", len(rule_errors)).format(n=len(rule_errors))),
                _("Export draft"), _("Fix first")), check_existing)
        else:
            check_existing()


def ascii_name(text: str) -> str:
    """A file or folder name in plain ASCII: "Saksefryd Frisør" -> "Saksefryd-Frisor".

    Names with æ, ø or å trip up some web hosts, zip tools and shells; the documents
    themselves keep the business's name as written.
    """
    import unicodedata

    for letter, plain in (("æ", "ae"), ("Æ", "Ae"), ("ø", "o"), ("Ø", "O"), ("å", "a"),
                          ("Å", "A"), ("ß", "ss")):
        text = text.replace(letter, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return safe_name(text)


def _read_scan_file(path: Path) -> str | Exception:
    from notice_tui.catalog.apply import CsvError, decode_csv

    limit = 5 * 1024 * 1024  # as import-cookies: a large site's scan is some hundred KB
    try:
        if not path.is_file():
            return ValueError(_("{file}: no such file").format(file=path))
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        return ValueError(_("{file}: cannot read the file: {reason}").format(
            file=path, reason=exc.strerror or exc))
    if len(data) > limit:
        return ValueError(_("{file}: the file is too large for a cookie scan").format(
            file=path))
    try:
        return decode_csv(data)
    except CsvError as exc:
        return ValueError(f"{path.name}: {csv_error_text(exc)}")


def import_text(report: ImportReport) -> str:
    """What reading a scan did, as done: counts, and what was left out and why."""
    parts = [ngettext("Added {n} cookie from the scan.", "Added {n} cookies from the scan.",
                      len(report.added)).format(n=len(report.added))]
    if report.present:
        parts.append(ngettext("{n} was listed already.", "{n} were listed already.",
                              len(report.present)).format(n=len(report.present)))
    if report.skipped:
        parts.append(ngettext(
            "{n} row is left out: it lacks a category, duration, purpose or provider the "
            "catalogue could fill in.",
            "{n} rows are left out: they lack a category, duration, purpose or provider the "
            "catalogue could fill in.", len(report.skipped)).format(n=len(report.skipped)))
    if report.processors_added:
        parts.append(_("Added the suppliers {names}.").format(
            names=", ".join(report.processors_added)))
    if report.needs_review:
        parts.append(ngettext("Check {n} of them: a value the scan gave was read as another.",
                              "Check {n} of them: values the scan gave were read as others.",
                              len(report.needs_review)).format(n=len(report.needs_review)))
    return " ".join(parts)


def added_text(name: str, report: AddReport, *, filled: bool, dropped: bool) -> str:
    """What picking a catalogue service did, as done: "Added 3 cookies and the supplier Meta."
    """
    cookies = len(report.cookies_added)
    supplier = report.provider
    parts: list[str] = []
    if dropped:
        parts.append(_("{name} is a supplier already, so the new row is removed.").format(
            name=supplier))
    elif filled:
        parts.append(_("Filled in {name} from the catalogue.").format(name=name))
    if cookies and report.processor_added:
        parts.append(ngettext("Added {n} cookie and the supplier {name}.",
                              "Added {n} cookies and the supplier {name}.",
                              cookies).format(n=cookies, name=supplier))
    elif cookies:
        parts.append(ngettext("Added {n} cookie from {name}.", "Added {n} cookies from {name}.",
                              cookies).format(n=cookies, name=supplier))
    elif report.processor_added:
        parts.append(_("Added the supplier {name}.").format(name=supplier))
    if not parts:
        parts.append(_("Nothing to add: {name} is in the profile already.").format(
            name=supplier))
    return " ".join(parts)


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(paths.is_under(path, r) for r in roots)
