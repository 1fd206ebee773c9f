"""Textual's Header, its title redrawn in place.

The wizard's title is the business's name as it is typed, so it changes at every key
in the first field. Textual's HeaderTitle asks for a layout of the whole screen at
every change (Static.update), about as costly as the rest of a keystroke together;
yet its size never depends on its text: one line, the header's width, cut with "…".
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    _painted = False

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(content, layout=False)  # its size stays: see the module's docstring

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._painted:
            # Drawn for a frame: the message is handled once that frame is written.
            self._painted = True
            self.post_message(TitleHeader.FirstPaint())
        return super().render_lines(crop)


class TitleHeader(Header):
    """A Header whose title changes without a layout of the screen."""

    class FirstPaint(Message):
        """The header is in a frame for the first time: its screen is on the terminal.

        Textual's `call_after_refresh` can run before a new screen's first frame (when it
        is idle before its first layout); this comes after it, so work that the first
        frame need not wait for can wait for this."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget
