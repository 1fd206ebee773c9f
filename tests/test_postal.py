"""A postal code fills in its town: the offline table, and the wizard's town field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_support import settle, wizard
from textual.widgets import Input

from notice_tui.profile.postal import town_for
from notice_tui.tui.app import WizardApp
from notice_tui.tui.widgets.fields import field_id


@pytest.mark.parametrize(
    ("code", "town"),
    [
        ("0150", "Oslo"),
        ("1299", "Oslo"),
        ("3015", "Drammen"),
        ("5020", "Bergen"),
        ("7011", "Trondheim"),
        ("8006", "Bodø"),
        ("9008", "Tromsø"),
        ("4610", "Kristiansand S"),
        (" 0150 ", "Oslo"),
        ("150", None),
        ("01500", None),
        ("abcd", None),
        ("", None),
        ("9999", None),
    ],
)
def test_town_for(code: str, town: str | None) -> None:
    assert town_for(code) == town


def test_the_samples_towns_agree_with_the_table() -> None:
    from notice_tui.profile.store import load

    for sample in sorted((Path(__file__).parents[1] / "sample_profiles").glob("*.yaml")):
        address = load(sample).tree["controller"].get("address")
        if address and town_for(str(address["postal_code"])) is not None:
            assert town_for(str(address["postal_code"])) == address["city"], sample.name


async def test_the_wizard_fills_an_empty_town_from_the_postal_code(
    sample_copy: Callable[[str], Path],
) -> None:
    app = WizardApp(sample_copy("minimal"), today=dt.date(2026, 11, 22))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await screen.complete_form()
        code = screen.query_one(f"#{field_id('controller.address.postal_code')} #editor", Input)
        code.focus()
        await pilot.pause()
        await pilot.press("0", "1", "5", "0")
        await settle(pilot)
        assert screen.session.get("controller.address.city") == "Oslo"
        await screen.complete_form()
        city = screen.query_one(f"#{field_id('controller.address.city')} #editor", Input)
        assert city.value == "Oslo"
        # Typing goes on in the postal code field, and a town typed by hand stays.
        focused = app.focused
        assert focused is not None and focused.id == "editor"
        assert screen.session.get("controller.address.postal_code") == "0150"
        await pilot.press("backspace", "1")
        await settle(pilot)
        assert screen.session.get("controller.address.postal_code") == "0151"
        assert screen.session.get("controller.address.city") == "Oslo"
