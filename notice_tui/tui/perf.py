"""Every shortcut the wizard takes through Textual's internals, in one place.

Each one overrides a Textual method or attribute that is not public API, so it is
written for the Textual versions in TEXTUAL_VERSIONS: tests/test_perf.py fails on
another Textual, and fails when an override no longer takes effect (a rename
upstream would otherwise leave it silently dead). `applied` counts how often each
took effect, which is what those tests read.

Savings were measured one override at a time, opening the largest sample in a
real terminal read by a terminal emulator (scripts/bench.py overrides); they are
shares of the time to the first frame, on a shared, noisy 2-core machine.
NOTICE_TUI_PERF_OFF=footer,first_restyle,update_styles,gc_freeze,input_layout,
css_cache, and gc_imports, dataclass_code and gc_start (tui/startup.py): any of them
turns overrides off, to measure them or to rule one out when something looks wrong.

What was measured and did not pay was removed: the wizard screen skipped a
Resize at the size it already had (nothing measurable).
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import textual
from textual.app import App
from textual.css import model as css_model
from textual.css import parse as css_parse
from textual.css import styles as css_styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from notice_tui.tui import startup

# [first, end): the minor versions these overrides were written and measured against.
TEXTUAL_VERSIONS = ((8, 2), (8, 3))

OFF = startup.OFF  # NOTICE_TUI_PERF_OFF, read once for both modules
applied: Counter[str] = Counter()


def on(name: str) -> bool:
    return name not in OFF


# -- gc.freeze ------------------------------------------------------------------------------

_frozen = False


def freeze_imports() -> None:
    """Take what importing made out of the cyclic collector's sight, once.

    Modules, classes and functions live as long as the process, yet the collection
    Python runs at exit walks all of them again: freezing them makes quitting the
    wizard 70-90 ms quicker. It buys nothing measurable at start. Objects made later
    are collected as usual.
    """
    global _frozen
    if _frozen or not on("gc_freeze"):
        return
    _frozen = True
    gc.freeze()
    applied["gc_freeze"] += 1


# -- App.update_styles: about 2% of the first frame -------------------------------------------


class SkipUnattachedRestyle(App[Any]):
    """Textual restyles a node whenever one of its classes changes, also while it is
    being built and not yet mounted, where mounting styles it anyway (compact inputs
    and buttons, footer keys ...). Borderline: kept with its guard test."""

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node is not self and not node.is_attached and on("update_styles"):
            applied["update_styles"] += 1
            return
        super().update_styles(node, animate)


# -- the screen's first restyle: about 4% of the first frame ---------------------------------


class SkipFirstRestyle(Screen[Any]):
    """Textual restyles every widget of a screen when it is first shown (ScreenResume),
    yet each was styled as it was mounted a moment ago, with the screen's classes already
    set. Later resumes (back from a dialog, a theme change meanwhile) restyle as usual.
    Borderline: kept with its guard test."""

    _first_resume_done = False
    _skip_restyle = False

    def on_screen_resume(self, event: Any) -> None:
        # Dispatched before Screen._on_screen_resume, which calls update_node_styles.
        self._skip_restyle = (
            event.refresh_styles and not self._first_resume_done and on("first_restyle")
        )
        self._first_resume_done = True
        if self._skip_restyle:
            self.call_next(self._end_skip_restyle)

    def _end_skip_restyle(self) -> None:
        self._skip_restyle = False

    def update_node_styles(self, animate: bool = True) -> None:
        if self._skip_restyle:
            self._skip_restyle = False
            applied["first_restyle"] += 1
            return
        super().update_node_styles(animate)


# -- Footer.bindings_changed: the largest, up to 80 ms of the first frame at 160x48 ----------


class QuietFooter(Footer):
    """Textual's Footer rebuilds all its keys after every change of the focused widget's
    bindings, once per change, even when it would show the same keys: opening a profile
    rebuilt it eight times over, each a layout of the whole screen. This one starts with
    the screen's keys and is rebuilt only when they change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if on("footer"):
            # Textual's starts empty and fills in when the first binding change arrives:
            # one more layout of the whole screen. The screen's bindings are known at once.
            self.set_reactive(Footer._bindings_ready, True)
        self._recompose_pending = False
        self._shown: tuple[Any, ...] | None = None

    def compose(self) -> Any:
        self._shown = self._showing()
        yield from super().compose()

    def _showing(self) -> tuple[Any, ...]:
        # What compose() reads from the bindings: those shown, and the command palette's.
        # Which widget holds a binding does not change what the footer shows.
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not on("footer"):
            super().bindings_changed(screen)
            return
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
        else:
            applied["footer"] += 1


# -- Input._watch_value: a layout of the whole screen per key typed --------------------------

_textual_watch_value = Input._watch_value


def _watch_value_without_layout(self: Input, value: str) -> None:
    """Textual's Input sets its virtual size (the width of its text) on every change of
    value, and a virtual size is a layout reactive: each key typed lays out the whole
    screen, yet a ScrollView keeps its virtual size through a layout and takes from it
    only its scroll limits and scrollbars. This sets the size first, without a layout,
    and updates those as the layout would; Textual's watcher then finds the size
    unchanged. Inputs sized by their text (width: auto) keep Textual's layout."""
    if on("input_layout") and not self.styles.auto_dimensions:
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            applied["input_layout"] += 1
    _textual_watch_value(self, value)


def quiet_input_layout() -> None:
    """Install the Input override (once; every Input of the process, dialogs' too)."""
    if on("input_layout"):
        # Assigned on the class: Textual looks a watcher up by name when it calls it.
        Input._watch_value = _watch_value_without_layout  # type: ignore[method-assign]


# -- Stylesheet._parse_rules: Textual's CSS, parsed once and kept in the cache folder --------

_textual_parse_rules = Stylesheet._parse_rules
_kept_rules: dict[bytes, list[RuleSet]] | None = None
_kept_added = False
_variables_digest: tuple[object, bytes] | None = None  # (the variables dict, its digest)


def _kept_entry() -> Path | None:
    from notice_tui import cache

    # Which Textual parsed them, told by its parser's files: `textual.__version__` would
    # import importlib.metadata, some 20 ms of the first frame.
    made_by = [str(Path(textual.__file__).parent)]
    for module in (css_parse, css_model, css_styles):
        stat = os.stat(module.__file__ or "")
        made_by.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return cache.entry("textual-css", "rules", *made_by)


def _kept() -> dict[bytes, list[RuleSet]]:
    global _kept_rules
    if _kept_rules is None:
        from notice_tui import cache

        found = cache.load(_kept_entry())
        _kept_rules = found if isinstance(found, dict) else {}
        atexit.register(_keep_rules)
    return _kept_rules


def _keep_rules() -> None:
    store = parsed_css_to_keep()
    if store is not None:
        store()


def parsed_css_to_keep() -> Callable[[], None] | None:
    """What writes the rules parsed since they were last kept (on any thread), or None
    when there are none. The wizard keeps them once its first frame is shown, since a
    terminal closed under it ends it without running `atexit`; what dialogs and other
    steps parse later is kept at exit."""
    global _kept_added
    if not _kept_added or _kept_rules is None:
        return None
    _kept_added = False
    snapshot = dict(_kept_rules)  # taken here: the UI thread may add to it meanwhile
    where = _kept_entry()

    def store() -> None:
        from notice_tui import cache

        cache.store(where, snapshot)

    return store


def _digest_of_variables(stylesheet: Stylesheet) -> bytes:
    # The theme's variables are substituted as the CSS is parsed, so they are part of
    # what the rules are made from; one digest per dict (a theme change makes a new one).
    global _variables_digest
    variables = stylesheet._variables
    if _variables_digest is None or _variables_digest[0] is not variables:
        text = repr(sorted(variables.items())).encode()
        _variables_digest = (variables, hashlib.sha256(text).digest())
    return _variables_digest[1]


def _parse_rules_kept(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    """Textual parses its own and every widget's CSS at each start, about 66 ms of the
    wizard's first frame (Button's CSS alone is a third of it); unpickling what an
    earlier run parsed takes about a tenth of that. Rules with errors are never kept."""
    if not on("css_cache"):
        return _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    key = hashlib.sha256(
        repr((css, read_from, is_default_rules, tie_breaker, scope)).encode()
        + _digest_of_variables(self)
    ).digest()
    kept = _kept()
    rules = kept.get(key)
    if rules is not None:
        applied["css_cache"] += 1
        return rules
    rules = _textual_parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    if not any(rule.errors for rule in rules):
        global _kept_added
        kept[key] = rules
        _kept_added = True
    return rules


def keep_parsed_css() -> None:
    """Install the CSS override (once, for every stylesheet of the process)."""
    if on("css_cache"):
        Stylesheet._parse_rules = _parse_rules_kept  # type: ignore[method-assign]
