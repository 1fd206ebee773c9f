"""The frictions a first-time owner met in the wizard (issue 13), each driven by keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_support import pilot_test, settle, wizard
from textual.widgets import Checkbox

from notice_tui.tui.app import WizardApp
from notice_tui.tui.widgets.fields import field_id

TODAY = dt.date(2026, 11, 22)
SIZE = (100, 40)

SALON = (
    "schema_version: 1\n"
    "controller: {name: Salong AS, email: post@salong.no}\n"
    "contact: {retention: 12mo}\n"
    "customers: {data: [navn], retention: 2y}\n"
    "processors:\n"
    "  - {name: Timma, service: timebestilling, location: Norge}\n"
    "  - {name: Fiken, service: regnskap, location: Norge}\n"
)


@pytest.fixture(autouse=True)
def _bokmal(ui_language: Callable[[str], str]) -> None:
    ui_language("nb")


def _profile(tmp_path: Path, text: str = SALON) -> Path:
    path = tmp_path / "salong.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- 1. every checkbox of a multi-choice group is a Tab stop ------------------------------

@pilot_test
async def test_each_choice_of_a_group_is_its_own_tab_stop(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("contact")
        await settle(pilot)
        await screen.complete_form()
        group = screen.query_one(f"#{field_id('contact.channels')} #editor")
        group.focus()
        await pilot.press("space")  # the first channel: phone; it reveals phone questions
        await settle(pilot)
        await pilot.press("tab")
        focused = app.focused
        assert isinstance(focused, Checkbox) and focused.parent is group, focused
        await pilot.press("space")  # the second channel, not a field below the group
        await settle(pilot)
        assert screen.session.get("contact.channels") == ["phone", "email"]


@pilot_test
async def test_where_the_data_is_kept_ticks_each_supplier_by_tab_and_space(
        tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("customers")
        await settle(pilot)
        await screen.complete_form()
        group = screen.query_one(f"#{field_id('customers.systems')} #editor")
        group.focus()
        await pilot.press("tab", "space")
        await settle(pilot)
        assert screen.session.get("customers.systems") == ["Fiken"]
        await pilot.press("shift+tab", "space")
        await settle(pilot)
        assert screen.session.get("customers.systems") == ["Timma", "Fiken"]
