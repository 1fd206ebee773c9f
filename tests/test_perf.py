"""The shortcuts through Textual's internals (notice_tui/tui/perf.py) and babel's
(notice_tui/document/localedata.py): written for known versions, and in effect.

An upstream rename would leave an override defined but never called: the wizard
would still work, only slower, and nothing else would notice. These tests do.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import SAMPLES
from pilot_support import settle, wizard
from textual.app import App, ComposeResult
from textual.widgets import Input
from textual.widgets._header import HeaderTitle

from notice_tui.document import localedata
from notice_tui.tui import perf
from notice_tui.tui.app import WizardApp
from notice_tui.tui.screens.wizard import WizardScreen
from notice_tui.tui.widgets.fields import FieldRow
from notice_tui.tui.widgets.footer import Footer, KeyBar
from notice_tui.tui.widgets.header import TitleHeader

LARGEST = max(SAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)


def _minor(name: str) -> tuple[int, int]:
    major, minor = version(name).split(".")[:2]
    return int(major), int(minor)


def test_textual_is_a_version_the_overrides_were_written_for() -> None:
    """Fails on another Textual: measure perf.py's overrides again (scripts/bench.py
    overrides), keep those that still pay, and widen TEXTUAL_VERSIONS."""
    first, end = perf.TEXTUAL_VERSIONS
    assert first <= _minor("textual") < end, version("textual")


def test_babel_is_a_version_the_cldr_cache_was_written_for() -> None:
    """localedata hands babel's private per-process cache its data: fails on another
    babel, whose cache may be kept another way (then the data is read as usual)."""
    first, end = localedata.BABEL_VERSIONS
    assert first <= _minor("babel") < end, version("babel")
    from babel import localedata as babel_localedata

    assert isinstance(babel_localedata._cache, dict)
    assert hasattr(babel_localedata._cache_lock, "__enter__")


async def test_each_override_takes_effect_when_a_profile_opens() -> None:
    before = dict(perf.applied)
    app = WizardApp(LARGEST)
    assert gc.get_freeze_count() > 0
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        # Moving the focus changes the bindings (the footer's keys stay the same).
        screen.query_one("#steps").focus()
        await settle(pilot)
        screen.focus_next()
        await settle(pilot)
        took = {
            name: perf.applied[name] - before.get(name, 0)
            for name in ("update_styles", "first_restyle", "footer")
        }
        assert took["first_restyle"] == 1, took
        assert took["update_styles"] > 0, took
        assert took["footer"] > 0, took
        # And the footer still shows what Textual's own would.
        assert _footer_keys(screen) == _expected_keys(screen)


def _footer_keys(screen: WizardScreen) -> list[str]:
    return screen.query_one(Footer).query_one(KeyBar).actions


def _expected_keys(screen: WizardScreen) -> list[str]:
    palette = screen.app.COMMAND_PALETTE_BINDING
    return [
        active.binding.action
        for key, active in screen.active_bindings.items()
        if active.binding.show or key == palette
    ]


async def test_the_footer_is_rebuilt_when_its_keys_change() -> None:
    app = WizardApp(SAMPLES / "fjordkaffe.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        before = _footer_keys(screen)
        assert "use_suggestion" not in before
        screen.show_step("contact")
        await settle(pilot)
        await screen.complete_form()
        screen.query_one("#f-contact-retention", FieldRow).focus_editor()
        await settle(pilot)
        # A period field offers its usual period (F3): the footer shows that key now.
        assert "use_suggestion" in _footer_keys(screen)
        assert _footer_keys(screen) == _expected_keys(screen)
        screen.query_one("#steps").focus()
        await settle(pilot)
        assert _footer_keys(screen) == before


async def test_the_key_bar_runs_the_key_clicked_and_shows_its_place() -> None:
    """The footer's keys are one widget: a click finds its key by the column."""
    app = WizardApp(LARGEST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        bar = screen.query_one(KeyBar)
        line = str(bar.render())
        assert line.startswith(" ^s Save  ^n Next ") and line.rstrip().endswith("▏^p commands")
        assert len(line) == 80
        assert screen.step.id == "business"
        await pilot.click(KeyBar, offset=(line.index("Next"), 0))
        await settle(pilot)
        assert screen.step.id == "contact"
        await pilot.click(KeyBar, offset=(line.index("^p"), 0))
        await settle(pilot)
        assert app.screen.__class__.__name__ == "CommandPalette"


class _OneInput(App[None]):
    CSS = "Input { width: 14; }"

    def compose(self) -> ComposeResult:
        yield Input(id="box")


async def test_typing_past_an_inputs_width_keeps_the_cursor_in_view_without_a_layout() -> None:
    perf.quiet_input_layout()
    before = perf.applied["input_layout"]
    app = _OneInput()
    async with app.run_test(size=(40, 5)) as pilot:
        box = app.query_one(Input)
        box.focus()
        await pilot.press(*"abcdefghijklmnopqrstuvwxyz")
        await pilot.pause()
        assert perf.applied["input_layout"] - before >= 26  # once per key: in effect
        assert box.value == "abcdefghijklmnopqrstuvwxyz"
        shown = box.render_line(0).text
        assert "wxyz" in shown and "abc" not in shown  # scrolled to the end, as Textual's
        await pilot.press("home")
        await pilot.pause()
        shown = box.render_line(0).text
        assert "abc" in shown and "wxyz" not in shown


def test_collection_is_on_again_once_the_wizard_is_imported() -> None:
    """app.py turns the cyclic collector off while its modules load (startup: gc_imports);
    left off, every later cycle would leak."""
    import notice_tui.tui.app  # noqa: F401  (imported above too: the module is loaded)

    assert gc.isenabled()


@pytest.mark.parametrize("off", ["", "gc_imports"])
def test_what_importing_made_is_frozen_before_collection_resumes(off: str) -> None:
    """Frozen, the imports' objects are not walked by the first collection after it
    resumes (15 ms); turned off, the collector is left as it was: on, nothing frozen."""
    code = "import gc, notice_tui.tui.app\nprint(gc.isenabled(), gc.get_freeze_count() > 10000)"
    env = {**os.environ, "NOTICE_TUI_PERF_OFF": off}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["True", "False" if off else "True"]


async def test_typing_the_business_name_redraws_the_header_not_the_whole_screen() -> None:
    """The title is the name as it is typed: a repaint of the whole screen at each key
    (Screen's own title reactive) took 15-60 ms at 160x48, so the wizard's repaints
    nothing but the header."""
    app = WizardApp(SAMPLES / "fjordkaffe.yaml")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await screen.complete_form()
        screen.query_one("#f-controller-name", FieldRow).focus_editor()
        await settle(pilot)
        compositor = screen._compositor
        full = 0
        render_full_update = compositor.render_full_update

        def counted(*args: object, **kwargs: object) -> object:
            nonlocal full
            full += 1
            return render_full_update(*args, **kwargs)  # type: ignore[arg-type]

        compositor.render_full_update = counted  # type: ignore[method-assign]
        await pilot.press("end", *" Nord")
        await pilot.pause()
        await pilot.pause()
        assert full == 0
        header = screen.query_one(TitleHeader)
        assert screen.title is not None and screen.title.endswith(" Nord")
        assert screen.title in header.query_one(HeaderTitle).render().plain


_SCREEN_AND_CSS = """
import asyncio, hashlib, sys
from pathlib import Path
from notice_tui.tui import perf
from notice_tui.tui.app import WizardApp

parsed = 0
textual_parse = perf._textual_parse_rules

def counting(*args, **kwargs):
    global parsed
    parsed += 1
    return textual_parse(*args, **kwargs)

perf._textual_parse_rules = counting

async def main() -> None:
    app = WizardApp(Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await pilot.pause(0.05)
        shot = app.export_screenshot()
    print(parsed, hashlib.sha256(shot.encode()).hexdigest())

asyncio.run(main())
"""


def test_css_parsed_in_an_earlier_run_is_kept_and_styles_the_same(tmp_path: Path) -> None:
    """The first run keeps what it parsed in the cache folder; the next uses it, and the
    wizard looks exactly as with Textual's own parse (NOTICE_TUI_PERF_OFF=css_cache)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NOTICE_TUI_LANG": "en"}

    def run(off: str = "") -> tuple[int, str]:
        """How many CSS sources Textual parsed, and the screen."""
        out = subprocess.run(
            [sys.executable, "-c", _SCREEN_AND_CSS, str(LARGEST)],
            capture_output=True,
            text=True,
            env={**env, "NOTICE_TUI_PERF_OFF": off, "NOTICE_TUI_DATA_DIR": str(tmp_path)},
            check=True,
        ).stdout.split()
        return int(out[0]), out[1]

    _, textual_shot = run("css_cache")
    first, first_shot = run()
    second, second_shot = run()
    assert list((tmp_path / "cache" / "notice-tui" / "textual-css").glob("rules-*.pickle"))
    assert first > 0 and second == 0  # the second run parsed nothing: the first had
    assert textual_shot == first_shot == second_shot


_DATACLASSES = """
import dataclasses, sys
from notice_tui.tui import startup

with startup.loading_modules():
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Kept:
        name: str
        tags: list[str] = dataclasses.field(default_factory=list)
        size: int = 3

    import notice_tui.tui.app  # noqa: F401

one = Kept(name="a", tags=["x"])
assert one == Kept(name="a", tags=["x"]) and one != Kept(name="b")
assert repr(one) == "Kept(name='a', tags=['x'], size=3)"
try:
    one.name = "b"
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("not frozen")
try:
    Kept("a")
except TypeError:
    pass
else:
    raise AssertionError("not keyword-only")
print(startup.counts["compiled"], startup.counts["kept"], hasattr(dataclasses, "exec"))
"""


def test_dataclass_methods_compiled_once_are_kept_and_behave_the_same(tmp_path: Path) -> None:
    """The first start compiles the dataclasses' methods and keeps them; the next compiles
    none, and the classes made from what was kept behave as dataclasses made them."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NOTICE_TUI_PERF_OFF": ""}

    def run() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", _DATACLASSES],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.split()

    compiled, _kept, left = run()
    assert int(compiled) > 100 and left == "False"  # the shim is gone after the imports
    compiled, kept, _left = run()
    assert compiled == "0" and int(kept) > 100
    assert list((tmp_path / "cache" / "notice-tui" / "dataclasses").glob("methods-*.marshal"))


async def test_the_collector_held_at_start_resumes_at_the_wizards_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`notice-tui PROFILE` pauses the collector for the build of the first screen
    (tui/startup.py) and the wizard resumes it once that frame is out; left paused,
    every later cycle would leak."""
    from notice_tui.tui import startup

    resumed_by: list[str] = []
    during: list[str] = []
    after_first_frame = WizardScreen._after_first_frame
    resume = startup.resume_collection

    def first_frame_work(self: WizardScreen) -> None:
        during.append("first frame")
        try:
            after_first_frame(self)
        finally:
            during.pop()

    def recording_resume() -> None:
        resumed_by.append(during[-1] if during else "elsewhere")
        resume()

    monkeypatch.setattr(WizardScreen, "_after_first_frame", first_frame_work)
    monkeypatch.setattr(startup, "resume_collection", recording_resume)
    assert gc.isenabled()
    startup.hold_collection()
    try:
        assert not gc.isenabled()
        app = WizardApp(LARGEST)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await wizard(app).checked()
            assert gc.isenabled()
            assert resumed_by[0] == "first frame"
    finally:
        resume()
    assert gc.isenabled()


async def test_a_narrow_key_bar_leaves_out_whole_keys_and_keeps_the_palettes() -> None:
    app = WizardApp(LARGEST)
    async with app.run_test(size=(50, 20)) as pilot:
        await settle(pilot)
        bar = wizard(app).query_one(KeyBar)
        line = str(bar.render())
        assert len(line) == 50 and line.rstrip().endswith("▏^p commands")
        shown = [key.description for _start, _end, key in bar._spans]
        assert shown[-1] == "commands" and 1 < len(shown) < len(bar.keys) + 1
        for start, end, key in bar._spans:  # every key shown is shown whole
            assert line[start:end].strip().endswith(key.description)
