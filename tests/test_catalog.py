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
}
CATEGORIES = {"necessary", "preferences", "statistics", "marketing"}
STORAGES = {"cookie", "local_storage", "session_storage", "indexed_db", "pixel"}
TRANSFERS = {"none", "adequacy", "dpf", "scc", "bcr", "derogation"}
SERVICE_KEYS = {
    "name",
    "aliases",
    "kind",
    "entity",
    "service",
    "location",
    "transfer",
    "privacy_url",
    "cookies",
    "source",
    "checked",
    "notes",
}
OPTIONAL_KEYS = {"aliases", "notes"}
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
    "recruitment": ["Webcruiter", "ReachMee", "Recman", "Teamtailor", "Jobylon"],
    "booking": ["Timma", "Easy Booking", "Bookis"],
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
    for key in ("name", "entity", "service", "location", "privacy_url", "source"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            problems.append(f"{key} must be non-empty text")
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
    if "privacy shield" in repr(entry).casefold():
        problems.append("mentions Privacy Shield, which was struck down in 2020")

    cookies = entry["cookies"]
    if not isinstance(cookies, list):
        return [*problems, "cookies must be a list (may be empty)"]
    for index, cookie in enumerate(cookies):
        problems += [f"cookies[{index}]: {p}" for p in _cookie_problems(entry["kind"], cookie)]
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
        "entity": "Test AS",
        "service": "måling",
        "location": "Norge",
        "transfer": "none",
        "privacy_url": "https://example.com/",
        "cookies": [],
        "source": "https://example.com/",
        "checked": date(2026, 1, 1),
    }
    assert _entry_problems("analytics", good) == []
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


# --- loader -----------------------------------------------------------------


def test_load_catalog_reads_every_entry_once_and_is_cached() -> None:
    catalog = load_catalog()
    assert len(catalog) == len(RAW)
    assert [s.name for s in catalog] == [e["name"] for _, e in RAW]
    assert load_catalog() is catalog


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
    assert mailchimp.as_processor() == {
        "name": "Mailchimp",
        "service": "utsending av nyhetsbrev og markedsføring på e-post",
        "location": "USA",
        "transfer": "dpf",
        "url": "https://mailchimp.com/legal/privacy/",
    }
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
  entity: Test AS
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
@given(name=st.text("ab_?", max_size=6), pattern=st.text("ab_*?", max_size=6))
@example(name="a", pattern="a*a")
@example(name="_ga_X1", pattern="_ga_*")
def test_cookie_patterns_match_as_fnmatch_does(name: str, pattern: str) -> None:
    from notice_tui import cookie_names

    assert cookie_names.matches(name, pattern) == fnmatch.fnmatchcase(name, pattern)
