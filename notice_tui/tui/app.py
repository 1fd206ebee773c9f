"""The wizard application: `notice-tui [PROFILE]`.

Opens the start screen, or the given profile (offering back unsaved work
from a crash first). Quitting with unsaved changes asks, from ctrl+q, the
footer or the command palette alike.

Start-up time is a goal (scripts/bench.py first-frame): what the first screen
does not show (dialogs, the start screen under a profile opened from the
command line) is imported and built when it is first needed.
"""

from __future__ import annotations

from notice_tui.tui import startup

with startup.loading_modules():  # see there: what pays around loading the modules
    import datetime as dt
    import sys
    from collections.abc import Iterable
    from functools import partial
    from pathlib import Path
    from typing import ClassVar, cast

    from rich.text import Text
    from textual.app import App, SystemCommand
    from textual.binding import Binding, BindingType
    from textual.command import CommandPalette
    from textual.screen import Screen
    from textual.theme import ThemeProvider

    from notice_tui import recovery
    from notice_tui.i18n import N_, _, set_language
    from notice_tui.profile import paths
    from notice_tui.profile.store import ProfileDocument, ProfileError, load
    from notice_tui.recent import add_recent
    from notice_tui.resources import samples_dir
    from notice_tui.tui import perf
    from notice_tui.tui.localize import localize_bindings
    from notice_tui.tui.screens.wizard import WizardScreen
    from notice_tui.tui.session import Session


class WizardApp(perf.SkipUnattachedRestyle, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "notice-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", N_("Quit"), priority=True, id="quit"),
        # Focus moves as soon as tab arrives, not when the focused field gets to it:
        # otherwise what is typed right after a fast tab (or a pasted "a\tb") is
        # already queued for the field being left, and lands there.
        Binding("tab", "focus_next", show=False, priority=True, id="focus-next"),
        Binding("shift+tab", "focus_previous", show=False, priority=True, id="focus-previous"),
        # Declared here so its footer label is translated (Textual adds an English one).
        Binding(
            "ctrl+p",
            "command_palette",
            N_("commands"),
            show=False,
            priority=True,
            tooltip=N_("Open the command palette"),
            id="command-palette",
        ),
    ]

    def __init__(
        self,
        profile: str | Path | None = None,
        *,
        today: dt.date | None = None,
        loaded: ProfileDocument | None = None,
    ) -> None:
        """`loaded` is `profile` already read (by `run`), so it is not read twice."""
        perf.freeze_imports()
        perf.quiet_input_layout()
        perf.keep_parsed_css()
        super().__init__()
        localize_bindings(self)
        self._profile = Path(profile) if profile else None
        self._loaded = loaded
        self.today = today

    def on_mount(self) -> None:
        # Textual holds back every frame until the app's Mount has been handled (its
        # batch_update around start-up), yet a screen pushed from here is laid out and
        # drawn meanwhile; that frame is thrown away and the screen drawn again. Pushed
        # once start-up is over, its first frame is the one the terminal gets: about a
        # quarter of the wizard's first frame (scripts/bench.py first-frame).
        self.call_later(self._open_first)
        # The wizard resumes the collector at its first frame; the start screen has none
        # of its own to wait for.
        self.set_timer(0.5, startup.resume_collection)

    def _open_first(self) -> None:
        if self._profile is None or not self.open_profile(self._profile, self._loaded):
            self.show_start()
        self._loaded = None

    def show_start(self) -> None:
        """Push the start screen, unless it is there already."""
        from notice_tui.tui.screens.start import StartScreen

        if not any(isinstance(s, StartScreen) for s in self.screen_stack):
            self.push_screen(StartScreen())

    def close_profile(self, wizard: WizardScreen) -> None:
        """Leave the wizard for the start screen."""
        from notice_tui.tui.screens.start import StartScreen

        if any(isinstance(s, StartScreen) for s in self.screen_stack):
            wizard.dismiss(None)
        else:  # opened from the command line, where the start screen was never built
            self.switch_screen(StartScreen())

    # -- the open profile ------------------------------------------------------------------

    def wizard(self) -> WizardScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, WizardScreen):
                return screen
        return None

    def start(self, session: Session, step: str = "business") -> None:
        self.push_screen(WizardScreen(session, step=step))

    def new_profile(self, path: Path | None = None) -> None:
        session = Session.new(today=self.today)
        if path is not None:
            session.doc.path = path
            session.recovery_key = recovery.key_for(path)
        self.start(session)

    def open_profile(self, path: Path, loaded: ProfileDocument | None = None) -> bool:
        """Open a file, offering back unsaved work from an earlier session first.

        False when it cannot be opened (and the user has been told why).
        """
        if not path.exists():
            # `notice-tui new-client.yaml`: start that profile; ctrl+s creates the file.
            self.new_profile(path)
            self.notify(
                _("{name} does not exist yet: it is written when you save.").format(name=path.name),
                markup=False,
            )
            return True
        try:
            # The rules run once the wizard is on screen (WizardScreen: Checks.first).
            session = Session.open(
                path, today=self.today, loaded=loaded, remember=False, check=False
            )
        except ProfileError as exc:
            self.notify(
                exc.finding.format(),
                title=_("Cannot open the profile"),
                severity="error",
                markup=False,
                timeout=10,
            )
            return False
        # Off the UI thread: the list is written durably (fsync), and the first screen
        # does not need it.
        self.run_worker(partial(add_recent, path), thread=True, group="recent")
        found = recovery.find_for(path)
        if found is None:
            self.start(session)
            return True
        from notice_tui.tui.screens.dialogs import ConfirmDialog

        # Asked over the start screen, as it always was; the wizard opens over it after.
        self.show_start()

        def answered(restore: bool | None) -> None:
            if restore:
                try:
                    self.start(Session.from_recovery(found, today=self.today))
                    return
                except ProfileError as exc:
                    self.notify(exc.finding.format(), severity="error", markup=False)
            recovery.discard(found.key)
            self.start(session)

        message = Text(
            _(
                "notice-tui was closed with unsaved changes to {name} ({time}). Bring them back?"
            ).format(name=path.name, time=f"{found.saved_at:%Y-%m-%d %H:%M}")
        )
        self.push_screen(
            ConfirmDialog(_("Unsaved work found"), message, _("Recover"), _("Discard")), answered
        )
        return True

    def recover(self, key: str) -> None:
        found = next((r for r in recovery.untitled() if r.key == key), None)
        if found is None:
            return
        try:
            self.start(Session.from_recovery(found, today=self.today))
        except ProfileError as exc:
            self.notify(exc.finding.format(), severity="error", markup=False)

    def choose_file(self) -> None:
        from notice_tui.tui.screens.dialogs import PathDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_profile(path)

        self.push_screen(
            PathDialog(_("Open a profile"), str(Path.cwd()) + "/", button=_("Open"), mode="open"),
            chosen,
        )

    def choose_sample(self) -> None:
        from notice_tui.tui.screens.dialogs import ChoiceDialog

        entries: list[tuple[Text, Path]] = []
        for path in sorted(samples_dir().glob("*.yaml")):
            try:
                name = str(paths.get(load(path).tree, "controller.name") or "")
            except ProfileError:
                continue
            label = Text(name or path.stem, style="bold")
            label.append(f"  {path.name}", style="dim")
            entries.append((label, path))

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.start(Session.from_sample(path, today=self.today))

        self.push_screen(ChoiceDialog(_("Start from a sample"), entries), chosen)

    def choose_client(self) -> None:
        from notice_tui.tui.screens.dialogs import PathDialog

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                session = Session.from_client(path, today=self.today)
            except ProfileError as exc:
                self.notify(exc.finding.format(), severity="error", markup=False)
                return
            self.start(session)
            self.notify(
                _("Copied the answers, but not the business's name, contacts or website address."),
                timeout=6,
            )

        self.push_screen(
            PathDialog(
                _("Copy another client's profile"),
                str(Path.cwd()) + "/",
                button=_("Copy"),
                mode="open",
                help_text=_(
                    "Everything but the identity of the business is copied into a new, "
                    "unsaved profile."
                ),
            ),
            chosen,
        )

    # -- quitting ---------------------------------------------------------------------------

    async def action_quit(self) -> None:
        from notice_tui.tui.screens.dialogs import QuitDialog

        wizard = self.wizard()
        if wizard is not None and wizard.session.dirty:
            if not any(isinstance(s, QuitDialog) for s in self.screen_stack):
                wizard.ask_quit(lambda: self.exit(0))
            return
        if wizard is not None:
            wizard.session.discard_recovery()
        self.exit(0)

    async def action_focus_next(self) -> None:  # type: ignore[override]
        await self._complete_form()
        self.screen.focus_next()

    async def action_focus_previous(self) -> None:  # type: ignore[override]
        await self._complete_form()
        self.screen.focus_previous()

    async def _complete_form(self) -> None:
        # A form may have left the rows below the screen unbuilt: build them before the
        # focus moves, so tab goes to the next field and not past the ones not built yet.
        # The focus order is the order on screen, so they must be laid out first, too.
        screen = self.screen
        if isinstance(screen, WizardScreen) and await screen.complete_form():
            await screen.wait_for_refresh()

    def action_command_palette(self) -> None:
        # Textual's own opens with an English placeholder.
        # is_open takes App[object], and App is invariant in its return type: any app will do.
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def search_themes(self) -> None:
        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own entries are in English; these are the ones a user needs, translated.
        yield SystemCommand(
            _("Switch theme"), _("Change the colours of the program"), self.action_change_theme
        )
        yield SystemCommand(
            _("Quit"), _("Leave notice-tui (asks when there are unsaved changes)"), self.action_quit
        )
        yield SystemCommand(
            _("Keys"), _("Show the keys you can use here"), self.action_show_help_panel
        )


def run(profile: str | None, lang: str | None = None) -> int:
    """Start the wizard; returns the exit code."""
    if lang:
        set_language(lang)
    loaded = None
    if profile:
        path = Path(profile)
        if path.exists():
            try:
                # The fast reader: the wizard reads it in full once its first frame shows.
                loaded = load(path, fast=True)
            except ProfileError as exc:
                # Say what is wrong where a shell user looks, instead of an empty wizard.
                print(exc.finding.format(), file=sys.stderr)
                return 2
    startup.hold_collection()  # until the first frame: see tui/startup.py
    app = WizardApp(profile, loaded=loaded)
    result = app.run()
    # A crash inside Textual shows its screen and returns no result; its return code
    # says so, and a crash must never look like a clean exit.
    return int(app.return_code or result or 0)
