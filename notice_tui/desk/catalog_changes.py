"""The catalogue's log of changed facts, and which entries of a profile they touch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from notice_tui import parties
from notice_tui.profile import model

FACTS = ("location", "transfer", "role", "entity", "cookies")
LOG_FILE = "facts_changed.yaml"


class ChangeLogError(ValueError):
    """The log is malformed; the message names the entry."""


@dataclass(frozen=True)
class FactChange:
    service: str
    version: str
    date: dt.date
    facts: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Affected:
    """One logged change that a profile should look at."""

    change: FactChange
    service: str  # the catalogue's name
    fact: str
    path: str  # the profile key to look at
    profile_value: str | None  # what the profile says, when it says something else
    catalog_value: str | None


def parse_log(raw: Any, where: str = LOG_FILE) -> tuple[FactChange, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ChangeLogError(f"{where}: expected a list of changes")
    out = []
    for i, entry in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise ChangeLogError(f"{at}: expected a mapping")
        unknown = set(entry) - {"service", "version", "date", "facts", "note"}
        if unknown:
            raise ChangeLogError(f"{at}: unknown keys {sorted(unknown)}")
        facts = entry.get("facts")
        if not isinstance(facts, list) or not facts or any(f not in FACTS for f in facts):
            raise ChangeLogError(f"{at}.facts: a list of {', '.join(FACTS)}")
        date = entry.get("date")
        if not isinstance(date, dt.date):
            raise ChangeLogError(f"{at}.date: expected a date (YYYY-MM-DD)")
        service, version = entry.get("service"), entry.get("version")
        if not isinstance(service, str) or not service.strip():
            raise ChangeLogError(f"{at}.service: expected the service's catalogue name")
        if not isinstance(version, str) or not version.strip():
            raise ChangeLogError(f"{at}.version: expected a notice-tui version, quoted")
        note = entry.get("note")
        out.append(
            FactChange(
                service.strip(), version.strip(), date, tuple(facts), str(note) if note else None
            )
        )
    return tuple(out)


@cache
def load_log(path: str | None = None) -> tuple[FactChange, ...]:
    """The shipped log, or the one at `path` (tests, or a consultant's own)."""
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else (files("notice_tui.catalog") / LOG_FILE).read_text(encoding="utf-8")
    )
    return parse_log(YAML(typ="safe").load(text), path or LOG_FILE)


def _value(obj: Any, fact: str) -> str | None:
    value = getattr(obj, fact, None)
    return str(value) if value not in (None, "") else None


def affected(profile: model.Profile, log: tuple[FactChange, ...]) -> list[Affected]:
    """The logged changes to services this profile uses, made after it was last reviewed."""
    found: list[Affected] = []
    website = profile.module("website")
    cookies = website.cookies if isinstance(website, model.Website) else []
    reviewed = profile.last_updated
    cookies_reviewed = (
        website.cookies_reviewed if isinstance(website, model.Website) else None
    ) or reviewed
    for change in log:
        svc = parties.catalog_service(change.service)
        if svc is None:
            continue
        procs = [
            (i, p)
            for i, p in enumerate(profile.processors)
            if parties.catalog_service(p.name) is svc
        ]
        provided = [
            (i, c) for i, c in enumerate(cookies) if parties.catalog_service(c.provider) is svc
        ]
        for fact in change.facts:
            since = cookies_reviewed if fact == "cookies" else reviewed
            if since is not None and since >= change.date:
                continue
            if fact == "cookies":
                if not (procs or provided):
                    continue
                listed = {c.name for _i, c in provided}
                known = {c.name for c in svc.cookies}
                differs = listed != known
                found.append(
                    Affected(
                        change,
                        svc.name,
                        fact,
                        "website.cookies",
                        ", ".join(sorted(listed)) if differs else None,
                        ", ".join(sorted(known)) if differs else None,
                    )
                )
                continue
            for i, proc in procs:
                catalog_value = _value(svc, fact)
                own = _value(proc, fact)
                # A profile without its own value takes the catalogue's new one when
                # rendered again; one with its own value must be checked against it.
                differs = own is not None and own != catalog_value
                found.append(
                    Affected(
                        change,
                        svc.name,
                        fact,
                        f"processors[{i}].{fact}",
                        own if differs else None,
                        catalog_value if differs else None,
                    )
                )
    return found
