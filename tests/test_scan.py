"""`notice-tui scan` against a real site in a real browser: tests/scan_site on loopback.

The shop runs on 127.0.0.1 and the advertiser on localhost, each on a port of its own,
so the browser itself decides what is first and third party. What the site stores is
listed in tests/scan_site/server.py; the scan must find exactly that, visit by visit,
and the comparison with tests/scan_site/profile.yaml must be exactly the differences
that profile was written with.

Needs Playwright (the `scan` extra) and a Chromium: the tests skip without them, and
fail instead when NOTICE_TUI_REQUIRE_BROWSER=1 (as .ci/run sets).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from scan_site.server import Site, serve

from notice_tui.profile.store import load
from notice_tui.scan.model import ScanError, ScanResult

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HERE = Path(__file__).parent
PROFILE = HERE / "scan_site" / "profile.yaml"


def _unavailable(reason: str) -> None:
    if os.environ.get("NOTICE_TUI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NOTICE_TUI_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser_ready() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright is not installed (pip install '.[scan]')")
    from notice_tui.scan.browser import find_browser

    try:
        find_browser()
    except ScanError as exc:
        _unavailable(f"no browser to scan with: {exc}")


@pytest.fixture(scope="module")
def site(browser_ready: None) -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture(scope="module")
def scanned(site: Site, tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    from notice_tui.scan.browser import ScanOptions, scan_site

    shots = tmp_path_factory.mktemp("shots")
    return scan_site(ScanOptions(url=site.shop + "/", pages=5, reject=True, screenshots=shots))


@pytest.fixture
def result(scanned: ScanResult) -> ScanResult:
    return copy.deepcopy(scanned)  # compare() fills in each item: every test its own copy


def _items(result: ScanResult, visit: str) -> set[tuple[object, ...]]:
    found = result.visit(visit)  # type: ignore[arg-type]
    assert found is not None
    return {(i.kind, i.name, i.domain, i.first_party, i.duration) for i in found.items}


BEFORE = {
    ("cookie", "sessionid", "127.0.0.1", True, "session"),
    ("cookie", "_ga", "127.0.0.1", True, "400d"),  # asked for 2 years: the browser caps it
    ("cookie", "lang", "127.0.0.1", True, "1y"),
    ("cookie", "besok_id", "localhost", False, "1y"),
    ("local_storage", "handlekurv", "127.0.0.1", True, None),
    ("request", "localhost/px.gif", "localhost", False, None),
}
ACCEPTED = {
    ("cookie", "samtykke", "127.0.0.1", True, "180d"),
    ("cookie", "_fbp", "127.0.0.1", True, "90d"),
    ("request", "localhost/hendelse", "localhost", False, None),
}  # a beacon
REFUSED = {("cookie", "samtykke", "127.0.0.1", True, "180d")}


def test_each_visit_finds_exactly_what_the_site_stores(result: ScanResult) -> None:
    assert [v.visit for v in result.visits] == ["before_consent", "after_accept", "after_reject"]
    assert _items(result, "before_consent") == BEFORE
    assert _items(result, "after_accept") == BEFORE | ACCEPTED
    assert _items(result, "after_reject") == BEFORE | REFUSED


def test_visits_follow_the_sites_own_links_only(result: ScanResult, site: Site) -> None:
    for visit in result.visits:
        assert visit.pages == [site.shop + "/", site.shop + "/om"]
        assert visit.failed_pages == []


def test_who_set_each_cookie_is_named(result: ScanResult, site: Site) -> None:
    accepted = result.visit("after_accept")
    assert accepted is not None
    setters = {i.name: i.setter for i in accepted.items if i.kind == "cookie"}
    assert setters == {
        "sessionid": site.shop + "/",  # by header, on the page
        "_ga": site.shop + "/",
        "lang": site.shop + "/site.js",  # by script
        "besok_id": site.ads + "/px.gif",  # by the pixel's response
        "samtykke": site.shop + "/site.js",
        "_fbp": site.ads + "/annonse.js",  # the advertiser's script, on the shop's domain
    }
    requests = {i.name: i.url for i in accepted.items if i.kind == "request"}
    # The query (the page's data) left out.
    assert requests == {
        "localhost/px.gif": site.ads + "/px.gif",
        "localhost/hendelse": site.ads + "/hendelse",
    }


def test_the_banner_is_found_and_clicked(result: ScanResult) -> None:
    before, accepted, refused = result.visits
    assert before.banner_seen and before.banner is None
    assert accepted.banner is not None and accepted.banner.button == "Godta alle"
    assert accepted.banner.tool == "own"
    assert refused.banner is not None and refused.banner.button == "Avvis alle"


def test_a_known_consent_tool_is_found_by_its_markup(site: Site) -> None:
    from notice_tui.scan.browser import ScanOptions, scan_site

    result = scan_site(ScanOptions(url=site.shop + "/verktoy", reject=True))
    before, accepted, refused = result.visits
    assert before.items == [] and before.banner_seen
    assert accepted.banner is not None and refused.banner is not None
    assert (accepted.banner.tool, accepted.banner.button) == ("Cookiebot", "Tillat utvalg og alle")
    assert (refused.banner.tool, refused.banner.button) == ("Cookiebot", "Bruk bare nødvendige")
    assert [(i.name, i.duration) for i in accepted.items] == [("CookieConsent", "1y")]


def test_the_diff_against_the_profile_is_exact(result: ScanResult) -> None:
    from notice_tui.scan.compare import compare

    doc = load(PROFILE)
    profile, _findings = doc.parse()
    problems = compare(result, profile)
    assert {(p.rule, p.severity, p.item, p.profile_path) for p in problems} == {
        ("scan-set-before-consent", "error", "_ga", None),
        ("scan-undeclared", "error", "lang", None),
        ("scan-undeclared", "error", "besok_id", None),
        ("scan-undeclared", "error", "localhost/px.gif", None),
        ("scan-undeclared", "error", "localhost/hendelse", None),
        ("scan-provider-not-recipient", "warning", "_fbp", None),  # Meta Pixel
        ("scan-provider-not-recipient", "warning", "besok_id", None),  # the advertiser
        ("scan-declared-not-found", "warning", "nyhetsbrev_vist", "website.cookies[5]"),
        ("scan-duration-mismatch", "warning", "samtykke", "website.cookies[1].duration"),
        ("scan-party-mismatch", "warning", "handlekurv", "website.cookies[4].first_party"),
    }
    before = next(p for p in problems if p.rule == "scan-set-before-consent")
    # Names the cookie, its category and who set it, and the law.
    assert "_ga" in before.message and "statistics" in before.message
    assert "ekomloven § 3-15" in before.message and "/ " not in before.message
    duration = next(p for p in problems if p.rule == "scan-duration-mismatch")
    assert "180 days" in duration.message and "1 year" in duration.message
    # Classified on the way: the catalogue's purpose in bokmål, the profile's category.
    ga = next(i for i in result.visits[0].items if i.name == "_ga")
    assert (ga.category, ga.category_source, ga.service) == (
        "statistics",
        "catalog",
        "Google Analytics 4",
    )
    assert ga.declared and ga.declared_as == "_ga"
    basket = next(i for i in result.visits[0].items if i.name == "handlekurv")
    assert (basket.category, basket.category_source) == ("necessary", "profile")


def test_a_complete_declaration_leaves_only_the_consent_errors(
    result: ScanResult, tmp_path: Path
) -> None:
    """The profile corrected by what the scan said: only what the site itself must change
    is left, and the categories the profile gives feed the consent check."""
    from notice_tui.scan.compare import compare

    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace("duration: 1y\n", "duration: 180d\n", 1)
    text = text.replace("      first_party: false\n", "      first_party: true\n")
    text = text.replace(
        """    - name: nyhetsbrev_vist
      provider: Fjellbris Kaffebrenneri AS
      category: preferences
      purpose: Husker at du har sett tilbudet om nyhetsbrev
      duration: 30d
""",
        """    - name: lang
      provider: Fjellbris Kaffebrenneri AS
      category: preferences
      purpose: Husker språket du har valgt
      duration: 1y
    - name: besok_id
      provider: Annonsenett
      category: marketing
      purpose: Teller visninger
      duration: 1y
      first_party: false
    - name: localhost
      provider: Annonsenett
      category: marketing
      purpose: Teller visninger
      duration: session
      storage: pixel
""",
    )
    text += """  - name: Meta Pixel
    service: måling av annonser
    location: USA
    transfer: dpf
  - name: Annonsenett
    service: annonsevisning
    location: Norge
"""
    path = tmp_path / "matching.yaml"
    path.write_text(text, encoding="utf-8")
    profile, findings = load(path).parse()
    assert profile is not None, findings
    assert [(p.rule, p.item) for p in compare(result, profile)] == [
        ("scan-set-before-consent", "_ga"),
        ("scan-set-before-consent", "besok_id"),
        ("scan-set-before-consent", "lang"),
        ("scan-set-before-consent", "localhost/px.gif"),
    ]


def test_apply_merges_like_import_cookies(result: ScanResult, tmp_path: Path) -> None:
    from notice_tui.scan.compare import compare
    from notice_tui.scan.merge import apply_scan

    path = tmp_path / "empty.yaml"
    path.write_text(
        """schema_version: 1
controller:
  name: Fjellbris Kaffebrenneri AS
  email: personvern@fjellbris.example
website:
  url: https://fjellbris.example
  # Fylles av skanningen.
  cookies: []
""",
        encoding="utf-8",
    )
    doc = load(path)
    profile, _ = doc.parse()
    compare(result, profile)
    report = apply_scan(doc.tree, result)
    assert [a.name for a in report.imported.added] == ["_ga", "_fbp"]
    assert report.imported.processors_added == ["Google Analytics 4", "Meta Pixel"]
    skipped = {(report.rows[s.line].name, s.reason) for s in report.imported.skipped}
    # Unknown to the catalogue and the database: a person says what they are for.
    assert skipped == {
        (name, "unknown_category")
        for name in ("besok_id", "lang", "samtykke", "sessionid", "handlekurv")
    }
    assert [i.name for i in report.not_added_requests] == ["localhost/px.gif", "localhost/hendelse"]
    doc.save()
    text = path.read_text(encoding="utf-8")
    assert "# Fylles av skanningen." in text
    saved, findings = load(path).parse()
    assert saved is not None and saved.website is not None, findings
    ga = next(c for c in saved.website.cookies if c.name == "_ga")
    # The catalogue's two years, not the browser's 400 days.
    assert (str(ga.duration), ga.category, ga.first_party) == ("2y", "statistics", True)
    assert saved.website.cookies_reviewed == report.reviewed


# -- the command line ---------------------------------------------------------------------


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_cli_reports_problems_and_writes_the_evidence(site: Site, tmp_path: Path) -> None:
    report = tmp_path / "scan.json"
    page = tmp_path / "scan.html"
    run = _cli(
        "scan",
        str(PROFILE),
        site.shop + "/",
        "--pages",
        "3",
        "--report",
        str(report),
        "--report",
        str(page),
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "[scan-set-before-consent]" in run.stdout
    assert f"{PROFILE}:45:7: warning: website.cookies[5]: nyhetsbrev_vist" in run.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {"url", "scanned_at", "browser", "visits", "problems"} <= set(data)
    assert data["url"] == site.shop + "/"
    assert [v["visit"] for v in data["visits"]] == ["before_consent", "after_accept"]
    for visit in data["visits"]:
        assert (tmp_path / visit["screenshot"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        for item in visit["items"]:
            assert {
                "name",
                "kind",
                "domain",
                "first_party",
                "expires",
                "category",
                "declared",
            } <= set(item)
    assert {(p["rule"], p["item"]) for p in data["problems"]} >= {
        ("scan-set-before-consent", "_ga"),
        ("scan-undeclared", "lang"),
    }
    assert all({"rule", "severity", "item", "message"} <= set(p) for p in data["problems"])
    html = page.read_text(encoding="utf-8")
    assert "<td>besok_id</td>" in html and "scan-before_consent.png" in html


def test_cli_apply_and_prune(site: Site, tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    shutil.copyfile(PROFILE, path)
    run = _cli("scan", str(path), site.shop + "/", "--apply")
    assert run.returncode == 1, run.stderr  # the scan's problems still stand
    profile, _ = load(path).parse()
    assert profile is not None and profile.website is not None
    names = [c.name for c in profile.website.cookies]
    assert "nyhetsbrev_vist" in names  # nothing removed without --prune
    assert profile.website.cookies_reviewed is not None
    assert "not added: lang" in run.stdout

    run = _cli("scan", str(path), site.shop + "/", "--apply", "--prune")
    assert "removed, as the scan did not find it: nyhetsbrev_vist" in run.stdout, run.stderr
    profile, _ = load(path).parse()
    assert profile is not None and profile.website is not None
    assert "nyhetsbrev_vist" not in [c.name for c in profile.website.cookies]


def test_cli_cannot_scan_a_closed_port(browser_ready: None) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = _cli("scan", str(PROFILE), f"http://127.0.0.1:{port}/")
    assert run.returncode == 2
    assert "cannot scan: the site refused the connection" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_cannot_scan_a_site_that_never_answers(browser_ready: None) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # and never answer
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        run = _cli(
            "scan", str(PROFILE), f"http://127.0.0.1:{server.getsockname()[1]}/", "--timeout", "2"
        )
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
    assert run.returncode == 2
    assert "cannot scan: the site did not answer in time" in run.stderr
    assert "Traceback" not in run.stderr


def test_cli_names_a_missing_browser(browser_ready: None, tmp_path: Path) -> None:
    run = _cli(
        "scan", str(PROFILE), "http://127.0.0.1:9/", "--browser", str(tmp_path / "no-chrome")
    )
    assert run.returncode == 2
    assert "no browser at --browser:" in run.stderr and "Traceback" not in run.stderr
