"""Textual's footer, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its keys after every change of the focused
widget's bindings, once per change, even when the footer would show the same
keys: opening a profile rebuilt it eight times over. This one starts with
the screen's keys and is rebuilt only when they change.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from notice_tui.i18n import N_, _

# The keys Textual's own widgets show in the footer (a select's open menu, the command
# palette), in English: translated here like ours. tests/test_tui_frictions.py lists
# every such key of the installed Textual, so a new one cannot slip through untranslated.
TEXTUAL_KEYS = (N_("Dismiss menu"), N_("Exit the command palette"))


class Footer(TextualFooter):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Textual's starts empty and fills in when the first binding change arrives:
        # one more layout of the whole screen. The screen's bindings are known at once.
        self.set_reactive(TextualFooter._bindings_ready, True)
        self._recompose_pending = False
        self._shown: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        self._shown = self._showing()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                # Ours are translated already (localize_bindings); Textual's are not.
                widget.description = _(widget.description)
            yield widget

    def _showing(self) -> tuple[Any, ...]:
        # What compose() reads from the bindings: those shown, and the command palette's.
        # Which widget holds a binding does not change what the footer shows.
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple((key, active.binding, active.enabled, active.tooltip)
                     for key, active in self.screen.active_bindings.items()
                     if active.binding.show or key == palette)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if not self.is_attached:
            return
        if self._showing() != self._shown:
            await self.recompose()
