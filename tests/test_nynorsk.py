"""Nynorsk documents (issue 16): the bokmål documents' structure, in nynorsk words.

The nynorsk templates hold the same conditions as the bokmål ones, and no more than
grammar needs, so the same profile gives the same sentences, links and gaps; a
profile written in nynorsk gets a document without a bokmål word. (The nynorsk
golden documents, tests/golden/nn/, are checked by test_languages.py.)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse, analyse_document
from notice_tui.profile import model
from notice_tui.profile.store import parse_text

ROOT = Path(__file__).parents[1]
TEMPLATES = ROOT / "templates"
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
DATE = dt.date(2026, 11, 22)

# A business that writes its own answers in nynorsk, every module on, no gaps.
NYNORSK_PROFILE = """\
schema_version: 1
language: nn
last_updated: 2026-10-15
version_label: "2"
changes_announced: på e-post til kundane
changes:
  - {date: 2026-10-15, text: la til kameraovervaking}
  - {date: 2026-03-01, text: første utgåve}
controller:
  name: Fjellstove Test AS
  org_number: "310 000 019"
  address: {street: Fjellvegen 1, postal_code: "6856", city: Sogndal, country: Norge}
  email: post@fjellstove.example
  phone: "57 00 00 00"
  website: https://fjellstove.example
  description: kafé og overnatting i Sogndal
  contact_person: Kari Fjell, dagleg leiar
  dpo: {name: Ola Dal, email: ombod@fjellstove.example}
  rights_form_url: https://fjellstove.example/skjema
  processor_for_clients: lønnskøyring
contact:
  channels: [phone, email, contact_form, chat, social_media]
  social_media_platforms: [Facebook]
  phone_logs_kept: true
  call_notes_to_crm: true
  retention: 12mo
  retention_note: etter at saka er ferdig
  systems: [Skrivebordet]
bookings:
  online: true
  reminders: [sms, email]
  data: [namn, telefonnummer]
  legal_basis: contract
  retention: 30d
  retention_note: etter timen
  systems: [Timeboka]
customers:
  kind: both
  data: [namn, e-post]
  legal_basis: contract
  invoicing: true
  delivery: true
  complaints_retention: 5y
  retention: 3y
  public_sources: [brreg.no]
  systems: [Reknaren]
newsletter:
  data: [e-postadresse]
  tracks_opens: true
  tracking_consent: ein eigen avkryssingsboks
  retention: 2y
  systems: [Brevduen]
recruitment:
  data: [CV, søknad]
  legal_basis: contract
  retention: 6mo
  keep_longer_with_consent: true
  references_by_agreement: true
  hired_to_personnel_file: true
employees:
  data: [namn, lønn]
  legal_basis: contract
  retention: 3y
  sensitive:
    data: [sjukefråvær]
    art9_basis: b
    purpose: følgje opp sjukefråvær
other_activities:
  - title: Kameraovervaking
    purpose: hindre innbrot
    data: [videoopptak]
    legal_basis: legitimate_interest
    legitimate_interest: å hindre innbrot og hærverk
    retention: 7d
automated_decisions: false
security:
  measures: [kryptering, tilgangsstyring]
  breach_routine: true
rights: {verify_identity: true}
processors:
  - {name: Skrivebordet, service: e-post, location: Norge}
  - {name: Timeboka, service: timebestilling, location: Noreg}
  - {name: Reknaren, service: rekneskap, location: Sverige}
  - {name: Brevduen, service: utsending av nyheitsbrev, location: USA, transfer: scc}
  - {name: Teljaren, service: statistikk, location: EU/EØS}
  - {name: Banken, service: betaling, location: Norge, role: controller, role_note: betalinga}
  - name: Partnaren
    service: felles kampanjar
    location: Irland
    role: joint_controller
    arrangement: Vi og Partnaren deler ansvaret for kampanjane.
    arrangement_url: https://fjellstove.example/avtale
recipients: {complete: true, authorities_when_required: true, partners: rekneskapsføraren vår}
website:
  url: https://fjellstove.example
  ip_logging: {retention: 30d, purpose: tryggleik}
  consent_tool: Samtykkjaren
  consent_settings: lenkja «Innstillingar» nedst på sida
  cookies_reviewed: 2026-10-01
  external_links: true
  cookies:
    - {name: sid, provider: Fjellstove Test AS, category: necessary,
       purpose: held deg innlogga, duration: session, first_party: true}
    - {name: val, provider: Fjellstove Test AS, category: preferences,
       purpose: hugsar språket, duration: 1y, first_party: true, storage: local_storage}
    - {name: tel, provider: Teljaren, category: statistics, purpose: tel besøk,
       duration: 13mo, first_party: false}
    - {name: ann, provider: Partnaren, category: marketing, purpose: målar annonsar,
       duration: 90d, first_party: false}
"""

# Words bokmål has and nynorsk has not (or spells otherwise): one in a nynorsk
# document means a sentence was left in bokmål.
BOKMAL = re.compile(
    r"\b(ikke|hva|hvem|hvor|hvordan|hvorfor|hvis|også|bare|noen|dere|deres|disse|"
    r"fra|uten|mye|selv|personopplysninger|opplysningene|behandlingsansvarlige?|"
    r"databehandlere?|nettstedet|nettleseren|enheten|virksomheten|rettigheter|"
    r"tjenesten|henvendelser?|formålet|regnskap|myndigheter|lagres|behandles|slettes|"
    r"gjør|ble|dager|måneder|timer|uker|døgn|Norge|MANGLER|UTKAST – ikke)\b"
)


def _profile(text: str) -> model.Profile:
    result = analyse_document(parse_text(text, "nn.yaml"), compliance=False)
    assert result.profile is not None, [f.format() for f in result.schema]
    return result.profile


def _sample(path: Path) -> model.Profile:
    result = analyse(path, compliance=False)
    assert result.valid and result.profile is not None
    return result.profile


def _documents(
    profile: model.Profile, language: str, draft: list[str] | None = None
) -> dict[str, str]:
    docs = render_documents(profile, DATE, draft, language=language).documents
    return {d.kind: d.markdown for d in docs}


def _skeleton(markdown: str) -> list[tuple[str, int, int, int]]:
    """Each line's kind (heading level, list item, table row and its cells, quote,
    paragraph), its links and its gap markers: what a reader sees, minus the words."""
    out = []
    for line in markdown.splitlines():
        if line.startswith("#"):
            kind = line.split(" ")[0]
        elif line.startswith("- "):
            kind = "item"
        elif line.startswith("|"):
            kind = f"row{line.count(' | ')}"
        elif line.startswith(">"):
            kind = "quote"
        else:
            kind = "text" if line else ""
        out.append(
            (kind, line.count("]("), len(re.findall(r"\[MANGL[EA]R:", line)), line.count("**"))
        )
    return out


EDGE_PROFILE = (
    NYNORSK_PROFILE.replace("  retention: 30d\n  retention_note: etter timen\n", "")
    .replace("    arrangement_url: https://fjellstove.example/avtale\n", "")
    .replace("  consent_tool: Samtykkjaren\n", "")
    .replace(
        "  - {name: Reknaren, service: rekneskap, location: Sverige}",
        "  - {name: Reknaren, service: rekneskap, location: skyen}",
    )
    .replace(
        "automated_decisions: false",
        "automated_decisions: {description: Vi vurderer kreditt automatisk.}",
    )
    .replace("recipients: {complete: true, ", "recipients: {")
)


@pytest.mark.parametrize("name", [s.stem for s in SAMPLES] + ["nynorsk", "gaps"])
def test_nynorsk_says_what_bokmal_says_line_for_line(name: str) -> None:
    """The same profile gives the same headings, lists, tables, links and gaps in
    both languages: no condition of the bokmål templates is missing in nynorsk."""
    if name == "nynorsk":
        profile, draft = _profile(NYNORSK_PROFILE), None
    elif name == "gaps":
        profile, draft = _profile(EDGE_PROFILE), ["ein feil"]
    else:
        profile, draft = _sample(ROOT / "sample_profiles" / f"{name}.yaml"), None
    nb, nn = _documents(profile, "nb", draft), _documents(profile, "nn", draft)
    assert sorted(nb) == sorted(nn)
    for kind in nb:
        assert _skeleton(nn[kind]) == _skeleton(nb[kind]), kind
    if name == "gaps":
        assert "**[MANGLAR: kor lenge opplysningane blir lagra]**" in nn["privacy"]
        assert "MANGLER" not in nn["privacy"] + nn["cookies"]
        assert "> **UTKAST – ikkje publiser: 1 feil.**" in nn["privacy"]


def test_a_nynorsk_profile_gets_a_document_without_bokmal() -> None:
    docs = _documents(_profile(NYNORSK_PROFILE), "nn")
    for kind, text in docs.items():
        found = sorted({m.group(0) for m in BOKMAL.finditer(text)})
        assert not found, f"{kind}: {found}"
    assert "personvernforordninga artikkel 6 nr. 1 bokstav b" in docs["privacy"]
    assert "## Rettane dine" in docs["privacy"] and "(#rettane-dine)" in docs["privacy"]


def test_periods_and_dates_are_cldr_nynorsk() -> None:
    docs = _documents(_profile(NYNORSK_PROFILE), "nn")
    privacy, cookies = docs["privacy"], docs["cookies"]
    assert "*Sist oppdatert 15. oktober 2026 · Versjon 2*" in privacy
    assert "30 dagar etter timen. Deretter slettar vi opplysningane." in privacy
    assert "i 3 år og 6 månadar, slik bokføringslova § 13 krev" in privacy
    assert "innan 72 timar når lova krev det" in privacy
    assert "| 13 månadar |" in cookies and "| 90 dagar |" in cookies
    assert "| Til du lukkar nettlesaren |" in cookies
    assert "éin månad" in privacy and "døgn" not in privacy + cookies
    assert (
        "*Siste endringar*\n\n- **15. oktober 2026:** La til kameraovervaking.\n"
        "- **1. mars 2026:** Første utgåve." in privacy
    )


def test_places_and_file_names_are_nynorsk() -> None:
    docs = render_documents(_profile(NYNORSK_PROFILE), DATE, language="nn").documents
    assert [d.filename("md") for d in docs] == ["personvernerklaering.md", "informasjonskapslar.md"]
    privacy = docs[0].markdown
    assert "| Skrivebordet | E-post | Noreg |" in privacy
    assert "Fjellvegen 1, 6856 Sogndal, Noreg" in privacy
    assert "(<informasjonskapslar.@@ext@@>)" in privacy


_TAG = re.compile(r"{%-?\s*(.*?)\s*-?%}", re.S)
# Conditions nynorsk needs for grammar alone: "X er sertifisert", "X og Y er sertifiserte".
_GRAMMAR_ONLY = ["if dpf|length == 1", "else", "endif"]


@pytest.mark.parametrize(
    "template",
    sorted(p.relative_to(TEMPLATES / "nb").as_posix() for p in (TEMPLATES / "nb").rglob("*.j2")),
)
def test_every_bokmal_condition_is_in_the_nynorsk_template(template: str) -> None:
    nb = [t.replace("nb/", "") for t in _TAG.findall((TEMPLATES / "nb" / template).read_text())]
    nn = [t.replace("nn/", "") for t in _TAG.findall((TEMPLATES / "nn" / template).read_text())]
    extra = list(nn)
    for tag in nb:
        assert tag in extra, f"{template}: {tag!r} is missing in nynorsk"
        extra.remove(tag)
    for tag in _GRAMMAR_ONLY:
        if tag in extra:
            extra.remove(tag)
    assert not extra, f"{template}: nynorsk has conditions bokmål has not: {extra}"


def test_a_nynorsk_profiles_record_of_processing_is_in_nynorsk() -> None:
    from notice_tui.desk.protocol import build_protocol, document

    doc = document(build_protocol(_profile(NYNORSK_PROFILE), DATE))
    text = doc.markdown
    assert text.startswith("# Behandlingsprotokoll for Fjellstove Test AS\n")
    assert "**Protokollen er ikkje fullstendig." in text
    assert "- **Kategoriar av registrerte:** **[MANGLAR: kven opplysningane gjeld]**" in text
    assert "- **Planlagde fristar for sletting:** 30 dagar etter timen" in text
    assert "| Brevduen | Utsending av nyheitsbrev | databehandlar |" in text
    assert "MANGLER" not in text and "Laga 22. november 2026." in text
