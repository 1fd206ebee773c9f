"""A step's form: its rows, built from the questions, the ones below the screen left for later.

Opening a step is kept quick (scripts/bench.py start): `build_form` builds what the
screen shows first and leaves a run of rows below it to `FormScroll`, which builds
them as soon as anything could reach them. The review and table widgets are imported
when a form first needs them.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding
from notice_tui.i18n import _
from notice_tui.profile import paths
from notice_tui.tui import routing
from notice_tui.tui.session import Session
from notice_tui.tui.widgets.fields import FieldRow, FindingsBox, WrappingCheckbox, finding_text

if TYPE_CHECKING:
    from notice_tui.tui.widgets.table import ListEditor

WIDE = 120  # from this many columns the preview fits beside the form
STEPS_WIDTH = 28  # the step list's column (app.tcss #steps)


class FormScroll(VerticalScroll, can_focus=False):
    """One step's form. It scrolls; the fields inside it take the focus, not the scroller.

    Rows below the screen may be left unbuilt at first (`pending`): a spacer of exactly
    their height stands in for them, so the form looks and scrolls the same, and they
    are built (`complete`) as soon as anything could reach them: scrolling, tab, enter,
    a taller window, a jump to a field. Each row costs some milliseconds to build.
    """

    def __init__(
        self, *children: Widget, pending: list[FieldRow] | None = None, width_guess: int = 0
    ) -> None:
        self._pending = pending or []
        self._spacer: Widget | None = None
        self._completed: asyncio.Event | None = None
        self._width_guess = width_guess
        self._problems: list[Finding] = []  # as shown in #step-problems
        self._findings: list[Finding] = []  # as last shown in the whole form
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

    def show_findings(self, findings: list[Finding]) -> None:
        """Show the step's findings (those shown yet) beside the rows they are about
        (routing.route), and the ones no row claims above the form.

        The problem box is touched only when its findings change: each update is a
        layout of the whole screen, and most checks after a keystroke find the same.
        """
        targets: list[FieldRow | ListEditor] = [r for r in self.field_rows() if r.display]
        targets += editors(self)
        routed = routing.route(findings, [t.path for t in targets])
        for target, claimed in zip(targets, routed.by_target, strict=True):
            target.show_findings(claimed)
        if routed.loose != self._problems:
            self._problems = list(routed.loose)
            with contextlib.suppress(NoMatches):
                box = self.query_one("#step-problems", FindingsBox)
                box.show(finding_text(routed.loose) if routed.loose else "")
        self.refresh_spacer()
        if findings != self._findings:
            # A message shown or gone above the focused field moves it: bring it back
            # after this layout, rather than after the rows' resize the layout causes.
            self._findings = list(findings)
            self.keep_focus_visible()

    def refresh_spacer(self) -> None:
        """Size the spacer for the rows it stands for, as they are now (shown, findings)."""
        if self._spacer is None:
            return
        width = self.scrollable_content_region.width or self._width_guess
        height = 0
        for row in self._pending:
            if row.display:
                rows = row.predicted_height(width)
                if rows is None:  # cannot happen for rows chosen by build_form; be safe
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


def editors(form: Widget) -> list[ListEditor]:
    # Queried by name, so the table module is only imported once a form has a table.
    return cast("list[ListEditor]", list(form.query("ListEditor")))


def build_form(
    session: Session,
    step_id: str,
    *,
    size: Size,
    export_folder: str,
    table_rows: dict[str, int | None] | None = None,
    lazy: bool = False,
) -> FormScroll:
    """A step's form as the profile is now; `table_rows` are the table rows to show.

    `lazy` leaves out the rows below the screen (of `size`), when their height is
    known ahead.
    """
    table_rows = table_rows or {}
    step = qn.step(step_id)
    # The intro scrolls with the form: at 80x24 every fixed line is dear.
    widgets: list[Widget] = [Static(Text(_(step.intro)), id="step-intro")]
    on = session.step_on(step)
    if step.toggle is not None:
        widgets.append(
            WrappingCheckbox(
                _(step.toggle.question),
                value=on,
                id="step-toggle",
                compact=True,
                classes="step-toggle",
            )
        )
        if not on:
            widgets.append(
                Static(
                    Text(_("This step is skipped. Tick the box if it applies to you.")),
                    classes="field-note",
                )
            )
    widgets.append(FindingsBox(id="step-problems"))
    if step.id == "review":
        from notice_tui.tui.widgets.review import ReviewPanel

        widgets.append(ReviewPanel())
    names = session.processor_names()
    for q in step.questions:
        if not on and step.toggle and any(paths.is_under(q.path, p) for p in step.toggle.paths):
            continue
        widget: Widget
        if q.kind == "table":
            from notice_tui.tui.widgets.table import ListEditor

            widget = ListEditor(q, session, table_rows.get(q.path))
        else:
            widget = FieldRow(
                q, q.path, session.get(q.path), on=session.is_on(q.path), systems=names
            )
        widget.display = session.when(q.when)
        widgets.append(widget)
    if step.id == "review":
        from notice_tui.tui.widgets.review import ExportPanel

        widgets.append(ExportPanel(export_folder))
    split, width = lazy_split(widgets, size) if lazy else (len(widgets), 0)
    return FormScroll(
        *widgets[:split], pending=cast("list[FieldRow]", widgets[split:]), width_guess=width
    )


def lazy_split(widgets: list[Widget], size: Size) -> tuple[int, int]:
    """How many of a form's widgets to build for a screen of `size`, and the rows' width
    guess. The rest must be rows whose height is known ahead (FieldRow.predicted_height).
    """
    width, height = size
    # The form's column: beside the steps, halved by the preview from WIDE columns; less
    # its padding (2) and scrollbar (2). Only a guess until the form is laid out.
    width = (width - STEPS_WIDTH) // 2 if width >= WIDE else width - STEPS_WIDTH
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
            rows = 1 + Content.from_rich_text(Text(f"▐X▌ {widget.label} ")).get_height({}, width)
        # Anything else (a table, a panel) is taken to fill the screen: what follows
        # it starts below the screen anyway.
        used += rows if rows is not None else room
    # Only a run of such rows to the end can wait: a spacer cannot stand in for more.
    for i in range(len(widgets) - 1, split - 1, -1):
        widget = widgets[i]
        if not (isinstance(widget, FieldRow) and widget.height_predictable):
            return i + 1, width
    return split, width
