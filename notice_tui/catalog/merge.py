"""Merging a cookie scanner's rows into a profile's `website.cookies`.

Each row is matched against the catalogue, which fills what the row lacks
(and supplies the provider name, so cookies line up with `processors`). A row
is skipped, with the reason, when it still lacks a category, duration, purpose
or provider: guessing those would put wrong facts in a notice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap

from notice_tui import cookie_names
from notice_tui.parties import fold
from notice_tui.profile import edit

from .add import add_processor
from .lookup import (
    host,
    processor_for_host,
    processor_name,
    profile_cookies,
    same_site,
    service_for_host,
    website,
)
from .model import CatalogCookie, Service
from .reports import AddedCookie, ImportReport, Note, PresentCookie, SkippedRow
from .scan import ScanRow, read_scan
from .scan_words import (
    PARTY_FIELDS,
    looks_english,
    parse_category,
    parse_duration_text,
    parse_storage,
    party_of,
)
from .store import Catalog, load_catalog


def _covering(
    declared: list[tuple[str, str]], name: str, provider: str, service: Service | None
) -> str | None:
    """The profile entry that already declares `name`: the same name, or a wildcard
    ("_ga_*") of the same provider. A pattern of one provider says nothing about the
    cookies of another, and only the wildcard form is one: a scanned "*" is a name."""
    for entry, _owner in declared:
        if entry == name:
            return entry
    for entry, owner in declared:
        if (
            cookie_names.is_pattern(entry)
            and cookie_names.covers(entry, name)
            and _same_provider(owner, provider, service)
        ):
            return entry
    return None


def _same_provider(owner: str, provider: str, service: Service | None) -> bool:
    """Whether a profile entry's provider is the one of the scanned row: the same name,
    or, for a catalogue service, any of the names it goes by."""
    if not owner or not provider:
        return False
    if fold(owner) == fold(provider):
        return True
    return service is not None and fold(owner) in {fold(n) for n in service.names}


@dataclass
class _Context:
    tree: CommentedMap
    catalog: Catalog
    site_host: str | None
    controller: str
    language: str  # of the documents: a scan's purpose is copied into them
    declared: list[tuple[str, str]]  # (name, provider) of every cookie in the profile
    providers: dict[str, str] = field(default_factory=dict)  # service name -> provider
    needs_processor: list[Service] = field(default_factory=list)


def _provider_for(ctx: _Context, service: Service) -> str:
    if service.name not in ctx.providers:
        existing = processor_name(ctx.tree, service)
        ctx.providers[service.name] = existing or service.name
        if existing is None:
            ctx.needs_processor.append(service)
    return ctx.providers[service.name]


@dataclass
class _Row:
    """One scanned cookie, as far as the catalogue and the domain tell who sets it."""

    line: int
    cells: dict[str, str]
    scanned: str
    name: str  # as it will be written: the catalogue's pattern when one matched
    known: CatalogCookie | None
    service: Service | None  # by the cookie's name, else by its provider's domain
    host: str | None
    own: bool  # set by the site itself
    provider: str
    notes: list[Note] = field(default_factory=list)


def _identify(ctx: _Context, row: ScanRow) -> _Row:
    cells: dict[str, str] = {k: v for k, v in row.cells.items()}
    scanned = cells.get("name", "")
    hit = ctx.catalog.match_cookie(scanned)
    known, service = (hit[1], hit[0]) if hit else (None, None)
    # A concrete name from a pattern (_ga_ABC123 for _ga_*) is declared by the
    # pattern: the suffix is a site's container id, not something a reader needs.
    name = known.name if known is not None and known.is_pattern else scanned
    domain = cells.get("domain", "")
    where = host(domain) or host(cells.get("provider", ""))
    own = where is not None and ctx.site_host is not None and same_site(where, ctx.site_host)
    r = _Row(row.line, cells, scanned, name, known, service, where, own, provider="")
    if name != scanned:
        r.notes.append(Note("added_as_pattern", scanned, name))
    if service is not None:
        r.provider = (
            ctx.providers.get(service.name) or processor_name(ctx.tree, service) or service.name
        )
    elif own and ctx.controller:
        r.provider = ctx.controller
    else:
        r.provider = cells.get("provider", "") or (domain.lstrip(".") if domain else "")
        _provider_by_domain(ctx, r)
    return r


def _provider_by_domain(ctx: _Context, r: _Row) -> None:
    """A provider given as a domain ("timma.no", "www.googletagmanager.com") is the
    processor or catalogue service it belongs to, so the cookie names a party the
    notice describes rather than a host name."""
    given = r.provider
    where = host(given)
    if where is None or r.own:
        return
    name = processor_for_host(ctx.tree, where)
    if name is None:
        r.service = service_for_host(ctx.catalog, where)
        if r.service is None:
            return
        name = processor_name(ctx.tree, r.service) or r.service.name
    r.provider = name
    r.notes.append(Note("provider_by_domain", given, name))


def _category(r: _Row) -> str | None:
    raw = r.cells.get("category", "")
    category = parse_category(raw) if raw else None
    known = r.known
    if known is None:
        return category
    if category is None:
        if raw:
            r.notes.append(Note("category_from_catalog", raw, known.category))
        return known.category
    if category == "necessary" and known.category != "necessary":
        # The catalogue knows it needs consent; a scanner's "necessary" is
        # usually the site's banner set-up, and would hide a tracker.
        r.notes.append(Note("category_overridden", raw, known.category))
        return known.category
    if category != known.category:
        r.notes.append(Note("category_disagrees", raw, known.category))
    return category


def _duration(r: _Row) -> str | None:
    raw = r.cells.get("duration", "")
    duration = parse_duration_text(raw) if raw else None
    if duration is None and r.known is not None:
        if raw:
            r.notes.append(Note("duration_from_catalog", raw, r.known.duration))
        duration = r.known.duration
    return duration


def _purpose(ctx: _Context, r: _Row) -> str:
    # The catalogue's purpose is bokmål and reviewed; a scanner's is often English.
    if r.known is not None and r.known.purpose:
        return r.known.purpose
    purpose = r.cells.get("purpose", "")
    if purpose and ctx.language in ("nb", "nn") and looks_english(purpose):
        r.notes.append(Note("purpose_language", purpose, ctx.language))
    return purpose


def _first_party(ctx: _Context, r: _Row) -> bool | None:
    for fld in PARTY_FIELDS:
        if fld in r.cells:
            said = party_of(fld, r.cells[fld])
            if said is not None:
                return said
    if r.host is not None and ctx.site_host is not None:
        return r.own
    return r.known.first_party if r.known is not None else None


def _storage(r: _Row) -> str | None:
    text = r.cells.get("storage", "")
    storage = parse_storage(text) if text else None
    if storage is None and r.known is not None:
        storage = r.known.storage
    return storage


def _entry(
    r: _Row,
    category: str,
    purpose: str,
    duration: str,
    first_party: bool | None,
    storage: str | None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": r.name,
        "provider": r.provider,
        "category": category,
        "purpose": purpose,
        "duration": duration,
    }
    if first_party is not None:
        entry["first_party"] = first_party
    if storage not in (None, "cookie"):
        entry["storage"] = storage
    return entry


def _merge_row(
    ctx: _Context, row: ScanRow, from_csv: dict[str, int]
) -> SkippedRow | PresentCookie | tuple[AddedCookie, dict[str, Any]]:
    if not row.cells.get("name", ""):
        return SkippedRow(row.line, "", "no_name")
    r = _identify(ctx, row)
    covered = _covering(ctx.declared, r.scanned, r.provider, r.service) or _covering(
        ctx.declared, r.name, r.provider, r.service
    )
    if covered is not None:
        return PresentCookie(row.line, r.scanned, covered, in_csv=covered in from_csv)
    category = _category(r)
    if category is None:
        return SkippedRow(row.line, r.scanned, "unknown_category", r.cells.get("category", ""))
    duration = _duration(r)
    if duration is None:
        return SkippedRow(row.line, r.scanned, "unknown_duration", r.cells.get("duration", ""))
    purpose = _purpose(ctx, r)
    if not purpose:
        return SkippedRow(row.line, r.scanned, "no_purpose")
    first_party = _first_party(ctx, r)
    if r.service is not None:
        r.provider = _provider_for(ctx, r.service)  # the same name, now also a processor
    if not r.provider:
        return SkippedRow(row.line, r.scanned, "no_provider")
    added = AddedCookie(
        line=row.line,
        name=r.name,
        scanned=r.scanned,
        provider=r.provider,
        category=category,
        duration=duration,
        service=r.service.name if r.service is not None else None,
        notes=tuple(r.notes),
    )
    return added, _entry(r, category, purpose, duration, first_party, _storage(r))


def _context(tree: CommentedMap, site: CommentedMap, catalog: Catalog) -> _Context:
    controller = tree.get("controller")
    if not isinstance(controller, Mapping):
        controller = {}
    return _Context(
        tree=tree,
        catalog=catalog,
        site_host=host(str(site.get("url") or "")) or host(str(controller.get("website") or "")),
        controller=str(controller.get("name") or ""),
        language=str(tree.get("language") or "nb"),
        declared=[
            (str(c.get("name")), str(c.get("provider") or "")) for c in profile_cookies(tree)
        ],
    )


def import_cookies(
    tree: CommentedMap, csv_text: str, catalog: Catalog | None = None
) -> ImportReport:
    """Merge a cookie scanner's CSV export into `website.cookies`.

    Raises CsvError before touching the tree when the text is not such a CSV.
    Processors of matched services that the profile lacks are added.
    """
    scan = read_scan(csv_text)
    report = ImportReport(
        rows=len(scan.rows),
        delimiter=scan.delimiter,
        columns={f: scan.headings[i] for f, i in scan.columns.items()},
        ignored_columns=scan.ignored,
    )
    site = website(tree)
    if site is None:
        report.no_website = True
        return report
    report.website_disabled = site.get("enabled") is False
    ctx = _context(tree, site, catalog or load_catalog())
    existing = site.get("cookies")
    start = len(existing) if isinstance(existing, list) else 0
    from_csv: dict[str, int] = {}  # name written -> CSV line, to tell repeats from old entries
    entries: list[dict[str, Any]] = []
    for row in scan.rows:
        outcome = _merge_row(ctx, row, from_csv)
        if isinstance(outcome, SkippedRow):
            report.skipped.append(outcome)
        elif isinstance(outcome, PresentCookie):
            report.present.append(outcome)
        else:
            added, entry = outcome
            report.added.append(dataclasses.replace(added, index=start + len(entries)))
            entries.append(entry)
            ctx.declared.append((added.name, added.provider))
            from_csv[added.name] = row.line
    if not entries:
        return report
    if not edit.extend(site, "cookies", "website", entries):
        report.problems.append("website.cookies")
        report.added.clear()
        return report
    # Only services of added cookies are here (_provider_for runs for those alone):
    # a scan row that was already declared says nothing new about processors.
    for service in ctx.needs_processor:
        done, _created = add_processor(tree, service, report.problems)
        if done:
            report.processors_added.append(service.name)
    return report
