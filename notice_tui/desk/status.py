"""A folder of profiles at a glance: which clients need attention, worst first."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notice_tui import parties
from notice_tui.desk.catalog_changes import Affected, FactChange, affected
from notice_tui.findings import Finding, Severity
from notice_tui.profile import model
from notice_tui.profile.durations import Duration

PROFILE_SUFFIXES = (".yaml", ".yml")
# Cookie lists older than this are flagged: the live site has most likely moved on.
COOKIES_STALE = Duration("12mo", 12, "mo")


@dataclass
class Status:
    path: str
    business: str | None = None
    errors: int = 0
    warnings: int = 0
    tips: int = 0
    last_updated: dt.date | None = None
    cookies_reviewed: dt.date | None = None
    has_website: bool = False
    languages: list[str] = field(default_factory=list)
    documents: str | None = None  # None (not asked), "missing", "older", "current"
    unreadable: Finding | None = None
    catalog: list[Affected] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)  # where the --uses service appears
    stale: bool = False
    cookies_stale: bool = False

    def badness(self) -> tuple[int, ...]:
        return (
            self.unreadable is not None,
            self.errors,
            len(self.catalog),
            self.stale,
            self.cookies_stale,
            self.documents == "older",
            self.warnings,
            self.documents == "missing",
            self.tips,
        )

    def as_dict(self, today: dt.date) -> dict[str, Any]:
        return {
            "path": self.path,
            "business": self.business,
            "readable": self.unreadable is None,
            "problem": self.unreadable.as_dict() if self.unreadable else None,
            "errors": self.errors,
            "warnings": self.warnings,
            "tips": self.tips,
            "last_updated": self.last_updated.isoformat() if self.last_updated else None,
            "last_updated_days": age_days(self.last_updated, today),
            "stale": self.stale,
            "cookies_reviewed": (
                self.cookies_reviewed.isoformat() if self.cookies_reviewed else None
            ),
            "cookies_reviewed_days": age_days(self.cookies_reviewed, today),
            "cookies_stale": self.cookies_stale,
            "languages": self.languages,
            "documents": self.documents,
            "uses": self.uses,
            "catalog_changes": [
                {
                    "service": a.service,
                    "fact": a.fact,
                    "path": a.path,
                    "version": a.change.version,
                    "date": a.change.date.isoformat(),
                    "profile": a.profile_value,
                    "catalog": a.catalog_value,
                    "note": a.change.note,
                }
                for a in self.catalog
            ],
        }


def age_days(date: dt.date | None, today: dt.date) -> int | None:
    return None if date is None else (today - date).days


def older_than(date: dt.date | None, limit: Duration, today: dt.date) -> bool:
    """Not reviewed within `limit`: a date before the limit, or no date at all."""
    span = limit.approx()
    if span is None:
        return False
    return date is None or (today - date).total_seconds() > span.total_seconds()


def find_profiles(root: Path, skip: Path | None = None) -> Iterator[Path]:
    """Every YAML file under `root` (or `root` itself), hidden folders and `skip` left out."""
    if root.is_file():
        yield root
        return
    skip_real = skip.resolve() if skip is not None and skip.exists() else None
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and (skip_real is None or (here / d).resolve() != skip_real)
        )
        for name in sorted(names):
            if name.endswith(PROFILE_SUFFIXES) and not name.startswith("."):
                yield here / name


def uses_service(profile: model.Profile, service: str) -> list[str]:
    """Where a service appears: the keys of its processor entries and cookies."""
    where = [
        f"processors[{i}]"
        for i, p in enumerate(profile.processors)
        if parties.same_party(p.name, service)
    ]
    website = profile.module("website")
    if isinstance(website, model.Website):
        where += [
            f"website.cookies[{i}]"
            for i, c in enumerate(website.cookies)
            if parties.same_party(c.provider, service)
        ]
    return where


def documents_state(
    profile_path: Path, out: Path, several: bool, languages: list[str] | None = None
) -> str:
    """Whether the documents `render --out OUT` wrote are older than the profile.

    `render` writes one profile's documents into OUT itself, several profiles' into
    OUT/<file name>/, and several languages into a folder per language: all of
    these places are looked in.
    """
    from notice_tui.document.render import FILE_STEMS, file_stem
    from notice_tui.pipeline import safe_name

    langs = [lang for lang in (languages or ["nb"]) if lang in model.SUPPORTED_LANGUAGES]
    stems = set(FILE_STEMS.values()) | {
        file_stem(kind, lang)  # type: ignore[arg-type]
        for kind in FILE_STEMS
        for lang in langs
    }
    bases = [out / safe_name(profile_path.stem)] + ([out] if not several else [])
    for base in bases:
        folders = [base, *(base / lang for lang in langs)]
        found = [
            folder / f"{stem}.{ext}"
            for folder in folders
            for stem in sorted(stems)
            for ext in ("html", "md")
        ]
        found = [d for d in found if d.is_file()]
        if not found:
            continue
        made = min(d.stat().st_mtime for d in found)
        return "older" if made < profile_path.stat().st_mtime else "current"
    return "missing"


def profile_status(
    path: Path,
    *,
    today: dt.date,
    out: Path | None = None,
    several: bool = True,
    service: str | None = None,
    stale: Duration | None = None,
    log: tuple[FactChange, ...] = (),
) -> Status | None:
    """One profile's line; None for a YAML file that is no profile at all."""
    from notice_tui.pipeline import analyse
    from notice_tui.profile.store import ProfileError

    status = Status(str(path))
    try:
        result = analyse(path, fast=True)
    except ProfileError as exc:
        status.unreadable = exc.finding
        return status
    tree = result.doc.tree
    if not isinstance(tree, dict) or "schema_version" not in tree or "controller" not in tree:
        return None
    for f in result.findings:
        if f.severity is Severity.ERROR:
            status.errors += 1
        elif f.severity is Severity.WARNING:
            status.warnings += 1
        else:
            status.tips += 1
    controller = tree.get("controller")
    if isinstance(controller, dict) and isinstance(controller.get("name"), str):
        status.business = controller["name"]
    profile = result.profile
    if profile is not None:
        status.languages = list(profile.document_languages)
    else:  # as far as the file says, when it cannot be read as a whole
        extra = tree.get("languages")
        status.languages = [
            str(x)
            for x in dict.fromkeys(
                extra if isinstance(extra, list) and extra else [tree.get("language") or "nb"]
            )
        ]
    if out is not None:
        status.documents = documents_state(path, out, several, status.languages)
    if profile is None:
        return status
    status.languages = profile.document_languages
    status.last_updated = profile.last_updated
    website = profile.module("website")
    if isinstance(website, model.Website):
        status.has_website = True
        status.cookies_reviewed = website.cookies_reviewed
        status.cookies_stale = older_than(website.cookies_reviewed, stale or COOKIES_STALE, today)
    if stale is not None:
        status.stale = older_than(profile.last_updated, stale, today)
    if service is not None:
        status.uses = uses_service(profile, service)
    status.catalog = affected(profile, log)
    return status


def portfolio(
    roots: list[Path],
    *,
    today: dt.date,
    out: Path | None = None,
    service: str | None = None,
    stale: Duration | None = None,
    log: tuple[FactChange, ...] = (),
) -> list[Status]:
    """The status of every profile under `roots`, worst first; filtered by `service`
    (only the clients that use it) and `stale` (only those not reviewed in that time)."""
    paths = [p for root in roots for p in find_profiles(root, out)]
    several = len(paths) > 1
    rows = []
    for path in paths:
        row = profile_status(
            path, today=today, out=out, several=several, service=service, stale=stale, log=log
        )
        if row is None:
            continue
        if service is not None and not row.uses:
            continue
        if stale is not None and row.unreadable is None and not (row.stale or row.cookies_stale):
            continue
        rows.append(row)
    rows.sort(key=lambda r: r.path)
    rows.sort(key=Status.badness, reverse=True)
    return rows
