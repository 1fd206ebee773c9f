"""An editable list of mappings (cookies, processors, activities): a table plus a form row.

The table shows a few columns of every row; the form below edits the
highlighted row with the same FieldRows as any other question. Buttons add,
remove, move and paste rows. All changes go through the session, and the
screen is told so it can re-check the profile.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Label, Static

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding
from notice_tui.i18n import N_, _
from notice_tui.profile import paths
from notice_tui.tui.localize import localize_bindings
from notice_tui.tui.widgets.fields import (
    FieldRow,
    FindingsBox,
    choice_label,
    field_id,
    finding_text,
    list_text,
)

if TYPE_CHECKING:
    from notice_tui.tui.session import Session


class ListEditor(Vertical, can_focus=False):
    """Rows of `question.path`, and a form for the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("insert", "add", N_("Add row"), show=False),
        Binding("alt+up", "move(-1)", N_("Move up"), show=False),
        Binding("alt+down", "move(1)", N_("Move down"), show=False),
    ]

    class Changed(Message):
        """Rows were added, removed, moved or pasted: the profile changed shape."""

        def __init__(self, editor: ListEditor) -> None:
            super().__init__()
            self.editor = editor

    class PasteRequested(Message):
        def __init__(self, editor: ListEditor) -> None:
            super().__init__()
            self.editor = editor

    class ImportRequested(Message):
        """Read a cookie scanner's CSV file into the list."""

        def __init__(self, editor: ListEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, question: qn.Question, session: Session, row: int | None = None) -> None:
        super().__init__(id=field_id(question.path), classes="field list-editor")
        localize_bindings(self)
        self.question = question
        self.path = question.path
        self.session = session
        rows = session.rows(question.path)
        self.row = row if row is not None and 0 <= row < len(rows) else (0 if rows else None)

    def compose(self) -> ComposeResult:
        yield Label(Text(_(self.question.label)), classes="field-label")
        if self.question.help:
            yield Static(Text(_(self.question.help)), classes="field-help")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True, id="rows")
        yield table
        with Horizontal(classes="list-buttons"):
            yield Button(_("Add"), id="add", compact=True)
            yield Button(_("Remove"), id="remove", compact=True)
            yield Button(_("Up"), id="up", compact=True)
            yield Button(_("Down"), id="down", compact=True)
        # A row of their own: at 80 columns one row does not hold all six buttons.
        with Horizontal(classes="list-buttons list-buttons-more"):
            yield Button(_("Paste list…"), id="paste", compact=True)
            if self.path == "website.cookies":
                yield Button(_("Import file…"), id="import", compact=True)
        yield FindingsBox()
        yield Vertical(id="row-form", classes="row-form")

    def on_mount(self) -> None:
        table = self.query_one("#rows", DataTable)
        for col in self._summary():
            table.add_column(Text(_(col.short or col.label)), key=col.path)
        self.reload()

    def _summary(self) -> list[qn.Question]:
        by_path = {c.path: c for c in self.question.columns}
        return [by_path[p] for p in self.question.summary if p in by_path]

    def _cell(self, col: qn.Question, row: Any) -> Text:
        value = row.get(col.path) if isinstance(row, Mapping) else None
        if col.choices and value is not None:
            short = next((c.short for c in col.choices if c.value == value and c.short), "")
            return Text(short or choice_label(col, value))
        return Text(list_text(value))

    # -- showing -----------------------------------------------------------------------

    def reload(self, row: int | None = None, focus: str | None = None) -> None:
        """Fill the table from the profile and rebuild the form of one row."""
        rows = self.session.rows(self.path)
        if row is not None:
            self.row = row
        if self.row is not None and not (0 <= self.row < len(rows)):
            self.row = len(rows) - 1 if rows else None
        table = self.query_one("#rows", DataTable)
        table.clear()
        for i, item in enumerate(rows):
            table.add_row(*[self._cell(c, item) for c in self._summary()], key=str(i))
        table.display = bool(rows)
        if self.row is not None:
            table.move_cursor(row=self.row, animate=False)
        self._build_form(focus)

    def refresh_row(self, index: int) -> None:
        rows = self.session.rows(self.path)
        if not (0 <= index < len(rows)):
            return
        table = self.query_one("#rows", DataTable)
        for col in self._summary():
            table.update_cell(str(index), col.path, self._cell(col, rows[index]))

    def _build_form(self, focus: str | None = None) -> None:
        # Removal is asynchronous and the new fields reuse the old ids: await it.
        self.call_next(self._rebuild_form, focus)

    async def _rebuild_form(self, focus: str | None) -> None:
        form = self.query_one("#row-form", Vertical)
        await form.remove_children()
        rows = self.session.rows(self.path)
        if self.row is None:
            await form.mount(
                Static(Text(_("No rows yet. Press Add, or paste a list.")), classes="field-note")
            )
            return
        base = f"{self.path}[{self.row}]"
        widgets: list[Any] = [
            Static(
                Text(_("Row {n} of {total}").format(n=self.row + 1, total=len(rows))),
                classes="row-title",
            )
        ]
        for col in self.question.columns:
            path = f"{base}.{col.path}"
            row = FieldRow(
                col, path, self.session.get(path), base=base, systems=self.session.processor_names()
            )
            row.display = self.session.when(col.when, base)
            widgets.append(row)
        await form.mount_all(widgets)
        self.show_findings(self.session.findings_at(self.path))
        if focus == "first":
            fields = self.query("#row-form FieldRow").results(FieldRow)
            first = next(fields, None)
            if first is not None:
                first.focus_editor()
        elif focus:
            self._focus_path(focus)

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings of rows other than the one in the form, so none goes unseen."""
        box = self.query_one(FindingsBox)
        current = f"{self.path}[{self.row}]" if self.row is not None else None
        others = [f for f in findings if current is None or not paths.is_under(f.path, current)]
        box.show(self._row_findings(others) if others else "")
        for row in self.query(FieldRow):
            row.show_findings([f for f in findings if paths.is_under(f.path, row.path)])

    def _row_findings(self, findings: list[Finding]) -> Text:
        """Findings of other rows, named by row number and name, not by key path."""
        rows = self.session.rows(self.path)
        labels = {c.path: _(c.label) for c in self.question.columns}
        out = Text()
        for i, f in enumerate(findings):
            if i:
                out.append("\n")
            rest = f.path[len(self.path) :]
            index = None
            if rest.startswith("["):
                with contextlib.suppress(ValueError):
                    index = int(rest[1:].split("]", 1)[0])
            if index is None:
                out.append_text(finding_text([f], self.path))
                continue
            column = rest.split("]", 1)[1].lstrip(".").split(".")[0].split("[")[0]
            row = rows[index] if index < len(rows) else None
            name = next(
                (
                    str(row.get(k))
                    for k in ("name", "title")
                    if isinstance(row, Mapping) and row.get(k)
                ),
                "",
            )
            where = _("Row {n}").format(n=index + 1) + (f" ({name})" if name else "")
            if column:
                where += f" · {labels.get(column) or qn.path_words(f.path)}"
            line = finding_text([f], f.path)
            # The mark first, then where, then what: "✗ Row 2 (_ga) · Duration: …".
            line = line[:2] + Text(f"{where}: ", style="dim") + line[2:]
            out.append_text(line)
        return out

    def update_visibility(self) -> None:
        for row in self.query(FieldRow):
            row.display = self.session.when(row.question.when, row.base)

    # -- editing --------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#rows")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        index = event.cursor_row
        if index != event.data_table.cursor_row:
            return  # a stale event from reloading the table
        if index != self.row and index >= 0:
            self.row = index
            self._build_form()
            self.show_findings(self.session.findings_at(self.path))

    @on(DataTable.RowSelected, "#rows")
    def _selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a row goes to its form.
        event.stop()
        fields = self.query("#row-form FieldRow").results(FieldRow)
        first = next(fields, None)
        if first is not None:
            first.focus_editor()

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        self.row = self.session.add_row(self.path)
        self.reload(focus="first")
        self.post_message(self.Changed(self))

    @on(Button.Pressed, "#remove")
    def action_remove(self) -> None:
        if self.row is None:
            return
        self.session.remove_row(self.path, self.row)
        self.reload()
        self.post_message(self.Changed(self))

    @on(Button.Pressed, "#up")
    def _up(self) -> None:
        self.action_move(-1)

    @on(Button.Pressed, "#down")
    def _down(self) -> None:
        self.action_move(1)

    def action_move(self, delta: int) -> None:
        if self.row is None:
            return
        self.row = self.session.move_row(self.path, self.row, delta)
        self.reload()
        self.post_message(self.Changed(self))

    @on(Button.Pressed, "#paste")
    def _paste(self) -> None:
        self.post_message(self.PasteRequested(self))

    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        self.post_message(self.ImportRequested(self))

    def focus_row_field(self, path: str) -> None:
        """Show the row a finding is about and focus its field."""
        prefix = f"{self.path}["
        if path.startswith(prefix):
            try:
                index = int(path[len(prefix) :].split("]", 1)[0])
            except ValueError:
                index = None
            if index is not None and index != self.row:
                self.reload(index, focus=path)
                return
        self._focus_path(path)

    def _focus_path(self, path: str) -> None:
        """Focus the field a finding names: the row's field whose path holds it, or for a
        finding about the whole row, its first field; the table only without a form."""
        rows = [r for r in self.query(FieldRow) if r.display and paths.is_under(path, r.path)]
        if not rows and self.row is not None and path == f"{self.path}[{self.row}]":
            rows = [r for r in self.query(FieldRow) if r.display]
        if rows:
            target = max(rows, key=lambda r: len(r.path))
            target.focus_editor()
        else:
            self.query_one("#rows", DataTable).focus()
