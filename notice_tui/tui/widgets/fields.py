"""One form row per question: label, editor, help, and the findings for its key path.

The editor is chosen by the question's kind. Rows never write to the profile
themselves: they post `FieldRow.Edited` (or `Switched` for a yes/no that adds
or removes a part of the profile) and the screen writes through the session.
Every text a user typed is shown through rich Text, never parsed as markup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import N_, _
from notice_tui.profile import paths
from notice_tui.profile.durations import from_words, parse_duration

OTHER = "\x00other"  # the "another value" entry of a choice-or-text list
# Kinds whose editor is one line of Input (see FieldRow._editor).
INPUT_KINDS = frozenset({"text", "email", "phone", "url", "date", "duration", "list-of-text"})


def field_id(path: str) -> str:
    """A widget id for a key path: processors[2].name -> f-processors-2-name."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def choice_label(question: qn.Question, value: Any) -> str:
    for choice in question.choices:
        if choice.value == value and type(choice.value) is type(value):
            return _(choice.label) if choice.translate else choice.label
    return "" if value is None else str(value)


def default_text(question: qn.Question) -> str:
    """How a default reads in the form: "12 måneder", "Samtykke (a)"."""
    default = question.default
    if default in (None, ""):
        return ""
    if question.kind == "duration":
        return parse_duration(default).format("nb")
    if question.choices:
        return choice_label(question, default)
    return str(default)


def list_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class FindingsBox(Static):
    """The findings under a field, a table or a step's heading.

    Updated after every check, while the user types: it asks for a layout only when
    its text really changed, since a layout of the whole screen per keystroke is
    what made typing lag behind (issue 15).
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="field-findings")
        self._text: Text | str = ""

    def show(self, text: Text | str) -> None:
        if text == self._text:
            return
        self._text = text
        self.update(text)
        self.set_class(bool(text), "shown")


def finding_text(
    findings: Iterable[Finding], base: str = "", items: list[Any] | None = None
) -> Text:
    """Findings as `notice-tui check` words them, but in the form's words, marked by
    severity: keys and values are named by their labels (qn.wizard_words).

    A finding below `base` names the question it is about; one elsewhere names where
    it is asked. An item of a list answer (`[0]`) is named by its text, from `items`.
    """
    out = Text()
    marks = {
        Severity.ERROR: ("✗ ", "bold red"),
        Severity.WARNING: ("! ", "bold yellow"),
        Severity.HINT: ("i ", "cyan"),
    }
    for i, f in enumerate(findings):
        if i:
            out.append("\n")
        mark, style = marks[f.severity]
        out.append(mark, style=style)
        if base and f.path != base:
            rest = f.path[len(base) :].lstrip(".") if f.path.startswith(base) else f.path
            row = paths.first_index(rest)
            if (
                row is not None
                and rest == f"[{row[1]}]"
                and items is not None
                and row[1] < len(items)
            ):
                rest = str(items[row[1]])
            else:
                rest = qn.label_for(f.path) or qn.path_words(f.path)
            out.append(f"{rest}: ", style="dim")
        elif not base and f.path:
            out.append(f"{qn.path_words(f.path)}: ", style="dim")
        out.append(qn.wizard_words(f.message, f.path))
        if f.hint:
            # A dash, not brackets: hints have brackets of their own, and brackets are
            # never nested.
            out.append(f" – {qn.wizard_words(f.hint, f.path)}", style="dim")
    return out


class WrappingCheckbox(Checkbox):
    """A checkbox whose label wraps: questions are sentences, and 80 columns are few.

    Textual's ToggleButton reports a height of one line whatever its label.
    """

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        # The styles are the rules Textual itself passes (Widget.get_content_height).
        return self.render().get_height(cast("RulesMap", self.styles), width)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._mark()

    def _mark(self) -> None:
        # Textual draws an X in both states and tells them apart by colour alone, which
        # a terminal of few colours (or a reader who sees few) loses: empty when not ticked.
        self.BUTTON_INNER = "X" if self.value else " "

    def watch_value(self) -> None:
        self._mark()
        super().watch_value()


class CheckGroup(Vertical, can_focus=False):
    """Several answers, one checkbox each: every box is its own Tab stop, Space ticks it.

    A SelectionList is one Tab stop whose options are reached by arrow keys; a user who
    tabs through a form then skips them all, and Space lands in the next field.
    """

    class Changed(Message):
        def __init__(self, group: CheckGroup, selected: list[Any]) -> None:
            super().__init__()
            self.group = group
            self.selected = selected

        @property
        def control(self) -> CheckGroup:
            return self.group

    def __init__(self, options: list[tuple[Text, Any, bool]], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="check-group")
        self._values = [value for _label, value, _on in options]
        self._boxes = [
            WrappingCheckbox(label, value=on, compact=True, classes="check-option")
            for label, _value, on in options
        ]

    def compose(self) -> ComposeResult:
        yield from self._boxes

    @property
    def selected(self) -> list[Any]:
        return [v for v, box in zip(self._values, self._boxes, strict=True) if box.value]

    def focus(self, scroll_visible: bool = True) -> CheckGroup:
        # The group stands for its first box wherever a field's editor is focused.
        if self._boxes:
            self._boxes[0].focus(scroll_visible)
        return self

    @on(Checkbox.Changed, ".check-option")
    def _ticked(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.selected))


@cache
def _catalog() -> Any:
    """The service catalogue, when it is installed and readable."""
    try:
        from notice_tui.catalog import load_catalog

        return load_catalog()
    except Exception:  # the wizard works without it
        return None


class FieldRow(Vertical, can_focus=False):
    """Label, editor, help and findings for one key path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "use_suggestion", N_("Usual period"), id="use-suggestion"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "use_suggestion":
            return bool(self.question.suggestion)
        return True

    def action_use_suggestion(self) -> None:
        """Write the usual answer, as if typed: it is the user's choice from now on."""
        if not self.question.suggestion:
            return
        with contextlib.suppress(Exception):
            editor = self.query_one("#editor", Input)
            editor.value = self.question.suggestion
            editor.cursor_position = len(editor.value)

    class Edited(Message):
        def __init__(self, row: FieldRow, path: str, value: Any) -> None:
            super().__init__()
            self.row = row
            self.path = path
            self.value = value

    class Switched(Message):
        def __init__(self, row: FieldRow, path: str, on: bool) -> None:
            super().__init__()
            self.row = row
            self.path = path
            self.on = on

    class SupplierAdded(Message):
        """A supplier named in "Where the data is kept", to add and tick."""

        def __init__(self, row: FieldRow, path: str, name: str) -> None:
            super().__init__()
            self.row = row
            self.path = path
            self.name = name

    class ServicePicked(Message):
        def __init__(self, row: FieldRow, path: str, service: Any) -> None:
            super().__init__()
            self.row = row
            self.path = path
            self.service = service

    def __init__(
        self,
        question: qn.Question,
        path: str,
        value: Any,
        *,
        base: str = "",
        on: bool = False,
        systems: list[str] | None = None,
    ) -> None:
        super().__init__(id=field_id(path), classes=f"field kind-{question.kind}")
        self.question = question
        self.path = path
        self.base = base  # the row a table column belongs to; "" for top-level questions
        self.value = value
        self.on = on
        self.systems = systems or []
        self._picked = False
        self._hits: list[Any] = []
        self._findings: list[Finding] = []
        # The first Changed of an Input repeats the value it was built with.
        self._initial_text: str | None = (
            list_text(value)
            if question.kind == "list-of-text"
            else ("" if value is None else str(value))
        )

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        if q.kind not in ("bool", "present"):
            label = self._label_text()
            # A Static, not a Label: it looks the same here, and a Label's width is
            # measured from its text, one more pass per row when the form is laid out.
            yield Static(label, classes="field-label")
        yield from self._editor()
        if q.kind == "duration":
            yield Static(self._duration_hint(list_text(self.value)), classes="field-note")
        if q.help:
            yield Static(Text(_(q.help)), classes="field-help")
        # The findings' box is mounted when the row first has findings: most rows never
        # do, and each widget of a form is time before its first frame.

    def _label_text(self) -> Text:
        label = Text(_(self.question.label))
        if self.question.required:
            label.append(" *", style="bold")
        return label

    def _placeholder(self) -> str:
        q = self.question
        if q.suggestion:
            return _("Usual: {value} (F3 fills it in)").format(
                value=parse_duration(q.suggestion).format("nb")
            )
        shown = default_text(q)
        if shown:
            return _("Default: {value}").format(value=shown)
        if q.placeholder:
            return _("e.g. {example}").format(example=q.placeholder)
        return ""

    def _editor(self) -> ComposeResult:
        q = self.question
        kind = q.kind
        editor_id = "editor"
        if kind == "bool":
            yield WrappingCheckbox(_(q.label), value=bool(self.value), id=editor_id, compact=True)
        elif kind == "present":
            yield WrappingCheckbox(_(q.label), value=self.on, id=editor_id, compact=True)
        elif kind == "choice":
            yield self._select(q.choices, self.value)
        elif kind == "choice-or-text":
            known = any(c.value == self.value for c in q.choices)
            other = self.value not in (None, "") and not known
            yield self._select(q.choices, OTHER if other else self.value, other_entry=True)
            yield Input(
                value=str(self.value) if other else "",
                id="other",
                placeholder=_("Type the country"),
                compact=True,
                classes="" if other else "hidden",
            )
        elif kind == "multi-choice":
            chosen = self.value if isinstance(self.value, list) else []
            yield CheckGroup(
                [
                    (Text(_(c.label) if c.translate else c.label), c.value, c.value in chosen)
                    for c in q.choices
                ],
                id=editor_id,
            )
        elif kind == "systems":
            chosen = [str(v) for v in self.value] if isinstance(self.value, list) else []
            names = list(self.systems)
            for name in chosen:
                if name not in names:
                    names.append(name)
            if names:
                yield CheckGroup([(Text(n), n, n in chosen) for n in names], id=editor_id)
            else:
                yield Static(Text(_("No suppliers entered yet.")), classes="field-note")
            # Asked here, where the need shows, rather than sending the user to a later step.
            yield Input(
                placeholder=_("New supplier's name, Enter adds it"),
                id="new-system",
                compact=True,
                select_on_focus=False,
            )
        else:
            text = (
                list_text(self.value)
                if kind == "list-of-text"
                else ("" if self.value is None else str(self.value))
            )
            # No select-all on focus: a stray key would replace a whole answer.
            yield Input(
                value=text,
                placeholder=self._placeholder(),
                id=editor_id,
                compact=True,
                select_on_focus=False,
            )
            if q.catalog:
                yield OptionList(id="suggestions", classes="hidden", compact=True)

    def _select(
        self, choices: tuple[qn.Choice, ...], value: Any, other_entry: bool = False
    ) -> Select[Any]:
        options: list[tuple[Text, Any]] = [
            (Text(_(c.label) if c.translate else c.label), c.value) for c in choices
        ]
        if other_entry:
            options.append((Text(_("Other…")), OTHER))
        values = [v for _label, v in options]
        if value is not None and value not in values:
            # A value the list does not know (hand-written): show it rather than lose it.
            options.append((Text(str(value)), value))
        shown = self._placeholder() or _("Choose…")
        return Select(
            options,
            value=value if value is not None else Select.NULL,
            prompt=shown,
            allow_blank=True,
            id="editor",
            compact=True,
        )

    @property
    def height_predictable(self) -> bool:
        """Whether predicted_height knows this row's editor."""
        return self.question.kind in INPUT_KINDS or self.question.kind in ("bool", "present")

    def predicted_height(self, width: int) -> int | None:
        """The height this row will have at `width`, known before it is built; None when
        its editor's height is not known in advance.

        Lets a form leave rows below the screen unbuilt behind a spacer of their height.
        tests/test_tui_flows.py holds it to the height Textual gives each row.
        """
        q = self.question
        if width <= 0 or not self.height_predictable:
            return None

        def lines(text: Text) -> int:
            return Content.from_rich_text(text).get_height({}, width)

        if q.kind in ("bool", "present"):
            # The checkbox draws a three-cell button and pads its label by one each side.
            height = lines(Text(f"▐X▌ {_(q.label)} "))
        else:
            height = lines(self._label_text()) + 1  # the label, and the Input's one line
            if q.kind == "duration":
                height += lines(self._duration_hint(list_text(self.value)))
        if q.help:
            height += lines(Text(_(q.help)))
        if self._findings:
            height += lines(finding_text(self._findings, self.path, self._items()))
        return height

    # -- findings -------------------------------------------------------------------------

    def show_findings(self, findings: list[Finding]) -> None:
        """Show these findings under the row; kept until it is mounted, if it is not yet."""
        shown = self._findings
        self._findings = list(findings)
        # Nothing to clear (most rows, most of the time): no relayout asked for.
        if self.is_mounted and (findings or shown):
            self._show_findings()

    def _show_findings(self) -> None:
        findings = self._findings
        boxes = self.query_children(FindingsBox)
        if boxes:
            box = boxes.first()
        elif findings:
            box = FindingsBox()
            self.mount(box)
        else:
            return
        box.show(finding_text(findings, self.path, self._items()) if findings else "")
        self.set_class(any(f.severity is Severity.ERROR for f in findings), "has-error")

    def _items(self) -> list[Any] | None:
        return self.value if isinstance(self.value, list) else None

    def on_mount(self) -> None:
        if self._findings:  # given before it was mounted (a row below the screen)
            self._show_findings()

    def on_resize(self) -> None:
        # A row that grew (a finding, a revealed list) may push the focused field out of
        # view without the form's own size changing; the form puts it back.
        for ancestor in self.ancestors:
            keep = getattr(ancestor, "keep_focus_visible", None)
            if keep is not None:
                keep()
                return

    def _duration_hint(self, text: str) -> Text:
        value = text.strip()
        if not value:
            return Text("")
        parsed = parse_duration(from_words(value) or value)
        if parsed.is_period:
            return Text(f"= {parsed.format('nb')}", style="dim")
        return Text(_("read as a criterion in words"), style="dim")

    # -- events ------------------------------------------------------------------------------

    def _emit(self, value: Any) -> None:
        self.value = value
        self.post_message(self.Edited(self, self.path, value))

    @on(Input.Changed, "#editor")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        kind = self.question.kind
        text = event.value
        if self._initial_text is not None:
            if text == self._initial_text:
                return  # the value the field was built with, not an edit
            self._initial_text = None
        if kind == "list-of-text":
            self._emit(parse_list(text))
        elif kind == "date":
            try:
                self._emit(dt.date.fromisoformat(text.strip()))
            except ValueError:
                self._emit(text.strip())
        else:
            self._emit(text.strip())
        if kind == "duration":
            self.query_one(".field-note", Static).update(self._duration_hint(text))
        if self.question.catalog:
            self._suggest(text)

    @on(Input.Changed, "#new-system")
    def _new_system_typed(self, event: Input.Changed) -> None:
        event.stop()  # not an answer until Enter adds it

    @on(Input.Changed, "#other")
    def _other_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._emit(event.value.strip())

    @on(Input.Submitted)
    async def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on, as in a paper form; the suggestions come first when shown.
        event.stop()
        if event.input.id == "new-system":
            name = " ".join(event.value.split())
            if name:
                self.post_message(self.SupplierAdded(self, self.path, name))
            return
        suggestions = self.query("#suggestions")
        if suggestions and not suggestions.first().has_class("hidden"):
            suggestions.first().focus()
            return
        await self.app.run_action("focus_next")  # as tab does (the app's action)

    @on(Checkbox.Changed, "#editor")
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if self.question.kind == "present":
            self.on = event.value
            self.post_message(self.Switched(self, self.path, event.value))
        else:
            self._emit(event.value)

    @on(Select.Changed, "#editor")
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = None if event.value is Select.NULL else event.value
        if self.question.kind == "choice-or-text":
            other = self.query_one("#other", Input)
            if value == OTHER:
                other.remove_class("hidden")
                other.focus()
                self._emit(other.value.strip())
                return
            other.add_class("hidden")
        self._emit(value)

    @on(CheckGroup.Changed, "#editor")
    def _selection_changed(self, event: CheckGroup.Changed) -> None:
        event.stop()
        self._emit(event.selected)

    # -- the service catalogue ---------------------------------------------------------------

    def _suggest(self, text: str) -> None:
        box = self.query_one("#suggestions", OptionList)
        catalog = _catalog()
        query = text.strip()
        if catalog is None or len(query) < 2 or self._picked:
            self._picked = False
            box.add_class("hidden")
            return
        kind = self.question.catalog_kind
        hits = (
            [s for s in catalog.search(query) if not kind or s.kind == kind][:5]
            if kind
            else catalog.search(query, limit=5)
        )
        if not hits:
            box.add_class("hidden")
            return
        box.clear_options()
        box.add_options(
            [
                Option(
                    Text.assemble(
                        (svc.name, "bold"), "  ", (f"{svc.entity} · {svc.location}", "dim")
                    ),
                    id=str(i),
                )
                for i, svc in enumerate(hits)
            ]
        )
        box.highlighted = 0
        self._hits = hits
        box.remove_class("hidden")

    @on(OptionList.OptionSelected, "#suggestions")
    def _service_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        service = self._hits[int(event.option.id or 0)]
        self._picked = True
        event.option_list.add_class("hidden")
        self.post_message(self.ServicePicked(self, self.path, service))

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.question.catalog:
            box = self.query("#suggestions")
            if (
                box
                and not box.first().has_class("hidden")
                and self.screen.focused is self.query_one("#editor")
            ):
                box.first().focus()
                event.stop()
        elif event.key == "escape" and self.question.catalog:
            box = self.query("#suggestions")
            if box and not box.first().has_class("hidden"):
                box.first().add_class("hidden")
                self.query_one("#editor").focus()
                event.stop()

    def focus_editor(self) -> None:
        editors = self.query("#editor")
        target = editors.first() if editors else None
        if target is not None:
            target.focus()
            # A field mounted a moment ago has no place on screen yet to scroll to.
            self.call_after_refresh(self.scroll_visible, animate=False)
