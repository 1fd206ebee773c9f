"""What the templates need beyond the profile itself: facts derived once, here.

The templates decide how to say things; this module decides what is true
(which bases are in use, which processors send data abroad, which cookies
need consent), so the wording never re-derives a fact on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from notice_tui.document.view import View, wrap
from notice_tui.profile import model, values


@dataclass
class Purpose:
    """One processing, as the summary table lists it."""

    key: str
    module: Any  # View of the module
    bases: list[str]
    title: Any = None  # user text for other activities; None means "use the term"


@dataclass
class CookieRow:
    cookie: Any
    first_party: bool
    processor: Any | None


@dataclass
class Facts:
    purposes: list[Purpose] = field(default_factory=list)
    bases: set[str] = field(default_factory=set)
    processors: list[Any] = field(default_factory=list)
    controllers: list[Any] = field(default_factory=list)
    abroad: list[Any] = field(default_factory=list)
    unknown_location: list[Any] = field(default_factory=list)
    cookie_groups: dict[str, list[CookieRow]] = field(default_factory=dict)
    consent_cookies: bool = False
    third_party_cookies: list[Any] = field(default_factory=list)
    marketing: bool = False
    rendered_on: dt.date = field(default_factory=dt.date.today)
    last_updated: dt.date = field(default_factory=dt.date.today)
    has_website: bool = False
    has_sources: bool = False

    @property
    def consent(self) -> bool:
        return "consent" in self.bases or self.consent_cookies

    @property
    def legitimate_interest(self) -> bool:
        return "legitimate_interest" in self.bases

    @property
    def objection_prominent(self) -> bool:
        return self.legitimate_interest or self.marketing or "public_task" in self.bases


def build_facts(profile: model.Profile, today: dt.date | None = None) -> Facts:
    facts = Facts()
    facts.rendered_on = today or dt.date.today()
    # --date overrides the profile's own date, so output can be reproduced.
    facts.last_updated = today or profile.last_updated or facts.rendered_on

    for key in model.MODULE_KEYS:
        mod = profile.module(key)
        if mod is None:
            continue
        bases = [mod.basis]
        if key == "customers" and isinstance(mod, model.Customers) and mod.invoicing:
            bases.append("legal_obligation")
        if key == "employees":
            bases.append("legal_obligation")
        if key == "website":
            website = mod
            assert isinstance(website, model.Website)
            facts.has_website = True
            bases = []
            if website.ip_logging:
                bases.append("legitimate_interest")
            if any(not c.needs_consent for c in website.cookies):
                bases.append("legitimate_interest")
            if website.consent_cookies:
                bases.append("consent")
            bases = list(dict.fromkeys(bases))
            if not bases:
                continue
        facts.purposes.append(Purpose(key=key, module=View(mod), bases=bases))
    for act in profile.activities:
        facts.purposes.append(
            Purpose(key="other", module=View(act), bases=[act.basis], title=wrap(act.title))
        )
    for p in facts.purposes:
        facts.bases.update(p.bases)

    newsletter = profile.module("newsletter")
    facts.marketing = newsletter is not None
    customers = profile.module("customers")
    facts.has_sources = bool(
        isinstance(customers, model.Customers) and customers.public_sources
    )

    facts.processors = [View(p) for p in profile.processors if p.is_processor]
    facts.controllers = [View(p) for p in profile.processors if not p.is_processor]
    for proc in profile.processors:
        inside = values.in_eea(proc.location)
        if inside is False or (proc.transfer not in (None, "none")):
            facts.abroad.append(View(proc))
        elif inside is None:
            facts.unknown_location.append(View(proc))

    website = profile.module("website")
    if isinstance(website, model.Website):
        for category in model.CATEGORIES:
            rows = []
            for cookie in website.cookies:
                if cookie.category != category:
                    continue
                proc = profile.processor(cookie.provider)
                first = cookie.first_party
                if first is None:
                    first = cookie.provider.strip().casefold() == \
                        profile.controller.name.strip().casefold()
                rows.append(CookieRow(View(cookie), first, View(proc) if proc else None))
            if rows:
                facts.cookie_groups[category] = rows
        facts.consent_cookies = bool(website.consent_cookies)
        seen = set()
        for cookie in website.cookies:
            key = cookie.provider.strip().casefold()
            if key in seen or key == profile.controller.name.strip().casefold():
                continue
            seen.add(key)
            proc = profile.processor(cookie.provider)
            facts.third_party_cookies.append(View(proc) if proc else wrap(cookie.provider))
    return facts
