"""Textual's Header, its title redrawn in place.

The wizard's title is the business's name as it is typed, so it changes at every key
in the first field. Textual's HeaderTitle asks for a layout of the whole screen at
every change (Static.update), about as costly as the rest of a keystroke together;
yet its size never depends on its text: one line, the header's width, cut with "…".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=False)  # its size stays: see the module's docstring


class TitleHeader(Header):
    """A Header whose title changes without a layout of the screen."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget
