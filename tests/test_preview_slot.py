"""The preview renders one request at a time, and always ends on the newest one.

A render takes longer than the time between two keys in a large profile: the
renders must not pile up (each would take CPU from typing), and what the pane
ends up showing must be the profile as it is now, never an older render that
finished late. The renders here wait until the test lets them finish, so the
order of events is the test's, not the machine's.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import SAMPLES
from pilot_support import settle, wizard
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Input, Static

from notice_tui.tui.app import WizardApp
from notice_tui.tui.widgets.preview import PreviewPane, PreviewRequest, PreviewView, Rendered

LARGEST = max(SAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)


class GatedPane(PreviewPane):
    """Renders `profile` (a string) as one line, once the test opens its gate."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lock = threading.Lock()
        self.rendered: list[str] = []
        self.running = 0
        self.most = 0
        self.gates: dict[str, threading.Event] = {}
        self.fail: set[str] = set()

    def gate(self, name: str) -> threading.Event:
        with self.lock:
            return self.gates.setdefault(name, threading.Event())

    def render_request(self, wanted: PreviewRequest) -> Rendered:
        name = wanted.profile
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.rendered.append(name)
        try:
            assert self.gate(name).wait(30), f"{name} was never let through"
            if name in self.fail:
                raise ValueError(f"{name} cannot be rendered")
            return [Strip([Segment(f"document {name}")])], None
        finally:
            with self.lock:
                self.running -= 1


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        yield GatedPane(id="preview")


async def until(pilot: Pilot[Any], holds: Any, what: str) -> None:
    """Wait for the worker thread to get somewhere (it runs beside the event loop)."""
    for _ in range(600):
        if holds():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def shown(app: App[Any]) -> list[str]:
    return app.query_one(PreviewView).text_lines()


def title(app: App[Any]) -> str:
    return str(app.query_one("#preview-title", Static).render())


async def ready(pilot: Pilot[Any]) -> GatedPane:
    pane = pilot.app.query_one(GatedPane)
    await until(
        pilot,
        lambda: pane.query(PreviewView) and pane.query_one(PreviewView).content_region.width,
        "the pane is laid out",
    )
    return pane


async def test_requests_made_during_a_render_wait_and_only_the_newest_is_rendered() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await ready(pilot)
        pane.request("first", [], None)
        await until(pilot, lambda: pane.rendered == ["first"], "the first render started")
        for name in ("second", "third", "fourth"):
            pane.request(name, [], None)
        await pilot.pause()
        assert pane.rendered == ["first"]  # the others wait: one render at a time

        pane.gate("first").set()
        await until(pilot, lambda: pane.rendered == ["first", "fourth"], "the newest started")
        # The first finished after newer requests were made: it is never shown.
        assert "document first" not in shown(app)

        pane.gate("fourth").set()
        await until(pilot, lambda: shown(app) == ["document fourth"], "the newest is shown")
        await pilot.pause(0.1)
        assert pane.rendered == ["first", "fourth"]
        assert pane.most == 1
        assert pane.renders == 1


async def test_the_last_request_is_shown_however_the_requests_interleave() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await ready(pilot)
        names = [f"p{i}" for i in range(12)]
        for i, name in enumerate(names):
            pane.request(name, [], None)
            if i % 3 == 2:  # let whatever runs finish now and then, mid-burst
                for gate in list(pane.gates.values()):
                    gate.set()
                await pilot.pause(0.05)
        for name in names:
            pane.gate(name).set()
        await until(pilot, lambda: shown(app) == ["document p11"], "the last request is shown")
        await pilot.pause(0.1)
        assert shown(app) == ["document p11"]
        assert pane.rendered[-1] == "p11"
        assert len(pane.rendered) == len(set(pane.rendered))  # none rendered twice
        assert pane.most == 1


async def test_asking_again_for_what_is_rendering_or_shown_renders_nothing_more() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await ready(pilot)
        pane.request("one", [], None)
        await until(pilot, lambda: pane.rendered == ["one"], "the render started")
        pane.request("two", [], None)
        pane.request("one", [], None)  # back to what is rendering: "two" is not wanted now
        pane.gate("one").set()
        await until(pilot, lambda: shown(app) == ["document one"], "it is shown")
        pane.request("one", [], None)
        await pilot.pause(0.1)
        assert pane.rendered == ["one"]


async def test_a_failed_render_is_named_in_the_title_until_one_succeeds() -> None:
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await ready(pilot)
        pane.gate("good").set()
        pane.request("good", [], None)
        await until(pilot, lambda: shown(app) == ["document good"], "the first is shown")
        pane.fail.add("broken")
        pane.gate("broken").set()
        pane.request("broken", [], None)
        await until(pilot, lambda: "broken cannot be rendered" in title(app), "the failure")
        assert shown(app) == ["document good"]  # the last good view stays
        pane.gate("fixed").set()
        pane.request("fixed", [], None)
        await until(pilot, lambda: shown(app) == ["document fixed"], "the fix is shown")
        assert title(app).strip() == "Preview"


async def test_a_render_waits_while_the_user_keeps_typing_without_new_requests() -> None:
    """At a fast typist's pace the wizard's debounce sends few requests; the keys in
    between must still hold the render back, which would take the GIL from typing."""
    app = PaneApp()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await ready(pilot)
        # A pause ten times the gap between keys, and keys for longer than one pause:
        # a loaded CI machine that wakes the test late must not pass for a pause.
        pane.TYPING_PAUSE = 1.0
        pane.gate("first").set()
        pane.request("first", [], None)
        await until(pilot, lambda: shown(app) == ["document first"], "the first is shown")
        pane.gate("second").set()
        pane.request("second", [], None)
        # Keys keep coming, each sooner than the pause a render waits for.
        for _ in range(15):
            pane.editing()
            await pilot.pause(pane.TYPING_PAUSE / 10)
        assert pane.rendered == ["first"]
        await until(pilot, lambda: shown(app) == ["document second"], "rendered after the pause")


async def test_typing_in_the_wizard_renders_one_preview_at_a_time_and_ends_on_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lock = threading.Lock()
    counts = {"running": 0, "most": 0}
    render = PreviewPane.render_request

    def counting(self: PreviewPane, wanted: PreviewRequest) -> Rendered:
        with lock:
            counts["running"] += 1
            counts["most"] = max(counts["most"], counts["running"])
        try:
            return render(self, wanted)
        finally:
            with lock:
                counts["running"] -= 1

    monkeypatch.setattr(PreviewPane, "render_request", counting)
    app = WizardApp(LARGEST)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        box = screen.query_one("#f-controller-name").query_one(Input)
        box.focus()
        await pilot.press("end")
        # A key, a pause just past the debounce, another key: renders overlap unless
        # the pane queues them.
        for ch in "Fjellsport":
            await pilot.press(ch)
            await pilot.pause(0.1)
        await settle(pilot)
        await until(
            pilot,
            lambda: any(
                "Fjellsport" in line for line in screen.query_one(PreviewView).text_lines()
            ),
            "the preview shows the typed name",
        )
        assert counts["most"] == 1
