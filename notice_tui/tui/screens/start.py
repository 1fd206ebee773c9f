"""The start screen: a new profile (empty, from a sample, from another client), open, recent."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from notice_tui import recovery
from notice_tui.i18n import _
from notice_tui.profile.store import ProfileError
from notice_tui.recent import recent_profiles
from notice_tui.tui.widgets.footer import Footer


class StartScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start", can_focus=False):
            yield Static(
                Text(_("Privacy notice and cookie declaration"), style="bold"),
                classes="start-title",
            )
            yield Static(
                Text(
                    _(
                        "Answer a few questions about the business, and notice-tui "
                        "writes the privacy notice (personvernerklæring) and the cookie "
                        "declaration. Answers are saved in a profile file you can open "
                        "again next year."
                    )
                ),
                classes="start-intro",
            )
            yield OptionList(*self._options(), id="start-actions")
        yield Footer()

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = [
            Option(Text(_("New profile")), id="new"),
            Option(Text(_("New profile from a sample")), id="sample"),
            Option(Text(_("New profile from another client's profile")), id="client"),
            Option(Text(_("Open a profile…")), id="open"),
        ]
        unsaved = recovery.untitled()
        on_files = recovery.for_files()
        if unsaved or on_files:
            options.append(None)
            for found in unsaved:
                label = Text(_("Recover unsaved work: "))
                label.append(found.name or _("New profile"), style="bold")
                label.append(f"  ({found.saved_at:%Y-%m-%d %H:%M})", style="dim")
                options.append(Option(label, id=f"recover:{found.key}"))
            # Work on a file is offered when the file is opened, too; listed here as well,
            # so work on a file that was moved or deleted is not left where no one looks.
            for found in on_files:
                assert found.profile_path is not None
                label = Text(_("Recover unsaved work: "))
                label.append(found.name or found.profile_path.name, style="bold")
                gone = "" if found.profile_path.exists() else " " + _("(the file is gone)")
                label.append(
                    f"  {found.profile_path}{gone} ({found.saved_at:%Y-%m-%d %H:%M})", style="dim"
                )
                options.append(Option(label, id=f"recover-file:{found.key}"))
        recent = recent_profiles()
        if recent:
            options.append(None)
            options.append(
                Option(Text(_("Recently opened"), style="dim"), id="recent-title", disabled=True)
            )
            for i, path in enumerate(recent):
                label = Text(path.name, style="bold")
                label.append(f"  {path.parent}", style="dim")
                options.append(Option(label, id=f"recent:{i}"))
        return options

    def on_mount(self) -> None:
        self.title = "notice-tui"
        self.sub_title = ""
        actions = self.query_one("#start-actions", OptionList)
        actions.highlighted = 0  # so Enter does something at once
        actions.focus()

    def on_screen_resume(self) -> None:
        self.title = "notice-tui"
        self.sub_title = ""
        actions = self.query_one("#start-actions", OptionList)
        actions.clear_options()
        actions.add_options(self._options())
        actions.highlighted = 0

    @on(OptionList.OptionSelected, "#start-actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from notice_tui.tui.app import WizardApp

        app = self.app
        assert isinstance(app, WizardApp)
        choice = event.option.id or ""
        if choice == "new":
            app.new_profile()
        elif choice == "sample":
            app.choose_sample()
        elif choice == "client":
            app.choose_client()
        elif choice == "open":
            app.choose_file()
        elif choice.startswith("recover:"):
            app.recover(choice.split(":", 1)[1])
        elif choice.startswith("recover-file:"):
            self._recover_file(choice.split(":", 1)[1])
        elif choice.startswith("recent:"):
            recent = recent_profiles()
            index = int(choice.split(":", 1)[1])
            if index < len(recent):
                app.open_profile(Path(recent[index]))

    def _recover_file(self, key: str) -> None:
        """Work on a file: opened as the file is (which offers it back), or, when the file
        is gone or cannot be opened, brought back by itself; saving writes it where it was."""
        from notice_tui.tui.app import WizardApp
        from notice_tui.tui.session import Session

        app = self.app
        assert isinstance(app, WizardApp)
        found = recovery.get(key)
        if found is None or found.profile_path is None:
            return
        if found.profile_path.exists() and app.open_profile(found.profile_path):
            return
        # Gone, or no longer a profile that opens: the work itself is still good.
        try:
            app.start(Session.from_recovery(found, today=app.today))
        except ProfileError as exc:
            app.notify(exc.finding.format(), severity="error", markup=False)
