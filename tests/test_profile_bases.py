"""Each module says which legal bases it rests on; the documents only ask it."""

from __future__ import annotations

import datetime as dt
import inspect
from textwrap import dedent

from notice_tui.document import context, render_documents
from notice_tui.pipeline import analyse_document
from notice_tui.profile.store import parse_text

BASE = dedent("""\
    schema_version: 1
    last_updated: 2026-11-01
    controller: {name: Testfirma AS, email: post@testfirma.no}
    contact: {channels: [phone], retention: 12mo}
    recipients: {complete: true}
    """)


def privacy(extra: str) -> str:
    result = analyse_document(parse_text(BASE + dedent(extra), "t.yaml"), compliance=False)
    assert result.profile is not None, [f.format() for f in result.schema]
    doc = render_documents(result.profile, dt.date(2026, 11, 22)).get("privacy")
    assert doc is not None
    return doc.markdown


def _summary_row(md: str, label: str) -> str:
    return next(line for line in md.splitlines() if line.startswith("|") and label in line)


def test_keeping_applications_with_consent_puts_consent_in_the_summary() -> None:
    kept = privacy("""\
        recruitment: {data: [CV], retention: 6mo, keep_longer_with_consent: true}
        """)
    assert "samtykke (bokstav a)" in _summary_row(kept, "jobbsøkere")
    assert "Trekke tilbake samtykke" in kept  # art. 13 nr. 2 c: the right to withdraw
    plain = privacy("recruitment: {data: [CV], retention: 6mo}\n")
    assert "samtykke" not in _summary_row(plain, "jobbsøkere")


def test_the_website_is_a_purpose_only_with_logs_or_necessary_cookies() -> None:
    md = privacy("""\
        website:
          url: https://testfirma.no
          consent_tool: Cookiebot
          cookies:
            - {name: _ga, provider: Google Analytics, category: statistics,
               purpose: Teller besøk, duration: 13mo}
        """)
    assert "nettstedet sikkert og i drift" not in md
    md = privacy("""\
        website: {url: "https://testfirma.no", ip_logging: {retention: 30d}}
        """)
    assert "nettstedet sikkert og i drift" in md


def test_build_facts_names_no_module() -> None:
    """Module-specific bases belong to the modules (model.py), not to the documents."""
    source = inspect.getsource(context.build_facts)
    for key in (
        "contact",
        "bookings",
        "customers",
        "newsletter",
        "recruitment",
        "employees",
        "website",
    ):
        assert f'key == "{key}"' not in source
