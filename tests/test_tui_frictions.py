"""The frictions a first-time owner met in the wizard (issue 13), each driven by keys."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pilot_support import eventually, settle, type_into, wizard
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList

from notice_tui.profile.store import load
from notice_tui.tui.app import WizardApp
from notice_tui.tui.widgets.fields import FieldRow, field_id

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
        # Ticked or not reads without colour: an X only when ticked.
        shown = [str(box.render()) for box in group.query(Checkbox)]
        assert shown[0].startswith("▐X▌") and shown[2].startswith("▐ ▌"), shown


async def test_where_the_data_is_kept_ticks_each_supplier_by_tab_and_space(tmp_path: Path) -> None:
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


# -- 2. the consent tool field offers the catalogue --------------------------------------

SITE = (
    "schema_version: 1\n"
    "controller: {name: Salong AS, email: post@salong.no}\n"
    "website:\n"
    "  url: https://salong.no\n"
    "  cookies:\n"
    "    - {name: sesjon, provider: Salong AS, category: necessary, purpose: Innlogging,"
    " duration: session}\n"
    "processors:\n"
    "  - {name: Google Analytics, service: statistikk, location: USA, transfer: dpf}\n"
)


async def _pick(pilot: Pilot[int], path: str, text: str) -> None:
    """Type into a catalogue field and take the first suggestion, by keys."""
    await type_into(pilot, path, text)
    row = wizard(pilot.app).query_one(f"#{field_id(path)}", FieldRow)
    suggestions = row.query_one("#suggestions", OptionList)
    assert suggestions.display and suggestions.option_count, "no suggestions offered"
    await pilot.press("down", "enter")
    await settle(pilot)


async def test_the_consent_tool_is_picked_from_the_catalogue(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path, SITE), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await _pick(pilot, "website.consent_tool", "Cookieb")
        session = screen.session
        assert session.get("website.consent_tool") == "Cookiebot"
        assert "Cookiebot" in session.processor_names()
        assert "CookieConsent" in [c["name"] for c in session.rows("website.cookies")]


# -- 8. catalogue services: applied as add-service applies them, and said as done ---------


async def test_picking_a_service_gives_the_profile_add_service_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_cli = _profile(tmp_path, SITE).rename(tmp_path / "cli.yaml")
    monkeypatch.setattr("sys.argv", ["notice-tui"])
    from notice_tui.cli import main

    assert main(["add-service", str(by_cli), "Google Analytics 4"]) == 0
    by_wizard = _profile(tmp_path, SITE)
    app = WizardApp(by_wizard, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("processors")
        await settle(pilot)
        await pilot.click("#f-processors #add")
        await settle(pilot)
        await _pick(pilot, "processors[1].name", "Google Analytics 4")
        # "Google Analytics" is the same service by its alias: no second supplier.
        assert screen.session.processor_names() == ["Google Analytics"]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _data(by_wizard) == _data(by_cli)


async def test_a_catalogue_toast_counts_what_it_added(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path, SITE), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await screen.complete_form()
        screen.query_one("#f-website-cookies #add").focus()
        await pilot.press("enter")
        await settle(pilot)
        await _pick(pilot, "website.cookies[1].provider", "Meta Pix")
        said = [n.message for n in app._notifications]
        assert any(m.startswith("La til ") and "og leverandøren Meta" in m for m in said), said
        assert [c.get("provider") for c in screen.session.rows("website.cookies")].count(
            screen.session.processor_names()[-1]
        ) >= 2


def _data(path: Path) -> object:
    return json.loads(json.dumps(load(path).tree, default=str))


# -- 3. suppliers are added where "Where the data is kept" asks ---------------------------


async def test_a_supplier_is_added_where_the_data_is_kept_is_asked(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("customers")
        await settle(pilot)
        await screen.complete_form()
        field = screen.query_one(f"#{field_id('customers.systems')} #new-system", Input)
        field.focus()
        await pilot.press(*"Kassa", "enter")
        await settle(pilot)
        session = screen.session
        assert session.processor_names() == ["Timma", "Fiken", "Kassa"]
        assert session.get("customers.systems") == ["Kassa"]
        assert isinstance(app.focused, Input) and app.focused.id == "new-system"
        # A service the catalogue knows comes with what it knows.
        app.focused.value = "Vipps MobilePa"
        await pilot.press("y", "enter")
        await settle(pilot)
        vipps = session.rows("processors")[-1]
        assert vipps["name"] == "Vipps MobilePay" and vipps.get("service")
        assert session.get("customers.systems") == ["Kassa", "Vipps MobilePay"]


async def test_a_row_of_other_processing_names_its_systems(tmp_path: Path) -> None:
    text = SALON + (
        "other_activities:\n  - {title: Kurs, purpose: Påmelding, data: [navn],"
        " legal_basis: contract}\n"
    )
    app = WizardApp(_profile(tmp_path, text), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("other")
        await settle(pilot)
        await screen.complete_form()
        await settle(pilot)
        group = screen.query_one(f"#{field_id('other_activities[0].systems')} #editor")
        group.focus()
        await pilot.press("space")
        await settle(pilot)
        assert screen.session.get("other_activities[0].systems") == ["Timma"]


# -- 4. the focused field stays in view ----------------------------------------------------


def _focus_in_view(app: WizardApp) -> bool:
    focused = app.focused
    assert focused is not None
    view = wizard(app).current_form.scrollable_content_region
    region = focused.region
    return region.height > 0 and view.y <= region.y and region.bottom <= view.bottom


def _to_bottom(app: WizardApp) -> None:
    """Scroll so the focused field is the form's last visible line, as after typing down."""
    form = wizard(app).current_form
    focused = app.focused
    assert focused is not None
    offset = focused.region.bottom - form.scrollable_content_region.bottom
    form.scroll_to(y=form.scroll_y + offset, animate=False, immediate=True)


async def test_a_finding_shown_above_does_not_push_the_field_out_of_view(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await screen.complete_form()
        await settle(pilot)
        email = screen.query_one(f"#{field_id('controller.email')} #editor", Input)
        email.focus()
        await pilot.press("tab")  # to the phone field, below
        await settle(pilot)
        _to_bottom(app)
        await pilot.pause()
        assert _focus_in_view(app)
        email.value = "post@"  # a bad address: its message appears above the phone field
        await settle(pilot)
        assert screen.query_one(f"#{field_id('controller.email')}").has_class("has-error")
        assert await eventually(pilot, lambda: _focus_in_view(app))


async def test_add_in_a_table_and_an_autocomplete_choice_keep_the_field_in_view(
    tmp_path: Path,
) -> None:
    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("processors")
        await settle(pilot)
        add = screen.query_one("#f-processors #add")
        add.focus()
        await pilot.pause()
        _to_bottom(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        assert await eventually(pilot, lambda: _focus_in_view(app))
        await pilot.press(*"Mailchi")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.session.rows("processors")[-1]["name"] == "Mailchimp"
        assert await eventually(pilot, lambda: _focus_in_view(app))


# -- 5. findings stay while an answer is unusable; the step list holds still ---------------


async def test_emptying_a_required_field_keeps_the_other_steps_findings(tmp_path: Path) -> None:
    from notice_tui.tui.widgets.steps import StepList

    text = SALON.replace("contact: {retention: 12mo}", "contact: {channels: [phone]}")
    app = WizardApp(_profile(tmp_path, text), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        rules = {f.rule for f in screen.session.analysis.compliance}
        assert rules
        before = screen._statuses()
        assert "problem" in {s for k, s in before.items() if k != "business"}
        name = screen.query_one(f"#{field_id('controller.name')} #editor", Input)
        name.focus()
        name.value = ""
        await settle(pilot)
        assert not screen.session.analysis.valid  # the name is required
        assert {f.rule for f in screen.session.analysis.compliance} == rules
        after = screen._statuses()
        assert {k: v for k, v in after.items() if k != "business"} == {
            k: v for k, v in before.items() if k != "business"
        }
        marks = str(screen.query_one(StepList).get_option_at_index(1).prompt)
        assert marks.startswith("!")
        await pilot.press(*"Salong")
        await settle(pilot)
        assert str(screen.query_one(StepList).get_option_at_index(1).prompt) == marks


# -- 6. the wizard's words, not the file's keys ---------------------------------------------

MANY_FINDINGS = (
    "schema_version: 1\n"
    "controller: {name: Salong AS, email: post@salong.no}\n"
    "contact: {channels: [email, social_media], social_media_platforms: [Facebook]}\n"
    "customers: {data: [navn], retention: 2y, legal_basis: legitimate_interest}\n"
    "recruitment: {data: [CV]}\n"
    "website:\n"
    "  url: https://salong.no\n"
    "  cookies:\n"
    "    - {name: _fbp, provider: Meta Pixel, category: marketing, purpose: Annonser,"
    " duration: 3mo, legal_basis: legitimate_interest}\n"
    "    - {name: _ga, provider: Google Analytics 4, category: statistics, purpose: Statistikk,"
    " duration: 25mo}\n"
    "processors:\n"
    "  - {name: Kassa, service: kasse, location: USA}\n"
)
_KEYS = re.compile(
    r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b(systems|retention|scc|dpf|address|"
    r"other_activities|sensitive_data|cookie_expires|legal_basis)\b|"
    r"notice-tui|\b\d+mo\b"
)


def _depth(text: str) -> int:
    deepest = level = 0
    for char in text:
        level += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, level)
    return deepest


async def test_findings_in_the_wizard_name_questions_not_keys(tmp_path: Path) -> None:
    from notice_tui.tui.widgets.review import ReviewPanel

    app = WizardApp(_profile(tmp_path, MANY_FINDINGS), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("review")
        await settle(pilot)
        listing = screen.query_one(ReviewPanel).query_one("#findings", OptionList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(lines) >= 8, lines
        shown = []
        for step in ("contact", "customers", "website", "processors"):
            screen.show_step(step)
            await settle(pilot)
            await screen.complete_form()
            await settle(pilot)
            shown += [str(w.render()) for w in screen.current_form.query(".field-findings.shown")]
        assert shown
        for line in [*lines, *shown]:
            keys = [
                m.group(0) for m in _KEYS.finditer(line) if m.group(0) not in ("_fbp", "_ga")
            ]  # cookie names are the user's
            assert not keys, line
            assert _depth(line) <= 1, line
        assert any("«Hvor opplysningene lagres»" in line for line in [*lines, *shown])


# -- 7. a finding names what it is about ----------------------------------------------------

PIXEL = (
    "schema_version: 1\n"
    "controller: {name: Salong AS, email: post@salong.no}\n"
    "website:\n"
    "  url: https://salong.no\n"
    "  legal_basis: legitimate_interest\n"
    "  legitimate_interest: Vi vil vite hvordan nettstedet brukes\n"
    "  consent_tool: Cookiebot\n"
    "  cookies:\n"
    "    - {name: _fbp, provider: Meta Pixel, category: marketing, purpose: Annonser,"
    " duration: 3mo}\n"
    "    - {name: sesjon, provider: Salong AS, category: necessary, purpose: Innlogging,"
    " duration: session}\n"
)


async def test_consent_cookies_on_another_basis_are_named_in_the_wizard(tmp_path: Path) -> None:
    app = WizardApp(_profile(tmp_path, PIXEL), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await screen.complete_form()
        await settle(pilot)
        row = screen.query_one(f"#{field_id('website.legal_basis')}", FieldRow)
        shown = str(row.query_one(".field-findings").render())
        assert "_fbp" in shown and "sesjon" not in shown


def test_consent_cookies_on_another_basis_are_named_by_check(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    path = _profile(tmp_path, PIXEL)
    done = subprocess.run(
        [sys.executable, "-m", "notice_tui", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NOTICE_TUI_LANG": "en"},
    )
    line = next(x for x in done.stdout.splitlines() if "need consent" in x)
    assert "_fbp" in line and "sesjon" not in line


# -- 9. the preview: shown when the window grows, as wide as it really is ------------------


async def test_the_preview_appears_when_the_window_grows_and_fits_its_width(
    sample_copy: Callable[[str], Path],
) -> None:
    from notice_tui.tui.widgets.preview import PreviewPane, PreviewView, documents_markdown

    app = WizardApp(sample_copy("nordlys-nettbutikk"), today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        assert not screen.query_one(PreviewPane).display
        await pilot.resize_terminal(124, 45)
        await settle(pilot)
        await settle(pilot)
        assert screen.query_one(PreviewPane).display
        view = screen.query_one(PreviewView)
        assert view.line_count > 50
        visible = view.scrollable_content_region.width
        lines = view.text_lines()
        assert max(len(line.rstrip()) for line in lines) <= visible
        shown = " ".join(lines)
        # Every word of every table cell is there whole, never broken across lines.
        profile = screen.session.analysis.profile
        cells = [
            re.sub(r"\]\(<?[^)>]*>?\)", "]", line)  # a link shows its text
            for line in documents_markdown(profile, TODAY).splitlines()
            if line.startswith("|")
        ]
        words = {w for line in cells for w in re.findall(r"[A-Za-zæøåÆØÅ]{9,}", line)}
        assert words
        broken = [w for w in words if w not in shown]
        assert not broken, broken


# -- 10. review: Enter on the first problem goes to its field ------------------------------


async def test_enter_on_the_first_problem_focuses_its_field_in_a_table(tmp_path: Path) -> None:
    text = SALON.replace(
        "{name: Fiken, service: regnskap, location: Norge}",
        "{name: Fiken, service: regnskap, location: USA}",
    ).replace("contact: {retention: 12mo}\n", "")
    app = WizardApp(_profile(tmp_path, text), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        panel = screen.query_one("ReviewPanel")
        assert panel.findings[0].path == "processors[1].transfer"  # type: ignore[attr-defined]
        screen.query_one("#findings", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert screen.step.id == "processors"
        focused = app.focused
        assert focused is not None
        row = next((a for a in focused.ancestors if isinstance(a, FieldRow)), None)
        assert row is not None and row.path == "processors[1].transfer", focused


# -- 11. the footer in the UI's language -----------------------------------------------------


def test_every_key_textual_shows_in_the_footer_has_our_words() -> None:
    import inspect

    import textual.command
    import textual.widgets
    import textual.widgets._select
    from textual.binding import Binding

    from notice_tui.tui.widgets.footer import TEXTUAL_KEYS

    shown = set()
    for module in (textual.widgets, textual.widgets._select, textual.command):
        for name in dir(module):
            cls = getattr(module, name, None)
            if not inspect.isclass(cls):
                continue
            for binding in getattr(cls, "BINDINGS", None) or []:
                if isinstance(binding, tuple):
                    binding = Binding(*binding)
                if isinstance(binding, Binding) and binding.show and binding.description:
                    shown.add(binding.description)
    assert shown and shown <= set(TEXTUAL_KEYS), shown - set(TEXTUAL_KEYS)


async def test_an_open_select_says_how_to_close_it_in_bokmal(tmp_path: Path) -> None:
    from textual.widgets import Footer, Select

    app = WizardApp(_profile(tmp_path), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("customers")
        await settle(pilot)
        await screen.complete_form()
        select = screen.query_one(f"#{field_id('customers.legal_basis')} #editor", Select)
        select.focus()
        await pilot.press("enter")
        await settle(pilot)
        footer = " ".join(str(key.render()) for key in screen.query_one(Footer).query("*"))
        assert "Lukk menyen" in footer and "Dismiss" not in footer, footer


# -- 12. quitting with "Lagre" while the profile has errors ----------------------------------


async def test_save_on_quit_with_errors_says_so_and_asks(tmp_path: Path) -> None:
    from notice_tui.tui.screens.dialogs import ConfirmDialog, QuitDialog

    path = _profile(tmp_path, PIXEL)
    app = WizardApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_into(pilot, "controller.name", "Salong Saks AS")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert "Salong Saks AS" in path.read_text(encoding="utf-8")
        assert app.is_running and isinstance(app.screen, ConfirmDialog)
        assert not list(app._notifications)  # no toast over the dialog's buttons
        assert "ikke klare" in str(app.screen.query_one(".dialog-message").render())
        await pilot.click("#no")  # stay and fix
        await settle(pilot)
        assert wizard(app).step.id == "business"
        await pilot.press("ctrl+q")  # saved: nothing to ask about changes
        await settle(pilot)
    assert not app.is_running


# -- 13. export next to the profile as saved; a folder must be named, in ASCII ------------


async def test_export_goes_next_to_the_profile_saved_as(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notice_tui.tui.screens.dialogs import PathDialog

    start = tmp_path / "start"
    start.mkdir()
    monkeypatch.chdir(start)
    app = WizardApp(today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.new_profile()
        await settle(pilot)
        screen = wizard(app)
        await type_into(pilot, "controller.name", "Saksefryd Frisør")
        await pilot.press("ctrl+r")
        await settle(pilot)
        folder = screen.query_one("#export-folder", Input)
        assert folder.value == "Saksefryd-Frisor-dokumenter"  # beside where it started
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        clients = tmp_path / "kunder"
        clients.mkdir()
        app.screen.query_one("#path", Input).value = str(clients / "saksefryd.yaml")
        await pilot.press("enter")
        await settle(pilot)
        assert (clients / "saksefryd.yaml").is_file()
        assert Path(folder.value) == clients / "Saksefryd-Frisor-dokumenter"
        folder.value = "   "
        folder.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not any(start.iterdir()) and not (clients / "Saksefryd-Frisor-dokumenter").exists()
        assert any("mappen" in n.message for n in app._notifications)


# -- 14. focus starts in the same place, new or reopened ------------------------------------


async def test_focus_starts_in_the_same_field_for_a_new_and_a_reopened_profile(
    tmp_path: Path,
) -> None:
    places = []
    for opened in (False, True):
        app = WizardApp(_profile(tmp_path) if opened else None, today=TODAY)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            if not opened:
                app.new_profile()
                await settle(pilot)
            focused = app.focused
            row = (
                next((a for a in focused.ancestors if isinstance(a, FieldRow)), None)
                if focused is not None
                else None
            )
            places.append(row.path if row is not None else repr(focused))
    assert places == ["controller.name", "controller.name"]


# -- 15. a scanner's CSV, pasted or as a file -----------------------------------------------

SCAN = (
    "Name,Provider,Category,Expiry,Purpose\n"
    "_ga,Google,Statistics,2 years,Skiller besøkende fra hverandre\n"
    "sesjon,salong.no,Necessary,Session,Holder innloggingen\n"
)


async def test_a_pasted_scan_with_headings_is_imported_as_import_cookies_does(
    tmp_path: Path,
) -> None:
    from textual.widgets import TextArea

    from notice_tui.catalog.apply import import_cookies
    from notice_tui.profile.store import parse_text
    from notice_tui.tui.screens.dialogs import PasteDialog

    app = WizardApp(_profile(tmp_path, SITE), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await screen.complete_form()
        screen.query_one("#f-website-cookies #paste").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PasteDialog)
        app.screen.query_one("#paste", TextArea).text = SCAN
        await pilot.click("#ok")
        await settle(pilot)
        wizard_tree = _data_of(screen.session.tree)
    by_cli = parse_text(SITE, "cli.yaml")
    import_cookies(by_cli.tree, SCAN)
    assert wizard_tree == _data_of(by_cli.tree)
    assert [c["name"] for c in wizard_tree["website"]["cookies"]] == ["sesjon", "_ga"]


async def test_import_file_reads_a_scan_from_disk(tmp_path: Path) -> None:
    from notice_tui.tui.screens.dialogs import PathDialog

    scan = tmp_path / "skann.csv"
    scan.write_text(SCAN, encoding="utf-8")
    app = WizardApp(_profile(tmp_path, SITE), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        screen.show_step("website")
        await settle(pilot)
        await screen.complete_form()
        button = screen.query_one("#f-website-cookies #import")
        button.focus()
        await settle(pilot)
        view = screen.current_form.scrollable_content_region
        assert button.region.width and button.region.right <= view.right  # all of it shows
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one("#path", Input).value = str(scan)
        await pilot.press("enter")
        await settle(pilot)
        assert "_ga" in [c["name"] for c in screen.session.rows("website.cookies")]
        said = [n.message for n in app._notifications]
        assert any(
            "La til 1 informasjonskapsel fra skanningen" in m and "1 sto der allerede" in m
            for m in said
        ), said


def _data_of(tree: object) -> object:
    return json.loads(json.dumps(tree, default=str))


# -- 16. the joint-controller tip goes once the page statistics are described -------------


async def test_the_social_media_tip_goes_once_the_page_statistics_are_described(
    tmp_path: Path,
) -> None:
    text = SALON.replace(
        "contact: {retention: 12mo}",
        "contact: {channels: [social_media], social_media_platforms: [Facebook], retention: 12mo}",
    )
    app = WizardApp(_profile(tmp_path, text), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = wizard(app)

        def tip() -> bool:
            return any(f.rule == "social-media-joint-controller" for f in screen.session.findings)

        assert tip()
        screen.show_step("other")
        await settle(pilot)
        await screen.complete_form()
        toggle = screen.current_form.query_one("#step-toggle", Checkbox)
        toggle.focus()
        await pilot.press("space")
        await settle(pilot)
        screen.query_one("#f-other_activities #add").focus()
        await pilot.press("enter")
        await settle(pilot)
        await type_into(pilot, "other_activities[0].title", "Sidestatistikk på Facebook")
        await type_into(pilot, "other_activities[0].purpose", "Se hvor mange som besøker siden")
        await type_into(pilot, "other_activities[0].data", "besøkstall")
        screen.session.answer("other_activities[0].legal_basis", "consent")
        await settle(pilot)
        assert screen.session.analysis.valid, [f.format() for f in screen.session.analysis.schema]
        assert not tip()
