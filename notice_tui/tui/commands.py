"""Command palette entries for the wizard: go to a step, save, export, preview, close."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from notice_tui import questionnaire as qn
from notice_tui.i18n import _

if TYPE_CHECKING:
    from notice_tui.tui.screens.wizard import WizardScreen


class WizardCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen: WizardScreen = self.screen  # type: ignore[assignment]
        commands: list[tuple[str, str, Callable[[], Any]]] = [
            (
                _("Go to step: {title}").format(title=_(s.title)),
                _(s.intro),
                partial(screen.show_step, s.id, True),
            )
            for s in qn.STEPS
        ]
        commands += [
            (_("Save"), _("Write the profile to its file (ctrl+s)"), screen.action_save),
            (_("Save as…"), _("Write the profile to a new file"), screen.action_save_as),
            (
                _("Export documents"),
                _("Review the profile and write HTML or Markdown"),
                screen.action_review,
            ),
            (
                _("Scan the website"),
                _("Visit the site in a browser and compare what it stores with the cookie list"),
                screen.action_scan_site,
            ),
            (
                _("Show or hide the preview"),
                _("The documents as a reader sees them (F2)"),
                screen.action_toggle_preview,
            ),
            (_("Close the profile"), _("Back to the start screen"), screen.action_close),
        ]
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
