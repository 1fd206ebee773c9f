"""What a scan found: visits, the items seen on each, and the problems against a profile.

These types are the scan report's JSON (docs/scan-report.md) in Python: `as_dict`
writes exactly the documented keys, so the format changes only on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

VisitName = Literal["before_consent", "after_accept", "after_reject"]
VISITS: tuple[VisitName, ...] = ("before_consent", "after_accept", "after_reject")
ItemKind = Literal["cookie", "local_storage", "session_storage", "indexed_db", "request"]
# The profile's `storage` for each kind of item.
STORAGE_OF_KIND: dict[str, str] = {
    "cookie": "cookie",
    "local_storage": "local_storage",
    "session_storage": "session_storage",
    "indexed_db": "indexed_db",
    "request": "pixel",
}
CategorySource = Literal["catalog", "open_cookie_database", "tracker_list", "profile"]
ScanErrorCode = Literal[
    "no_playwright",
    "no_browser",
    "browser_failed",
    "dns",
    "tls",
    "timeout",
    "refused",
    "http",
    "bad_url",
    "network",
]

FORMAT_VERSION = 1


class ScanError(Exception):
    """The site could not be scanned at all; `code` says why, `detail` what to show with it."""

    def __init__(self, code: ScanErrorCode, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass
class Item:
    """One thing a visit found stored in the browser, or one request to a tracker."""

    name: str
    kind: ItemKind
    domain: str  # host of the cookie, the storage's origin or the request
    first_party: bool
    path: str | None = None  # cookies only
    expires: str | None = None  # ISO 8601 UTC; None: a session cookie, or not a cookie
    duration: str | None = None  # the lifetime in the profile's syntax ("400d", "session")
    setter: str | None = None  # URL of the response or script that set it, where known
    url: str | None = None  # requests: the address without its query
    category: str | None = None
    category_source: CategorySource | None = None
    service: str | None = None  # the catalogue's service, when it knows the item
    purpose: str | None = None  # the catalogue's (bokmål) or the Open Cookie Database's
    purpose_language: str | None = None
    declared: bool = False
    declared_as: str | None = None  # the profile entry that declares it (may be a pattern)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.name, self.domain)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "domain": self.domain,
            "path": self.path,
            "first_party": self.first_party,
            "expires": self.expires,
            "duration": self.duration,
            "setter": self.setter,
            "url": self.url,
            "category": self.category,
            "category_source": self.category_source,
            "service": self.service,
            "purpose": self.purpose,
            "purpose_language": self.purpose_language,
            "declared": self.declared,
            "declared_as": self.declared_as,
        }


@dataclass
class Banner:
    """The consent banner a visit found, and what was clicked."""

    tool: str  # "Cookiebot", "CookieYes" ... or "own" for a site's own buttons
    button: str  # the button's text as the page shows it
    frame: str | None = None  # the frame's URL when the banner is in an iframe

    def as_dict(self) -> dict[str, Any]:
        return {"tool": self.tool, "button": self.button, "frame": self.frame}


@dataclass
class Visit:
    visit: VisitName
    pages: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    banner: Banner | None = None  # what was clicked; None before consent or when none found
    banner_seen: bool = False  # before consent: whether a banner was showing
    screenshot: str | None = None  # file name beside the report
    failed_pages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "visit": self.visit,
            "pages": self.pages,
            "failed_pages": self.failed_pages,
            "banner": self.banner.as_dict() if self.banner else None,
            "banner_seen": self.banner_seen,
            "screenshot": self.screenshot,
            "items": [item.as_dict() for item in self.items],
        }


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: Literal["error", "warning"]
    item: str | None  # the item's name; None for the site as a whole (no banner)
    message: str
    kind: str | None = None
    visit: VisitName | None = None
    profile_path: str | None = None  # the profile entry the problem is about, if any

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "item": self.item,
            "kind": self.kind,
            "visit": self.visit,
            "profile_path": self.profile_path,
            "message": self.message,
        }


@dataclass
class ScanResult:
    url: str
    scanned_at: str  # ISO 8601 UTC, seconds
    browser: str  # "Chromium 156.0.8078.114 (/usr/bin/chromium)"
    visits: list[Visit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    profile: str | None = None  # the profile file compared against
    classified_with: list[str] = field(default_factory=list)

    def visit(self, name: VisitName) -> Visit | None:
        return next((v for v in self.visits if v.visit == name), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "notice-tui-scan",
            "format_version": FORMAT_VERSION,
            "url": self.url,
            "scanned_at": self.scanned_at,
            "browser": self.browser,
            "profile": self.profile,
            "classified_with": self.classified_with,
            "visits": [v.as_dict() for v in self.visits],
            "problems": [p.as_dict() for p in self.problems],
        }
