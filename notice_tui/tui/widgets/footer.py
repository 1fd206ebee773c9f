"""The wizard's footer: Textual's, translated, and rebuilt only when its keys change
(perf.QuietFooter).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets._footer import FooterKey

from notice_tui.i18n import N_, _
from notice_tui.tui.perf import QuietFooter

# The keys Textual's own widgets show in the footer (a select's open menu, the command
# palette), in English: translated here like ours. tests/test_tui_frictions.py lists
# every such key of the installed Textual, so a new one cannot slip through untranslated.
TEXTUAL_KEYS = (N_("Dismiss menu"), N_("Exit the command palette"))


class Footer(QuietFooter):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description:
                # Ours are translated already (localize_bindings); Textual's are not.
                widget.description = _(widget.description)
            yield widget
