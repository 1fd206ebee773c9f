"""What the wizard's pilot tests share: finding the wizard, and waiting for it to settle."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot

from notice_tui.tui.screens.wizard import WizardScreen


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
    # Only the preview's workers: DirectoryTree keeps a loader worker running for good
    # (and an empty list would mean "all of them").
    previews = [w for w in pilot.app.workers if w.group == "preview"]
    if previews:
        await pilot.app.workers.wait_for_complete(previews)
    await pilot.pause()
