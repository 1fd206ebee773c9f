"""Small modal questions: confirm, quit with unsaved changes, pick a path, paste a list."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from notice_tui.i18n import N_, _
from notice_tui.tui.localize import localize_bindings


class Dialog(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        localize_bindings(self)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes or no; escape is no."""

    def __init__(self, title: str, message: Text | str, yes: str, no: str) -> None:
        super().__init__()
        self._title = title
        self._message = message if isinstance(message, Text) else Text(message)
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title, style="bold"), classes="dialog-title")
            yield Static(self._message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, id="yes", variant="primary")
                yield Button(self._no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes_pressed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no_pressed(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)


QuitChoice = Literal["save", "discard", "cancel"]


class QuitDialog(Dialog):
    """Unsaved changes: save, discard or stay."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(_("Unsaved changes"), style="bold"), classes="dialog-title")
            message = Text(_("The profile has changes that are not saved:") + " ")
            message.append(self._name or _("New profile"), style="bold")
            yield Static(message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Discard"), id="discard", variant="error")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("cancel")


ConflictChoice = Literal["reload", "overwrite", "save_as", "cancel"]


class ConflictDialog(Dialog):
    """The file changed on disk since it was opened: whose version wins."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(_("The file was changed"), style="bold"), classes="dialog-title")
            message = Text()
            message.append(str(self._path), style="bold")
            message.append(
                " "
                + _(
                    "was changed by another program since it was opened here. "
                    "Reload it (the changes made here are lost), overwrite it "
                    "with this version (the other changes are lost), or save "
                    "this version under another name?"
                )
            )
            yield Static(message, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Reload"), id="reload")
                yield Button(_("Overwrite"), id="overwrite", variant="error")
                yield Button(_("Save as…"), id="save_as", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save_as", Button).focus()  # the choice that loses nothing

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("cancel")


class _Tree(DirectoryTree):
    """Folders, and files with one of `suffixes` unless only folders are wanted."""

    def __init__(
        self,
        path: Path,
        folders_only: bool,
        suffixes: tuple[str, ...] = (".yaml", ".yml"),
        **kwargs: Any,
    ) -> None:
        super().__init__(path, **kwargs)
        self.folders_only = folders_only
        self.suffixes = suffixes

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for p in paths:
            if p.name.startswith("."):
                continue
            if p.is_dir() or (not self.folders_only and p.suffix.lower() in self.suffixes):
                yield p


class PathDialog(Dialog):
    """A path typed in, or picked from the folder tree below it."""

    def __init__(
        self,
        title: str,
        initial: str,
        *,
        button: str,
        mode: Literal["open", "save", "folder"] = "open",
        help_text: str = "",
        suffixes: tuple[str, ...] = (".yaml", ".yml"),
    ) -> None:
        super().__init__()
        self._suffixes = suffixes
        self._title = title
        self._initial = initial
        self._button = button
        self._mode = mode
        self._help = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Text(self._title, style="bold"), classes="dialog-title")
            if self._help:
                yield Static(Text(self._help), classes="dialog-message")
            yield Input(value=self._initial, id="path")
            start = Path(self._initial).expanduser()
            folder = start if start.is_dir() else start.parent
            if not folder.is_dir():
                folder = Path.cwd()
            yield _Tree(folder, self._mode == "folder", self._suffixes, id="tree")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._button, id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        field = self.query_one("#path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        field = self.query_one("#path", Input)
        field.value = str(event.path)
        if self._mode == "open":
            self._finish()

    @on(DirectoryTree.DirectorySelected)
    def _folder(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        field = self.query_one("#path", Input)
        if self._mode == "save":
            name = Path(field.value).name or "profil.yaml"
            field.value = str(event.path / name)
        else:
            field.value = str(event.path)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _finish(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.notify(_("Type a path first."), severity="warning")
            return
        self.dismiss(Path(text).expanduser())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class PasteDialog(Dialog):
    """A box for pasting many rows at once (an Input keeps only the first line)."""

    def __init__(self, title: str, help_text: str) -> None:
        super().__init__()
        self._title = title
        self._help = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Text(self._title, style="bold"), classes="dialog-title")
            yield Static(Text(self._help), classes="dialog-message")
            yield TextArea(id="paste", soft_wrap=False, show_line_numbers=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Add rows"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#paste", TextArea).focus()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one("#paste", TextArea).text)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog):
    """Pick one entry from a list (samples)."""

    def __init__(self, title: str, entries: list[tuple[Text, Any]]) -> None:
        super().__init__()
        self._title = title
        self._entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(Text(self._title, style="bold"), classes="dialog-title")
            yield OptionList(
                *[Option(text, id=str(i)) for i, (text, _v) in enumerate(self._entries)],
                id="choices",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._entries[int(event.option.id or 0)][1])

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
