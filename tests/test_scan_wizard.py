"""The wizard's "Skann nettstedet": keys through the real app, a real browser, the loopback site.

Skips without Playwright or a browser, and fails instead with NOTICE_TUI_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pilot_support import settle, wizard
from scan_site.server import Site, serve
from textual.widgets import SelectionList

from notice_tui.scan.model import ScanError
from notice_tui.tui.app import WizardApp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = dt.date(2026, 11, 22)
MAX_WAITS = 600  # pauses of 0.1 s: a scan of the test site takes some seconds


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    reason = ""
    try:
        import playwright.sync_api  # noqa: F401

        from notice_tui.scan.browser import find_browser

        find_browser()
    except ImportError:
        reason = "Playwright is not installed (pip install '.[scan]')"
    except ScanError as exc:
        reason = f"no browser to scan with: {exc}"
    if reason:
        if os.environ.get("NOTICE_TUI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (NOTICE_TUI_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    with serve() as running:
        yield running


PROFILE = """schema_version: 1
controller:
  name: Fjellbris Kaffebrenneri AS
  email: personvern@fjellbris.example
website:
  url: {url}
  cookies:
    - name: sessionid
      provider: Fjellbris Kaffebrenneri AS
      category: necessary
      purpose: Holder styr på besøket ditt mens du handler
      duration: session
"""


async def test_scan_from_the_wizard_adds_the_chosen_rows(
    site: Site, tmp_path: Path, ui_language: Callable[[str], str]
) -> None:
    ui_language("nb")
    path = tmp_path / "fjellbris.yaml"
    path.write_text(PROFILE.format(url=site.shop + "/"), encoding="utf-8")
    await _scan_and_add(path)


async def _scan_and_add(path: Path) -> None:
    from notice_tui.tui.screens.scan import ScanDialog

    app = WizardApp(path, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Skann nettstedet")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ScanDialog), type(dialog)
        for _ in range(MAX_WAITS):
            if dialog.finished:
                break
            await pilot.pause(0.1)
        assert dialog.finished and dialog.result is not None
        await pilot.pause()
        status = str(dialog.query_one("#scan-status").render())
        assert "Besøkt og funnet: 1 side, " in status and " feil" in status
        rows = dialog.query_one("#scan-rows", SelectionList)
        # Found and not declared, in the order first seen; sessionid is declared.
        labels = [
            str(rows.get_option_at_index(i).prompt).split(" ")[0] for i in range(rows.option_count)
        ]
        assert labels == ["_ga", "besok_id", "lang", "handlekurv", "_fbp", "samtykke"]
        await pilot.press("space", "down", "down", "space")  # _ga and lang
        assert sorted(rows.selected) == [0, 2]
        await pilot.click("#scan-add")
        await settle(pilot)
        assert app.screen is screen
        session = screen.session
        cookies = {str(c["name"]): c for c in session.rows("website.cookies")}
        assert list(cookies) == ["sessionid", "_ga", "lang"]
        # Known to the catalogue: merged as import-cookies does, processor and all.
        assert cookies["_ga"]["provider"] == "Google Analytics 4"
        assert cookies["_ga"]["purpose"] == "Skiller besøkende fra hverandre"
        assert "Google Analytics 4" in session.processor_names()
        # Unknown: what the scan saw, the rest for the user to fill in.
        assert dict(cookies["lang"]) == {
            "name": "lang",
            "provider": "Fjellbris Kaffebrenneri AS",
            "duration": "1y",
            "first_party": True,
        }
        assert session.get("website.cookies_reviewed") is not None
        assert session.dirty
        assert any("category" in f.path and "cookies[2]" in f.path for f in session.findings)
    assert "name: lang" not in path.read_text(encoding="utf-8")  # saved when the user saves
