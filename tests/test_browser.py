"""The HTML in a real browser: headless Chromium, screenshots, and axe-core at WCAG 2.1 AA.

Chromium is driven over the DevTools protocol through a pipe (--remote-debugging-pipe),
so no websocket client or browser-automation package is needed. axe-core comes from the
npm registry (tests/browser/package-lock.json; `npm ci` there, run by .ci/run or by this
module when npm is at hand) and is injected into each page.

The tests skip, with the reason, when Chromium or axe-core is missing, unless
NOTICE_TUI_REQUIRE_BROWSER=1 (set by .ci/run): then a missing browser is a failure.
Screenshots go to NOTICE_TUI_SCREENSHOTS when set, else to a pytest temp folder.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
BROWSER_DIR = Path(__file__).parent / "browser"
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
DATE = dt.date(2026, 11, 22)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = (1280, 900)
PHONE = (390, 844)
REFLOW = (320, 640)  # WCAG 1.4.10: no scrolling in two directions at 320 CSS px
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--remote-debugging-pipe",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("NOTICE_TUI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (NOTICE_TUI_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("NOTICE_TUI_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


class CdpError(RuntimeError):
    pass


class Chromium:
    """Headless Chromium and a minimal DevTools-protocol client over --remote-debugging-pipe.

    Chromium reads NUL-terminated JSON commands from fd 3 and writes replies and events to
    fd 4. One page target is used, attached with flat sessions.
    """

    def __init__(self, executable: str, profile_dir: Path) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def wire_fds() -> None:  # in the child, before exec: the pipes become fds 3 and 4
            a = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3, inheritable=True)
            os.dup2(b, 4, inheritable=True)

        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile_dir}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=wire_fds, close_fds=False, start_new_session=True,
        )
        os.close(cmd_r)
        os.close(res_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session: str | None = None

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._res_r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self._events.put({"method": "__closed__"})
                with self._lock:
                    for q in self._replies.values():
                        q.put({"error": {"message": "Chromium closed the pipe"}})
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._lock:
                        q = self._replies.get(msg["id"])
                    if q is not None:
                        q.put(msg)
                else:
                    self._events.put(msg)

    def send(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True, timeout: float = 30) -> dict[str, Any]:
        with self._lock:
            self._next_id += 1
            msg_id = self._next_id
            q: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[msg_id] = q
        msg: dict[str, Any] = {"id": msg_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        try:
            reply = q.get(timeout=timeout)
        except queue.Empty:
            raise CdpError(f"{method}: no reply in {timeout} s\n{self.log()}") from None
        finally:
            with self._lock:
                self._replies.pop(msg_id, None)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise CdpError(f"no {method} in {timeout} s")
            try:
                event = self._events.get(timeout=left)
            except queue.Empty:
                continue
            if event.get("method") == "__closed__":
                raise CdpError(f"Chromium exited while waiting for {method}\n{self.log()}")
            if event.get("method") == method:
                return event.get("params", {})

    def open_page(self) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.send("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")

    def load(self, url: str, width: int, height: int, *, mobile: bool = False,
             dark: bool = False) -> None:
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        self.send("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        while not self._events.empty():  # forget the events of the previous page
            self._events.get_nowait()
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        result = self.send("Runtime.evaluate", {
            "expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=timeout)
        if "exceptionDetails" in result:
            raise CdpError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics["cssContentSize"]
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-3000:]

    def close(self) -> None:
        with contextlib.suppress(CdpError):
            self.send("Browser.close", session=False, timeout=5)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        for fd in (self._cmd_w, self._res_r):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._log.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("axe-core is not installed (tests/browser: npm ci) and npm is missing")
        res = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=BROWSER_DIR,
                             capture_output=True, text=True, timeout=300)
        if res.returncode != 0 or not AXE_JS.is_file():
            _unavailable(f"npm ci in tests/browser failed: {res.stderr[-500:]}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    executable = _chromium_path()
    if executable is None:
        _unavailable("no Chromium (apt-get install chromium, or set NOTICE_TUI_CHROMIUM)")
    chrome = Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
    try:
        chrome.open_page()
    except (CdpError, OSError) as exc:
        chrome.close()
        _unavailable(f"Chromium did not start: {exc}")
    yield chrome
    chrome.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("NOTICE_TUI_SCREENSHOTS")
    if wanted:
        folder = Path(wanted)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def wrap_fragment(fragment: str, title: str) -> str:
    """The fragment as a CMS would show it: a bare valid page, none of our CSS."""
    import html

    return (
        '<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<main>\n{fragment}</main>\n"
        "</body>\n</html>\n"
    )


def _cases() -> list[Any]:
    cases = []
    for sample in SAMPLES:
        result = analyse(sample, compliance=False)
        assert result.profile is not None, sample
        for doc in render_documents(result.profile, DATE).documents:
            for variant in ("page", "fragment"):
                cases.append(pytest.param(sample, doc.kind, variant,
                                          id=f"{sample.stem}-{doc.kind}-{variant}"))
    return cases


def _html(sample: Path, kind: str, variant: str) -> str:
    result = analyse(sample, compliance=False)
    assert result.profile is not None
    rendered = render_documents(result.profile, DATE).get(kind)  # type: ignore[arg-type]
    assert rendered is not None
    if variant == "page":
        return rendered.html_page()
    return wrap_fragment(rendered.html_fragment(), rendered.title)


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


def _axe(browser: Chromium, axe_source: str) -> list[dict[str, Any]]:
    browser.evaluate(axe_source + "\n;true")
    return browser.evaluate(AXE_RUN)


def _assert_no_sideways_scroll(browser: Chromium, width: int) -> None:
    # A phone zooms out to fit content that is too wide, which widens innerWidth: compare
    # with the device width too.
    got = browser.evaluate(SCROLL)
    assert got["innerWidth"] == width, f"the page is zoomed out to fit at {width} px: {got}"
    assert got["scrollWidth"] <= got["innerWidth"], f"horizontal scroll at {width} px: {got}"


def _describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.parametrize(("sample", "kind", "variant"), _cases())
def test_in_chromium(browser: Chromium, axe_source: str, shots: Path, tmp_path: Path,
                     sample: Path, kind: str, variant: str) -> None:
    page = tmp_path / f"{sample.stem}-{kind}-{variant}.html"
    page.write_text(_html(sample, kind, variant), encoding="utf-8")
    url = page.as_uri()
    stem = f"{sample.stem}-{kind}-{variant}"

    # Desktop, light: no violations, and a screenshot.
    browser.load(url, *DESKTOP)
    assert browser.evaluate("document.documentElement.lang") == "nb"
    violations = _axe(browser, axe_source)
    browser.screenshot(shots / f"{stem}-desktop.png")
    assert violations == [], f"axe, desktop: {_describe(violations)}"
    if variant == "page":
        # Every width between phone and desktop: no sideways scrolling, no table wider than
        # the text (six columns do not fit until the stacked layout gives way).
        for width in (DESKTOP[0], 1024, 800, 768, 767, 700, 641, 600):
            if width != DESKTOP[0]:
                browser.load(url, width, 800)
            _assert_no_sideways_scroll(browser, width)
            wide = browser.evaluate(
                "[...document.querySelectorAll('table')].filter(t => t.getBoundingClientRect()"
                ".right > document.querySelector('main').getBoundingClientRect().right + 0.5)"
                ".map(t => t.querySelector('caption')?.textContent)")
            assert wide == [], f"tables wider than the text at {width} px: {wide}"

    # Phone, 390 px: no violations, no sideways scrolling, tables still readable.
    browser.load(url, *PHONE, mobile=True)
    violations = _axe(browser, axe_source)
    browser.screenshot(shots / f"{stem}-390.png")
    assert violations == [], f"axe, 390 px: {_describe(violations)}"
    if variant == "page":
        # (A fragment has no CSS of its own: the site it is pasted into lays it out.)
        _assert_no_sideways_scroll(browser, PHONE[0])
        # The narrow layout shows each cell under its column's name.
        labels = browser.evaluate(
            "[...document.querySelectorAll('td[data-label]')].every(td =>"
            " getComputedStyle(td, '::before').content.includes(td.dataset.label))")
        assert labels is True
        browser.load(url, *REFLOW, mobile=True)
        _assert_no_sideways_scroll(browser, REFLOW[0])

    # Dark colour scheme (the page follows prefers-color-scheme): contrast holds there too.
    if variant == "page":
        browser.load(url, *DESKTOP, dark=True)
        violations = _axe(browser, axe_source)
        browser.screenshot(shots / f"{stem}-dark.png")
        assert violations == [], f"axe, dark: {_describe(violations)}"
