"""`services`, `add-service` and `import-cookies`: the real CLI on copies of the samples,
plus unit tests of how scanner headings, categories and durations are read.

The CLI tests run `python -m notice_tui` in a subprocess, as a consultant would,
and then read the saved file back with the same loader the program uses.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from notice_tui.catalog import load_catalog
from notice_tui.catalog.apply import (
    CsvError,
    add_service,
    decode_csv,
    import_cookies,
    map_heading,
    map_headings,
    parse_category,
    parse_duration_text,
    parse_storage,
    read_scan,
    sniff_delimiter,
)
from notice_tui.findings import Severity
from notice_tui.pipeline import analyse
from notice_tui.profile.store import load, parse_text

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "sample_profiles"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


def sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(SAMPLES / name, target)
    return target


def cookies(path: Path) -> dict[str, Any]:
    tree = load(path).tree
    return {c["name"]: c for c in tree["website"]["cookies"]}


def processors(path: Path) -> list[str]:
    return [p["name"] for p in load(path).tree.get("processors") or []]


def assert_schema_valid(path: Path) -> None:
    """Valid as `check` sees it: compliance findings are allowed, schema errors are not."""
    res = run("check", str(path))
    assert res.returncode in (0, 1), res.stdout + res.stderr
    assert "Traceback" not in res.stdout + res.stderr
    result = analyse(path)
    assert result.valid
    assert not [f for f in result.schema if f.severity is Severity.ERROR]


def only_additions(before: str, after: str) -> list[str]:
    """The lines added, failing when any line of `before` was changed or removed."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [line for line in diff if line.startswith("- ")]
    assert removed == [], removed
    return [line[2:] for line in diff if line.startswith("+ ")]


# -- services --------------------------------------------------------------------------


def test_services_lists_the_catalogue_in_aligned_columns() -> None:
    res = run("services")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "LOCATION", "(TRANSFER)", "COOKIES"]
    assert len(lines) == len(load_catalog()) + 1
    ga = next(line for line in lines if line.startswith("Google Analytics 4 "))
    assert ga.split()[-4:] == ["analytics", "USA", "(dpf)", "2"]
    # Aligned: every column starts where its heading does, and counts end together.
    kind_at = lines[0].index("KIND")
    where_at = lines[0].index("LOCATION")
    assert all(line[kind_at - 2 : kind_at] == "  " and line[kind_at] != " " for line in lines)
    assert all(line[where_at - 2 : where_at] == "  " for line in lines)
    assert len({len(line) for line in lines}) == 1


def test_services_query_and_no_match() -> None:
    res = run("services", "goo")
    assert res.returncode == 0
    names = [line.split("  ")[0] for line in res.stdout.splitlines()[1:]]
    assert names[0].startswith("Google")
    assert "Google Analytics 4" in names
    assert "Tripletex" not in names
    res = run("services", "zzzz-nothing")
    assert res.returncode == 1
    assert res.stdout == ""
    assert "no service in the catalogue matches 'zzzz-nothing'" in res.stderr


def _listed(res: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Name to kind column of a `services` listing (columns are two spaces apart)."""
    rows = [line.split("  ") for line in res.stdout.splitlines()[1:]]
    cells = [[c.strip() for c in row if c.strip()] for row in rows]
    return {row[0]: row[1] for row in cells}


@pytest.mark.parametrize(
    ("lang", "query", "expected", "kind_shown"),
    [
        ("en", "booking", {"Timma", "Easy Booking", "Bookis", "Fresha"}, "booking"),
        ("nb", "booking", {"Timma", "Fresha"}, "timebestilling"),
        ("nb", "timebestilling", {"Timma", "Easy Booking", "Fresha"}, "timebestilling"),
        ("nb", "betaling", {"Vipps MobilePay", "Klarna", "SumUp", "Zettle by PayPal"}, "betaling"),
        # Either language's word works whatever the UI speaks.
        ("en", "betaling", {"Vipps MobilePay", "Klarna", "Stripe"}, "payments"),
        ("en", "payments", {"Vipps MobilePay", "Klarna", "PayPal"}, "payments"),
        ("nb", "payments", {"Vipps MobilePay", "Klarna"}, "betaling"),
        ("en", "sms", {"LINK Mobility", "Twilio"}, "SMS"),
        ("en", "frakt", {"Posten Bring", "PostNord"}, "shipping"),
        ("nb", "frakt", {"Posten Bring", "PostNord"}, "frakt"),
        ("nb", "e-post", {"Mailchimp", "Brevo"}, "e-post"),
    ],
)
def test_services_finds_a_kind_in_both_languages(
    lang: str, query: str, expected: set[str], kind_shown: str
) -> None:
    res = run("--lang", lang, "services", query)
    assert res.returncode == 0, res.stderr
    listed = _listed(res)
    assert expected <= listed.keys(), listed
    # Kinds are shown in the UI language, the same word for every service of the kind.
    assert {listed[name] for name in expected} == {kind_shown}


def test_services_ranks_a_name_above_a_kind() -> None:
    res = run("services", "booking")
    names = list(_listed(res))
    # "Easy Booking" has the word in its name; Timma is only of the kind.
    assert names.index("Easy Booking") < names.index("Timma")
    res = run("services", "betaling")
    names = list(_listed(res))
    assert names[:2] == ["Nets betalingsterminal", "Verifone"]  # "betalingsterminal"
    assert names.index("Verifone") < names.index("Klarna")


def test_services_lists_kinds_in_the_ui_language() -> None:
    res = run("--lang", "nb", "services")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0].split()[:2] == ["NAVN", "TYPE"]
    listed = _listed(res)
    assert listed["Google Analytics 4"] == "analyse og statistikk"
    assert listed["Posten Bring"] == "frakt"
    assert listed["Tripletex"] == "regnskap"
    total = len(load_catalog())
    assert f"{total} av {total} tjenester" in res.stderr
    english = _listed(run("--lang", "en", "services"))
    assert english["Google Analytics 4"] == "analytics"
    assert english["Posten Bring"] == "shipping"


# -- add-service --------------------------------------------------------------------------


def test_add_service_adds_processor_and_cookies_and_keeps_comments(tmp_path: Path) -> None:
    prof = sample(tmp_path, "brobygg-radgivning.yaml")
    prof.write_text(
        prof.read_text(encoding="utf-8").replace(
            "processors:\n", "# Databehandlere: sjekket mot avtalene i november\nprocessors:\n"
        ),
        encoding="utf-8",
    )
    before = prof.read_text(encoding="utf-8")
    res = run("add-service", str(prof), "Google Analytics")
    assert res.returncode == 0, res.stderr
    assert "added processor: Google Analytics 4 (USA, transfer: dpf)" in res.stdout
    assert "added cookie: _ga (statistics, 2y)" in res.stdout
    assert "added cookie: _ga_* (statistics, 2y)" in res.stdout
    after = prof.read_text(encoding="utf-8")
    added = only_additions(before, after)
    assert "# Databehandlere: sjekket mot avtalene i november" in after
    assert (
        "  enabled: false            # kundeavtaler føres foreløpig på papir; tas inn igjen "
        "senere" in after
    )
    assert "    - name: _ga" in added and "  - name: Google Analytics 4" in added
    found = cookies(prof)
    assert found["_ga"]["provider"] == "Google Analytics 4"
    assert found["_ga"]["duration"] == "2y" and found["_ga"]["first_party"] is True
    assert "storage" not in found["_ga"]  # the default is left out, as people write it
    assert processors(prof)[-1] == "Google Analytics 4"
    assert_schema_valid(prof)


def test_add_service_twice_adds_nothing(tmp_path: Path) -> None:
    prof = sample(tmp_path, "brobygg-radgivning.yaml")
    assert run("add-service", str(prof), "YouTube").returncode == 0
    # YouTube was there already (processor and YSC); only its second cookie was new.
    once = prof.read_bytes()
    assert processors(prof).count("YouTube") == 1
    res = run("add-service", str(prof), "youtube")
    assert res.returncode == 0
    assert "nothing to add: YouTube is already in the profile" in res.stdout
    assert prof.read_bytes() == once


def test_add_service_uses_the_name_the_profile_already_has(tmp_path: Path) -> None:
    # fjordkaffe lists "Google Analytics", an alias of the catalogue's Google Analytics 4.
    prof = sample(tmp_path, "fjordkaffe.yaml")
    before = prof.read_bytes()
    res = run("add-service", str(prof), "GA4")
    assert res.returncode == 0
    assert "already a processor: Google Analytics" in res.stdout
    assert prof.read_bytes() == before
    # nordlys calls the Meta Pixel "Meta", and its _fbp cookie says so.
    prof = sample(tmp_path, "nordlys-nettbutikk.yaml")
    res = run("add-service", str(prof), "Meta Pixel")
    assert res.returncode == 0, res.stderr
    assert processors(prof).count("Meta") == 1 and "Meta Pixel" not in processors(prof)
    assert cookies(prof)["_fbc"]["provider"] == "Meta"
    assert_schema_valid(prof)


def test_add_service_without_website_adds_only_the_processor(tmp_path: Path) -> None:
    prof = sample(tmp_path, "minimal.yaml")
    res = run("add-service", str(prof), "Hotjar")
    assert res.returncode == 0, res.stderr
    assert "not added, because the profile has no website: _hjSessionUser_*" in res.stdout
    tree = load(prof).tree
    assert "website" not in tree
    assert [p["name"] for p in tree["processors"]] == ["Hotjar"]
    assert prof.read_text(encoding="utf-8").startswith("# The smallest complete profile")
    assert_schema_valid(prof)


def test_add_service_unknown_name_suggests_and_changes_nothing(tmp_path: Path) -> None:
    prof = sample(tmp_path, "minimal.yaml")
    before = prof.read_bytes()
    res = run("add-service", str(prof), "Gogle Analytics")
    assert res.returncode == 1
    assert "the catalogue has no service called 'Gogle Analytics'" in res.stderr
    assert "did you mean: Google Analytics 4" in res.stderr
    assert prof.read_bytes() == before


def test_add_service_refuses_when_processors_is_not_a_list(tmp_path: Path) -> None:
    prof = tmp_path / "odd.yaml"
    prof.write_text(
        "schema_version: 1\ncontroller:\n  name: X AS\n  email: a@x.no\nprocessors: ingen\n",
        encoding="utf-8",
    )
    before = prof.read_bytes()
    res = run("add-service", str(prof), "Tripletex")
    assert res.returncode == 1
    assert "processors is not a list" in res.stderr and "not saved" in res.stderr
    assert prof.read_bytes() == before


def test_add_service_unreadable_profile_is_exit_2(tmp_path: Path) -> None:
    res = run("add-service", str(tmp_path / "missing.yaml"), "Tripletex")
    assert res.returncode == 2
    assert "no such file" in res.stderr


def test_add_service_validates_before_saving(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ui_language: Any,
) -> None:
    ui_language("en")
    # The catalogue's entries are valid (test_catalog checks them), so a broken
    # entry is simulated: whatever add_service does, an invalid result is not saved.
    from notice_tui.catalog.apply import AddReport
    from notice_tui.cli import catalog as catalog_cli

    def broken(tree: Any, service: Any) -> AddReport:
        tree["processors"].append({"name": service.name})  # no service, no location
        return AddReport(service=service.name, provider=service.name, processor_added=True)

    monkeypatch.setattr(catalog_cli, "add_service", broken)
    prof = sample(tmp_path, "fjordkaffe.yaml")
    before = prof.read_bytes()
    code = catalog_cli.cmd_add_service(argparse.Namespace(profile=str(prof), service="Fiken"))
    assert code == 1
    err = capsys.readouterr().err
    assert "processors[5]" in err and "not saved" in err
    assert prof.read_bytes() == before


# -- import-cookies ---------------------------------------------------------------------------

# As Cookiebot exports a scan: English, comma-separated, "Type" is the storage.
COOKIEBOT_EN = """\
Name,Provider,Purpose,Expiry,Type,Category
CookieConsent,fjordkaffe.no,"Stores the user's cookie consent state for the current domain",1 year,HTTP Cookie,Necessary
_ga,fjordkaffe.no,"Registers a unique ID that is used to generate statistical data on how the visitor uses the website.",2 years,HTTP Cookie,Statistics
_ga_ABC123XYZ,fjordkaffe.no,Used by Google Analytics to collect data on the number of times a user has visited,2 years,HTTP Cookie,Statistics
_gcl_au,fjordkaffe.no,"Used by Google AdSense for experimenting with advertisement efficiency across websites, using their services.",3 months,HTTP Cookie,Marketing
YSC,youtube.com,Registers a unique ID to keep statistics of what videos from YouTube the user has seen.,Session,HTTP Cookie,Unclassified
hjViewportId,fjordkaffe.no,Pending,Session,HTML Local Storage,Unclassified
kaffe_lang,fjordkaffe.no,"Remembers the visitor's language, so the site opens in it next time",Session,HTML Local Storage,Preferences
"""  # noqa: E501

# As a Norwegian CookieYes-like export: semicolons, Norwegian headings and words.
COOKIEYES_NB = """\
Cookie-ID;Domene;Kategori;Varighet;Beskrivelse
_ga;.brobygg.no;Analyse;1 år 1 måned;Google Analytics skiller brukere fra hverandre
_ga_Q1W2E3R4;.brobygg.no;Analyse;1 år 1 måned;Google Analytics lagrer øktstatus
_ga_Z9Y8X7;.brobygg.no;Analyse;1 år 1 måned;Google Analytics lagrer øktstatus
_pk_id.1.a1b2;brobygg.no;Statistikk;13 måneder;Matomo kjenner igjen besøkende
_fbp;.brobygg.no;Nødvendige;3 måneder;Facebook
bb_språk;brobygg.no;Funksjonelle;30 dager;Husker hvilket språk du valgte
_ga;www.brobygg.no;Analyse;1 år 1 måned;samme informasjonskapsel, et annet domene
"""


def test_import_english_cookiebot_export(tmp_path: Path) -> None:
    prof = sample(tmp_path, "fjordkaffe.yaml")
    scan = tmp_path / "scan.csv"
    scan.write_text(COOKIEBOT_EN, encoding="utf-8")
    before = prof.read_text(encoding="utf-8")
    res = run("import-cookies", str(prof), str(scan))
    # One row could not be placed (see below), so the exit says "look at this".
    assert res.returncode == 1, res.stderr
    out = res.stdout
    assert "added 3, already present 3, skipped 1" in out
    assert "line 2: CookieConsent" in out
    assert "line 4: _ga_ABC123XYZ (covered by _ga_*)" in out
    assert (
        "line 7: hjViewportId: category 'Unclassified' not understood, and the catalogue "
        "does not know the cookie"
    ) in out
    assert (
        "line 6: YSC: category 'Unclassified' not understood; used the catalogue's: marketing"
    ) in out
    assert "added processors: Google Ads, YouTube" in out
    only_additions(before, prof.read_text(encoding="utf-8"))

    found = cookies(prof)
    assert list(found) == ["CookieConsent", "_ga", "_ga_*", "_gcl_au", "YSC", "kaffe_lang"]
    assert found["YSC"]["category"] == "marketing"
    assert found["YSC"]["provider"] == "YouTube" and found["YSC"]["first_party"] is False
    assert found["_gcl_au"]["provider"] == "Google Ads"
    assert found["_gcl_au"]["duration"] == "3mo"
    # Not in the catalogue, on the site's own domain: the business itself sets it.
    assert found["kaffe_lang"] == {
        "name": "kaffe_lang",
        "provider": "Fjordkaffe AS",
        "category": "preferences",
        "purpose": "Remembers the visitor's language, so the site opens in it next time",
        "duration": "session",
        "first_party": True,
        "storage": "local_storage",
    }
    assert processors(prof)[-2:] == ["Google Ads", "YouTube"]
    assert "# Bedriftskunder som kjøper kaffe i abonnement" in prof.read_text(encoding="utf-8")
    assert_schema_valid(prof)

    # The same scan again finds everything in place and writes nothing.
    once = prof.read_bytes()
    res = run("import-cookies", str(prof), str(scan))
    assert "added 0, already present 6, skipped 1" in res.stdout
    assert prof.read_bytes() == once


def test_import_norwegian_semicolon_export(tmp_path: Path) -> None:
    prof = sample(tmp_path, "brobygg-radgivning.yaml")
    scan = tmp_path / "skann.csv"
    scan.write_text(COOKIEYES_NB, encoding="utf-8")
    res = run("import-cookies", str(prof), str(scan))
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert "Cookie-ID → name, Domene → domain, Kategori → category" in out
    assert "added 4, already present 3, skipped 0" in out
    assert "line 3: _ga_Q1W2E3R4: added as _ga_*, which covers _ga_Q1W2E3R4" in out
    assert "line 4: _ga_Z9Y8X7 (covered by _ga_*, added above)" in out
    assert "line 5: _pk_id.1.a1b2 (covered by _pk_id.*)" in out
    assert "line 8: _ga (listed earlier in the scan)" in out
    assert (
        "line 6: _fbp: the scan says 'Nødvendige', but the catalogue knows it as "
        "marketing, which needs consent; used marketing"
    ) in out

    found = cookies(prof)
    assert found["_ga"]["duration"] == "13mo"  # "1 år 1 måned", exactly
    # A catalogue cookie keeps the catalogue's reviewed bokmål purpose over the scan's text.
    assert found["_ga"]["purpose"] == "Skiller besøkende fra hverandre"
    assert found["_ga"]["provider"] == "Google Analytics 4"
    assert found["_ga_*"]["category"] == "statistics"
    assert found["_fbp"]["category"] == "marketing"
    assert found["bb_språk"]["provider"] == "Brobygg Rådgivning"
    assert found["bb_språk"]["duration"] == "30d"
    assert "_ga_Q1W2E3R4" not in found and "_pk_id.1.a1b2" not in found
    assert [n for n in processors(prof) if n in ("Google Analytics 4", "Meta Pixel")] == [
        "Google Analytics 4",
        "Meta Pixel",
    ]
    assert_schema_valid(prof)


def test_import_without_website_changes_nothing(tmp_path: Path) -> None:
    prof = sample(tmp_path, "minimal.yaml")
    scan = tmp_path / "scan.csv"
    scan.write_text(COOKIEBOT_EN, encoding="utf-8")
    before = prof.read_bytes()
    res = run("import-cookies", str(prof), str(scan))
    assert res.returncode == 1
    assert "the profile has no website" in res.stderr
    assert prof.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "save it as CSV first"),
        (b"", "the file is empty"),
        (b"ID,Value\n1,2\n", "found no column of cookie names"),
        (b'Name,Category\n"_ga,statistics\n', "not valid CSV"),
        (b"schema_version: 1\ncontroller:\n  name: X\n", "found no column of cookie names"),
    ],
    ids=["xlsx", "empty", "no-name-column", "open-quote", "yaml"],
)
def test_import_unreadable_csv_is_exit_2_and_profile_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    prof = sample(tmp_path, "fjordkaffe.yaml")
    before = prof.read_bytes()
    scan = tmp_path / "scan.csv"
    scan.write_bytes(content)
    res = run("import-cookies", str(prof), str(scan))
    assert res.returncode == 2, res.stdout + res.stderr
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert prof.read_bytes() == before


def test_import_missing_endless_or_folder_csv_is_exit_2(tmp_path: Path) -> None:
    prof = sample(tmp_path, "fjordkaffe.yaml")
    before = prof.read_bytes()
    res = run("import-cookies", str(prof), str(tmp_path / "nope.csv"))
    assert res.returncode == 2 and "no such file" in res.stderr
    res = run("import-cookies", str(prof), str(tmp_path))
    assert res.returncode == 2 and "folder" in res.stderr
    if Path("/dev/zero").exists():  # endless: refused before it is opened
        res = run("import-cookies", str(prof), "/dev/zero")
        assert res.returncode == 2 and "not a regular file" in res.stderr
    assert prof.read_bytes() == before


# -- reading scanner exports: unit tests -----------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Name", "name"),
        ("Navn", "name"),
        ("Cookie", "name"),
        ("Cookie name", "name"),
        ("Cookie ID", "name"),
        ("Cookie / Data Key name", "name"),
        ("Domain", "domain"),
        ("Domene", "domain"),
        ("Host", "domain"),
        ("Provider", "provider"),
        ("Leverandør", "provider"),
        ("Vendor", "provider"),
        ("Platform", "provider"),
        ("Category", "category"),
        ("Kategori", "category"),
        ("Type", "category"),
        ("Purpose category", "category"),
        ("Cookie Category", "category"),
        ("Duration", "duration"),
        ("Expiry", "duration"),
        ("Expiration", "duration"),
        ("Varighet", "duration"),
        ("Utløp", "duration"),
        ("Lifetime", "duration"),
        ("Retention period", "duration"),
        ("Maximum Storage Duration", "duration"),
        ("Cookie lifetime (days)", "duration"),
        ("Purpose", "purpose"),
        ("Formål", "purpose"),
        ("Description", "purpose"),
        ("Beskrivelse", "purpose"),
        ("\ufeffName", "name"),
        ("  NAVN  ", "name"),
        ("Script URL Pattern", None),
        ("", None),
        ("ID", None),
    ],
)
def test_map_heading(heading: str, field: str | None) -> None:
    assert map_heading(heading) == field


def test_type_beside_a_category_column_is_the_storage() -> None:
    assert map_headings(["Name", "Provider", "Purpose", "Expiry", "Type", "Category"]) == {
        "name": 0,
        "provider": 1,
        "purpose": 2,
        "duration": 3,
        "category": 5,
        "storage": 4,
    }
    assert map_headings(["Name", "Type"])["category"] == 1
    # A lone Type column that holds storage kinds is read as the storage.
    scan = read_scan("Name,Type\n_ga,HTTP Cookie\nx,HTML Local Storage\n")
    assert "category" not in scan.columns and scan.columns["storage"] == 1
    assert scan.rows[1].cells == {"name": "x", "storage": "HTML Local Storage"}
    # The first of two columns meaning the same wins; the other is reported unused.
    scan = read_scan("Platform,Cookie,Data Controller,Category\nGoogle,_ga,Google,Analytics\n")
    assert scan.columns["provider"] == 0 and scan.ignored == ["Data Controller"]


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("Necessary", "necessary"),
        ("Strictly necessary", "necessary"),
        ("Essential", "necessary"),
        ("nødvendig", "necessary"),
        ("Nødvendige", "necessary"),
        ("Strictly Necessary Cookies", "necessary"),
        ("Preferences", "preferences"),
        ("Functional", "preferences"),
        ("Funksjonell", "preferences"),
        ("preference", "preferences"),
        ("Statistics", "statistics"),
        ("Analytics", "statistics"),
        ("Performance", "statistics"),
        ("Statistikk", "statistics"),
        ("Analyse", "statistics"),
        ("Marketing", "marketing"),
        ("Advertising", "marketing"),
        ("Advertisement", "marketing"),
        ("Targeting", "marketing"),
        ("Markedsføring", "marketing"),
        ("Reklame", "marketing"),
        ("Unclassified", None),
        ("Uncategorized", None),
        ("Other", None),
        ("Security", None),
        ("", None),
    ],
)
def test_parse_category(word: str, category: str | None) -> None:
    assert parse_category(word) == category


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("1 year", "1y"),
        ("2 years", "2y"),
        ("13 months", "13mo"),
        ("2 år", "2y"),
        ("30 dager", "30d"),
        ("Session", "session"),
        ("session", "session"),
        ("Økt", "session"),
        ("End of session (browser)", "session"),
        ("365 days", "365d"),
        ("1 day", "1d"),
        ("24 hours", "24h"),
        ("30 minutes", "30min"),
        ("30 mins", "30min"),
        ("2 weeks", "2w"),
        ("12 mnd.", "12mo"),
        ("1 Year", "1y"),
        ("13mo", "13mo"),
        ("30 D", "30d"),
        # Sums only where they are exact.
        ("1 year 1 month", "13mo"),
        ("1 år og 1 måned", "13mo"),
        ("1 day 12 hours", "36h"),
        ("2 weeks, 3 days", "17d"),
        ("persistent", None),
        ("Persistent", None),
        ("forever", None),
        ("Unknown", None),
        ("1 year 1 month 4 days", None),
        ("0 days", None),
        ("1.5 years", None),
        ("2 years after last activity", None),
        ("10 Nov 2030", None),
        ("400", None),
        ("1 week to 1 year", None),
        ("", None),
    ],
)
def test_parse_duration_text(text: str, duration: str | None) -> None:
    assert parse_duration_text(text) == duration


@pytest.mark.parametrize(
    ("text", "storage"),
    [
        ("HTTP Cookie", "cookie"),
        ("HTML Local Storage", "local_storage"),
        ("local_storage", "local_storage"),
        ("Pixel Tracker", "pixel"),
        ("IndexedDB", "indexed_db"),
        ("HTML Session Storage", "session_storage"),
        ("Statistics", None),
    ],
)
def test_parse_storage(text: str, storage: str | None) -> None:
    assert parse_storage(text) == storage


def test_delimiters_title_lines_and_line_numbers() -> None:
    assert sniff_delimiter(["Navn;Domene;Formål\n", "_ga;x.no;Skiller, teller\n"]) == ";"
    assert sniff_delimiter(["Name\tDomain\tPurpose\n", "_ga\tx.no\ta, b, c\n"]) == "\t"
    assert sniff_delimiter(["Name,Purpose\n", '_ga,"a; b; c"\n']) == ","
    # Excel's "sep=" line, a title line, and a quoted cell over two lines.
    text = (
        "sep=;\nCookie report for brobygg.no\nName;Purpose;Category\n"
        '_ga;"two\nlines";Statistics\n_fbp;ads;Marketing\n'
    )
    scan = read_scan(text)
    assert scan.delimiter == ";"
    assert [(r.line, r.cells["name"]) for r in scan.rows] == [(4, "_ga"), (6, "_fbp")]
    assert scan.rows[0].cells["purpose"] == "two\nlines"


def test_decode_csv_as_spreadsheets_save_it() -> None:
    assert decode_csv("\ufeffNavn;Formål\n".encode()) == "Navn;Formål\n"
    assert decode_csv("Navn;Formål\n".encode("cp1252")) == "Navn;Formål\n"
    assert decode_csv("Navn\tFormål\n".encode("utf-16")) == "Navn\tFormål\n"
    with pytest.raises(CsvError) as caught:
        decode_csv(b"PK\x03\x04\x00\x00")
    assert caught.value.code == "binary"


def test_read_scan_rejects_what_is_not_a_scan() -> None:
    for text, code in [
        ("", "empty"),
        ("\n\n", "empty"),
        ("a,b\n1,2\n", "no_header"),
        ('Name,Category\n"_ga,x\n', "syntax"),
    ]:
        with pytest.raises(CsvError) as caught:
            read_scan(text)
        assert caught.value.code == code, text
    # A plain list of names is a scan: the catalogue fills in the rest.
    assert [r.cells["name"] for r in read_scan("Cookie\n_ga\n_fbp\n").rows] == ["_ga", "_fbp"]


# -- the tree edits, in process ------------------------------------------------------------

PROFILE = """\
# Kunde AS
schema_version: 1
controller:
  name: Kunde AS
  email: post@kunde.no
website:
  url: https://www.kunde.no
  consent_tool: Cookiebot   # banneret

  # sist sjekket mot nettstedet
  cookies_reviewed: 2026-11-01

# Mottakere
recipients:
  authorities_when_required: true
"""


def test_new_lists_go_where_the_spec_puts_them_and_comments_stay_put() -> None:
    doc = parse_text(PROFILE)
    report = add_service(doc.tree, load_catalog().find("Plausible"))
    assert report.processor_added and report.processors_created
    report = add_service(doc.tree, load_catalog().find("Cloudflare"))
    assert report.cookies_added == ["__cf_bm", "cf_clearance", "_cfuvid"]
    text = doc.dumps()
    only_additions(PROFILE, text)
    # The heading comments still sit right above the keys they describe.
    assert "\n  # sist sjekket mot nettstedet\n  cookies_reviewed: 2026-11-01\n" in text
    assert "\n\n# Mottakere\nrecipients:\n" in text
    assert text.index("  cookies:") < text.index("cookies_reviewed")
    assert text.index("website:") < text.index("processors:") < text.index("recipients:")
    assert "  consent_tool: Cookiebot   # banneret\n" in text
    reread = parse_text(text)
    assert [p["name"] for p in reread.tree["processors"]] == ["Plausible Analytics", "Cloudflare"]


def test_appending_keeps_the_next_sections_comment_below_the_list() -> None:
    doc = load(SAMPLES / "fjordkaffe.yaml")
    add_service(doc.tree, load_catalog().find("Fiken"))
    text = doc.dumps()
    # The blank line that separated processors from recipients still does.
    assert "\n  - name: Fiken\n" in text
    fiken = text.index("  - name: Fiken")
    assert text.index("\n\nrecipients:") > fiken


def test_import_infers_first_party_from_the_domain() -> None:
    doc = parse_text(PROFILE)
    report = import_cookies(
        doc.tree,
        (
            "Name,Domain,Category,Duration,Purpose\n"
            "sid,.kunde.no,Necessary,Session,Holder deg innlogget\n"
            "x_id,tracker.example.com,Marketing,1 year,Sporer deg\n"
            "no_provider,,Necessary,Session,Noe\n"
            "weird,kunde.no,Necessary,persistent,Noe\n"
        ),
    )
    assert [c.name for c in report.added] == ["sid", "x_id"]
    assert [(s.name, s.reason) for s in report.skipped] == [
        ("no_provider", "no_provider"),
        ("weird", "unknown_duration"),
    ]
    added = {c["name"]: c for c in doc.tree["website"]["cookies"]}
    assert added["sid"]["first_party"] is True and added["sid"]["provider"] == "Kunde AS"
    assert added["x_id"]["first_party"] is False
    assert added["x_id"]["provider"] == "tracker.example.com"
    assert report.processors_added == []


SALON_SCAN = (
    "Name,Provider,Category,Duration,Purpose\n"
    "timma_sid,timma.no,Necessary,Session,Holder bestillingen din mens du booker time\n"
    "gtm_debug,www.googletagmanager.com,Statistics,1 day,Used to test the tags on the website\n"
    "pref,saksefryd.no,Preferences,1 year,Remembers the visitor's choice of salon\n"
)


def test_import_reads_a_provider_given_as_a_domain_and_flags_english_purposes(
    tmp_path: Path,
) -> None:
    prof = sample(tmp_path, "saksefryd-frisor.yaml")
    scan = tmp_path / "scan.csv"
    scan.write_text(SALON_SCAN, encoding="utf-8")
    res = run("import-cookies", str(prof), str(scan))
    assert res.returncode == 0, res.stdout + res.stderr
    found = cookies(prof)
    # The salon's own booking system, by its processor entry's address ...
    assert found["timma_sid"]["provider"] == "Timma"
    # ... and a catalogue service by its name spelled as a domain, added as a processor.
    assert found["gtm_debug"]["provider"] == "Google Tag Manager"
    assert "Google Tag Manager" in processors(prof)
    assert processors(prof).count("Timma") == 1
    assert found["pref"]["provider"] == "Saksefryd Frisør AS"
    out = res.stdout
    assert (
        "line 2: timma_sid: the provider 'timma.no' is a domain; used the service it "
        "belongs to: Timma"
    ) in out
    # English purposes in a bokmål notice are named by line, with the command that fixes them.
    assert (
        "line 3: gtm_debug: the purpose is in English ('Used to test the tags on the "
        "website'), but the documents are in bokmål; write it in bokmål"
    ) in out
    assert "line 4: pref: the purpose is in English" in out
    assert "line 2: timma_sid: the purpose" not in out
    index = [c["name"] for c in load(prof).tree["website"]["cookies"]].index("gtm_debug")
    assert f"notice-tui set {prof} 'website.cookies[{index}].purpose' '...'" in out
    assert_schema_valid(prof)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Used to distinguish users", True),
        ("Remembers the visitor's language, so the site opens in it next time", True),
        ("Registers a unique ID that is used to generate statistical data", True),
        ("Skiller besøkende fra hverandre", False),
        ("Husker om du har godtatt informasjonskapsler", False),
        ("Holder deg innlogget", False),
        ("Analytics", False),
        ("Brukes for statistikk", False),
    ],
)
def test_looks_english(text: str, english: bool) -> None:
    from notice_tui.catalog.apply import looks_english

    assert looks_english(text) is english
