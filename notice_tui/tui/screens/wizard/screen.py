"""The wizard's screen: steps on the left, the current step's form, the live preview.

Every edit is written into the profile's YAML tree at once (cheap), and a short
debounce later the profile is analysed again and the preview re-rendered in a
worker. Findings are shown beside the field whose key path they name
(tui/routing.py); those no field claims are shown at the top of the step.

What the screen does itself: the layout, going from step to step, taking the forms'
edits to the session, and the header. The forms are built in form.py, the checks
run from checking.py, the dialog flows (saving and leaving, exporting, imports) are
in their own modules and run in a worker each (`run_flow`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Static

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding
from notice_tui.i18n import N_, _
from notice_tui.profile import postal
from notice_tui.profile.paths import PathError
from notice_tui.tui import perf, routing, startup
from notice_tui.tui.commands import WizardCommands
from notice_tui.tui.localize import localize_bindings
from notice_tui.tui.screens.wizard import exporting, imports, saving
from notice_tui.tui.screens.wizard.autosaving import Autosave
from notice_tui.tui.screens.wizard.checking import Checks
from notice_tui.tui.screens.wizard.form import WIDE, FormScroll, build_form, editors
from notice_tui.tui.session import Session
from notice_tui.tui.widgets.fields import FieldRow
from notice_tui.tui.widgets.footer import Footer
from notice_tui.tui.widgets.header import TitleHeader
from notice_tui.tui.widgets.preview import Anchor, PreviewPane
from notice_tui.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from notice_tui.profile.model import Profile
    from notice_tui.tui.app import WizardApp
    from notice_tui.tui.widgets.review import ExportPanel, ReviewPanel
    from notice_tui.tui.widgets.table import ListEditor


class WizardScreen(perf.SkipFirstRestyle, Screen[None]):
    # The title is the business's name as it is typed. Screen's own reactives repaint
    # the whole screen at every change (a full update at 160x48 takes 15-60 ms, about
    # as long as the rest of a keystroke); only the header shows them, and it redraws
    # itself when they change (widgets/header.py).
    title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), priority=True, id="save"),
        Binding("ctrl+n", "next_step", N_("Next"), priority=True, id="next-step"),
        # Not in the footer (80 columns do not hold it and Quit); the Back button shows it.
        Binding(
            "ctrl+b",
            "previous_step",
            N_("Previous step"),
            priority=True,
            show=False,
            id="previous-step",
        ),
        Binding("f2", "toggle_preview", N_("View"), id="preview"),
        Binding("ctrl+r", "review", N_("Export"), priority=True, id="export"),
    ]
    COMMANDS: ClassVar[set[Any]] = {WizardCommands}
    # Below WIDE columns the steps give way to the preview (app.tcss); from WIDE the
    # preview fits beside the form and is shown unless F2 hid it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012 (as Screen declares it)

    def __init__(self, session: Session, *, step: str = "business") -> None:
        super().__init__()
        localize_bindings(self)
        self.session = session
        self.step = qn.step(step)
        self.autosave = Autosave(self, session)
        self._preview_on: bool | None = None
        # Set once F2 chose: from then on the width no longer shows or hides the preview.
        self._preview_chosen = False
        # Built forms, one per step, kept while the profile's shape is unchanged: mounting
        # a form costs 200-400 ms, so going back to a step should not build it again.
        self._forms: dict[str, FormScroll] = {}
        self._built_at: dict[str, int] = {}
        self._checks = Checks(self, session, show=self._show_analysis, preview=self._preview_of)
        self._first_frame_timer: Timer | None = None  # set from mount to the first frame

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The classes that depend on the width are set before there are children to
        # restyle, and the first form is built with the screen: each of these done
        # after mounting would style or lay out the whole screen once more. The
        # breakpoints then find them as they are.
        self._update_title()  # before the header is mounted, which then shows it at once
        wide = self.app.size.width >= WIDE
        self._preview_on = wide
        self.set_class(not wide, "-narrow")
        self.set_class(wide, "-wide")
        self.set_class(wide, "-preview")
        preview = PreviewPane(id="preview")
        preview.display = wide
        title, status, first, last = self._step_place()
        yield TitleHeader()
        with Horizontal(id="body"):
            yield StepList(self._statuses(), id="steps")
            with Vertical(id="form-pane"):
                yield Static(title, id="step-title")
                with Vertical(id="forms"):
                    yield self._new_form(self.step.id, lazy=True)
                with Horizontal(id="nav"):
                    yield Button(_("◀ Back"), id="back", compact=True, disabled=first)
                    yield Static(status, id="nav-status")
                    yield Button(_("Next ▶"), id="next", compact=True, disabled=last)
            yield preview
        yield Footer()

    def on_mount(self) -> None:
        # New or opened, the first field of the step has the focus: one place to start
        # from, the step list one shift+tab away.
        self.show_step(self.step.id, focus=True)
        self.autosave.start()
        # Should the header never be drawn (a terminal with no room), the work left for
        # after the first frame is not left for ever.
        self._first_frame_timer = self.set_timer(1.0, self._after_first_frame)

    def on_title_header_first_paint(self, _event: TitleHeader.FirstPaint) -> None:
        self._after_first_frame()

    def _after_first_frame(self) -> None:
        """What the first frame was shown without: the round-trip read of the file (it
        was shown from the fast one) and the profile's rules (on a thread)."""
        if self._first_frame_timer is None:
            return
        self._first_frame_timer.stop()
        self._first_frame_timer = None
        startup.resume_collection()
        self.session.read_in_full()
        self._checks.first()
        keep = perf.parsed_css_to_keep()
        if keep is not None:
            self.run_worker(keep, thread=True, group="css-cache")

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Screen's own handler sets the breakpoint classes, so it reads the
        # width, not the class.
        wide = event.size.width >= WIDE
        if not self._preview_chosen and self._preview_on != wide:
            self._set_preview(wide)

    def _set_preview(self, on: bool) -> None:
        self._preview_on = on
        self.set_class(on, "-preview")
        pane = self.query_one(PreviewPane)
        pane.display = on
        if on:
            self._request_preview()

    def action_toggle_preview(self) -> None:
        self._preview_chosen = True
        self._set_preview(not self._preview_on)

    # -- steps -------------------------------------------------------------------------

    def _step_place(self) -> tuple[Text, Text, bool, bool]:
        """The current step's title above its form, where it is in the wizard, and
        whether it is the first and the last (Back and Next are off there)."""
        index = qn.STEP_IDS.index(self.step.id)
        return (
            Text(f"{index + 1}. {_(self.step.title)}", style="bold"),
            Text(_("Step {n} of {total}").format(n=index + 1, total=len(qn.STEPS)), style="dim"),
            index == 0,
            index == len(qn.STEPS) - 1,
        )

    def _statuses(self) -> dict[str, str]:
        return {s.id: self.session.step_status(s) for s in qn.STEPS}

    def show_step(self, step_id: str, focus: bool = False) -> None:
        if step_id != self.step.id:
            self.session.revealed.add(self.step.id)
        if step_id == "review":
            self.session.reveal_all()
        self.step = qn.step(step_id)
        self.session.visited.add(step_id)
        title, status, first, last = self._step_place()
        self.query_one("#step-title", Static).update(title)
        self.query_one("#nav-status", Static).update(status)
        self.query_one("#back", Button).disabled = first
        self.query_one("#next", Button).disabled = last
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

    def go_to_finding(self, finding: Finding) -> None:
        step = qn.step_for_path(finding.path)
        if step.id != self.step.id:
            self.show_step(step.id)
        self.call_after_refresh(self.call_after_refresh, self._focus_path, finding.path)

    async def _focus_path(self, path: str) -> None:
        await self.complete_form()
        try:
            form = self.current_form
        except LookupError:
            return
        shown = [w for w in form.query("FieldRow, ListEditor") if w.display]
        index = routing.owner(path, [getattr(w, "path", "") for w in shown])
        best = shown[index] if index is not None else None
        if isinstance(best, FieldRow):
            best.focus_editor()
            best.scroll_visible(animate=False)
        elif best is not None:  # a ListEditor
            cast("ListEditor", best).focus_row_field(path)
        else:
            with contextlib.suppress(Exception):
                form.query_one("#step-problems").scroll_visible(animate=False)

    # -- building forms ------------------------------------------------------------------

    def _show_only(self, step_id: str) -> None:
        for sid, form in self._forms.items():
            form.display = sid == step_id

    def rebuild_form(self) -> None:
        """Build the current step's form again, from the top (the profile changed shape)."""
        self._build_form()

    def _build_form(self, focus_first: bool = False, focus_id: str | None = None) -> None:
        # Mounting and removing finish asynchronously, so a rebuild runs as one awaited
        # task; rebuilds queue up and never overlap.
        self.call_next(self._rebuild_form, self.step.id, focus_first, focus_id)

    async def _rebuild_form(self, step_id: str, focus_first: bool, focus_id: str | None) -> None:
        old = self._forms.get(step_id)
        scroll_y = old.scroll_y if old is not None else 0.0
        # A rebuilt table keeps showing the row that was being edited.
        table_rows = {e.path: e.row for e in editors(old)} if old is not None and focus_id else {}
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

    def _new_form(
        self, step_id: str, table_rows: dict[str, int | None] | None = None, lazy: bool = False
    ) -> FormScroll:
        form = build_form(
            self.session,
            step_id,
            size=self.app.size,
            table_rows=table_rows,
            lazy=lazy,
            export_folder=str(self.export_folder()),
        )
        self._forms[step_id] = form
        self._built_at[step_id] = self.session.structure_rev
        return form

    def _after_build(self, focus_first: bool, focus_id: str | None, scroll_y: float) -> None:
        self._show_findings()
        if self.step.id == "review":
            self._show_review()
        form = self.current_form
        if focus_id:
            # The same step, rebuilt: stay where the user was.
            with contextlib.suppress(Exception):
                target = form.query_one(f"#{focus_id}")
                found = target.query("#editor")
                (found.first() if found else target).focus(scroll_visible=False)

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

    async def complete_form(self) -> bool:
        """Build the rows the current form left out (see FormScroll), if any."""
        try:
            return await self.current_form.complete()
        except LookupError:
            return False

    # -- edits ----------------------------------------------------------------------------

    @on(FieldRow.Edited)
    def _edited(self, event: FieldRow.Edited) -> None:
        try:
            changed = self.session.answer(event.path, event.value)
        except (PathError, TypeError) as exc:
            # The profile's shape does not hold this answer (a hand-written scalar
            # where a mapping belongs): say so rather than crash; the review lists why.
            self.notify(
                _("Cannot write {path}: {reason}").format(path=event.path, reason=exc),
                severity="error",
                markup=False,
            )
            return
        if changed and postal.fill_town(event.path, self.session.get, self.session.answer):
            # The town came from the postal code: build the form again to show it.
            self.changed(event.path, rebuild_focus=event.row.id)
        elif changed:
            self.changed(event.path)

    @on(FieldRow.Switched)
    def _switched(self, event: FieldRow.Switched) -> None:
        self.session.switch(event.path, event.on)
        self.changed(event.path, rebuild_focus=event.row.id)

    @on(Checkbox.Changed, "#step-toggle")
    def _step_toggled(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value == self.session.step_on(self.step):
            return
        had_rows = any(
            self.session.rows(p) for p in (self.step.toggle.paths if self.step.toggle else ())
        )
        self.session.set_step_on(self.step, event.value)
        if not event.value and had_rows:
            self.notify(
                _("The rows are taken out of the profile. Tick the box again to get them back."),
                timeout=6,
            )
        self.changed("", rebuild_focus="step-toggle")

    @on(FieldRow.ServicePicked)
    def _service_picked(self, event: FieldRow.ServicePicked) -> None:
        service = event.service
        report, dropped = self.session.apply_service(event.path, service)
        filled = event.path.startswith("processors[") and not dropped
        self.notify(
            imports.added_text(service.name, report, filled=filled, dropped=dropped), markup=False
        )
        focus = "f-processors" if dropped else event.row.id
        self.changed(event.path, rebuild_focus=focus)

    @on(FieldRow.SupplierAdded)
    def _supplier_added(self, event: FieldRow.SupplierAdded) -> None:
        name = self.session.add_supplier(event.name, event.path)
        self.notify(
            _(
                "Added the supplier {name} and ticked it. The step Suppliers asks "
                "what it does and where."
            ).format(name=name),
            markup=False,
        )
        # Back in the name field: a second supplier may follow.
        self.changed(event.path, rebuild_focus=f"{event.row.id} #new-system")

    # Handlers by name (not @on), so the table module is not needed to declare them.
    def on_list_editor_changed(self, event: ListEditor.Changed) -> None:
        self.changed(event.editor.path)

    def on_list_editor_paste_requested(self, event: ListEditor.PasteRequested) -> None:
        self.run_flow(imports.paste(self, event.editor))

    def on_list_editor_import_requested(self, event: ListEditor.ImportRequested) -> None:
        self.run_flow(imports.import_scan_file(self, event.editor))

    def action_scan_site(self) -> None:
        self.run_flow(imports.scan_site(self))

    def changed(self, path: str, rebuild_focus: str | None = None) -> None:
        """Something in the profile changed: show it now, check it after a short pause.

        `rebuild_focus` builds the form again (the profile changed shape), with the
        focus back on the widget of that id.
        """
        if rebuild_focus is not None:
            self._build_form(focus_id=rebuild_focus)
        else:
            self._update_visibility()
            self._refresh_table_row(path)
        # The header names the business as it is typed, and marks unsaved changes.
        self._update_title()
        self.query_one(PreviewPane).editing()
        self._checks.soon()
        self.autosave.edited()

    def _update_visibility(self) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        for row in form.field_rows():
            row.display = self.session.when(row.question.when, row.base)
        for editor in editors(form):
            editor.update_visibility()
        form.refresh_spacer()

    def _refresh_table_row(self, path: str) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        for editor in editors(form):
            prefix = editor.path + "["
            if path.startswith(prefix):
                with contextlib.suppress(ValueError):
                    editor.refresh_row(int(path[len(prefix) :].split("]", 1)[0]))

    # -- checking -------------------------------------------------------------------------

    def _show_analysis(self) -> None:
        self._show_findings()
        self.query_one(StepList).set_statuses(self._statuses())
        self._update_title()
        if self.step.id == "review":
            self._show_review()

    def refresh_now(self) -> None:
        """Check the profile at once (tests and actions that need fresh findings)."""
        self._checks.now()
        self._request_preview()

    async def checked(self) -> None:
        """Return once the check after the last edit has run and its findings are shown."""
        await self._checks.settled()

    def _show_findings(self) -> None:
        try:
            form = self.current_form
        except LookupError:
            return
        form.show_findings(
            [f for f in self.session.step_findings(self.step) if self.session.shows(self.step, f)]
        )

    def _show_review(self) -> None:
        with contextlib.suppress(Exception):
            panel = cast("ReviewPanel", self.current_form.query_one("ReviewPanel"))
            coverage = None
            analysis = self.session.analysis
            if analysis.valid and analysis.profile is not None:
                try:
                    from notice_tui.document import render_documents

                    # The checklist reads the bokmål wording; every language says the same.
                    privacy = render_documents(
                        analysis.profile, self.session.today, language="nb"
                    ).get("privacy")
                    markdown = privacy.markdown if privacy else ""
                except Exception:  # a half-typed profile may not render; no checklist then
                    markdown = ""
                from notice_tui.tui.widgets.review import coverage_items

                coverage = coverage_items(analysis.profile, markdown) if markdown else None
            panel.show(self.session.findings, coverage)

    def on_review_panel_finding_chosen(self, event: ReviewPanel.FindingChosen) -> None:
        self.go_to_finding(event.finding)

    # -- header and preview ------------------------------------------------------------------

    def _update_title(self) -> None:
        # Asked at every edit; the header is redrawn only when the words change (Screen's
        # title is reactive) and then in place (TitleHeader).
        self.title = self.session.name or _("New profile")
        path = self.session.path
        if path is None:
            self.sub_title = _("not saved yet")
        elif self.session.dirty:
            self.sub_title = _("{file} • unsaved changes").format(file=path.name)
        else:
            self.sub_title = path.name

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
        self._preview_of(self.session.analysis.profile)

    def _preview_of(self, profile: Profile | None) -> None:
        if self._preview_on:
            self.query_one(PreviewPane).request(profile, self._anchors(), self.session.today)

    # -- dialog flows -------------------------------------------------------------------------

    def run_flow(self, flow: Coroutine[Any, Any, object]) -> None:
        """Run a dialog flow in a worker, where it can wait for each dialog's answer."""
        self.run_worker(flow, group="dialogs")

    def action_save(self) -> None:
        self.run_flow(saving.save(self))

    def action_save_as(self) -> None:
        self.run_flow(saving.save_as(self))

    def ask_quit(self, then: Callable[[], object]) -> None:
        """Unsaved changes: save, discard or stay. `then` runs when leaving is fine."""

        async def leave() -> None:
            if await saving.confirm_leave(self):
                then()

        self.run_flow(leave())

    def action_close(self) -> None:
        def close() -> None:
            self.session.discard_recovery()
            cast("WizardApp", self.app).close_profile(self)

        if self.session.dirty:
            self.ask_quit(close)
        else:
            close()

    def saved(self, folder_before: str) -> None:
        """After a save (saving.write): the header, the steps and the export folder follow."""
        self.autosave.saved()
        self._update_title()
        self.query_one(StepList).set_statuses(self._statuses())
        self._follow_export_folder(folder_before)

    def reopen(self, session: Session) -> None:
        """Show `session` (the file as it is on disk now) in a fresh wizard, on this step."""
        self.app.switch_screen(WizardScreen(session, step=self.step.id))

    def _follow_export_folder(self, before: str) -> None:
        """After "save as", the export goes next to the file as saved now, unless the
        user typed a folder of their own."""
        review = self._forms.get("review")
        if review is None:
            return
        for panel in review.query("ExportPanel"):
            field = panel.query_one("#export-folder")
            if field.value.strip() in (before, ""):  # type: ignore[attr-defined]
                cast("ExportPanel", panel).set_folder(self.export_folder())

    # -- export -----------------------------------------------------------------------------

    def export_folder(self) -> Path:
        return exporting.export_folder(self.session)

    @on(Button.Pressed, "#export-browse")
    def _browse_export(self) -> None:
        panel = cast("ExportPanel", self.current_form.query_one("ExportPanel"))
        self.run_flow(exporting.choose_folder(self, panel))

    def on_export_panel_export_requested(self, event: ExportPanel.ExportRequested) -> None:
        self.export(event.folder, event.formats)

    def export(self, folder: Path, formats: list[str]) -> None:
        self.run_flow(exporting.export(self, folder, formats))
