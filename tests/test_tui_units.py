"""The wizard's non-visual parts: questions as data, editing rules, recovery, import hygiene."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from notice_tui import questionnaire as qn
from notice_tui import recent, recovery
from notice_tui.profile import model
from notice_tui.profile.store import load
from notice_tui.tui.session import Session


def test_the_cli_and_the_questionnaire_do_not_import_textual() -> None:
    code = (
        "import sys, notice_tui.cli, notice_tui.questionnaire, notice_tui.tui.session; "
        "sys.exit(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_question_names_a_key_of_the_profile_model() -> None:
    import dataclasses
    import typing

    def fields_of(cls: type) -> dict[str, object]:
        hints = typing.get_type_hints(cls, vars(model))
        return {f.name: hints[f.name] for f in dataclasses.fields(cls)}

    def walk(cls: type, parts: list[str]) -> bool:
        if not parts:
            return True
        hints = fields_of(cls)
        if parts[0] not in hints:
            return False
        tp = hints[parts[0]]
        inner = qn._dataclass_in(tp)
        return walk(inner, parts[1:]) if inner else len(parts) == 1

    for _step, path, question in qn.iter_questions():
        parts = [p for p in path.replace("[]", "").split(".") if p]
        assert walk(model.Profile, parts), f"{path} is not in the model"
        if question.kind == "choice":
            assert question.choices, path


def test_every_step_but_the_first_and_the_last_two_can_be_skipped() -> None:
    skippable = [s.id for s in qn.STEPS if s.toggle is not None]
    assert skippable == [
        "contact",
        "bookings",
        "customers",
        "newsletter",
        "recruitment",
        "website",
        "processors",
        "other",
    ]


def test_defaults_come_from_the_model() -> None:
    retention = qn.question_for("contact.retention")
    assert retention is not None and retention.suggestion == model.Contact.USUAL_RETENTION
    assert retention.default is None  # offered, never assumed
    basis = qn.question_for("customers.legal_basis")
    assert basis is not None and basis.default == model.Customers.DEFAULT_BASIS


def test_findings_land_on_their_step() -> None:
    assert qn.step_for_path("processors[2].transfer").id == "processors"
    assert qn.step_for_path("controller.dpo.email").id == "business"
    assert qn.step_for_path("website.cookies[0].category").id == "website"
    assert qn.step_for_path("nonsense").id == "review"


def test_new_keys_are_inserted_in_reading_order(sample_copy: Callable[[str], Path]) -> None:
    session = Session.open(sample_copy("minimal"))
    session.answer("controller.org_number", "310123455")
    session.answer("controller.phone", "+47 32 00 00 00")
    assert list(session.tree["controller"]) == ["name", "org_number", "email", "phone"]


def test_clearing_and_retyping_keeps_the_line_as_it_was(sample_copy: Callable[[str], Path]) -> None:
    path = sample_copy("fjordkaffe")
    before = path.read_text(encoding="utf-8")
    session = Session.open(path)
    session.answer("controller.phone", "")
    assert session.get("controller.phone") is None
    session.answer("controller.phone", "+47 32 00 00 00")
    session.save()
    assert path.read_text(encoding="utf-8") == before


def test_switching_a_module_off_keeps_its_answers(sample_copy: Callable[[str], Path]) -> None:
    session = Session.open(sample_copy("fjordkaffe"))
    newsletter = qn.step("newsletter")
    session.set_step_on(newsletter, False)
    assert session.get("newsletter.enabled") is False
    assert next(iter(session.tree["newsletter"])) == "enabled"
    session.set_step_on(newsletter, True)
    assert "enabled" not in session.tree["newsletter"]


def test_switching_a_list_off_can_be_undone(sample_copy: Callable[[str], Path]) -> None:
    session = Session.open(sample_copy("fjordkaffe"))
    step = qn.step("processors")
    count = len(session.rows("processors"))
    session.set_step_on(step, False)
    assert session.get("processors") is None
    session.set_step_on(step, True)
    assert len(session.rows("processors")) == count


def test_pasted_rows_fill_known_cookies_from_the_catalogue() -> None:
    session = Session.new()
    session.switch("website", True)
    added = session.paste_rows(
        "website.cookies", "_ga_ABC123\nkurv;Butikken;necessary;Husker kurven;session"
    )
    assert added == 2
    first, second = session.rows("website.cookies")
    assert first["name"] == "_ga_ABC123" and first["category"] == "statistics"
    assert second["provider"] == "Butikken" and second["duration"] == "session"


def test_picking_a_service_fills_the_processor_and_adds_its_cookies() -> None:
    from notice_tui.catalog import load_catalog

    service = load_catalog().find("Mailchimp")
    assert service is not None
    session = Session.new()
    session.switch("website", True)
    index = session.add_row("processors")
    report, dropped = session.apply_service(f"processors[{index}].name", service)
    row = session.rows("processors")[0]
    assert row["name"] == "Mailchimp" and row["transfer"] == service.transfer
    assert len(report.cookies_added) == len(service.cookies) and not dropped


def test_a_new_profile_from_another_client_has_none_of_its_identity(
    sample_copy: Callable[[str], Path],
) -> None:
    session = Session.from_client(sample_copy("nordlys-nettbutikk"))
    text = session.doc.dumps()
    assert "Nordlys" not in text and "nordlysnett" not in text.replace("www.nordlysnett", "")
    assert session.name == "" and session.path is None and session.dirty


def test_recovery_round_trip(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("schema_version: 1\n", encoding="utf-8")
    key = recovery.key_for(profile)
    recovery.write(key, "schema_version: 1\n# mer\n", profile, "Navn")
    found = recovery.find_for(profile)
    assert found is not None and found.name == "Navn" and "# mer" in found.text
    recovery.discard(key)
    assert recovery.find_for(profile) is None
    new_key = recovery.key_for(None)
    recovery.write(new_key, "x: 1\n", None, "Ny")
    assert [r.key for r in recovery.untitled()] == [new_key]


def test_recent_profiles_are_kept_newest_first(tmp_path: Path, data_dir: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for p in (a, b):
        p.write_text("x: 1\n", encoding="utf-8")
    recent.add_recent(a)
    recent.add_recent(b)
    recent.add_recent(a)
    assert recent.recent_profiles() == [a.resolve(), b.resolve()]
    assert (data_dir / "recent.json").is_file()


@pytest.mark.parametrize("kind", ["text", "bool"])
def test_empty_answers_write_nothing(kind: str, sample_copy: Callable[[str], Path]) -> None:
    path = sample_copy("minimal")
    session = Session.open(path)
    if kind == "text":
        assert not session.answer("controller.contact_person", "")
    else:
        assert not session.answer("customers.invoicing", False)
    assert not session.dirty
    assert load(path).tree == session.tree


def test_dates_are_written_as_dates(sample_copy: Callable[[str], Path]) -> None:
    session = Session.open(sample_copy("minimal"))
    session.answer("last_updated", dt.date(2026, 11, 22))
    assert "last_updated: 2026-11-22" in session.doc.dumps()


def test_every_wizard_string_has_a_bokmal_translation() -> None:
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parent.parent
    with (repo / "locales" / "nb" / "LC_MESSAGES" / "notice_tui.po").open("rb") as fh:
        catalog = read_po(fh)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    files = [repo / "notice_tui" / "questionnaire.py", *(repo / "notice_tui" / "tui").rglob("*.py")]
    missing = []
    for path in files:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=keywords
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(msgid)
            string = entry.string if entry is not None else None
            if not string or (isinstance(string, tuple) and not all(string)):
                missing.append(f"{path.name}: {msgid}")
    assert not missing, missing


def test_a_period_typed_in_words_is_saved_as_a_period(tmp_path: Path) -> None:
    from notice_tui.tui.session import Session

    path = tmp_path / "p.yaml"
    path.write_text(
        "schema_version: 1\ncontroller: {name: A AS, email: a@b.no}\n"
        "contact: {channels: [phone]}\n",
        encoding="utf-8",
    )
    session = Session.open(path)
    session.answer("contact.retention", "3 år")
    assert session.get("contact.retention") == "3y"
    session.answer("contact.retention", "til saken er avsluttet")  # a criterion stays words
    assert session.get("contact.retention") == "til saken er avsluttet"


def test_answers_are_tidied_as_a_person_meant_them(tmp_path: Path) -> None:
    from notice_tui.tui.session import Session

    path = tmp_path / "p.yaml"
    path.write_text(
        "schema_version: 1\ncontroller: {name: A AS, email: a@b.no}\n", encoding="utf-8"
    )
    session = Session.open(path)
    session.answer("controller.contact_person", "   ")  # blank is no answer
    assert session.get("controller.contact_person") is None
    session.answer("controller.contact_person", "Kari  Nordmann,  daglig leder")
    assert session.get("controller.contact_person") == "Kari Nordmann, daglig leder"
    session.answer("controller.website", "fjordkaffe.no")
    assert session.get("controller.website") == "https://fjordkaffe.no"
    # The website step starts from the address the first step already has.
    session.set_step_on(qn.step("website"), True)
    assert session.get("website.url") == "https://fjordkaffe.no"
