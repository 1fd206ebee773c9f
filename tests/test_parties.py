"""First party or third party, and which entry holds a name: one decision for all readers."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

from notice_tui.checks import run_checks
from notice_tui.document import render_documents
from notice_tui.pipeline import analyse_document
from notice_tui.profile.store import parse_text

SPACED = dedent("""\
    schema_version: 1
    last_updated: 2026-11-01
    controller: {name: Fjordkaffe AS, email: post@fjordkaffe.no}
    contact: {channels: [phone], retention: 12mo}
    website:
      url: https://fjordkaffe.no
      consent_tool: Cookiebot
      consent_settings: lenken nederst på siden
      cookies:
        - {name: handlekurv, provider: "Fjordkaffe  AS", category: necessary,
           purpose: Husker handlekurven, duration: session}
        - {name: _ga, provider: "fjordkaffe as", category: statistics,
           purpose: Teller besøk, duration: 13mo}
    recipients: {complete: true}
    """)


def test_provider_with_double_space_is_the_business_in_checks_and_documents() -> None:
    result = analyse_document(parse_text(SPACED, "t.yaml"), compliance=False)
    assert result.profile is not None
    ids = {f.rule for f in run_checks(result.profile)}
    assert "cookie-provider-not-recipient" not in ids
    cookies = render_documents(result.profile, dt.date(2026, 11, 22)).get("cookies").markdown
    rows = [line for line in cookies.splitlines() if "handlekurv" in line or "_ga" in line]
    assert len(rows) == 2, cookies
    for row in rows:
        assert "| Vi |" in row, row
        assert "Vi, med" not in row and "for oss" not in row, row
