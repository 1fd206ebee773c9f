"""Screenshots of every step at 80x24, of the start screen, and of one wide layout.

Update after a deliberate change with `pytest tests/test_tui_snapshots.py
--snapshot-update`, and look at the report before accepting new pictures.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pilot_support import settle
from textual.pilot import Pilot

from notice_tui import questionnaire as qn
from notice_tui.tui.app import WizardApp
from notice_tui.tui.screens.wizard import WizardScreen

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _bokmal(ui_language: Callable[[str], str]) -> None:
    ui_language("nb")


@pytest.fixture
def fjordkaffe(tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # From its own folder, so the export folder shown is the same on every machine.
    target = tmp_path / "fjordkaffe.yaml"
    shutil.copyfile(samples / "fjordkaffe.yaml", target)
    monkeypatch.chdir(tmp_path)
    return target


async def _settle(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    # Lists that were refilled (findings, checklist) settle their height a frame later.
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.05)
    # On a loaded machine that frame may come after the pause: a few more refreshes.
    for _ in range(3):
        await pilot.pause()


def at_step(step_id: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, WizardScreen)
        screen.show_step(step_id, focus=True)
        await _settle(pilot)

    return run_before


@pytest.mark.parametrize("step_id", qn.STEP_IDS)
def test_step_at_80x24(step_id: str, fjordkaffe: Path, snap_compare: Any) -> None:
    app = WizardApp(fjordkaffe, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=at_step(step_id))


def test_start_screen(snap_compare: Any) -> None:
    assert snap_compare(WizardApp(today=TODAY), terminal_size=(80, 24))


def test_new_profile_first_step(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        await pilot.press("enter")  # "New profile", the first entry
        await _settle(pilot)

    assert snap_compare(WizardApp(today=TODAY), terminal_size=(80, 24), run_before=run_before)


def test_wide_layout_with_preview(fjordkaffe: Path, snap_compare: Any) -> None:
    app = WizardApp(fjordkaffe, today=TODAY)
    assert snap_compare(app, terminal_size=(160, 48), run_before=at_step("website"))
