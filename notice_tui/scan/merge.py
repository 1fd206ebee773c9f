"""Putting what a scan found into a profile: `notice-tui scan --apply`.

The finds go through `import_cookies`, the same merge as `notice-tui import-cookies`,
as the CSV a scanner would export: the same matching against the catalogue and the
profile, the same comments kept, the same reasons for leaving a row out. Only what
the scan itself knows is written in a row; the catalogue fills in the rest, and an
item it does not know gets no purpose, so it is left out for a person to describe
rather than added with a guess (or the Open Cookie Database's English).

Requests (pixels) are not added: a pixel has no lifetime a scan can see.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from notice_tui.catalog.apply import ImportReport, import_cookies
from notice_tui.catalog.store import Catalog

from .model import Item, ScanResult
from .sites import BROWSER_CAP_SECONDS

_STORAGE_WORDS = {
    "cookie": "cookie",
    "local_storage": "local storage",
    "session_storage": "session storage",
    "indexed_db": "indexeddb",
}


@dataclass
class ApplyReport:
    imported: ImportReport
    rows: dict[int, Item]  # CSV line -> the item it came from
    not_added_requests: list[Item] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    reviewed: dt.date | None = None

    @property
    def changed(self) -> bool:
        return self.imported.changed or bool(self.pruned) or self.reviewed is not None


def found_items(result: ScanResult) -> list[Item]:
    """Each item once, as the last visit that saw it has it (after consent over before)."""
    items: dict[tuple[str, str], Item] = {}
    for visit in result.visits:
        for item in visit.items:
            items[(item.kind, item.name)] = item
    return list(items.values())


def _near_cap(item: Item, result: ScanResult) -> bool:
    if item.expires is None:
        return False
    try:
        start = dt.datetime.fromisoformat(result.scanned_at.replace("Z", "+00:00"))
        end = dt.datetime.fromisoformat(item.expires.replace("Z", "+00:00"))
    except ValueError:
        return False
    return (end - start).total_seconds() >= BROWSER_CAP_SECONDS * 0.99


def scan_csv(result: ScanResult, items: list[Item]) -> tuple[str, dict[int, Item]]:
    """The items as a scanner's CSV export, and which CSV line holds which item."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Name", "Domain", "Category", "Duration", "Storage", "Party"])
    rows: dict[int, Item] = {}
    for line, item in enumerate(items, start=2):
        # The browser keeps a cookie at most 400 days: a site that asks for two years
        # gets 400, and the catalogue's "2y" is what the site says and does elsewhere.
        duration = "" if _near_cap(item, result) else (item.duration or "")
        category = item.category if item.category_source not in (None, "profile") else ""
        writer.writerow(
            [
                item.name,
                item.domain,
                category or "",
                duration,
                _STORAGE_WORDS[item.kind],
                "first party" if item.first_party else "third party",
            ]
        )
        rows[line] = item
    return buffer.getvalue(), rows


def _website(tree: Any) -> CommentedMap | None:
    site = tree.get("website") if isinstance(tree, Mapping) else None
    return site if isinstance(site, CommentedMap) else None


def apply_scan(
    tree: CommentedMap, result: ScanResult, *, prune: bool = False, catalog: Catalog | None = None
) -> ApplyReport:
    """Merge the scan's finds into `tree` (nothing saved); with `prune`, remove the
    declared entries the scan did not find. `compare` must have run on the result."""
    items = found_items(result)
    stored = [i for i in items if i.kind != "request"]
    report = ApplyReport(
        imported=ImportReport(),
        rows={},
        not_added_requests=[i for i in items if i.kind == "request"],
    )
    site = _website(tree)
    if stored:
        text, report.rows = scan_csv(result, stored)
        report.imported = import_cookies(tree, text, catalog)
    elif site is None:
        report.imported.no_website = True
    if site is None or report.imported.problems:
        return report
    if prune:
        report.pruned = _prune(site, result)
    report.reviewed = _scan_date(result)
    _set_reviewed(site, report.reviewed)
    return report


def _prune(site: CommentedMap, result: ScanResult) -> list[str]:
    cookies = site.get("cookies")
    if not isinstance(cookies, CommentedSeq):
        return []
    found = {
        _index(p.profile_path)
        for p in result.problems
        if p.rule == "scan-declared-not-found" and p.profile_path
    }
    indexes = sorted((i for i in found if i is not None), reverse=True)
    removed = []
    for index in indexes:
        if isinstance(index, int) and index < len(cookies):
            entry = cookies[index]
            removed.append(str(entry.get("name")) if isinstance(entry, Mapping) else "?")
            del cookies[index]
    return list(reversed(removed))


def _index(path: str | None) -> int | None:
    prefix = "website.cookies["
    if not path or not path.startswith(prefix):
        return None
    number = path[len(prefix) :].split("]", 1)[0]
    return int(number) if number.isdigit() else None


def _scan_date(result: ScanResult) -> dt.date:
    try:
        when = dt.datetime.fromisoformat(result.scanned_at.replace("Z", "+00:00"))
    except ValueError:
        return dt.date.today()
    return when.astimezone().date()  # the user's date, as `cookies_reviewed` is written


def _set_reviewed(site: CommentedMap, date: dt.date) -> None:
    if "cookies_reviewed" in site:
        site["cookies_reviewed"] = date
        return
    keys = list(site)
    # The spec's place: right after the list it dates.
    position = keys.index("cookies") + 1 if "cookies" in keys else len(keys)
    site.insert(position, "cookies_reviewed", date)


def subset(result: ScanResult, items: list[Item]) -> ScanResult:
    """The scan with only `items`, as one visit: what a person chose to add."""
    from .model import Visit

    pages = result.visits[0].pages if result.visits else []
    return ScanResult(
        url=result.url,
        scanned_at=result.scanned_at,
        browser=result.browser,
        visits=[Visit("after_accept", list(pages), list(items))],
    )


def partial_row(item: Item, controller: str) -> dict[str, Any]:
    """A `website.cookies` row with what the scan saw of an item no source knows: the
    category and purpose are left for a person (the wizard shows them as missing)."""
    from .sites import site_of

    row: dict[str, Any] = {
        "name": item.name,
        "provider": controller if item.first_party and controller else site_of(item.domain),
    }
    if item.category is not None and item.category_source != "profile":
        row["category"] = item.category
    if item.kind == "cookie" and item.duration:
        row["duration"] = item.duration
    row["first_party"] = item.first_party
    if item.kind != "cookie":
        row["storage"] = item.kind
    return row
