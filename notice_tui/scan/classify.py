"""What a found item is: the service catalogue first, the Open Cookie Database second.

The catalogue's entries are reviewed and in bokmål, and carry the category a
notice uses; the Open Cookie Database (data/, Apache 2.0, see data/NOTICE) knows
some two thousand more names, in English. Its "Functional" is both the strictly
necessary and the preference cookies of other lists, so it gives no category:
which consent a cookie needs is a judgement the catalogue or the profile makes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from notice_tui.catalog import load_catalog
from notice_tui.catalog.store import Catalog

from .model import STORAGE_OF_KIND, Item
from .sites import same_site, site_of

OCD_FILE = "open-cookie-database.csv"
_DOMAIN = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")

_OCD_CATEGORIES = {
    "analytics": "statistics",
    "marketing": "marketing",
    "personalization": "preferences",
    "necessary": "necessary",
    "security": "necessary",
}


@dataclass(frozen=True)
class OcdEntry:
    name: str
    platform: str
    category: str | None  # a profile category, or None when the database's is ambiguous
    description: str
    retention: str
    wildcard: bool
    # Sites the database ties the name to ("linkedin.com (3rd party)"); empty: any site.
    # "lang" on a shop's own domain is the shop's, not LinkedIn's.
    sites: tuple[str, ...] = ()

    def fits(self, domain: str) -> bool:
        return not self.sites or any(same_site(domain, s) for s in self.sites)


@dataclass(frozen=True)
class OpenCookieDatabase:
    exact: dict[str, OcdEntry]
    prefixes: tuple[OcdEntry, ...]  # longest first: the most specific family wins

    def match(self, name: str, domain: str) -> OcdEntry | None:
        hit = self.exact.get(name)
        if hit is not None and hit.fits(domain):
            return hit
        return next((e for e in self.prefixes if name.startswith(e.name) and e.fits(domain)), None)

    def __len__(self) -> int:
        return len(self.exact) + len(self.prefixes)


def parse_ocd(text: str) -> OpenCookieDatabase:
    exact: dict[str, OcdEntry] = {}
    prefixes: list[OcdEntry] = []
    for row in csv.DictReader(io.StringIO(text)):
        name = (row.get("Cookie / Data Key name") or "").strip()
        if not name:
            continue
        entry = OcdEntry(
            name=name,
            platform=(row.get("Platform") or "").strip(),
            category=_OCD_CATEGORIES.get((row.get("Category") or "").strip().casefold()),
            description=(row.get("Description") or "").strip(),
            retention=(row.get("Retention period") or "").strip(),
            wildcard=(row.get("Wildcard match") or "").strip() == "1",
            sites=tuple(
                dict.fromkeys(
                    site_of(d) for d in _DOMAIN.findall((row.get("Domain") or "").casefold())
                )
            ),
        )
        if entry.wildcard:
            # A one-letter family ("_") would claim half the web's cookies.
            if len(name) >= 3:
                prefixes.append(entry)
        else:
            exact.setdefault(name, entry)
    prefixes.sort(key=lambda e: -len(e.name))
    return OpenCookieDatabase(exact, tuple(prefixes))


@cache
def open_cookie_database() -> OpenCookieDatabase | None:
    """The shipped copy, or None when the package was built without it."""
    try:
        text = (
            resources.files("notice_tui.scan")
            .joinpath("data", OCD_FILE)
            .read_text(encoding="utf-8")
        )
    except (FileNotFoundError, OSError, UnicodeDecodeError):
        return None
    return parse_ocd(text)


@dataclass(frozen=True)
class Tracker:
    host: str  # the host or a parent domain of it
    path: str  # a path prefix; "" for any
    service: str | None  # the catalogue's name for it
    category: str


# Endpoints that collect data (pixels, beacons, analytics hits), not the scripts or
# fonts a site loads from the same companies: a request here sends the visitor's
# data to the service. Kept to services a Norwegian small business meets.
TRACKERS: tuple[Tracker, ...] = (
    Tracker("google-analytics.com", "", "Google Analytics 4", "statistics"),
    Tracker("analytics.google.com", "", "Google Analytics 4", "statistics"),
    Tracker("stats.g.doubleclick.net", "", "Google Analytics 4", "statistics"),
    Tracker("doubleclick.net", "", "Google Ads", "marketing"),
    Tracker("googleadservices.com", "", "Google Ads", "marketing"),
    Tracker("googlesyndication.com", "", "Google Ads", "marketing"),
    Tracker("facebook.com", "/tr", "Meta Pixel", "marketing"),
    Tracker("px.ads.linkedin.com", "", "LinkedIn Insight Tag", "marketing"),
    Tracker("analytics.tiktok.com", "", "TikTok Pixel", "marketing"),
    Tracker("tr.snapchat.com", "", "Snap Pixel", "marketing"),
    Tracker("hotjar.com", "", "Hotjar", "statistics"),
    Tracker("hotjar.io", "", "Hotjar", "statistics"),
    Tracker("clarity.ms", "", "Microsoft Clarity", "statistics"),
    Tracker("siteimproveanalytics.com", "", "Siteimprove", "statistics"),
    Tracker("siteimproveanalytics.io", "", "Siteimprove", "statistics"),
    Tracker("bat.bing.com", "", None, "marketing"),
)
# Self-hosted analytics whose collecting script has a name of its own, on any host.
TRACKER_PATHS: tuple[tuple[str, str, str], ...] = (
    ("/matomo.php", "Matomo", "statistics"),
    ("/piwik.php", "Matomo", "statistics"),
)


def tracker_for(url: str) -> Tracker | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").casefold()
    path = parts.path or "/"
    for t in TRACKERS:
        if (host == t.host or host.endswith("." + t.host)) and path.startswith(t.path):
            return t
    for suffix, service, category in TRACKER_PATHS:
        if path.endswith(suffix):
            return Tracker(host, suffix, service, category)
    return None


class Classifier:
    def __init__(
        self, catalog: Catalog | None = None, ocd: OpenCookieDatabase | bool | None = True
    ) -> None:
        self.catalog = catalog if catalog is not None else load_catalog()
        self.ocd = open_cookie_database() if ocd is True else (ocd or None)

    @property
    def sources(self) -> list[str]:
        names = ["notice-tui catalogue", "notice-tui tracker list"]
        if self.ocd is not None:
            names.append("Open Cookie Database")
        return names

    def classify(self, items: Iterable[Item]) -> None:
        for item in items:
            self._classify(item)

    def _classify(self, item: Item) -> None:
        if item.kind == "request":
            tracker = tracker_for(item.url or "")
            if tracker is not None:
                item.category, item.category_source = tracker.category, "tracker_list"
                item.service = tracker.service
                svc = self.catalog.find(tracker.service) if tracker.service else None
                if svc is not None:
                    item.purpose, item.purpose_language = svc.service, "nb"
            return
        hit = self.catalog.match_cookie(item.name)
        if hit is not None and hit[1].storage == STORAGE_OF_KIND[item.kind]:
            service, cookie = hit
            item.category, item.category_source = cookie.category, "catalog"
            item.service = service.name
            item.purpose, item.purpose_language = cookie.purpose, "nb"
            return
        entry = self.ocd.match(item.name, item.domain) if self.ocd is not None else None
        if entry is not None:
            if entry.category is not None:
                item.category, item.category_source = entry.category, "open_cookie_database"
            if entry.description:
                item.purpose, item.purpose_language = entry.description, "en"
            # The platform names a service the catalogue may know ("Google Analytics").
            svc = self.catalog.find(entry.platform) if entry.platform else None
            if svc is not None:
                item.service = svc.name
