"""Visiting a site in headless Chromium through Playwright, and writing down what it stores.

Each visit starts a browser with a new, empty profile folder: nothing carries over
from one visit to the next, or from the user's own browser. The profile is a
persistent one, not Playwright's usual incognito context, and allows third-party
cookies, as Chrome does for most visitors: an incognito window blocks them, and a
scan made in one would leave out exactly the advertisers' cookies a declaration
must list.

Playwright is imported only inside `scan_site`: this module loads without the
`scan` extra, and says so with a ScanError when a scan is asked for.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit, urlunsplit

from .model import Banner, Item, ScanError, ScanResult, Visit, VisitName
from .sites import duration_text, host_of, same_site

Progress = Callable[[str, int, int], None]  # (visit, pages visited, items found)

# Keep a hostile page from filling memory and the report: a real site has tens of each.
MAX_ITEMS_PER_VISIT = 2000
MAX_NAME = 256
MAX_KEYS_PER_STORE = 500
SETTLE_MS = 5000  # the most a page is given to go quiet after it loaded
SKIP_EXTENSIONS = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".zip",
    ".mp4",
    ".mp3",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".ics",
    ".xml",
)
# Chromium talks only to the site: no updates, safe-browsing look-ups, translation,
# field trials or crash reports of its own.
BROWSER_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,"
    "InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater",
    "--metrics-recording-only",
    "--no-pings",
]
SYSTEM_BROWSERS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/snap/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# Consent tools by their own markup: (tool, accept button, reject button).
KNOWN_BANNERS: tuple[tuple[str, str, str], ...] = (
    (
        "Cookiebot",
        "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll, "
        "#CybotCookiebotDialogBodyButtonAccept",
        "#CybotCookiebotDialogBodyButtonDecline",
    ),
    ("CookieYes", ".cky-btn-accept", ".cky-btn-reject"),
    (
        "Cookie Information",
        ".coi-banner__accept, button[onclick*='CookieInformation.submitAllCategories']",
        "#declineButton, .coi-banner__decline, "
        "button[onclick*='CookieInformation.declineAllCategories']",
    ),
    ("Complianz", ".cmplz-btn.cmplz-accept", ".cmplz-btn.cmplz-deny"),
    ("OneTrust", "#onetrust-accept-btn-handler", "#onetrust-reject-all-handler"),
)
# A site's own banner, by the words on its buttons; the first that shows wins, so the
# most telling come first ("Godta alle" before a bare "OK").
ACCEPT_WORDS = (
    "Godta alle",
    "Tillat alle",
    "Aksepter alle",
    "Godkjenn alle",
    "Accept all",
    "Allow all",
    "Accept all cookies",
    "Godta alle informasjonskapsler",
    "Jeg godtar",
    "Godta",
    "Aksepter",
    "Tillat",
    "Accept",
    "I agree",
    "OK",
)
REJECT_WORDS = (
    "Avvis alle",
    "Avslå alle",
    "Nekt alle",
    "Reject all",
    "Decline all",
    "Bare nødvendige",
    "Kun nødvendige",
    "Kun nødvendige informasjonskapsler",
    "Only necessary",
    "Necessary only",
    "Avvis",
    "Avslå",
    "Nekt",
    "Reject",
    "Decline",
)

# Who set a cookie from a script: document.cookie is wrapped before any page script
# runs, and reports each assignment with the stack that made it.
COOKIE_HOOK = """
(() => {
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (!desc || !desc.set) return;
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    enumerable: desc.enumerable,
    get() { return desc.get.call(this); },
    set(value) {
      try {
        const send = window.__noticeTuiCookie;
        if (typeof send === "function") send(String(value).slice(0, 4096),
                                             String(new Error().stack || "").slice(0, 4096));
      } catch (e) {}
      desc.set.call(this, value);
    },
  });
})();
"""

STORAGE_JS = """
async () => {
  const keys = (store) => {
    try {
      const out = [];
      for (let i = 0; i < store.length && i < LIMIT; i++) out.push(store.key(i));
      return out;
    } catch (e) { return []; }
  };
  let idb = [];
  try {
    if (indexedDB.databases) idb = (await indexedDB.databases()).map((d) => d.name).slice(0, LIMIT);
  } catch (e) {}
  return {origin: location.origin, local: keys(localStorage), session: keys(sessionStorage), idb};
}
""".replace("LIMIT", str(MAX_KEYS_PER_STORE))

_STACK_URL = re.compile(r"(https?://[^\s()]+?):\d+:\d+")


def find_browser(explicit: str | None = None) -> tuple[str | None, str]:
    """(executable for Playwright, or None for Playwright's own Chromium; where it came from).

    In order: --browser, NOTICE_TUI_BROWSER, the Chromium `playwright install` put in
    place, a Chromium or Chrome installed on the system. Raises ScanError when a named
    one is not there, or when there is none at all.
    """
    for source, value in (
        ("--browser", explicit),
        ("NOTICE_TUI_BROWSER", os.environ.get("NOTICE_TUI_BROWSER")),
    ):
        if value:
            path = shutil.which(value) or value
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise ScanError("no_browser", f"{source}: {value}")
            return path, source
    own = _playwright_chromium()
    if own is not None:
        return None, "playwright"
    for candidate in (*SYSTEM_BROWSERS, *(shutil.which(n) or "" for n in SYSTEM_NAMES)):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate, "system"
    raise ScanError("no_browser")


def _playwright_chromium() -> str | None:
    """Playwright's own Chromium, when `playwright install chromium` has been run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # a broken driver install: fall back to a system browser
        return None
    return path if path and os.path.isfile(path) else None


def normalise_url(text: str) -> str:
    """The start address: https:// added to a bare host; ScanError for anything else."""
    text = text.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ScanError("bad_url", text) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScanError("bad_url", text)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _clip(text: str) -> str:
    text = _LONE_SURROGATE.sub("\ufffd", text)
    return text if len(text) <= MAX_NAME else text[:MAX_NAME] + "…"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _strip_query(url: str) -> str:
    # A tracker's query holds ids and page data: the evidence is the endpoint.
    try:
        p = urlsplit(url)
    except ValueError:
        return _clip(url)
    return _clip(urlunsplit((p.scheme, p.netloc, p.path, "", "")))


def _error_code(message: str) -> tuple[str, str]:
    """A ScanError code for a Playwright navigation error, and the net:: code it names."""
    found = re.search(r"net::(ERR_[A-Z_]+)", message)
    net = found.group(1) if found else ""
    if net in ("ERR_NAME_NOT_RESOLVED", "ERR_NAME_RESOLUTION_FAILED"):
        return "dns", net
    if "CERT" in net or "SSL" in net:
        return "tls", net
    if net in ("ERR_CONNECTION_REFUSED", "ERR_ADDRESS_UNREACHABLE"):
        return "refused", net
    if net in ("ERR_TIMED_OUT", "ERR_CONNECTION_TIMED_OUT") or "Timeout" in message:
        return "timeout", net
    if net:
        return "network", net
    return "network", message.strip().splitlines()[0][:200] if message.strip() else ""


@dataclass
class _Recorder:
    """What one visit saw: every response's Set-Cookie, script cookie writes, requests."""

    start_host: str
    header_setters: dict[tuple[str, str], str] = field(default_factory=dict)
    script_setters: dict[tuple[str, str], str] = field(default_factory=dict)
    responses: list[Any] = field(default_factory=list)
    items: dict[tuple[str, str, str], Item] = field(default_factory=dict)

    def on_script_cookie(self, source: Any, value: Any, stack: Any) -> None:
        name = str(value).split(";", 1)[0].split("=", 1)[0].strip()
        if not name:
            return
        frame_url = ""
        with contextlib.suppress(Exception):
            frame_url = source["frame"].url
        match = _STACK_URL.search(str(stack).split("\n", 1)[-1])
        setter = _strip_query(match.group(1)) if match else _strip_query(frame_url)
        domain = _attribute(str(value), "domain") or host_of(frame_url)
        self.script_setters.setdefault((name, _site_key(domain)), setter)

    def read_responses(self, classify_request: Callable[[str], bool]) -> None:
        """Set-Cookie headers and tracker requests of the responses since the last call.

        Read before the next navigation: a response's headers and body may be gone after.
        """
        responses, self.responses = self.responses, []
        for response in responses:
            url = response.url
            try:
                headers = response.headers_array()
            except Exception:
                headers = []
            for header in headers:
                if header.get("name", "").casefold() != "set-cookie":
                    continue
                for line in str(header.get("value", "")).split("\n"):
                    name = line.split(";", 1)[0].split("=", 1)[0].strip()
                    if name:
                        domain = _attribute(line, "domain") or host_of(url)
                        self.header_setters.setdefault((name, _site_key(domain)), _strip_query(url))
            self._request(response, url, classify_request)

    def on_request(self, request: Any) -> None:
        """A request to a known tracker, or a beacon to another site: recorded when it is
        sent, whether or not anything answers."""
        from .classify import tracker_for

        url, kind = str(request.url), str(request.resource_type)
        host = host_of(url)
        if not host or urlsplit(url).scheme not in ("http", "https"):
            return
        if tracker_for(url) is not None or (
            kind == "ping" and not same_site(host, self.start_host)
        ):
            self._add_request(url, host)

    def _request(self, response: Any, url: str, is_tracker: Callable[[str], bool]) -> None:
        """A pixel: a tiny image from another site, not on the tracker list."""
        host = host_of(url)
        if not host or urlsplit(url).scheme not in ("http", "https") or is_tracker(url):
            return
        if same_site(host, self.start_host):
            return
        try:
            kind = response.request.resource_type
        except Exception:
            return
        if kind == "image" and _tiny(response):
            self._add_request(url, host)

    def _add_request(self, url: str, host: str) -> None:
        name = _clip(host + urlsplit(url).path)
        self.add(
            Item(
                name=name,
                kind="request",
                domain=host,
                first_party=same_site(host, self.start_host),
                url=_strip_query(url),
            )
        )

    def add(self, item: Item) -> None:
        if len(self.items) < MAX_ITEMS_PER_VISIT:
            self.items.setdefault(item.key, item)
        elif item.key in self.items:
            self.items[item.key] = item


def _tiny(response: Any) -> bool:
    """A tracking pixel: at most 2×2 pixels, or so few bytes that it cannot be a picture."""
    length = None
    with contextlib.suppress(Exception):
        length = int(response.headers.get("content-length", ""))
    body = b""
    if length is None or length <= 4096:
        with contextlib.suppress(Exception):
            body = response.body()
    if length is not None and length <= 200:
        return True
    if body[:6] in (b"GIF87a", b"GIF89a") and len(body) >= 10:
        width, height = int.from_bytes(body[6:8], "little"), int.from_bytes(body[8:10], "little")
        return width <= 2 and height <= 2
    if body[:8] == b"\x89PNG\r\n\x1a\n" and len(body) >= 24:
        width, height = int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")
        return width <= 2 and height <= 2
    return bool(body) and len(body) <= 200


def _attribute(cookie_line: str, name: str) -> str:
    for part in cookie_line.split(";")[1:]:
        key, _sep, value = part.partition("=")
        if key.strip().casefold() == name:
            return value.strip().lstrip(".").casefold()
    return ""


def _site_key(domain: str) -> str:
    from .sites import site_of

    return site_of(domain.lstrip("."))


def _iso(epoch: float) -> str:
    return (
        dt.datetime.fromtimestamp(epoch, dt.UTC)
        .replace(microsecond=0)
        .isoformat()
        .replace("+00:00", "Z")
    )


@dataclass
class ScanOptions:
    url: str
    pages: int = 1
    reject: bool = False
    browser: str | None = None
    timeout: float = 30.0  # seconds for a page to load
    screenshots: Path | None = None  # folder; None: no screenshots
    screenshot_stem: str = "scan"
    progress: Progress | None = None


def scan_site(options: ScanOptions) -> ScanResult:
    """Visit the site before consent, after accepting and (with `reject`) after refusing.

    Raises ScanError when the scan cannot be made at all: no Playwright, no browser,
    or the start page does not load (DNS, TLS, time-out, refused, HTTP error).
    """
    url = normalise_url(options.url)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScanError("no_playwright") from None
    executable, _source = find_browser(options.browser)
    scanned_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = ScanResult(
        url=url, scanned_at=scanned_at.isoformat().replace("+00:00", "Z"), browser=""
    )
    try:
        with sync_playwright() as pw:
            runner = _Runner(pw, PlaywrightError, executable, options, url)
            before = runner.visit("before_consent", [url])
            result.visits.append(before)
            pages = before.pages
            result.visits.append(runner.visit("after_accept", pages))
            if options.reject:
                result.visits.append(runner.visit("after_reject", pages))
            result.browser = runner.browser_name
    except ScanError:
        raise
    except Exception as exc:  # the driver died, or the browser would not start
        raise ScanError(
            "browser_failed",
            str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__,
        ) from None
    return result


class _Runner:
    def __init__(
        self,
        pw: Any,
        error_type: type[Exception],
        executable: str | None,
        options: ScanOptions,
        url: str,
    ) -> None:
        self.pw = pw
        self.error_type = error_type
        self.executable = executable
        self.options = options
        self.url = url
        self.start_host = host_of(url)
        self.browser_name = ""

    @contextlib.contextmanager
    def _context(self) -> Iterator[Any]:
        folder = tempfile.mkdtemp(prefix="notice-tui-scan-")
        try:
            # Third-party cookies allowed, as in a normal Chrome window (see the module doc).
            default = Path(folder) / "Default"
            default.mkdir()
            (default / "Preferences").write_text(
                json.dumps(
                    {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}}
                ),
                encoding="utf-8",
            )
            try:
                context = self.pw.chromium.launch_persistent_context(
                    folder,
                    executable_path=self.executable,
                    headless=True,
                    args=BROWSER_ARGS,
                    locale="nb-NO",
                    timezone_id="Europe/Oslo",
                    service_workers="block",
                    accept_downloads=False,
                    viewport={"width": 1280, "height": 900},
                )
            except self.error_type as exc:
                message = str(exc)
                if "Executable doesn't exist" in message or "ENOENT" in message:
                    raise ScanError("no_browser", self.executable or "playwright") from None
                raise ScanError("browser_failed", message.strip().splitlines()[0][:300]) from None
            try:
                if not self.browser_name:
                    version = context.browser.version if context.browser else ""
                    self.browser_name = f"Chromium {version}".strip() + (
                        f" ({self.executable})" if self.executable else " (Playwright)"
                    )
                yield context
            finally:
                with contextlib.suppress(Exception):
                    context.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def visit(self, name: VisitName, pages: list[str]) -> Visit:
        from .classify import tracker_for

        visit = Visit(visit=name)
        recorder = _Recorder(self.start_host)
        is_tracker = lambda u: tracker_for(u) is not None  # noqa: E731
        limit = max(1, self.options.pages)
        with self._context() as context:
            context.expose_binding("__noticeTuiCookie", recorder.on_script_cookie)
            context.add_init_script(COOKIE_HOOK)
            context.on("response", lambda response: recorder.responses.append(response))
            context.on("request", lambda request: recorder.on_request(request))
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(self.options.timeout * 1000)
            queue = list(pages)
            seen = set(queue)
            while queue and len(visit.pages) < limit:
                target = queue.pop(0)
                first = not visit.pages and not visit.failed_pages
                if not self._load(page, target, fatal=first and name == "before_consent"):
                    visit.failed_pages.append(target)
                    continue
                landed = target
                if name == "before_consent":
                    # Later visits load the pages this one ended up on after redirects.
                    landed = urldefrag(page.url)[0] or target
                    if first and not same_site(host_of(landed), self.start_host):
                        # Sent on to another site (a shop platform's own domain): that
                        # is the site whose first and third parties count.
                        self.start_host = recorder.start_host = host_of(landed)
                    seen.add(landed)
                if landed not in visit.pages:
                    visit.pages.append(landed)
                if first:
                    self._first_page(page, visit, name)
                recorder.read_responses(is_tracker)
                self._record(context, page, recorder)
                if name == "before_consent" and len(visit.pages) < limit:
                    for link in self._links(page):
                        if link not in seen:
                            seen.add(link)
                            queue.append(link)
                if self.options.progress is not None:
                    self.options.progress(name, len(visit.pages), len(recorder.items))
            if not visit.pages:
                raise ScanError("network", ", ".join(visit.failed_pages)[:300])
        visit.items = sorted(recorder.items.values(), key=lambda i: (i.kind, i.name, i.domain))
        return visit

    def _load(self, page: Any, url: str, fatal: bool) -> bool:
        try:
            response = page.goto(url, wait_until="load", timeout=self.options.timeout * 1000)
        except self.error_type as exc:
            if not fatal:
                return False
            code, detail = _error_code(str(exc))
            raise ScanError(code, detail) from None  # type: ignore[arg-type]
        if response is not None and response.status >= 400:
            if fatal:
                raise ScanError("http", str(response.status))
            return False
        self._settle(page)
        return True

    def _settle(self, page: Any) -> None:
        with contextlib.suppress(Exception):  # a page that polls for ever never goes quiet
            page.wait_for_load_state(
                "networkidle", timeout=min(SETTLE_MS, self.options.timeout * 1000)
            )

    def _first_page(self, page: Any, visit: Visit, name: VisitName) -> None:
        if name == "before_consent":
            visit.banner_seen = self._find_banner(page, "accept") is not None
        else:
            action = "accept" if name == "after_accept" else "reject"
            found = self._find_banner(page, action)
            if found is not None:
                banner, locator = found
                try:
                    locator.click(timeout=5000)
                    visit.banner = banner
                except Exception:
                    visit.banner = None
                self._settle(page)
                # Scripts loaded on consent may write a moment after the network is quiet.
                with contextlib.suppress(Exception):
                    page.wait_for_timeout(500)
        if self.options.screenshots is not None:
            shot = f"{self.options.screenshot_stem}-{name}.png"
            with contextlib.suppress(Exception):
                page.screenshot(path=str(self.options.screenshots / shot))
                visit.screenshot = shot

    def _find_banner(self, page: Any, action: str) -> tuple[Banner, Any] | None:
        frames = list(page.frames)
        for tool, accept, reject in KNOWN_BANNERS:
            selector = accept if action == "accept" else reject
            for frame in frames:
                locator = frame.locator(selector).first
                if _visible(locator):
                    return Banner(
                        tool=tool, button=_text(locator), frame=_frame_url(page, frame)
                    ), locator
        words = ACCEPT_WORDS if action == "accept" else REJECT_WORDS
        for word in words:
            pattern = re.compile(rf"^\s*{re.escape(word)}\s*[.!]?\s*$", re.IGNORECASE)
            for frame in frames:
                # Buttons and links first; then any element whose whole text it is (a
                # <div onclick> that tells assistive technology nothing).
                for locator in (
                    frame.get_by_role("button", name=pattern).first,
                    frame.get_by_role("link", name=pattern).first,
                    frame.get_by_text(pattern).first,
                ):
                    if _visible(locator):
                        return Banner(
                            tool="own", button=_text(locator) or word, frame=_frame_url(page, frame)
                        ), locator
        return None

    def _record(self, context: Any, page: Any, recorder: _Recorder) -> None:
        now = dt.datetime.now(dt.UTC).timestamp()
        try:
            cookies = context.cookies()
        except Exception:
            cookies = []
        for c in cookies:
            name = _clip(str(c.get("name", "")))
            domain = str(c.get("domain", "")).lstrip(".").casefold()
            expires = float(c.get("expires", -1) or -1)
            session = expires < 0
            key = (name, _site_key(domain))
            item = Item(
                name=name,
                kind="cookie",
                domain=_clip(domain),
                first_party=same_site(domain, self.start_host),
                path=_clip(str(c.get("path", "/"))),
                expires=None if session else _iso(expires),
                duration=duration_text(None if session else expires - now),
                setter=recorder.header_setters.get(key) or recorder.script_setters.get(key),
            )
            recorder.items.pop(item.key, None)  # the latest expiry wins
            recorder.add(item)
        for frame in page.frames:
            try:
                found = frame.evaluate(STORAGE_JS)
            except Exception:
                continue
            if not isinstance(found, dict):
                continue
            host = host_of(str(found.get("origin", "")))
            if not host:
                continue
            for kind, field_name in (
                ("local_storage", "local"),
                ("session_storage", "session"),
                ("indexed_db", "idb"),
            ):
                for key in found.get(field_name) or []:
                    if isinstance(key, str) and key:
                        recorder.add(
                            Item(
                                name=_clip(key),
                                kind=kind,  # type: ignore[arg-type]
                                domain=host,
                                first_party=same_site(host, self.start_host),
                            )
                        )

    def _links(self, page: Any) -> list[str]:
        try:
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        except Exception:
            return []
        links = []
        for href in hrefs[:2000]:
            if not isinstance(href, str):
                continue
            link, _frag = urldefrag(href)
            try:
                parts = urlsplit(link)
            except ValueError:
                continue
            if parts.scheme not in ("http", "https") or not same_site(
                (parts.hostname or ""), self.start_host
            ):
                continue
            if parts.path.casefold().endswith(SKIP_EXTENSIONS):
                continue
            links.append(
                urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
            )
        return links


def _visible(locator: Any) -> bool:
    try:
        return bool(locator.count()) and bool(locator.is_visible())
    except Exception:
        return False


def _text(locator: Any) -> str:
    try:
        text = locator.inner_text(timeout=2000) or locator.get_attribute("value") or ""
    except Exception:
        return ""
    return " ".join(text.split())[:100]


def _frame_url(page: Any, frame: Any) -> str | None:
    return None if frame == page.main_frame else _strip_query(frame.url)


def browser_available() -> bool:
    """Whether a scan could start here: Playwright importable and a browser found."""
    if "playwright" not in sys.modules:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return False
    try:
        find_browser()
    except ScanError:
        return False
    return True
