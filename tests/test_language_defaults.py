"""Texts the documents supply themselves (a period's usual starting point) are in the
document's language, also for a kind of processing with no starting point of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse_document
from notice_tui.profile.store import parse_text

PROFILE = """\
schema_version: 1
language: {lang}
controller:
  name: Prøve Kurs AS
  email: post@provekurs.no
recipients:
  complete: true
automated_decisions: false
last_updated: 2026-11-01
other_activities:
  - title: Kurs
    purpose: administrere påmeldinger
    data: [navn]
    legal_basis: contract
    retention: 3mo
"""


@pytest.mark.parametrize(
    ("lang", "expected", "foreign"),
    [
        ("en", "3 months after our last contact", "etter siste kontakt"),
        ("nn", "3 månadar etter siste kontakt", ""),
    ],
)
def test_an_activity_without_a_starting_point_gets_the_general_one_in_its_language(
    lang: str, expected: str, foreign: str
) -> None:
    result = analyse_document(parse_text(PROFILE.format(lang=lang), "t.yaml"), compliance=False)
    assert result.profile is not None
    privacy = render_documents(result.profile, dt.date(2026, 11, 22)).get("privacy")
    assert privacy is not None
    text = privacy.as_format("md")
    assert expected in text
    if lang == "en":
        assert foreign not in text
