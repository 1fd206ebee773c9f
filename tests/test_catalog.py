"""The service catalogue: every data entry is valid, lookups behave, and the
cookie facts agree with the Open Cookie Database or say why they do not.

The entry checks read the YAML files directly rather than through the loader,
so a loader that silently accepted bad data would not hide it.
"""

from __future__ import annotations

import csv
import dataclasses
import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from notice_tui.catalog import (
    Catalog,
    CatalogCookie,
    CatalogError,
    Service,
    load_catalog,
    load_services,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "notice_tui" / "catalog" / "data"
OCD_CSV = Path(__file__).resolve().parents[2] / "shared" / "reference" / "open-cookie-database.csv"

# The schema, written out again on purpose: if the loader's constants drift,
# these tests should notice rather than follow along.
DURATION = re.compile(r"^(session|[1-9][0-9]*(s|min|h|d|w|mo|y))$")
KINDS = {
    "analytics",
    "advertising",
    "consent",
    "email",
    "crm",
    "accounting",
    "payments",
    "shop",
    "office",
    "hosting",
    "recruitment",
    "booking",
    "embedded",
    "support",
    "sms",
    "shipping",
}
CATEGORIES = {"necessary", "preferences", "statistics", "marketing"}
STORAGES = {"cookie", "local_storage", "session_storage", "indexed_db", "pixel"}
TRANSFERS = {"none", "adequacy", "dpf", "scc", "bcr", "derogation"}
SERVICE_KEYS = {
    "name",
    "aliases",
    "kind",
    "role",
    "entity",
    "entity_country",
    "arrangement",
    "dpf_entity",
    "arrangement_url",
    "role_note",
    "service",
    "location",
    "transfer",
    "privacy_url",
    "cookies",
    "source",
    "checked",
    "notes",
}
OPTIONAL_KEYS = {"aliases", "notes", "dpf_entity", "arrangement_url", "arrangement", "role_note"}
ROLES = {"processor", "controller", "joint_controller"}
COOKIE_KEYS = {"name", "first_party", "category", "purpose", "duration", "storage"}

NO_TRANSFER_LOCATIONS = {"Norge", "EU/EØS"}
# Countries with a Commission adequacy decision (GDPR art. 45), in bokmål.
# The USA is absent: only DPF-certified companies are covered, via "dpf".
ADEQUACY_COUNTRIES = {
    "Andorra",
    "Argentina",
    "Canada",
    "Færøyene",
    "Guernsey",
    "Israel",
    "Isle of Man",
    "Japan",
    "Jersey",
    "New Zealand",
    "Sveits",
    "Storbritannia",
    "Sør-Korea",
    "Uruguay",
}
# Entries say "EU/EØS" for these, so notices never name a member state as if
# it were a transfer.
EEA_MEMBER_STATES = {
    "Belgia",
    "Bulgaria",
    "Danmark",
    "Estland",
    "Finland",
    "Frankrike",
    "Hellas",
    "Irland",
    "Island",
    "Italia",
    "Kroatia",
    "Kypros",
    "Latvia",
    "Liechtenstein",
    "Litauen",
    "Luxembourg",
    "Malta",
    "Nederland",
    "Polen",
    "Portugal",
    "Romania",
    "Slovakia",
    "Slovenia",
    "Spania",
    "Sverige",
    "Tsjekkia",
    "Tyskland",
    "Ungarn",
    "Østerrike",
}

# Where a legal entity may be registered, in bokmål: never "EU/EØS", which is a
# place data may be, not a country a company belongs to.
ENTITY_COUNTRIES = EEA_MEMBER_STATES | ADEQUACY_COUNTRIES | {"Norge", "USA", "Australia"}
# A legal form that names its country, so entity and entity_country cannot drift apart.
LEGAL_FORM_COUNTRY = [
    (re.compile(r" AS$"), "Norge"),
    (re.compile(r" AB( \(publ\))?$"), "Sverige"),
    (re.compile(r" A/S$"), "Danmark"),
    (re.compile(r" Oy$"), "Finland"),
    (re.compile(r" OÜ$"), "Estland"),
    (re.compile(r" B\.V\.$"), "Nederland"),
    (re.compile(r" SAS$"), "Frankrike"),
    (re.compile(r" s\.r\.o\.$"), "Tsjekkia"),
    (re.compile(r"[ ,](Inc\.|LLC)$"), "USA"),
    (re.compile(r" Pty Ltd$"), "Australia"),
]
# The organisations on the Data Privacy Framework list are U.S. companies.
US_ORGANISATION = re.compile(r"[ ,](Inc\.|LLC|Corporation)$")

# Every service the issue names, by the name a user would type.
ISSUE_SERVICES = {
    "analytics": [
        "Google Analytics 4",
        "Matomo",
        "Plausible",
        "Hotjar",
        "Microsoft Clarity",
        "Siteimprove",
    ],
    "advertising": [
        "Google Ads",
        "Meta Pixel",
        "LinkedIn Insight Tag",
        "TikTok Pixel",
        "Snap Pixel",
        "Albacross",
        "Leadinfo",
    ],
    "consent": ["Cookiebot", "CookieYes", "Cookie Information"],
    "email": ["Mailchimp", "Make", "Mailgun", "Brevo", "Apsis", "Rule", "MailerLite"],
    "crm": ["SuperOffice", "HubSpot", "Salesforce", "Pipedrive", "Upsales"],
    "accounting": [
        "Tripletex",
        "Fiken",
        "PowerOffice",
        "Visma eAccounting",
        "Visma.net",
        "Conta",
    ],
    "payments": [
        "Vipps MobilePay",
        "Stripe",
        "Klarna",
        "Nets",
        "Nexi",
        "SumUp",
        "Zettle",
        "Verifone",
        "Nets betalingsterminal",
        "Shopify",
        "WooCommerce",
        "Mystore",
    ],
    "office": [
        "Microsoft 365",
        "Google Workspace",
        "Slack",
        "Atlassian",
        "Zendesk",
        "Intercom",
        "Teams",
    ],
    "hosting": [
        "Webhuset",
        "Domeneshop",
        "One.com",
        "Cloudflare",
        "WordPress.com",
        "Wix",
        "Squarespace",
    ],
    "recruitment": ["Webcruiter", "ReachMee", "Recman", "Teamtailor", "Jobylon", "FINN"],
    "booking": ["Timma", "Easy Booking", "Bookis", "Fresha"],
    # What a salon, a shop and a clinic also name (issue 13).
    "sms": ["LINK Mobility", "Twilio"],
    "shipping": ["Posten", "Bring", "PostNord"],
    "embedded": ["YouTube", "Vimeo", "Google Maps"],
}


# --- raw data ---------------------------------------------------------------


def _raw_entries() -> list[tuple[str, dict[str, Any]]]:
    yaml = YAML(typ="safe")
    entries: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        loaded = yaml.load(path.read_text(encoding="utf-8"))
        assert isinstance(loaded, list), f"{path.name} must hold a list of services"
        entries.extend((path.stem, entry) for entry in loaded)
    return entries


RAW = _raw_entries()


def _entry_problems(stem: str, entry: Any) -> list[str]:
    """Everything wrong with one raw entry; empty when it is valid."""
    if not isinstance(entry, dict):
        return ["not a mapping"]
    problems: list[str] = []
    keys = set(entry)
    if keys - SERVICE_KEYS:
        problems.append(f"unknown keys {sorted(keys - SERVICE_KEYS)}")
    if (SERVICE_KEYS - OPTIONAL_KEYS) - keys:
        problems.append(f"missing keys {sorted((SERVICE_KEYS - OPTIONAL_KEYS) - keys)}")
        return problems
    for key in ("name", "entity", "entity_country", "service", "location", "privacy_url", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(f"{key} must be non-empty text")
    for key in ("dpf_entity", "arrangement_url", "role_note"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{key} must be non-empty text when present")
    if problems:
        return problems

    if entry["kind"] not in KINDS:
        problems.append(f"kind {entry['kind']!r} is not one of {sorted(KINDS)}")
    elif entry["kind"] != stem:
        problems.append(f"kind {entry['kind']!r} is filed in {stem}.yaml")
    service = entry["service"]
    # It is printed as "<name> brukes til <service>".
    if not service[0].islower() or service.endswith("."):
        problems.append(f"service {service!r} must start lower-case and not end with '.'")
    for key in ("privacy_url", "source"):
        if not entry[key].startswith("https://"):
            problems.append(f"{key} {entry[key]!r} must start with https://")
    checked = entry["checked"]
    if not isinstance(checked, date) or checked > date.today():
        problems.append(f"checked {checked!r} must be a date, not in the future")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        problems.append("aliases must be a list of non-empty strings")
    notes = entry.get("notes")
    if notes is not None and (not isinstance(notes, str) or not notes.strip()):
        problems.append("notes must be non-empty text when present")
    problems += _transfer_problems(entry["location"], entry["transfer"])
    problems += _role_problems(entry)
    if "privacy shield" in repr(entry).casefold():
        problems.append("mentions Privacy Shield, which was struck down in 2020")

    cookies = entry["cookies"]
    if not isinstance(cookies, list):
        return [*problems, "cookies must be a list (may be empty)"]
    for index, cookie in enumerate(cookies):
        problems += [f"cookies[{index}]: {p}" for p in _cookie_problems(entry["kind"], cookie)]
    return problems


def _role_problems(entry: dict[str, Any]) -> list[str]:
    """The role and the legal companies: what a notice must name, and about whom."""
    problems: list[str] = []
    role = entry["role"]
    if role not in ROLES:
        problems.append(f"role {role!r} is not one of {sorted(ROLES)}")
    country = entry["entity_country"]
    if country not in ENTITY_COUNTRIES:
        problems.append(f"entity_country {country!r} is not a country in bokmål")
    for form, expected in LEGAL_FORM_COUNTRY:
        if form.search(entry["entity"]) and country != expected:
            problems.append(
                f"entity {entry['entity']!r} is registered in {expected}, not {country!r}"
            )
    dpf_entity = entry.get("dpf_entity")
    if (entry["transfer"] == "dpf") != (dpf_entity is not None):
        problems.append("dpf_entity is required exactly when transfer is dpf")
    elif dpf_entity is not None and not US_ORGANISATION.search(dpf_entity):
        problems.append(f"dpf_entity {dpf_entity!r} is not a U.S. organisation's name")
    arrangement = entry.get("arrangement_url")
    if (role == "joint_controller") != (arrangement is not None):
        problems.append("arrangement_url is required exactly for a joint_controller")
    elif arrangement is not None and not str(arrangement).startswith("https://"):
        problems.append(f"arrangement_url {arrangement!r} must start with https://")
    note = entry.get("role_note")
    if note is not None:
        if role == "processor":
            problems.append("role_note is for controllers: a processor decides nothing itself")
        # It is printed as "<name> bestemmer selv over <role_note>".
        elif not str(note)[:1].islower() or str(note).endswith("."):
            problems.append(f"role_note {note!r} must start lower-case and not end with '.'")
    return problems


def _transfer_problems(location: str, transfer: Any) -> list[str]:
    if transfer not in TRANSFERS:
        return [f"transfer {transfer!r} is not one of {sorted(TRANSFERS)}"]
    problems: list[str] = []
    if location in EEA_MEMBER_STATES:
        problems.append(f"location {location!r}: write 'EU/EØS' for EEA member states")
    inside = location in NO_TRANSFER_LOCATIONS
    if inside != (transfer == "none"):
        problems.append(
            f"transfer must be 'none' exactly when location is Norge or EU/EØS, "
            f"got {location!r} with {transfer!r}"
        )
    if transfer == "adequacy" and location not in ADEQUACY_COUNTRIES:
        problems.append(f"no adequacy decision covers {location!r}")
    if transfer == "dpf" and location != "USA":
        problems.append(f"the Data Privacy Framework only covers the USA, not {location!r}")
    if location in ADEQUACY_COUNTRIES and transfer not in {"adequacy", "scc", "bcr"}:
        problems.append(f"{location!r} has an adequacy decision; use 'adequacy'")
    return problems


def _cookie_problems(kind: str, cookie: Any) -> list[str]:
    if not isinstance(cookie, dict):
        return ["not a mapping"]
    if set(cookie) != COOKIE_KEYS:
        return [f"keys must be exactly {sorted(COOKIE_KEYS)}, got {sorted(cookie)}"]
    problems: list[str] = []
    name = cookie["name"]
    if not isinstance(name, str) or not re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", name):
        problems.append(f"name {name!r} is not a cookie name (only '*' as a wildcard)")
    if not isinstance(cookie["first_party"], bool):
        problems.append("first_party must be true or false")
    if cookie["category"] not in CATEGORIES:
        problems.append(f"category {cookie['category']!r} is not one of {sorted(CATEGORIES)}")
    if cookie["storage"] not in STORAGES:
        problems.append(f"storage {cookie['storage']!r} is not one of {sorted(STORAGES)}")
    # str(): an unquoted `30` arrives as an int and must still fail.
    if not DURATION.match(str(cookie["duration"])):
        problems.append(f"duration {cookie['duration']!r} is not 'session' or e.g. '13mo'")
    purpose = cookie["purpose"]
    if not isinstance(purpose, str) or not purpose[:1].isupper() or purpose.endswith("."):
        problems.append(f"purpose {purpose!r} must be a capitalised fragment without '.'")
    # The mistakes Datatilsynet sees most: tracking passed off as necessary.
    if kind == "analytics" and cookie["category"] == "necessary":
        problems.append("an analytics service's cookie cannot be necessary")
    if kind == "advertising" and cookie["category"] != "marketing":
        problems.append("an advertising service's cookies are marketing")
    return problems


@pytest.mark.parametrize(("stem", "entry"), RAW, ids=[str(e.get("name")) for _, e in RAW])
def test_entry_is_valid(stem: str, entry: dict[str, Any]) -> None:
    assert _entry_problems(stem, entry) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": "tracking"}, "kind 'tracking'"),
        ({"transfer": "privacy_shield"}, "transfer 'privacy_shield'"),
        ({"location": "USA", "transfer": "none"}, "exactly when location"),
        ({"location": "Irland"}, "EU/EØS"),
        ({"location": "Sveits", "transfer": "dpf"}, "only covers the USA"),
        ({"location": "India", "transfer": "adequacy"}, "no adequacy decision"),
        ({"privacy_url": "http://example.com"}, "https://"),
        ({"service": "Måling."}, "lower-case"),
        ({"notes": "Covered by Privacy Shield."}, "Privacy Shield"),
        ({"colour": "red"}, "unknown keys"),
        ({"role": "subprocessor"}, "role 'subprocessor'"),
        ({"entity_country": "EU/EØS"}, "not a country"),
        ({"entity": "Test AB"}, "registered in Sverige"),
        ({"entity": "Test, Inc."}, "registered in USA"),
        ({"location": "USA", "transfer": "dpf"}, "dpf_entity is required"),
        ({"dpf_entity": "Test, Inc."}, "dpf_entity is required"),
        ({"location": "USA", "transfer": "dpf", "dpf_entity": "Test Ltd"}, "U.S. organisation"),
        ({"role": "joint_controller"}, "arrangement_url is required"),
        ({"arrangement_url": "https://example.com/addendum"}, "arrangement_url is required"),
        ({"role": "joint_controller", "arrangement_url": "http://example.com/a"}, "https://"),
        ({"role_note": "betalingen"}, "a processor decides nothing"),
        ({"role": "controller", "role_note": "Betalingen."}, "lower-case"),
        (
            {
                "cookies": [
                    {
                        "name": "_x",
                        "first_party": True,
                        "category": "statistics",
                        "purpose": "Teller",
                        "duration": 30,
                        "storage": "cookie",
                    }
                ]
            },
            "duration 30",
        ),
        (
            {
                "cookies": [
                    {
                        "name": "_x",
                        "first_party": True,
                        "category": "necessary",
                        "purpose": "Teller",
                        "duration": "2y",
                        "storage": "cookie",
                    }
                ]
            },
            "cannot be necessary",
        ),
        (
            {
                "cookies": [
                    {
                        "name": "_x",
                        "first_party": "yes",
                        "category": "statistic",
                        "purpose": "teller.",
                        "duration": "2 years",
                        "storage": "disk",
                    }
                ]
            },
            "category 'statistic'",
        ),
    ],
)
def test_entry_checks_catch_bad_data(change: dict[str, Any], expected: str) -> None:
    good = {
        "name": "Test",
        "kind": "analytics",
        "role": "processor",
        "entity": "Test AS",
        "entity_country": "Norge",
        "service": "måling",
        "location": "Norge",
        "transfer": "none",
        "privacy_url": "https://example.com/",
        "cookies": [],
        "source": "https://example.com/",
        "checked": date(2026, 1, 1),
    }
    assert _entry_problems("analytics", good) == []
    joint = {
        **good,
        "role": "joint_controller",
        "arrangement_url": "https://example.com/a",
        "role_note": "hvordan dataene brukes etterpå",
        "location": "USA",
        "transfer": "dpf",
        "dpf_entity": "Test, Inc.",
    }
    assert _entry_problems("analytics", joint) == []
    problems = _entry_problems("analytics", {**good, **change})
    assert any(expected in p for p in problems), problems


def test_at_least_sixty_services() -> None:
    assert len(RAW) >= 60


def test_names_and_aliases_are_unique() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for _, entry in RAW:
        for name in [entry["name"], *entry.get("aliases", [])]:
            key = " ".join(name.casefold().split())
            if key in seen and seen[key] != entry["name"]:
                clashes.append(f"{name!r} ({entry['name']}) clashes with {seen[key]}")
            seen[key] = entry["name"]
    assert clashes == []


def test_cookie_names_are_unique() -> None:
    # One owner per cookie keeps match_cookie unambiguous.
    owners: dict[str, list[str]] = {}
    for _, entry in RAW:
        for cookie in entry["cookies"]:
            owners.setdefault(cookie["name"], []).append(entry["name"])
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


def test_every_service_in_the_issue_is_there() -> None:
    catalog = load_catalog()
    missing = [
        name for names in ISSUE_SERVICES.values() for name in names if catalog.find(name) is None
    ]
    assert missing == []


def test_every_kind_is_used() -> None:
    assert {entry["kind"] for _, entry in RAW} == KINDS


# --- roles and legal companies ----------------------------------------------

# The usual role towards a small Norwegian business of the services the legal
# notes (../shared/legal-notes.md, "Roles") and the issues name. Changing one is
# a legal decision: the entry's notes must say why.
EXPECTED_ROLES = {
    "Meta Pixel": "joint_controller",
    # LinkedIn's own terms make it an independent controller for the tag; its
    # joint controller addendum covers page statistics only (see the entry).
    "LinkedIn Insight Tag": "controller",
    "Google Ads": "controller",
    "TikTok Pixel": "controller",
    "Snap Pixel": "controller",
    "Albacross": "controller",
    "Leadinfo": "controller",
    "Vipps MobilePay": "controller",
    "Klarna": "controller",
    "PayPal": "controller",
    "Stripe": "controller",
    "Nexi Checkout": "controller",
    "YouTube": "controller",
    "Vimeo": "controller",
    "Google Maps": "controller",
    "Microsoft Clarity": "controller",
    # Google runs reCAPTCHA as a processor since April 2026 (see the entry).
    "Google reCAPTCHA": "processor",
    "Google Analytics 4": "processor",
    "Google Tag Manager": "processor",
    "Plausible Analytics": "processor",
    "Matomo": "processor",
    "Hotjar": "processor",
    "Siteimprove": "processor",
    "Mailchimp": "processor",
    "Timma": "processor",
    "Tripletex": "processor",
    "Cookiebot": "processor",
    # Issue 13: card terminals, SMS, job boards, carriers, salon booking.
    "SumUp": "controller",
    "Zettle by PayPal": "controller",
    "Nets betalingsterminal": "controller",
    # Verifone says it passes transactions on as the merchant's processor.
    "Verifone": "processor",
    "LINK Mobility": "processor",
    "Twilio": "processor",
    "FINN.no": "controller",
    "Posten Bring": "controller",
    "PostNord": "controller",
    "Fresha": "processor",
}
# Kinds whose services act on the business's instructions under a data
# processing agreement: hosting, e-mail, accounting, booking, CRM, office,
# support, applicant tracking, consent tools, shop platforms.
PROCESSOR_KINDS = {
    "accounting",
    "booking",
    "consent",
    "crm",
    "email",
    "hosting",
    "office",
    "recruitment",
    "shop",
    "sms",
    "support",
}
# Services of those kinds that nonetheless decide for themselves.
CONTROLLERS_AMONG_PROCESSOR_KINDS = {"FINN.no"}
EXPECTED_DPF_ENTITIES = {
    "Google Analytics 4": "Google LLC",
    "YouTube": "Google LLC",
    "Meta Pixel": "Meta Platforms, Inc.",
    "LinkedIn Insight Tag": "LinkedIn Corporation",
    "Microsoft 365": "Microsoft Corporation",
    "Microsoft Clarity": "Microsoft Corporation",
    "Mailchimp": "The Rocket Science Group LLC",
    "Salesforce": "Salesforce, Inc.",
    "HubSpot": "HubSpot, Inc.",
    "Zoom": "Zoom Communications, Inc.",
    "Slack": "Slack Technologies, LLC",
    "Calendly": "Calendly LLC",
    "Zendesk": "Zendesk, Inc.",
    "Cloudflare": "Cloudflare, Inc.",
    "Snap Pixel": "Snap Inc.",
    "Stripe": "Stripe, Inc.",
}


def _service(name: str) -> Service:
    found = load_catalog().find(name)
    assert found is not None, name
    return found


def test_every_service_has_a_role_and_a_country() -> None:
    for svc in load_catalog():
        assert svc.role in ROLES, svc.name
        assert svc.entity_country in ENTITY_COUNTRIES, svc.name


def test_the_usual_roles() -> None:
    assert {name: _service(name).role for name in EXPECTED_ROLES} == EXPECTED_ROLES


def test_processor_kinds_hold_processors() -> None:
    wrong = {
        svc.name: svc.role
        for svc in load_catalog()
        if svc.kind in PROCESSOR_KINDS and svc.role != "processor"
    }
    assert wrong.keys() == CONTROLLERS_AMONG_PROCESSOR_KINDS, wrong


def test_carriers_are_controllers() -> None:
    carriers = load_catalog().by_kind("shipping")
    assert carriers and {s.role for s in carriers} == {"controller"}
    assert _service("Posten") is _service("Bring")
    assert _service("Bring").entity == "Posten Bring AS"


def test_advertising_is_never_a_plain_processor() -> None:
    # The platforms use what their tags collect for their own advertising.
    assert {s.name for s in load_catalog().by_kind("advertising") if s.role == "processor"} == set()


def test_dpf_names_the_certified_company_and_only_then() -> None:
    for svc in load_catalog():
        assert (svc.transfer == "dpf") == (svc.dpf_entity is not None), svc.name
    found = {name: _service(name).dpf_entity for name in EXPECTED_DPF_ENTITIES}
    assert found == EXPECTED_DPF_ENTITIES


def test_joint_controllers_link_their_arrangement() -> None:
    for svc in load_catalog():
        assert (svc.role == "joint_controller") == (svc.arrangement_url is not None), svc.name
    meta = _service("Meta Pixel")
    assert meta.arrangement_url == "https://www.facebook.com/legal/controller_addendum"
    assert (meta.entity, meta.entity_country) == ("Meta Platforms Ireland Limited", "Irland")


def test_controllers_say_what_they_decide_for_themselves() -> None:
    assert _service("Klarna").role_note == (
        "kredittvurderingen og kontrollene som kreves mot hvitvasking"
    )
    assert _service("Vipps MobilePay").role_note == (
        "betalingen og kontrollene hvitvaskingsloven krever"
    )
    assert _service("Google Ads").role_note == (
        "hvordan annonsedataene brukes i Googles egne tjenester"
    )
    for svc in load_catalog():
        if svc.role == "processor":
            assert svc.role_note is None, svc.name
        elif svc.kind in ("payments", "advertising"):
            # The reader needs to know what the platform does on its own account.
            assert svc.role_note, svc.name


# --- loader -----------------------------------------------------------------


def test_load_catalog_reads_every_entry_once_and_is_cached() -> None:
    catalog = load_catalog()
    assert len(catalog) == len(RAW)
    assert [s.name for s in catalog] == [e["name"] for _, e in RAW]
    assert load_catalog() is catalog


def test_cache_file_name_changes_with_the_format_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_tui.catalog import store

    monkeypatch.delenv("NOTICE_TUI_NO_CACHE", raising=False)
    files_ = store._data_files(store.data_dir())
    path = store._cache_file(files_)
    assert path is not None and path.parent.name == "catalog"
    monkeypatch.setattr(store, "CACHE_FORMAT", store.CACHE_FORMAT + 1)
    assert store._cache_file(files_) not in (None, path)


def test_a_cached_copy_of_another_shape_is_parsed_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A pickle of Service objects without today's fields is never handed out."""
    import pickle

    from notice_tui.catalog import store

    monkeypatch.delenv("NOTICE_TUI_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = store._cache_file(store._data_files(store.data_dir()))
    assert path is not None and tmp_path in path.parents
    old = []
    for svc in load_catalog():
        # What unpickling a Service of the previous version gives: no role attribute.
        stale = object.__new__(Service)
        vars(stale).update(
            {k: v for k, v in vars(svc).items() if k not in ("role", "entity_country")}
        )
        old.append(stale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(tuple(old)))
    fresh = store.load_catalog.__wrapped__()
    assert [s.name for s in fresh] == [s.name for s in load_catalog()]
    assert all(s.role in ROLES for s in fresh)
    # The parsed copy replaced the stale one, and is used from then on.
    assert store._current_shape(pickle.loads(path.read_bytes()))
    assert store.load_catalog.__wrapped__() == fresh


def test_loaded_service_has_typed_fields() -> None:
    ga = load_catalog().find("Google Analytics 4")
    assert ga is not None
    assert ga.kind == "analytics"
    assert ga.transfer == "dpf"
    assert ga.outside_eea
    assert isinstance(ga.checked, date)
    assert isinstance(ga.aliases, tuple)
    assert ga.cookies[0] == CatalogCookie(
        "_ga", True, "statistics", "Skiller besøkende fra hverandre", "2y", "cookie"
    )


def test_services_are_frozen() -> None:
    service = load_catalog().find("Google Analytics 4")
    assert service is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.name = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.cookies[0].duration = "1d"  # type: ignore[misc]


def test_entries_convert_to_profile_shapes() -> None:
    mailchimp = load_catalog().find("Mailchimp")
    assert mailchimp is not None
    # A processor is the profile's default role, so the key is left out.
    assert mailchimp.as_processor() == {
        "name": "Mailchimp",
        "service": "utsending av nyhetsbrev og markedsføring på e-post",
        "location": "USA",
        "transfer": "dpf",
        "url": "https://mailchimp.com/legal/privacy/",
    }
    klarna = load_catalog().find("Klarna")
    assert klarna is not None
    entry = klarna.as_processor()
    assert list(entry) == ["name", "service", "location", "transfer", "url", "role"]
    assert entry["role"] == "controller"
    meta = load_catalog().find("Meta Pixel")
    assert meta is not None and meta.as_processor()["role"] == "joint_controller"
    ga = load_catalog().find("GA4")
    assert ga is not None
    assert list(ga.cookies[0].as_profile_cookie(ga.name)) == [
        "name",
        "provider",
        "category",
        "purpose",
        "duration",
        "first_party",
        "storage",
    ]


_GOOD_YAML = """\
- name: Test
  kind: analytics
  role: processor
  entity: Test AS
  entity_country: Norge
  service: måling
  location: Norge
  transfer: none
  privacy_url: https://example.com/
  cookies:
    - {name: _t, first_party: true, category: statistics, purpose: Teller,
       duration: 2y, storage: cookie}
  source: https://example.com/
  checked: 2026-01-01
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: analytics", "kind: tracking", "kind"),
        ("duration: 2y", "duration: 2 years", "duration"),
        ("category: statistics", "category: analytics", "category"),
        ("checked: 2026-01-01", "checked: soon", "checked"),
        (
            "  source: https://example.com/\n",
            "  source: https://example.com/\n  extra: 1\n",
            "unknown keys",
        ),
        ("  entity: Test AS\n", "", "missing keys"),
        ("- name: Test", "- name: [Test", "not valid YAML"),
        ("role: processor", "role: subprocessor", "role"),
        ("  role: processor\n", "", "missing keys"),
        ("entity_country: Norge", "entity_country: EU/EØS", "entity_country"),
        ("entity_country: Norge", "entity_country: ''", "entity_country"),
        (
            "location: Norge\n  transfer: none",
            "location: USA\n  transfer: dpf",
            "dpf_entity: required exactly when",
        ),
        (
            "entity_country: Norge",
            "entity_country: Norge\n  dpf_entity: Test, Inc.",
            "dpf_entity: required exactly when",
        ),
        ("entity_country: Norge", "entity_country: Norge\n  dpf_entity: ''", "dpf_entity"),
        ("role: processor", "role: joint_controller", "arrangement_url: required"),
        (
            "entity_country: Norge",
            "entity_country: Norge\n  arrangement_url: https://example.com/a",
            "arrangement_url: required",
        ),
        (
            "role: processor\n  entity: Test AS\n  entity_country: Norge",
            "role: joint_controller\n  entity: Test AS\n  entity_country: Norge\n"
            "  arrangement_url: example.com/a",
            "https://",
        ),
        (
            "entity_country: Norge",
            "entity_country: Norge\n  role_note: betalingen",
            "role_note: only for a controller",
        ),
    ],
)
def test_loader_rejects_bad_files(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_GOOD_YAML.replace(old, new), encoding="utf-8")
    with pytest.raises(CatalogError, match=message) as info:
        load_services([path])
    assert "bad.yaml" in str(info.value)


def test_loader_accepts_the_good_file(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(_GOOD_YAML, encoding="utf-8")
    [service] = load_services([path])
    assert service.cookies[0].duration == "2y"
    assert (service.role, service.entity_country) == ("processor", "Norge")
    assert service.dpf_entity is service.arrangement_url is service.role_note is None


def test_loader_reads_a_joint_controller_with_its_companies(tmp_path: Path) -> None:
    path = tmp_path / "joint.yaml"
    text = (
        _GOOD_YAML.replace("role: processor", "role: joint_controller")
        .replace(
            "entity_country: Norge",
            "entity_country: Irland\n  dpf_entity: Test, Inc.\n"
            "  arrangement_url: https://example.com/addendum\n"
            "  arrangement: Vi samler inn, Test svarer på henvendelser om resten\n"
            "  role_note: hvordan dataene brukes etterpå",
        )
        .replace("location: Norge\n  transfer: none", "location: USA\n  transfer: dpf")
    )
    path.write_text(text, encoding="utf-8")
    [service] = load_services([path])
    assert service.role == "joint_controller"
    assert service.entity_country == "Irland"
    assert service.dpf_entity == "Test, Inc."
    assert service.arrangement_url == "https://example.com/addendum"
    assert service.role_note == "hvordan dataene brukes etterpå"
    assert service.arrangement == "Vi samler inn, Test svarer på henvendelser om resten"


def test_catalog_refuses_duplicate_names() -> None:
    one = load_catalog().find("Fiken")
    assert one is not None
    with pytest.raises(CatalogError, match="already used"):
        Catalog((one, dataclasses.replace(one, name="Fiken 2", aliases=("FIKEN",))))


# --- lookups ------------------------------------------------------------------


def _names(services: list[Service]) -> list[str]:
    return [s.name for s in services]


def test_find_ignores_case_and_spacing_and_knows_aliases() -> None:
    catalog = load_catalog()
    ga = catalog.find("Google Analytics 4")
    assert ga is not None
    assert catalog.find("google analytics") is ga
    assert catalog.find("  GA4 ") is ga
    assert catalog.find("Google  Analytics") is ga
    assert catalog.find("Teams") is catalog.find("Microsoft Teams")
    assert "Sendinblue" in catalog


def test_find_wants_a_whole_name() -> None:
    catalog = load_catalog()
    assert catalog.find("Goo") is None
    assert catalog.find("") is None
    assert catalog.find("Google Analytics 5") is None


def test_search_offers_google_analytics_for_goo() -> None:
    results = _names(load_catalog().search("Goo"))
    assert "Google Analytics 4" in results
    # Name hits first, then services found only through the entity (Google Ireland).
    name_hits = [n for n in results if n.casefold().startswith("goo")]
    assert results[: len(name_hits)] == sorted(name_hits, key=str.casefold)
    assert "YouTube" in results[len(name_hits) :]


def test_search_ranks_exact_then_prefix_then_word_then_substring() -> None:
    catalog = load_catalog()
    assert _names(catalog.search("teams"))[0] == "Microsoft Teams"
    assert _names(catalog.search("ga4")) == ["Google Analytics 4"]
    analytics = _names(catalog.search("analytics"))
    assert analytics.index("Google Analytics 4") < analytics.index("Siteimprove")
    assert _names(catalog.search("office"))[0] == "Microsoft 365"  # alias "Office 365"
    assert "PowerOffice" in _names(catalog.search("office"))


def test_search_ignores_punctuation_and_finds_entities() -> None:
    catalog = load_catalog()
    assert _names(catalog.search("onecom")) == ["One.com"]
    assert _names(catalog.search("Rocket Science")) == ["Mailchimp"]
    assert "Nexi Checkout" in _names(catalog.search("nets"))


def test_every_kind_has_a_label_in_both_languages() -> None:
    from notice_tui import i18n
    from notice_tui.catalog import KIND_LABELS, kind_label

    assert set(KIND_LABELS) == KINDS
    before = i18n.current_language()
    try:
        i18n.set_language("nb")
        assert kind_label("payments") == "betaling"
        assert kind_label("shipping") == "frakt"
        i18n.set_language("en")
        assert kind_label("payments") == "payments"
        assert kind_label("unheard-of") == "unheard-of"
    finally:
        i18n.set_language(before)


def test_search_finds_kinds_below_names_and_above_entities() -> None:
    catalog = load_catalog()
    payments = _names(catalog.search("payments"))
    # A name or alias hit ("WooPayments") first, then the kind, then nothing else.
    assert payments[0] == "WooCommerce"
    assert set(payments[1:]) == {s.name for s in catalog.by_kind("payments")}
    assert payments[1:] == sorted(payments[1:], key=str.casefold)
    assert _names(catalog.search("kunderegister")) == _names(list(catalog.by_kind("crm")))
    assert _names(catalog.search("Frakt")) == ["Posten Bring", "PostNord"]
    assert _names(catalog.search("payment"))[1:] == payments[1:]  # a word start is enough
    # A service whose legal entity merely contains the word comes after the kind.
    matomo = catalog.find("Matomo")
    assert matomo is not None
    by_entity = dataclasses.replace(matomo, name="Zeta", aliases=(), entity="Frakt Holding AS")
    mixed = Catalog((by_entity, *catalog.by_kind("shipping")))
    assert _names(mixed.search("frakt")) == ["Posten Bring", "PostNord", "Zeta"]


def test_search_needs_three_letters_to_match_a_kind_by_its_start() -> None:
    catalog = load_catalog()
    assert "Timma" not in _names(catalog.search("bo"))
    assert "Timma" in _names(catalog.search("boo"))
    assert "Twilio" in _names(catalog.search("sms"))  # a whole kind word of three letters


def test_search_matches_kinds_whatever_the_ui_language() -> None:
    from notice_tui import i18n

    before = i18n.current_language()
    try:
        for lang in ("en", "nb"):
            i18n.set_language(lang)
            assert "Vipps MobilePay" in _names(load_catalog().search("betaling"))
            assert "Vipps MobilePay" in _names(load_catalog().search("payments"))
    finally:
        i18n.set_language(before)


def test_search_edge_cases() -> None:
    catalog = load_catalog()
    assert catalog.search("zzqx") == []
    everything = catalog.search("  ")
    assert len(everything) == len(catalog)
    assert _names(everything) == sorted(_names(everything), key=str.casefold)
    assert len(catalog.search("", limit=5)) == 5
    assert len(catalog.search("google", limit=2)) == 2


def test_match_cookie_exact_pattern_and_case() -> None:
    catalog = load_catalog()
    hit = catalog.match_cookie("_ga")
    assert hit is not None and hit[0].name == "Google Analytics 4" and hit[1].name == "_ga"
    hit = catalog.match_cookie("_ga_X1Y2Z3")
    assert hit is not None and hit[1].name == "_ga_*"
    hit = catalog.match_cookie("_pk_id.1.7c3f")
    assert hit is not None and hit[0].name == "Matomo"
    hit = catalog.match_cookie("cookieconsent")
    assert hit is not None and hit[0].name == "Cookiebot"
    assert catalog.match_cookie("not_a_known_cookie") is None
    assert catalog.match_cookie("  ") is None


def test_match_cookie_prefers_exact_names_over_patterns() -> None:
    hit = load_catalog().match_cookie("sbjs_session")
    assert hit is not None
    assert hit[1].name == "sbjs_session"
    assert hit[1].duration == "30min"
    other = load_catalog().match_cookie("sbjs_first")
    assert other is not None and other[1].name == "sbjs_*"


def test_match_cookie_prefers_the_most_specific_pattern() -> None:
    base = load_catalog().find("Matomo")
    assert base is not None

    def with_cookie(name: str, pattern: str) -> Service:
        cookie = CatalogCookie(pattern, True, "statistics", "Teller", "1d")
        return dataclasses.replace(base, name=name, aliases=(), cookies=(cookie,))

    catalog = Catalog((with_cookie("Broad", "_g*"), with_cookie("Narrow", "_ga_*")))
    hit = catalog.match_cookie("_ga_123")
    assert hit is not None and hit[0].name == "Narrow"
    hit = catalog.match_cookie("_gx")
    assert hit is not None and hit[0].name == "Broad"


def test_by_kind() -> None:
    catalog = load_catalog()
    analytics = catalog.by_kind("analytics")
    assert {s.kind for s in analytics} == {"analytics"}
    assert "Matomo" in _names(list(analytics))
    assert _names(list(analytics)) == sorted(_names(list(analytics)), key=str.casefold)
    assert catalog.by_kind("nonsense") == ()
    assert set(catalog.kinds) == KINDS


# --- Open Cookie Database -------------------------------------------------------


@dataclass(frozen=True)
class OcdRow:
    platform: str
    category: str
    name: str
    retention: str
    wildcard: bool


# What each OCD category may be called here. OCD's "Functional" covers both
# strictly necessary and preference cookies, so either is an agreement.
OCD_CATEGORIES = {
    "Analytics": {"statistics"},
    "Marketing": {"marketing"},
    "Functional": {"necessary", "preferences"},
    "Necessary": {"necessary"},
    "Security": {"necessary"},
    "Personalization": {"preferences"},
}
_SECONDS = {
    "s": 1,
    "min": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "mo": 30.44 * 86400,
    "y": 365.25 * 86400,
}
_OCD_UNITS = {
    "second": "s",
    "sec": "s",
    "minute": "min",
    "min": "min",
    "hour": "h",
    "day": "d",
    "week": "w",
    "month": "mo",
    "year": "y",
}
_OCD_PERIOD = re.compile(
    r"^(\d+)\s*(seconds?|secs?|minutes?|mins?|hours?|days?|weeks?|months?|years?)"
    r"(?: after last activity| from set/ ?update)?$"
)
# "365 days" and "1 year", or "179 days" and "6 months", are the same setting.
_TOLERANCE = 0.03
# Shorter OCD wildcard prefixes ("_s", "P_") would claim unrelated cookies.
_MIN_PREFIX = 3


def _ocd_rows() -> list[OcdRow]:
    with OCD_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            OcdRow(
                platform=row["Platform"],
                category=row["Category"].strip(),
                name=row["Cookie / Data Key name"].strip(),
                retention=row["Retention period"],
                wildcard=row["Wildcard match"].strip() == "1",
            )
            for row in csv.DictReader(handle)
        ]


def _ocd_seconds(retention: str) -> float | None:
    """0.0 for a session cookie, None when the text is not one clear period."""
    text = " ".join(retention.casefold().split())
    if text in {"session", "sessions"} or text.startswith("end of session"):
        return 0.0
    match = _OCD_PERIOD.match(text)
    if match is None:
        return None
    word = match.group(2)
    unit = _OCD_UNITS.get(word) or _OCD_UNITS[word.rstrip("s")]
    return int(match.group(1)) * _SECONDS[unit]


def _our_seconds(duration: str) -> float:
    if duration == "session":
        return 0.0
    match = DURATION.match(duration)
    assert match is not None, duration
    return int(duration[: -len(match.group(2))]) * _SECONDS[match.group(2)]


def _ocd_candidates(cookie_name: str, rows: list[OcdRow]) -> list[OcdRow]:
    """The OCD rows about this cookie: exact name first, then the longest wildcard prefix."""
    exact = [r for r in rows if not r.wildcard and r.name == cookie_name]
    if exact:
        return exact
    literal = cookie_name.split("*", 1)[0]
    prefixed = [
        r for r in rows if r.wildcard and len(r.name) >= _MIN_PREFIX and literal.startswith(r.name)
    ]
    if prefixed:
        longest = max(len(r.name) for r in prefixed)
        return [r for r in prefixed if len(r.name) == longest]
    if "*" in cookie_name:
        return [r for r in rows if not r.wildcard and fnmatch.fnmatchcase(r.name, cookie_name)]
    return []


def _disagreements(cookie: CatalogCookie, row: OcdRow) -> list[str]:
    found: list[str] = []
    allowed = OCD_CATEGORIES.get(row.category)
    if allowed is not None and cookie.category not in allowed:
        found.append(f"category {cookie.category} vs OCD {row.category}")
    theirs = _ocd_seconds(row.retention)
    if theirs is not None:
        ours = _our_seconds(cookie.duration)
        if (ours == 0.0) != (theirs == 0.0) or (
            ours and abs(ours - theirs) / max(ours, theirs) > _TOLERANCE
        ):
            found.append(f"duration {cookie.duration} vs OCD {row.retention.strip()!r}")
    return found


def _comparisons(
    catalog: Catalog, rows: list[OcdRow]
) -> Iterator[tuple[Service, CatalogCookie, list[OcdRow]]]:
    for service in catalog:
        for cookie in service.cookies:
            candidates = _ocd_candidates(cookie.name, rows)
            if candidates:
                yield service, cookie, candidates


def _notes_mention(notes: str | None, cookie_name: str) -> bool:
    # As a whole token, so the note for "fr" is not found inside "from".
    pattern = rf"(?<![\w.*-]){re.escape(cookie_name)}(?![\w*-])"
    return bool(notes) and re.search(pattern, notes or "") is not None


@pytest.fixture(scope="module")
def ocd_rows() -> list[OcdRow]:
    if not OCD_CSV.is_file():
        pytest.skip(
            f"Open Cookie Database not found at {OCD_CSV}; it lives in the shared "
            "reference folder beside the repository and is not shipped"
        )
    return _ocd_rows()


def test_catalogue_agrees_with_open_cookie_database(ocd_rows: list[OcdRow]) -> None:
    unexplained = []
    compared = 0
    for service, cookie, candidates in _comparisons(load_catalog(), ocd_rows):
        compared += 1
        per_row = [_disagreements(cookie, row) for row in candidates]
        # OCD sometimes lists one cookie under several platforms; one match is enough.
        if all(per_row) and not _notes_mention(service.notes, cookie.name):
            details = "; ".join(
                f"{row.platform}: {', '.join(problems)}"
                for row, problems in zip(candidates, per_row, strict=True)
            )
            unexplained.append(f"{service.name} / {cookie.name}: {details}")
    # Guard against a matcher that silently finds nothing to compare.
    assert compared >= 40, f"only {compared} catalogue cookies matched the OCD"
    assert unexplained == [], "explain these in the entry's notes, naming the cookie:\n" + (
        "\n".join(unexplained)
    )


def test_notes_must_name_the_cookie_as_a_word() -> None:
    assert _notes_mention("OCD says _hjSession_* is Functional.", "_hjSession_*")
    assert _notes_mention("IDE lasts 13 months", "IDE")
    assert not _notes_mention("Meta's cookies are set from the pixel", "fr")
    assert not _notes_mention("_hjSessionUser_* differs", "_hjSession_*")
    assert not _notes_mention(None, "IDE")


def test_ocd_comparison_detects_disagreements() -> None:
    row = OcdRow("Google Analytics", "Analytics", "_ga_", "2 years", wildcard=True)
    assert _ocd_candidates("_ga_*", [row]) == [row]
    assert _ocd_candidates("_ga", [row]) == []
    good = CatalogCookie("_ga_*", True, "statistics", "Teller", "2y")
    assert _disagreements(good, row) == []
    assert _disagreements(dataclasses.replace(good, duration="730d"), row) == []
    assert _disagreements(dataclasses.replace(good, category="necessary"), row) != []
    assert _disagreements(dataclasses.replace(good, duration="13mo"), row) != []
    assert _disagreements(dataclasses.replace(good, duration="session"), row) != []
    functional = OcdRow("Cookiebot", "Functional", "CookieConsent", "1 year", wildcard=False)
    consent = CatalogCookie("CookieConsent", True, "necessary", "Husker valget", "12mo")
    assert _disagreements(consent, functional) == []
    assert _disagreements(dataclasses.replace(consent, category="marketing"), functional) != []


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Session", 0.0),
        ("End of session (browser)", 0.0),
        ("13 Months ", 13 * _SECONDS["mo"]),
        ("30 mins", 30 * 60),
        ("2 years after last activity", 2 * _SECONDS["y"]),
        ("1 second", 1),
        ("30 seconds till 1 year", None),
        ("Varies", None),
        ("forever", None),
    ],
)
def test_ocd_retention_parsing(text: str, seconds: float | None) -> None:
    assert _ocd_seconds(text) == seconds


@settings(max_examples=1000, deadline=None)
@given(name=st.text("ab_*", max_size=6), pattern=st.text("ab_*", max_size=6))
@example(name="a", pattern="a*a")
@example(name="_ga_X1", pattern="_ga_*")
def test_cookie_patterns_are_names_or_prefix_families(name: str, pattern: str) -> None:
    from notice_tui import cookie_names

    start = pattern[:-1]
    family = (
        pattern.endswith("*")
        and "*" not in start
        and len(start) >= 2
        and any(c.isalnum() for c in start)
    )
    assert cookie_names.covers(pattern, name) == (
        name == pattern or (family and name.startswith(start))
    )
