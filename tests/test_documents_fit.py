"""The documents read as written for this business (issue: fit and language).

Each test renders a small profile, or a sample, and reads what its reader reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse, analyse_document
from notice_tui.profile.store import parse_text

DATE = dt.date(2026, 11, 22)
SAMPLES = Path(__file__).resolve().parents[1] / "sample_profiles"

BASE = """\
schema_version: 1
last_updated: 2026-11-01
controller: {name: Testfirma AS, email: post@testfirma.no}
recipients: {complete: true}
"""


def docs(*parts: str) -> dict[str, str]:
    text = BASE + "".join(dedent(p) for p in parts)
    result = analyse_document(parse_text(text, "t.yaml"), compliance=False)
    assert result.profile is not None, [f.format() for f in result.schema]
    out = {}
    for doc in render_documents(result.profile, DATE).documents:
        out[doc.kind + ".md"] = doc.as_format("md")
        out[doc.kind + ".html"] = doc.as_format("html")
    return out


SITE = """\
website:
  url: https://testfirma.no
  consent_tool: Cookiebot
  consent_settings: lenken «Informasjonskapsler» nederst på hver side
  cookies_reviewed: 2026-10-01
  cookies:
    - {name: CookieConsent, provider: Cookiebot, category: necessary, purpose: Husker valget,
       duration: 12mo, first_party: true}
    - {name: sesjon, provider: Testfirma AS, category: necessary, purpose: Innlogging,
       duration: session}
    - {name: fr, provider: Meta Pixel, category: marketing, purpose: Annonser, duration: 90d,
       first_party: false}
    - {name: _ga, provider: Google Analytics 4, category: statistics, purpose: Teller,
       duration: 13mo, first_party: true}
processors:
  - {name: Cookiebot, service: samtykke, location: EU/EØS}
  - {name: Meta Pixel, service: annonser, location: USA, transfer: dpf}
  - {name: Google Analytics 4, service: statistikk, location: USA, transfer: dpf}
  - {name: YouTube, service: videoer, location: USA, transfer: dpf}
"""


def test_the_two_documents_link_to_each_other_in_their_own_format() -> None:
    out = docs(SITE)
    assert "(<informasjonskapsler.md>)" in out["privacy.md"]
    assert "(<personvernerklaering.md>)" in out["cookies.md"]
    assert 'href="informasjonskapsler.html"' in out["privacy.html"]
    assert 'href="personvernerklaering.html"' in out["cookies.html"]
    assert "@@" not in "".join(out.values())
    published = docs(
        SITE.replace(
            "  cookies_reviewed:",
            "  cookie_declaration_url: https://testfirma.no/cookies\n  cookies_reviewed:",
        )
    )
    assert 'href="https://testfirma.no/cookies"' in published["privacy.html"]


def test_summary_rows_link_to_their_sections() -> None:
    html = docs(SITE, "contact: {channels: [phone], retention: 12mo}\n")["privacy.html"]
    assert 'href="#nar-du-kontakter-oss"' in html and 'id="nar-du-kontakter-oss"' in html
    assert 'href="#annonser-og-maling-av-annonser"' in html
    assert 'id="annonser-og-maling-av-annonser"' in html


def test_captions_only_in_html() -> None:
    out = docs(SITE)
    assert "*Nødvendige informasjonskapsler*" not in out["cookies.md"]
    assert "<caption>Nødvendige informasjonskapsler</caption>" in out["cookies.html"]


def test_who_sets_a_cookie_in_words_and_no_column_that_never_varies() -> None:
    md = docs(SITE)["cookies.md"]
    assert "Førstepart" not in md and "Tredjepart" not in md
    assert "| `sesjon` | Vi |" in md
    assert "| `CookieConsent` | Vi, med Cookiebot |" in md
    assert "| `fr` | Meta Pixel, for oss |" in md
    assert "| Type |" not in md  # every item is a cookie
    local = docs(
        SITE.replace(
            "duration: 13mo, first_party: true}",
            "duration: 13mo, first_party: true, storage: local_storage}",
        )
    )
    assert "| Navn | Type | Satt av |" in local["cookies.md"]


def test_one_dpf_sentence_names_each_company_once() -> None:
    md = docs(SITE, "contact: {channels: [phone], retention: 12mo, systems: [YouTube]}\n")[
        "privacy.md"
    ]
    transfers = md.split("## Overføring til land utenfor EU/EØS")[1]
    assert transfers.count("Data Privacy Framework") == 1
    assert "Google LLC (Google Analytics 4 og YouTube)" in transfers
    assert "Meta Platforms, Inc. (Meta Pixel)" in transfers


def test_the_consent_tool_reads_naturally() -> None:
    assert "med samtykkeverktøyet Cookiebot" in docs(SITE)["cookies.md"]
    own = docs(SITE.replace("consent_tool: Cookiebot", "consent_tool: vårt eget banner"))
    assert "samtykket ditt med vårt eget banner." in own["cookies.md"]


def test_days_are_dager_and_lists_never_say_og_twice() -> None:
    md = docs("""\
    employees:
      data: [arbeidstid og fravær, lønn]
      retention: 30d
    """)["privacy.md"]
    assert "30 dager" in md and "døgn" not in md
    assert "Arbeidstid og fravær samt lønn" in md


def test_last_updated_and_version_alike_in_both_documents() -> None:
    out = docs("version_label: '2.1'\n", SITE)
    line = "*Sist oppdatert 1. november 2026 · Versjon 2.1*"
    assert line in out["privacy.md"] and line in out["cookies.md"]


def test_material_changes_are_announced_as_the_profile_says() -> None:
    md = docs()["privacy.md"]
    assert "Er endringene vesentlige" not in md
    md = docs("changes_announced: med en melding på forsiden\n")["privacy.md"]
    assert "Er endringene vesentlige, sier vi fra med en melding på forsiden." in md


def test_public_sources_say_what_is_taken_from_each() -> None:
    md = docs("""\
    customers:
      data: [navn]
      retention: 2y
      public_sources: [brreg.no, 1881.no, "skatteetaten.no: skattekortet ditt"]
    """)["privacy.md"]
    line = next(x for x in md.splitlines() if "Hvor vi henter" in x)
    assert "organisasjonsnummer, adresse og hvem som har roller i bedriften fra brreg.no" in line
    assert "navn, adresse og telefonnummer fra 1881.no" in line
    assert "skattekortet ditt fra skatteetaten.no" in line


def test_a_web_shop_says_delivery_returns_and_complaints() -> None:
    md = docs("""\
    customers:
      kind: consumers
      data: [navn, adresse]
      retention: 3y
      delivery: true
      complaints_retention: 5y
    """)["privacy.md"]
    assert "får transportøren navnet ditt, adressen og telefonnummeret" in md
    assert "tar vi vare på i 5 år etter at du fikk varen" in md
    assert "forbrukerkjøpsloven § 27" in md


def test_recruitment_says_what_happens_when_hired_and_about_referees() -> None:
    text = "recruitment: {data: [CV], retention: 6mo%s}\n"
    md = docs(text % "")["privacy.md"]
    assert "personalmappen" not in md and "referansene" not in md
    md = docs(text % ", references_by_agreement: true, hired_to_personnel_file: true")["privacy.md"]
    assert "Vi kontakter referansene dine bare etter avtale med deg." in md
    assert "Får du stillingen, tar vi søknaden og CV-en med i personalmappen din." in md


def test_bookings_have_a_home_of_their_own() -> None:
    md = docs("""\
    bookings:
      data: [navn, mobilnummer, tidspunkt]
      reminders: [sms, email]
      retention: 12mo
    """)["privacy.md"]
    section = md.split("### Når du bestiller time")[1].split("\n## ")[0]
    assert "påminnelse på SMS eller e-post" in section
    assert "12 måneder etter timen" in section
    assert "Timebestilling og påminnelser" in md.split("## Kort fortalt")[1]


def test_the_salon_reads_like_a_salon() -> None:
    result = analyse(SAMPLES / "saksefryd-frisor.yaml")
    assert result.profile is not None and not [f for f in result.findings if f.severity == "error"]
    md = render_documents(result.profile, DATE).get("privacy")
    assert md is not None
    text = md.markdown
    assert "frisørsalong i Bodø" in text.split("\n\n")[2]  # the introduction
    assert "kundekortet" in text and "bestiller time" in text
    assert "bedriften din" not in text and "kontaktperson for en bedrift" not in text


def test_no_list_item_is_glued_to_the_text_before_it() -> None:
    import re

    for sample in sorted(SAMPLES.glob("*.yaml")):
        result = analyse(sample, compliance=False)
        assert result.profile is not None
        for doc in render_documents(result.profile, DATE).documents:
            glued = re.findall(r".{20}\S- \*\*.{10}", doc.markdown)
            assert not glued, (sample.name, glued)
