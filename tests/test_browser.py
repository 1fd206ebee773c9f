"""The HTML in a real browser: headless Chromium, screenshots, and axe-core at WCAG 2.1 AA.

Chromium is Debian's (/usr/bin/chromium, or NOTICE_TUI_CHROMIUM), driven through
Playwright's sync API with `executable_path`: Playwright's own browser download is never
needed. axe-core comes from the npm registry (tests/browser/package-lock.json; `npm ci`
there, run by .ci/run or by this module when npm is at hand) and is injected into each page.

The tests skip, with the reason, when Playwright, Chromium or axe-core is missing, unless
NOTICE_TUI_REQUIRE_BROWSER=1 (set by .ci/run): then a missing browser is a failure.
Screenshots go to NOTICE_TUI_SCREENSHOTS when set, else to a pytest temp folder.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
BROWSER_DIR = Path(__file__).parent / "browser"
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
DATE = dt.date(2026, 11, 22)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = (1280, 900)
PHONE = (390, 844)
REFLOW = (320, 640)  # WCAG 1.4.10: no scrolling in two directions at 320 CSS px
# Every sample in bokmål; one sample also in the other written languages, so the English
# and nynorsk templates meet the same checks.
OTHER_LANGUAGES_SAMPLE = ROOT / "sample_profiles" / "saksefryd-frisor.yaml"
OTHER_LANGUAGES = ("en", "nn")
# No GPU on CI machines; scrollbars hidden so that innerWidth and clientWidth agree and
# the sideways-scroll check measures the content, not the scrollbar.
CHROMIUM_ARGS = ["--disable-gpu", "--hide-scrollbars", "--mute-audio"]


def _unavailable(reason: str) -> None:
    if os.environ.get("NOTICE_TUI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NOTICE_TUI_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _chromium_path() -> str | None:
    for candidate in (
        os.environ.get("NOTICE_TUI_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("axe-core is not installed (tests/browser: npm ci) and npm is missing")
        res = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=BROWSER_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if res.returncode != 0 or not AXE_JS.is_file():
            _unavailable(f"npm ci in tests/browser failed: {res.stderr[-500:]}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install '.[test]')")
    executable = _chromium_path()
    if executable is None:
        _unavailable("no Chromium (apt-get install chromium, or set NOTICE_TUI_CHROMIUM)")
    driver = sync_playwright().start()
    try:
        chromium = driver.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Error as exc:
        driver.stop()
        _unavailable(f"Chromium did not start: {exc}")
    yield chromium
    chromium.close()
    driver.stop()


class Viewer:
    """One page at a time, each in a fresh context: Playwright fixes `is_mobile` per
    context, and a fresh one also forgets the previous page's zoom and scroll."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._context: BrowserContext | None = None

    def load(
        self, url: str, width: int, height: int, *, mobile: bool = False, dark: bool = False
    ) -> Page:
        self.close()
        self._context = self._browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            is_mobile=mobile,
            has_touch=mobile,
            color_scheme="dark" if dark else "light",
        )
        page = self._context.new_page()
        page.goto(url, wait_until="load")
        return page

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None


@pytest.fixture
def viewer(browser: Browser) -> Iterator[Viewer]:
    view = Viewer(browser)
    yield view
    view.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("NOTICE_TUI_SCREENSHOTS")
    if wanted:
        folder = Path(wanted)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def wrap_fragment(fragment: str, title: str, lang: str) -> str:
    """The fragment as a CMS would show it: a bare valid page, none of our CSS."""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<main>\n{fragment}</main>\n"
        "</body>\n</html>\n"
    )


def _cases() -> list[Any]:
    wanted = [(sample, "nb") for sample in SAMPLES]
    wanted += [(OTHER_LANGUAGES_SAMPLE, lang) for lang in OTHER_LANGUAGES]
    cases = []
    for sample, lang in wanted:
        result = analyse(sample, compliance=False)
        assert result.profile is not None, sample
        for doc in render_documents(result.profile, DATE, language=lang).documents:
            for variant in ("page", "fragment"):
                stem = f"{sample.stem}-{doc.kind}-{variant}"
                if lang != "nb":
                    stem = f"{sample.stem}-{lang}-{doc.kind}-{variant}"
                cases.append(pytest.param(sample, lang, doc.kind, variant, id=stem))
    return cases


def _html(sample: Path, lang: str, kind: str, variant: str) -> str:
    result = analyse(sample, compliance=False)
    assert result.profile is not None
    rendered = render_documents(result.profile, DATE, language=lang).get(kind)  # type: ignore[arg-type]
    assert rendered is not None
    if variant == "page":
        return rendered.html_page()
    return wrap_fragment(rendered.html_fragment(), rendered.title, rendered.language)


AXE_RUN = """
axe.run(document, {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => ({target: n.target, summary: n.failureSummary}))
  })))
""".replace("TAGS", json.dumps(WCAG_TAGS))

SCROLL = """({
  scrollWidth: document.scrollingElement.scrollWidth,
  innerWidth: window.innerWidth,
  clientWidth: document.documentElement.clientWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                 || e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 60))
})"""

WIDE_TABLES = """
[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect().right
    > document.querySelector('main').getBoundingClientRect().right + 0.5)
  .map(t => t.querySelector('caption')?.textContent)
"""

CELL_LABELS = """
[...document.querySelectorAll('td[data-label]')].every(td =>
    getComputedStyle(td, '::before').content.includes(td.dataset.label))
"""


def _describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)[:4000]


def assert_axe_clean(page: Page, axe_source: str, where: str) -> None:
    # evaluate, not add_script_tag: axe is not a <script> of the page, so it does not
    # audit itself and no Content-Security-Policy of the page can block it.
    page.evaluate(axe_source + "\n;true")
    violations = page.evaluate(AXE_RUN)
    assert violations == [], f"axe, {where}: {_describe(violations)}"


def assert_no_sideways_scroll(page: Page, width: int) -> None:
    # A phone zooms out to fit content that is too wide, which widens innerWidth: compare
    # with the device width too.
    got = page.evaluate(SCROLL)
    assert got["innerWidth"] == width, f"the page is zoomed out to fit at {width} px: {got}"
    assert got["scrollWidth"] <= got["innerWidth"], f"horizontal scroll at {width} px: {got}"


def assert_tables_fit(page: Page, width: int) -> None:
    wide = page.evaluate(WIDE_TABLES)
    assert wide == [], f"tables wider than the text at {width} px: {wide}"


def assert_cells_labelled(page: Page) -> None:
    assert page.evaluate(CELL_LABELS) is True, "a stacked cell does not show its column's name"


def assert_lang(page: Page, lang: str) -> None:
    got = page.evaluate("document.documentElement.lang")
    assert got == lang, f"<html lang> is {got!r}, the document is in {lang!r}"


@pytest.mark.parametrize(("sample", "lang", "kind", "variant"), _cases())
def test_in_chromium(
    viewer: Viewer,
    axe_source: str,
    shots: Path,
    tmp_path: Path,
    sample: Path,
    lang: str,
    kind: str,
    variant: str,
) -> None:
    stem = (
        f"{sample.stem}-{kind}-{variant}"
        if lang == "nb"
        else f"{sample.stem}-{lang}-{kind}-{variant}"
    )
    file = tmp_path / f"{stem}.html"
    file.write_text(_html(sample, lang, kind, variant), encoding="utf-8")
    url = file.as_uri()

    # Desktop, light: the language a screen reader is told, no violations, a screenshot.
    page = viewer.load(url, *DESKTOP)
    assert_lang(page, lang)
    page.screenshot(path=shots / f"{stem}-desktop.png", full_page=True)
    assert_axe_clean(page, axe_source, "desktop")
    if variant == "page":
        # Every width between phone and desktop: no sideways scrolling, no table wider than
        # the text (six columns do not fit until the stacked layout gives way).
        for width in (DESKTOP[0], 1024, 800, 768, 767, 700, 641, 600):
            if width != DESKTOP[0]:
                page = viewer.load(url, width, 800)
            assert_no_sideways_scroll(page, width)
            assert_tables_fit(page, width)

    # Phone, 390 px: no violations, no sideways scrolling, tables still readable.
    page = viewer.load(url, *PHONE, mobile=True)
    page.screenshot(path=shots / f"{stem}-390.png", full_page=True)
    assert_axe_clean(page, axe_source, "390 px")
    if variant == "page":
        # (A fragment has no CSS of its own: the site it is pasted into lays it out.)
        assert_no_sideways_scroll(page, PHONE[0])
        # The narrow layout shows each cell under its column's name.
        assert_cells_labelled(page)
        page = viewer.load(url, *REFLOW, mobile=True)
        page.screenshot(path=shots / f"{stem}-320.png", full_page=True)
        assert_no_sideways_scroll(page, REFLOW[0])

    # Dark colour scheme (the page follows prefers-color-scheme): contrast holds there too.
    if variant == "page":
        page = viewer.load(url, *DESKTOP, dark=True)
        page.screenshot(path=shots / f"{stem}-dark.png", full_page=True)
        assert_axe_clean(page, axe_source, "dark")


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Broken</title>
<style>
body { background: #fff; color: #1b1b1b; }
#faint-light { color: #bbb; }
@media (prefers-color-scheme: dark) {
  body { background: #000; color: #eee; } #faint-light { color: #eee; } #faint-dark { color: #222; }
}
</style></head>
<body><main style="max-width: 20rem">
<h1>Broken on purpose</h1>
<p id="faint-light">Too faint in the light scheme.</p><p id="faint-dark">Too faint in the dark.</p>
<table style="width: 1500px"><caption>Too wide</caption>
<tr><th>A</th></tr><tr><td data-label="A">cell</td></tr></table>
</main></body></html>
"""


def test_the_checks_catch_a_broken_page(viewer: Viewer, axe_source: str, tmp_path: Path) -> None:
    """Each check above fails on a page that breaks its rule: none of them passes
    because it measures nothing (a wrong selector, axe not injected, a viewport unset)."""
    file = tmp_path / "broken.html"
    file.write_text(BROKEN_PAGE, encoding="utf-8")
    url = file.as_uri()

    page = viewer.load(url, *DESKTOP)
    with pytest.raises(AssertionError, match="<html lang> is 'en'"):
        assert_lang(page, "nb")
    with pytest.raises(AssertionError, match="color-contrast") as light:
        assert_axe_clean(page, axe_source, "desktop")
    assert "#faint-light" in str(light.value) and "#faint-dark" not in str(light.value)
    with pytest.raises(AssertionError, match="horizontal scroll at 1280 px"):
        assert_no_sideways_scroll(page, DESKTOP[0])
    with pytest.raises(AssertionError, match="tables wider than the text"):
        assert_tables_fit(page, DESKTOP[0])
    with pytest.raises(AssertionError, match="column's name"):
        assert_cells_labelled(page)

    page = viewer.load(url, *REFLOW, mobile=True)
    with pytest.raises(AssertionError, match="at 320 px"):
        assert_no_sideways_scroll(page, REFLOW[0])

    # The dark scheme is really applied: only the text faint in the dark fails there.
    page = viewer.load(url, *DESKTOP, dark=True)
    with pytest.raises(AssertionError, match="color-contrast") as dark:
        assert_axe_clean(page, axe_source, "dark")
    assert "#faint-dark" in str(dark.value) and "#faint-light" not in str(dark.value)
