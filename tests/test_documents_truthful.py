"""The documents never say what the profile does not support (issue: truthful documents).

Each test renders a small profile and reads the document as its reader would:
a sentence appears only when the profile's answers make it true.
"""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse_document
from notice_tui.profile.store import parse_text

DATE = dt.date(2026, 11, 22)

BASE = """\
schema_version: 1
last_updated: 2026-11-01
controller: {name: Testfirma AS, email: post@testfirma.no}
contact: {channels: [phone], retention: 12mo}
"""


def render(*parts: str) -> tuple[str, str]:
    text = BASE + "".join(dedent(p) for p in parts)
    result = analyse_document(parse_text(text, "t.yaml"), compliance=False)
    assert result.profile is not None, [f.format() for f in result.schema]
    docs = render_documents(result.profile, DATE)
    privacy = docs.get("privacy")
    cookies = docs.get("cookies")
    return (privacy.markdown if privacy else "", cookies.markdown if cookies else "")


def test_no_negative_about_recipients_without_confirmation() -> None:
    md, _ = render("processors:\n  - {name: Fiken, service: regnskap, location: Norge}\n")
    assert "Vi gir ikke personopplysninger til andre" not in md
    assert "Vi overfører ikke personopplysninger" not in md
    assert "Vi selger ikke" not in md
    assert "Alle som er nevnt her, behandler opplysningene innenfor EU/EØS" in md
    md, _ = render(
        "processors:\n  - {name: Fiken, service: regnskap, location: Norge}\n",
        "recipients: {complete: true}\n",
    )
    assert "Vi gir ikke personopplysninger til andre enn dem som er nevnt her" in md
    assert "Vi overfører ikke personopplysninger til land utenfor EU/EØS" in md


def test_nobody_listed_is_a_gap_not_a_claim() -> None:
    md, _ = render()
    assert "Vi gir ikke personopplysninger videre" not in md
    assert "[MANGLER: hvem som får personopplysningene" in md
    md, _ = render("recipients: {complete: true}\n")
    assert "Vi bruker ingen leverandører som behandler personopplysninger for oss" in md
    assert "MANGLER" not in md


def test_no_retention_nobody_chose() -> None:
    text = BASE.replace("retention: 12mo", "legal_basis: consent")
    result = analyse_document(parse_text(text, "t.yaml"), compliance=True)
    assert result.profile is not None
    doc = render_documents(result.profile, DATE).get("privacy")
    assert doc is not None
    assert "12 måneder" not in doc.markdown
    assert "[MANGLER: hvor lenge opplysningene lagres]" in doc.markdown
    finding = next(f for f in result.compliance if f.rule == "retention-missing")
    assert "notice-tui set" in finding.hint and "contact.retention 12mo" in finding.hint


def test_a_period_has_a_starting_point() -> None:
    md, _ = render()
    assert "12 måneder etter at henvendelsen er ferdig behandlet" in md


def test_banner_claims_only_with_a_consent_tool() -> None:
    site = """\
    website:
      url: https://testfirma.no
      cookies:
        - {name: _ga, provider: Google Analytics 4, category: statistics,
           purpose: Teller, duration: 13mo}
    processors:
      - {name: Google Analytics 4, service: statistikk, location: USA, transfer: dpf}
    """
    _, cookies = render(site)
    assert "like enkelt å avslå som å godta" not in cookies
    assert "ingenting er krysset av" not in cookies
    assert "Sletter du informasjonskapselen som husker valget ditt" not in cookies
    assert "MANGLER: hvordan nettstedet spør om samtykke" in cookies
    _, cookies = render(
        site.replace(
            "      cookies:",
            "      consent_tool: Cookiebot\n"
            "      consent_settings: lenken «Cookies» nederst\n      cookies:",
        )
    )
    assert "like enkelt å avslå som å godta" in cookies
    assert "Det gjør du med lenken «Cookies» nederst." in cookies


def test_only_necessary_cookies_need_no_banner() -> None:
    _, cookies = render("""\
    website:
      url: https://testfirma.no
      cookies:
        - {name: sesjon, provider: Testfirma AS, category: necessary,
           purpose: Innlogging, duration: session}
    """)
    assert "bare nødvendige informasjonskapsler, og derfor spør vi ikke om samtykke" in cookies
    assert "innstillinger" not in cookies.casefold().split("## spørsmål")[0].replace(
        "innstillingene i nettleseren", ""
    )


def test_no_cookies_is_said_only_after_a_check() -> None:
    _, cookies = render("website: {url: https://testfirma.no}\n")
    assert "brukte det ingen informasjonskapsler" not in cookies
    assert "MANGLER" in cookies
    _, cookies = render("website: {url: https://testfirma.no, cookies_reviewed: 2026-10-01}\n")
    assert "brukte det ingen informasjonskapsler" in cookies


def test_cookie_complaints_never_name_the_supervisor() -> None:
    _, cookies = render("website: {url: https://testfirma.no, cookies_reviewed: 2026-10-01}\n")
    assert "Nkom" not in cookies and "fører tilsyn" not in cookies
    assert "Klager på informasjonskapsler og på hvordan vi behandler personopplysninger" in cookies


def test_open_tracking_consent_is_said_only_when_the_profile_says_how() -> None:
    news = "newsletter: {data: [e-post], tracks_opens: true, retention: til du melder deg av}\n"
    md, _ = render(news)
    assert "del av det du samtykker til" not in md
    assert "leses det fra enheten din" in md  # what is true: opening reads the device
    assert "MANGLER: hvordan påmeldingen spør om samtykke" in md
    md, _ = render(news.replace("}", ", tracking_consent: en egen avkrysningsboks}"))
    assert "En egen avkrysningsboks." in md and "MANGLER" not in md.split("## Hvem")[0]


def test_roles_from_the_catalogue_and_the_companies_where_the_law_cares() -> None:
    md, _ = render("""\
    recipients: {complete: true}
    processors:
      - {name: Klarna, service: betaling med faktura, location: Sverige}
      - {name: Meta Pixel, service: annonser, location: USA, transfer: dpf}
      - {name: Mailchimp, service: nyhetsbrev, location: USA, transfer: dpf}
    """)
    table = md.split("| Leverandør | Hva de gjør for oss")[1].split("\n\n")[0]
    assert "Mailchimp" in table and "Klarna" not in table and "Meta" not in table
    controllers = md.split("### Mottakere som selv er behandlingsansvarlige")[1]
    assert "Klarna Bank AB (publ), Sverige" in controllers.split("###")[0]
    assert "Klarna bestemmer selv over kredittvurderingen" in controllers
    joint = md.split("### Felles behandlingsansvarlige")[1].split("\n## ")[0]
    assert "Meta Platforms Ireland Limited, Irland" in joint
    assert "controller_addendum" in joint
    assert "overfor hver av oss" in joint
    assert "Meta Platforms, Inc. (Meta Pixel)" in md
    assert "The Rocket Science Group LLC (Mailchimp)" in md


def test_self_hosted_tool_is_no_recipient() -> None:
    md, _ = render("""\
    recipients: {complete: true}
    processors:
      - {name: Matomo, service: statistikk, location: Norge, role: self_hosted}
    """)
    assert "Matomo kjører på vår egen server" in md
    assert "| Matomo" not in md and "| [Matomo" not in md


def test_tracking_is_a_purpose_of_its_own() -> None:
    md, _ = render("""\
    website:
      url: https://testfirma.no
      ip_logging: {retention: 30d}
      consent_tool: Cookiebot
      consent_settings: lenken nederst
      cookies:
        - {name: _ga, provider: Google Analytics 4, category: statistics,
           purpose: Teller, duration: 13mo}
        - {name: _fbp, provider: Meta Pixel, category: marketing, purpose: Annonser, duration: 90d}
    processors:
      - {name: Google Analytics 4, service: statistikk, location: USA, transfer: dpf}
      - {name: Meta Pixel, service: annonser, location: USA, transfer: dpf}
    """)
    summary = md.split("## Kort fortalt")[1].split("\n## ")[0]
    # Each row links to its section; security logs, statistics and advertising apart.
    assert (
        "| [Drive og sikre nettstedet](<#nar-du-besoker-nettstedet-vart>) | Berettiget "
        "interesse (bokstav f) | Logger: 30 dager" in summary
    )
    assert (
        "| [Statistikk over bruken av nettstedet](<#statistikk-over-bruken-av-nettstedet>) "
        "| Samtykke (bokstav a) |" in summary
    )
    assert (
        "| [Annonser og måling av annonser](<#annonser-og-maling-av-annonser>) "
        "| Samtykke (bokstav a) |" in summary
    )
    ads = md.split("### Annonser og måling av annonser")[1].split("\n### ")[0]
    assert "Meta Pixel (felles behandlingsansvarlig med oss)" in ads
    assert "IP-adressen" in ads and "konverteringer" in ads


def test_special_categories_inside_their_module() -> None:
    md, _ = render("""\
    customers:
      kind: consumers
      data: [navn, telefonnummer]
      retention: 2y
      sensitive: {data: [allergier], art9_basis: a, purpose: ta hensyn til allergier}
    employees:
      data: [navn, lønn]
      retention: så lenge arbeidsforholdet varer
      sensitive: {data: [sykefravær], art9_basis: b}
    """)
    customers = md.split("### Når du er kunde hos oss")[1].split("\n### ")[0]
    assert "artikkel 9 nr. 2 bokstav a" in customers
    assert "Det er frivillig å gi oss dem" in customers
    assert "Opplysningene om allergier er likevel frivillige." in customers
    employees = md.split("### Når du jobber hos oss")[1].split("\n## ")[0]
    assert "bokstav b, jf. personopplysningsloven § 6 første ledd" in employees
    assert "frivillig" not in employees


def test_consumers_never_read_about_contact_persons() -> None:
    md, _ = render("customers: {kind: consumers, data: [navn], retention: 2y}\n")
    assert "kontaktperson" not in md and "bedriften din" not in md
    md, _ = render("customers: {kind: businesses, data: [navn], retention: 2y}\n")
    assert "kontaktperson for en bedrift" in md
    summary = md.split("## Kort fortalt")[1].split("\n## ")[0]
    assert "berettiget interesse (bokstav f)" in summary.casefold()
    assert "Du kan når som helst protestere" in md


def test_objection_uses_the_law_s_words() -> None:
    md, _ = render()  # contact rests on legitimate interest by default
    assert "tvingende berettigede grunner" in md and "tungtveiende" not in md
    assert "allmennhetens interesse" not in md
    assert "vurderingen vi har gjort av den berettigede interessen" in md


def test_processor_for_clients_says_who_the_controller_is() -> None:
    md, _ = render()
    assert "som databehandler" not in md
    text = BASE.replace(
        "email: post@testfirma.no}",
        "email: post@testfirma.no, processor_for_clients: regnskapsføring og lønn}",
    )
    result = analyse_document(parse_text(text, "t.yaml"), compliance=False)
    assert result.profile is not None
    doc = render_documents(result.profile, DATE).get("privacy")
    assert doc is not None
    assert "Når vi utfører regnskapsføring og lønn for kundene våre" in doc.markdown
    assert "det kunden som er behandlingsansvarlig" in doc.markdown


def test_automated_decisions_said_only_when_answered() -> None:
    md, _ = render()
    assert "Vi tar ingen avgjørelser" not in md
    md, _ = render("automated_decisions: false\n")
    assert "Vi tar ingen avgjørelser om deg som bare bygger på automatisk behandling" in md


def test_no_dpo_is_not_asserted() -> None:
    md, _ = render()
    assert "Vi har ikke personvernombud" not in md


# Pieces of profiles, each leaving something out that a document needs or not.
PIECES = (
    "contact: {channels: [phone, email], retention: 12mo}\n",
    "contact: {channels: [phone]}\n",
    "bookings: {data: [navn], reminders: [sms]}\n",
    "customers: {data: [navn], kind: consumers, public_sources: [ukjent.no]}\n",
    "customers: {data: [navn], retention: 2y, public_sources: [brreg.no], invoicing: true}\n",
    "newsletter: {data: [e-post], tracks_opens: true, retention: til du melder deg av}\n",
    "recruitment: {data: [CV], retention: 6mo}\n",
    "other_activities: [{title: Kurs, purpose: kurs, data: [navn], legal_basis: contract}]\n",
    "website: {url: https://t.no}\n",
    "website: {url: https://t.no, consent_tool: Cookiebot, cookies: [{name: _ga, provider: "
    "Google Analytics 4, category: statistics, purpose: Teller, duration: 13mo}]}\n",
    "website: {url: https://t.no, cookies: [{name: fr, provider: Meta Pixel, category: "
    "marketing, purpose: Annonser, duration: 90d}]}\n",
    "processors: [{name: Meta Pixel, service: annonser, location: USA, transfer: dpf}]\n",
    "processors: [{name: Lager, service: lagring, location: skyen}]\n",
    "processors: [{name: Partner, service: x, location: Irland, role: joint_controller}]\n",
    "recipients: {complete: true}\n",
    "automated_decisions: false\n",
)


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(st.sampled_from(range(len(PIECES))), max_size=6, unique=True))
def test_a_marked_gap_is_always_an_error_check_names(chosen: list[int]) -> None:
    """The design's promise: every MANGLER in a document has its error in `check`, so a
    profile that check passes never renders a gap, and a gap never goes unexplained."""
    keys: dict[str, str] = {}
    for i in chosen:  # one piece per top-level key, as a YAML file can hold
        keys.setdefault(PIECES[i].split(":")[0], PIECES[i])
    text = BASE.replace("contact: {channels: [phone], retention: 12mo}\n", "") + "".join(
        keys.values()
    )
    result = analyse_document(parse_text(text, "t.yaml"))
    if result.profile is None or not result.valid:
        return
    errors = [f for f in result.compliance if f.severity == "error"]
    rendered = "".join(d.markdown for d in render_documents(result.profile, DATE).documents)
    if "MANGLER" in rendered:
        assert errors, text
