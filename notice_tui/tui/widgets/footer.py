"""The wizard's footer: the keys Textual's Footer shows, translated, drawn as one line,
and rebuilt only when they change (perf.QuietFooter).

Textual's Footer makes a widget of each key (styled, measured, laid out in a row): six
keys were about 35 ms of the wizard's first frame, measured headless on the largest
sample. `KeyBar` draws the same keys in the same styles as one widget; a click or a
hover finds its key by the column. Keys in a binding group, which Textual shows in a
group of their own, are left to Textual's Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget

from notice_tui.i18n import N_, _
from notice_tui.tui.perf import QuietFooter

# The keys Textual's own widgets show in the footer (a select's open menu, the command
# palette), in English: translated here like ours. tests/test_tui_frictions.py lists
# every such key of the installed Textual, so a new one cannot slip through untranslated.
TEXTUAL_KEYS = (N_("Dismiss menu"), N_("Exit the command palette"))


@dataclass(frozen=True)
class Key:
    key: str  # what a click sends, as the keyboard would
    display: str  # how the key is written ("^s")
    description: str
    action: str
    enabled: bool = True
    tooltip: str = ""


class KeyBar(Widget, can_focus=False):
    """The footer's keys on one line, the command palette's at the right end."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {  # noqa: RUF012 (as Widget declares it)
        "footer-key--key",
        "footer-key--description",
        "key-bar--hover",
        "key-bar--rule",
    }
    # Textual's FooterKey, Footer and their hover, in one widget.
    DEFAULT_CSS = """
    KeyBar {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        background: $footer-background;
        color: $footer-foreground;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--hover {
            background: $block-hover-background;
        }
        .key-bar--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, keys: list[Key], palette: Key | None) -> None:
        super().__init__()
        self.keys = keys
        self.palette = palette
        self._spans: list[tuple[int, int, Key]] = []  # columns [start, end) of each key
        self._hover: Key | None = None

    @property
    def actions(self) -> list[str]:
        """The actions shown, in order (the palette's last)."""
        return [k.action for k in self.keys] + ([self.palette.action] if self.palette else [])

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        # Only its background: the key and its description keep their colours.
        hover_style = Style(bgcolor=self.get_component_rich_style("key-bar--hover").bgcolor)
        spans: list[tuple[int, int, Key]] = []

        def part(key: Key, key_text: str, description: str) -> Text:
            text = Text.assemble((key_text, key_style), (description, description_style))
            if key is self._hover and key.enabled:
                text.stylize(hover_style)
            if not key.enabled:
                text.stylize(Style(dim=True))
            return text

        # Textual's spacing: the key padded by one each side, its description by one
        # after it; the palette's key at the right end, after a rule.
        parts = [
            (key, part(key, f" {key.display} ", f"{key.description} " if key.description else ""))
            for key in self.keys
        ]
        tail: list[tuple[Key | None, Text]] = []
        if self.palette is not None:
            rule = Text("▏", style=self.get_component_rich_style("key-bar--rule"))
            palette = part(self.palette, self.palette.display, f" {self.palette.description} ")
            tail = [(None, rule), (self.palette, palette)]
        room = self.size.width - sum(text.cell_len for _key, text in tail)
        while parts and sum(text.cell_len for _key, text in parts) > room:
            parts.pop()  # narrow: the last keys give way whole, the palette's stays
        line = Text(no_wrap=True, overflow="crop", end="")
        for key, text in parts:
            spans.append((line.cell_len, line.cell_len + text.cell_len, key))
            line.append_text(text)
        if tail:
            line.append(" " * max(0, room - line.cell_len))
            for tail_key, text in tail:
                if tail_key is not None:
                    spans.append((line.cell_len, line.cell_len + text.cell_len, tail_key))
                line.append_text(text)
        self._spans = spans
        return line

    def _key_at(self, x: int) -> Key | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key is not self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


class Footer(QuietFooter):
    def compose(self) -> ComposeResult:
        bar = self._key_bar()
        if bar is not None:
            yield bar
            return
        from textual.widgets._footer import FooterKey

        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                # Ours are translated already (localize_bindings); Textual's are not.
                widget.description = _(widget.description)
            yield widget

    def _key_bar(self) -> KeyBar | None:
        """The keys Textual's Footer.compose would show, as one KeyBar; None when some
        are in a binding group (Textual's Footer draws those)."""
        if not self._bindings_ready:
            return None  # Textual's shows nothing yet either
        self._shown = self._showing()  # what QuietFooter compares a later change with
        active = self.screen.active_bindings
        palette_key = self.app.COMMAND_PALETTE_BINDING
        keys: list[Key] = []
        actions: set[str] = set()
        for _key, binding, enabled, tooltip in active.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            if binding.action in actions:  # Textual shows the first key of an action
                continue
            actions.add(binding.action)
            keys.append(self._key(binding, enabled, tooltip))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(palette_key)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = self._key(binding, enabled, binding.tooltip or binding.description)
        return KeyBar(keys, palette)

    def _key(self, binding: Binding, enabled: bool, tooltip: str) -> Key:
        # Ours are translated already (localize_bindings); Textual's are not.
        description = _(binding.description) if binding.description else ""
        display = self.app.get_key_display(binding)
        return Key(binding.key, display, description, binding.action, enabled, tooltip)
