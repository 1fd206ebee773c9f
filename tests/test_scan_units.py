"""The scan's classification, comparison, reports and merge, without a browser.

The scans here are written by hand in the report's own types, as a browser would
have filled them, so each rule can be held to one fact at a time; tests/test_scan.py
has the real browser. One test runs the command line with Playwright made
impossible to import: without the `scan` extra, everything else still works.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest

from notice_tui.profile.model import Profile
from notice_tui.profile.store import load, parse_text
from notice_tui.scan.browser import _error_code, normalise_url
from notice_tui.scan.classify import Classifier
from notice_tui.scan.compare import compare
from notice_tui.scan.merge import apply_scan
from notice_tui.scan.model import Banner, Item, ScanError, ScanResult, Visit
from notice_tui.scan.report import to_html, to_json, write_json

REPO = Path(__file__).resolve().parent.parent
SCANNED_AT = "2026-11-20T10:00:00Z"

PROFILE = """schema_version: 1
controller:
  name: Fjellbris Kaffebrenneri AS
  email: personvern@fjellbris.example
website:
  url: https://fjellbris.example
  cookies:
    - name: _ga
      provider: Google Analytics 4
      category: statistics
      purpose: Skiller besøkende fra hverandre
      duration: {ga}
      first_party: true
    - name: kurv
      provider: Fjellbris Kaffebrenneri AS
      category: necessary
      purpose: Husker handlekurven
      duration: {kurv}
processors:
  - name: Google Analytics 4
    service: måling av trafikk
    location: USA
    transfer: dpf
"""


def _profile(ga: str = "2y", kurv: str = "session") -> Profile:
    profile, findings = parse_text(PROFILE.format(ga=ga, kurv=kurv)).parse()
    assert profile is not None, findings
    return profile


def _cookie(
    name: str,
    expires: str | None = None,
    domain: str = "fjellbris.example",
    first: bool = True,
    setter: str | None = None,
) -> Item:
    return Item(
        name=name,
        kind="cookie",
        domain=domain,
        first_party=first,
        path="/",
        expires=expires,
        duration=None,
        setter=setter,
    )


def _scan(
    before: list[Item], accepted: list[Item] | None = None, banner: bool = True
) -> ScanResult:
    pages = ["https://fjellbris.example/"]
    return ScanResult(
        url=pages[0],
        scanned_at=SCANNED_AT,
        browser="Chromium (test)",
        visits=[
            Visit("before_consent", pages, before, banner_seen=banner),
            Visit(
                "after_accept",
                pages,
                accepted if accepted is not None else before,
                banner=Banner("own", "Godta alle") if banner else None,
            ),
        ],
    )


def _rules(result: ScanResult) -> set[tuple[str, str | None]]:
    return {(p.rule, p.item) for p in result.problems}


# -- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "expires", "differs"),
    [
        ("2y", "2027-12-25T10:00:00Z", False),  # 400 days: the browser's cap on two years
        ("13mo", "2027-12-20T10:00:00Z", False),  # 395 days
        ("1y", "2027-05-19T10:00:00Z", True),  # 180 days
        ("30d", None, True),  # a session cookie declared with a lifetime
        ("session", "2026-12-20T10:00:00Z", True),  # and the other way round
        ("session", None, False),
    ],
)
def test_duration_mismatch(declared: str, expires: str | None, differs: bool) -> None:
    result = _scan([_cookie("kurv", expires), _cookie("_ga", "2027-12-25T10:00:00Z")])
    compare(result, _profile(kurv=declared))
    assert (("scan-duration-mismatch", "kurv") in _rules(result)) is differs


def test_a_matching_site_has_no_problems() -> None:
    result = _scan([_cookie("kurv")], [_cookie("kurv"), _cookie("_ga", "2027-12-25T10:00:00Z")])
    assert compare(result, _profile()) == []


# -- the rules one by one ---------------------------------------------------------------------


def test_before_consent_names_cookie_category_and_setter() -> None:
    result = _scan(
        [
            _cookie("kurv"),
            _cookie("_ga", "2027-12-25T10:00:00Z", setter="https://fjellbris.example/gtag.js"),
        ]
    )
    compare(result, _profile())
    [problem] = [p for p in result.problems if p.rule == "scan-set-before-consent"]
    assert problem.severity == "error" and problem.item == "_ga"
    assert "statistics" in problem.message and "ekomloven § 3-15" in problem.message
    assert "set by https://fjellbris.example/gtag.js" in problem.message


def test_an_unknown_item_is_undeclared_but_not_called_a_consent_breach() -> None:
    result = _scan([_cookie("kurv"), _cookie("x_pref", "2027-01-01T00:00:00Z")])
    compare(result, _profile())
    assert ("scan-undeclared", "x_pref") in _rules(result)
    assert ("scan-set-before-consent", "x_pref") not in _rules(result)


def test_no_banner_although_consent_is_needed() -> None:
    result = _scan([_cookie("kurv"), _cookie("_ga", "2027-12-25T10:00:00Z")], banner=False)
    compare(result, _profile())
    [problem] = [p for p in result.problems if p.rule == "scan-no-banner"]
    assert problem.severity == "warning" and "_ga" in problem.message
    # Only necessary cookies, and none declared that need consent: no banner is needed.
    result = _scan([_cookie("kurv")], banner=False)
    text = PROFILE.format(ga="2y", kurv="session").replace(
        "category: statistics", "category: necessary"
    )
    profile, _ = parse_text(text).parse()
    compare(result, profile)
    assert "scan-no-banner" not in {p.rule for p in result.problems}


def test_a_third_party_provider_must_be_a_recipient() -> None:
    ad = _cookie("uid", "2027-01-01T00:00:00Z", domain="ads.annonsenett.example", first=False)
    result = _scan([_cookie("kurv")], [_cookie("kurv"), _cookie("_ga", "2027-12-25T10:00:00Z"), ad])
    compare(result, _profile())
    [problem] = [p for p in result.problems if p.rule == "scan-provider-not-recipient"]
    assert problem.item == "uid" and problem.message.startswith("annonsenett.example receives")


def test_set_after_refusing() -> None:
    result = _scan([_cookie("kurv")])
    result.visits.append(
        Visit(
            "after_reject",
            result.visits[0].pages,
            [_cookie("kurv"), _cookie("_ga", "2027-12-25T10:00:00Z")],
            banner=Banner("own", "Avvis alle"),
        )
    )
    compare(result, _profile())
    assert ("scan-set-after-reject", "_ga") in _rules(result)


def test_messages_in_bokmal(ui_language) -> None:  # type: ignore[no-untyped-def]
    ui_language("nb")
    result = _scan([_cookie("kurv"), _cookie("_ga", "2027-12-25T10:00:00Z")])
    compare(result, _profile())
    [problem] = [p for p in result.problems if p.rule == "scan-set-before-consent"]
    assert "lagres før den besøkende har samtykket" in problem.message
    assert "statistikk" in problem.message


# -- classification ---------------------------------------------------------------------------


def test_open_cookie_database_classifies_what_the_catalogue_does_not_know() -> None:
    items = [
        _cookie("_hjid"),
        _cookie("lang"),
        _cookie("lang", domain="www.linkedin.com", first=False),
    ]
    Classifier().classify(items)
    hotjar, own, linkedin = items
    assert (hotjar.category, hotjar.category_source, hotjar.service) == (
        "statistics",
        "open_cookie_database",
        "Hotjar",
    )
    assert hotjar.purpose_language == "en"
    # The database ties "lang" to LinkedIn's domain: on the shop's own it says nothing.
    assert own.category is None and own.purpose is None
    assert linkedin.purpose is not None and linkedin.service == "LinkedIn Insight Tag"


def test_a_known_tracking_endpoint_is_classified() -> None:
    item = Item(
        name="www.facebook.com/tr",
        kind="request",
        domain="www.facebook.com",
        first_party=False,
        url="https://www.facebook.com/tr",
    )
    Classifier().classify([item])
    assert (item.category, item.service, item.category_source) == (
        "marketing",
        "Meta Pixel",
        "tracker_list",
    )


# -- hostile text -------------------------------------------------------------------------------

EVIL = "\x1b]0;owned\x07<script>alert(1)</script>\u202e"


def test_hostile_names_are_escaped_in_the_terminal_and_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from notice_tui.cli.scan import _print_result

    evil = _cookie(
        EVIL,
        "2027-01-01T00:00:00Z",
        domain="x.example",
        first=False,
        setter="https://x.example/\x1b[2J",
    )
    result = _scan([_cookie("kurv"), evil])
    compare(result, _profile())
    _print_result(result, parse_text(PROFILE.format(ga="2y", kurv="session")))
    shown = capsys.readouterr().out
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b]0;owned\\x07" in shown
    page = to_html(result)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html5lib.HTMLParser(strict=True).parse(page)  # raises on any parse error
    data = json.loads(to_json(result))
    assert data["visits"][0]["items"][1]["name"] == EVIL  # JSON carries it exactly
    half = _cookie("a\ud800b")
    result.visits[0].items.append(half)
    write_json(result, tmp_path / "scan.json")  # half a surrogate pair: still UTF-8
    assert (
        json.loads((tmp_path / "scan.json").read_text(encoding="utf-8"))["visits"][0]["items"][2][
            "name"
        ]
        == "a\ufffdb"
    )


def test_apply_writes_no_hostile_text_into_the_yaml(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.format(ga="2y", kurv="session"), encoding="utf-8")
    doc = load(path)
    profile, _ = doc.parse()
    result = _scan(
        [_cookie("kurv")],
        [
            _cookie("kurv"),
            _cookie("_ga", "2027-12-25T10:00:00Z"),
            _cookie("_ga_" + EVIL + "\n- name: injected", "2027-12-25T10:00:00Z"),
        ],
    )
    compare(result, profile)
    report = apply_scan(doc.tree, result)
    assert [a.name for a in report.imported.added] == ["_ga_*"]
    doc.save()
    text = path.read_text(encoding="utf-8")
    assert "injected" not in text and "\x1b" not in text
    saved, findings = load(path).parse()
    assert saved is not None and saved.website is not None, findings
    assert [c.name for c in saved.website.cookies] == ["_ga", "kurv", "_ga_*"]


# -- the report format --------------------------------------------------------------------------


def test_json_report_has_the_documented_keys() -> None:
    result = _scan([_cookie("kurv")])
    compare(result, _profile())
    data = json.loads(to_json(result))
    assert list(data) == [
        "format",
        "format_version",
        "url",
        "scanned_at",
        "browser",
        "profile",
        "classified_with",
        "visits",
        "problems",
    ]
    assert list(data["visits"][0]) == [
        "visit",
        "pages",
        "failed_pages",
        "banner",
        "banner_seen",
        "screenshot",
        "items",
    ]
    assert list(data["visits"][0]["items"][0]) == [
        "name",
        "kind",
        "domain",
        "path",
        "first_party",
        "expires",
        "duration",
        "setter",
        "url",
        "category",
        "category_source",
        "service",
        "purpose",
        "purpose_language",
        "declared",
        "declared_as",
    ]
    assert list(data["problems"][0]) == [
        "rule",
        "severity",
        "item",
        "kind",
        "visit",
        "profile_path",
        "message",
    ]
    documented = (REPO / "docs" / "scan-report.md").read_text(encoding="utf-8")
    for key in [*data, *data["visits"][0], *data["visits"][0]["items"][0], *data["problems"][0]]:
        assert f"`{key}`" in documented, key


# -- why a scan cannot run ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("page.goto: net::ERR_NAME_NOT_RESOLVED at https://x.invalid/", "dns"),
        ("page.goto: net::ERR_CERT_AUTHORITY_INVALID at https://x.no/", "tls"),
        ("page.goto: net::ERR_SSL_PROTOCOL_ERROR at https://x.no/", "tls"),
        ("page.goto: Timeout 30000ms exceeded.", "timeout"),
        ("page.goto: net::ERR_CONNECTION_REFUSED at http://x.no/", "refused"),
        ("page.goto: net::ERR_EMPTY_RESPONSE at http://x.no/", "network"),
    ],
)
def test_navigation_errors_get_a_reason(message: str, code: str) -> None:
    assert _error_code(message)[0] == code


def test_start_address() -> None:
    assert normalise_url("fjellbris.example") == "https://fjellbris.example/"
    with pytest.raises(ScanError):
        normalise_url("ftp://fjellbris.example/")


BLOCK_PLAYWRIGHT = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name == "playwright" or name.startswith("playwright."):
            raise ImportError("No module named 'playwright' (blocked by the test)")
        return None
sys.meta_path.insert(0, Blocker())
from notice_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _blocked(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_PLAYWRIGHT, "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_core_commands_work_without_playwright(tmp_path: Path) -> None:
    sample = str(REPO / "sample_profiles" / "fjordkaffe.yaml")
    check = _blocked("check", sample)
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr
    render = _blocked("render", sample, "--out", str(tmp_path), "--date", "2026-11-22")
    assert render.returncode == 0, render.stderr
    assert any(tmp_path.glob("*.html"))
    assert _blocked("scan", "--help").returncode == 0
    scan = _blocked("scan", sample, "https://fjordkaffe.example/")
    assert scan.returncode == 2
    assert "the scan needs Playwright, which is not installed" in scan.stderr
    assert "Traceback" not in scan.stderr


def test_check_does_not_load_playwright() -> None:
    code = (
        "import sys; from notice_tui.cli import main; main(['check', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('playwright', 'greenlet', 'notice_tui')  and (m.startswith('playwright') "
        "or m.startswith('greenlet') or m.startswith('notice_tui.scan'))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "sample_profiles" / "fjordkaffe.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stderr
