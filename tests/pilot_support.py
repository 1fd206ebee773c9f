"""What the wizard's pilot tests share: finding the wizard, and waiting for it to settle."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input
from textual.worker import WorkerCancelled

from notice_tui.tui.screens.wizard import WizardScreen
from notice_tui.tui.widgets.fields import field_id


def wizard(app: App[Any]) -> WizardScreen:
    screen = app.screen
    assert isinstance(screen, WizardScreen), type(screen)
    return screen


async def settle(pilot: Pilot[Any]) -> None:
    """Let rebuilds, debounced checks and the preview worker finish."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, WizardScreen):
        screen.refresh_now()
        await screen.checked()  # a check that was running when refresh_now came
        await screen.autosave.settled()  # a recovery copy on its way
    # Only the preview's workers: DirectoryTree keeps a loader worker running for good
    # (and an empty list would mean "all of them").
    previews = [w for w in pilot.app.workers if w.group == "preview"]
    if previews:
        # Cancelled when the screen goes away meanwhile: then it never completes.
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete(previews)
    await pilot.pause()


async def type_into(pilot: Pilot[int], path: str, text: str, *, keys: int = 3) -> None:
    """Focus the field for `path`, clear it and type `text`.

    The last `keys` characters are real key presses; the rest is put in at once,
    since every simulated key costs the test ~50 ms of waiting for idle.
    """
    # Rows below the screen are built once anything could reach them (see FormScroll);
    # a test reaches in directly, so it asks for them first.
    await wizard(pilot.app).complete_form()
    editor = pilot.app.screen.query_one(f"#{field_id(path)} #editor", Input)
    editor.focus()
    await pilot.pause()  # focusing selects all; let that happen before typing
    head, tail = (text[:-keys], text[-keys:]) if keys else (text, "")
    editor.value = head
    editor.cursor_position = len(head)
    await pilot.press(*tail)
    await settle(pilot)


async def switch_on(pilot: Pilot[int]) -> None:
    toggle = wizard(pilot.app).current_form.query_one("#step-toggle", Checkbox)
    toggle.focus()
    if not toggle.value:
        await pilot.press("space")
    await settle(pilot)


async def next_step(pilot: Pilot[int]) -> None:
    await pilot.press("ctrl+n")
    await settle(pilot)


async def eventually(pilot: Pilot[Any], condition: Callable[[], bool], frames: int = 20) -> bool:
    """True once condition holds, letting up to `frames` refreshes go by first.

    For what the app does a frame or two after an event (scrolling a field back into
    view after the row above it grew): on a loaded machine that frame comes after
    settle() returns. Counted in frames, not seconds, so it is no timed test.
    """
    for _ in range(frames):
        if condition():
            return True
        await pilot.pause()
    return condition()
