"""The one YAML edit layer: the wizard and the catalogue put new keys in the same place
and leave a hand-written file's headings above the sections they introduce."""

from __future__ import annotations

from pathlib import Path

from notice_tui.catalog import load_catalog
from notice_tui.catalog.apply import add_service
from notice_tui.profile import edit
from notice_tui.profile.store import parse_text
from notice_tui.tui.session import Session

PROFILE = """\
schema_version: 1
controller:
  name: Kunde AS
  email: post@kunde.no

# Mottakere
recipients:
  authorities_when_required: true
"""


def test_a_key_the_wizard_adds_leaves_the_next_heading_where_it_was(tmp_path: Path) -> None:
    path = tmp_path / "kunde.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    session = Session.open(path)
    session.answer("controller.phone", "+47 32 00 00 00")
    session.save()
    text = path.read_text(encoding="utf-8")
    assert "  email: post@kunde.no\n  phone: +47 32 00 00 00\n\n# Mottakere\nrecipients:\n" in text


def test_the_wizard_and_the_catalogue_put_a_list_in_the_same_place(tmp_path: Path) -> None:
    by_catalogue = parse_text(PROFILE)
    add_service(by_catalogue.tree, load_catalog().find("Fiken"))
    path = tmp_path / "kunde.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    session = Session.open(path)
    session.add_row("processors")
    assert list(session.tree) == list(by_catalogue.tree)
    assert list(by_catalogue.tree) == ["schema_version", "controller", "processors", "recipients"]


def test_key_order_has_one_source() -> None:
    from notice_tui import questionnaire

    for parent in ("", "controller", "website", "processors[3]"):
        assert edit.key_order(parent) == questionnaire.key_order(parent)
