"""The review step: every finding (each one leads to its field), coverage, and export."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.tui.widgets.fields import WrappingCheckbox, finding_text


def coverage_items(profile: Any, markdown: str) -> list[tuple[bool | None, str]] | None:
    """The coverage checklist from notice_tui.checks.coverage, when that module exists.

    Its result is read loosely (pairs, mappings or objects with a label and a
    yes/no), so the checklist can grow without the wizard changing.
    """
    try:
        from notice_tui.checks.coverage import coverage
    except ImportError:
        return None
    try:
        result: Any = coverage(profile, markdown)  # read loosely, see above
    except Exception:  # a rule that fails must not take the review with it
        return None
    if isinstance(result, Mapping):
        result = list(result.items())
    items: list[tuple[bool | None, str]] = []
    for item in result or ():
        if isinstance(item, tuple) and len(item) == 2:
            a, b = item
            ok, label = (a, b) if isinstance(a, bool) else (b, a)
            items.append((ok if isinstance(ok, bool) else None, str(label)))
            continue
        label = next(
            (
                getattr(item, n)
                for n in ("label", "title", "text", "requirement", "name", "id")
                if hasattr(item, n)
            ),
            item,
        )
        ok = next(
            (
                getattr(item, n)
                for n in ("ok", "covered", "present", "passed", "satisfied")
                if hasattr(item, n)
            ),
            None,
        )
        if callable(ok):
            ok = ok()
        if getattr(item, "applies", True) is False:
            ok = None  # not required for this profile: shown, but neither ticked nor crossed
        items.append((bool(ok) if ok is not None else None, str(label)))
    return items


def where_label(path: str) -> str:
    """A finding's place in the words of the form: "Leverandører · Rad 3 · Overføringsgrunnlag"."""
    return qn.path_words(path)


def finding_prompt(finding: Finding) -> Text:
    text = finding_text([finding], finding.path)
    # The mark, then where, then what: "✗ Virksomheten · E-post …: message".
    return text[:2] + Text(where_label(finding.path) + ": ", style="dim") + text[2:]


class ReviewPanel(Vertical, can_focus=False):
    """Every finding of the profile, and the coverage checklist when there is one."""

    class FindingChosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self) -> None:
        super().__init__(id="review")
        self._findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Label(Text(_("Problems"), style="bold"), classes="section-title")
        yield Static("", id="findings-summary")
        yield OptionList(id="findings", compact=True)
        yield Label(
            Text(_("Checklist"), style="bold"), id="coverage-title", classes="section-title hidden"
        )
        yield Static("", id="coverage", classes="hidden")

    def show(self, findings: list[Finding], coverage: list[tuple[bool | None, str]] | None) -> None:
        self._findings = list(findings)
        box = self.query_one("#findings", OptionList)
        box.clear_options()
        box.add_options(
            [Option(finding_prompt(f), id=str(i)) for i, f in enumerate(self._findings)]
        )
        box.display = bool(self._findings)
        if self._findings:
            box.highlighted = 0  # Enter on arriving goes to the first problem
        errors = sum(f.severity is Severity.ERROR for f in findings)
        others = len(findings) - errors
        if not findings:
            summary = Text(_("Nothing missing or wrong. Ready to export."), style="green")
        else:
            summary = Text(
                _(
                    "{errors} error(s) and {others} warning(s) or hint(s). Choose a "
                    "line to go to the field."
                ).format(errors=errors, others=others)
            )
        self.query_one("#findings-summary", Static).update(summary)
        title = self.query_one("#coverage-title")
        cov = self.query_one("#coverage", Static)
        title.set_class(coverage is None, "hidden")
        cov.set_class(coverage is None, "hidden")
        if coverage is not None:
            text = Text()
            for i, (ok, label) in enumerate(coverage):
                if i:
                    text.append("\n")
                mark, style = {True: ("✓ ", "green"), False: ("✗ ", "red")}.get(ok, ("· ", "dim"))  # type: ignore[arg-type]
                text.append(mark, style=style)
                text.append(label, style="dim" if ok is None else "")
            cov.update(text)

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    @on(OptionList.OptionSelected, "#findings")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.FindingChosen(self._findings[int(event.option.id or 0)]))


class ExportPanel(Vertical, can_focus=False):
    """Where to write the documents, in which formats, and the button that does it."""

    class ExportRequested(Message):
        def __init__(self, folder: Path, formats: list[str]) -> None:
            super().__init__()
            self.folder = folder
            self.formats = formats

    def __init__(self, folder: str) -> None:
        super().__init__(id="export-panel")
        self._folder = folder

    def compose(self) -> ComposeResult:
        yield Label(Text(_("Export"), style="bold"), classes="section-title")
        yield Static(Text(_("The documents are written into this folder:")), classes="field-help")
        yield Input(value=self._folder, id="export-folder", compact=True)
        with Horizontal(id="export-formats"):
            yield WrappingCheckbox("HTML", value=True, id="export-html", compact=True)
            yield WrappingCheckbox("Markdown", value=True, id="export-md", compact=True)
            yield WrappingCheckbox(
                _("Protocol (art. 30)"), value=False, id="export-protocol", compact=True
            )
        with Horizontal(classes="list-buttons"):
            yield Button(_("Export"), id="export", variant="primary", compact=True)
            yield Button(_("Choose folder…"), id="export-browse", compact=True)

    def set_folder(self, folder: Path) -> None:
        self.query_one("#export-folder", Input).value = str(folder)

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#export-folder")
    def request_export(self) -> None:
        formats = []
        if self.query_one("#export-html", Checkbox).value:
            formats.append("html")
        if self.query_one("#export-md", Checkbox).value:
            formats.append("md")
        if self.query_one("#export-protocol", Checkbox).value:
            formats.append("protocol")
        field = self.query_one("#export-folder", Input)
        folder = field.value.strip()
        if not folder:
            # Not the folder the app happens to run in: the user says where.
            self.notify(_("Write the folder to export to."), severity="warning")
            field.focus()
            return
        self.post_message(self.ExportRequested(Path(folder).expanduser(), formats))

    def focus_export(self) -> None:
        self.query_one("#export", Button).focus()
