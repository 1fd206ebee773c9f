"""What the templates need beyond the profile itself: facts derived once, here.

The templates decide how to say things; this module decides what is true
(which bases are in use, who receives data and in which role, which
processors send data abroad, which cookies need consent), so the wording
never re-derives a fact on its own, and never states one the profile does
not support.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from notice_tui import parties
from notice_tui.document.view import View, wrap
from notice_tui.profile import geography, model

# Cookie categories that are purposes of their own in the privacy notice, in the
# order the notice lists them. Necessary cookies belong to running the site.
TRACKING = ("preferences", "statistics", "marketing")


@dataclass
class Purpose:
    """One processing, as the summary table and the sections list it."""

    key: str  # a module key, "other", or a cookie category for tracking on the site
    module: Any  # View of the module (the website's, for tracking)
    bases: list[str]
    title: Any = None  # user text for other activities; None means "use the term"
    tracking: Any = None  # for tracking purposes: the Tracking facts


@dataclass
class CookieRow:
    cookie: Any
    first_party: bool
    processor: Any | None
    # The provider is the business itself ("Vi"), not a service it runs ("Vi, med …").
    by_us: bool = False


@dataclass
class Tracking:
    """Statistics, preferences or advertising on the site: cookies and who receives them."""

    category: str
    rows: list[CookieRow] = field(default_factory=list)
    providers: list[Any] = field(default_factory=list)  # Views of parties, or provider names
    own: bool = False  # some of it is set and read by the business itself


@dataclass
class Facts:
    purposes: list[Purpose] = field(default_factory=list)
    bases: set[str] = field(default_factory=set)
    processors: list[Any] = field(default_factory=list)
    controllers: list[Any] = field(default_factory=list)
    joint: list[Any] = field(default_factory=list)
    self_hosted: list[Any] = field(default_factory=list)
    abroad: list[Any] = field(default_factory=list)
    unknown_location: list[Any] = field(default_factory=list)
    cookie_groups: dict[str, list[CookieRow]] = field(default_factory=dict)
    tracking: dict[str, Tracking] = field(default_factory=dict)
    consent_cookies: bool = False
    third_party_cookies: list[Any] = field(default_factory=list)
    marketing: bool = False
    rendered_on: dt.date = field(default_factory=dt.date.today)
    last_updated: dt.date = field(default_factory=dt.date.today)
    has_website: bool = False
    recipients_complete: bool = False
    draft: list[Any] = field(default_factory=list)  # the errors, when rendered as a draft
    consent_tool_known: bool = False  # the consent tool is a product the catalogue knows

    @property
    def consent(self) -> bool:
        return "consent" in self.bases or self.consent_cookies

    @property
    def legitimate_interest(self) -> bool:
        return "legitimate_interest" in self.bases

    @property
    def objection_prominent(self) -> bool:
        return self.legitimate_interest or self.marketing or "public_task" in self.bases

    @property
    def recipients(self) -> bool:
        """Anyone at all is named as receiving data."""
        return bool(self.processors or self.controllers or self.joint)


def _providers(profile: model.Profile, names: list[str]) -> tuple[list[Any], bool]:
    """The parties behind cookies, once each, and whether the business itself is one."""
    found: list[Any] = []
    seen: set[str] = set()
    own = False
    for name in names:
        key = parties.fold(name)
        if key in seen:
            continue
        seen.add(key)
        if parties.is_controller(profile, name):
            own = True
            continue
        party = parties.party_for(profile, name)
        if party is not None and not party.is_recipient:
            own = True
            continue
        found.append(View(party) if party else wrap(name))
    return found, own


def dpf_groups(views: list[Any]) -> list[tuple[Any, list[Any]]]:
    """The DPF-certified companies among these parties, each with the services it runs.

    One sentence names them all ("Google LLC (Google Analytics og YouTube)"), instead
    of one copy of the same sentence per service.
    """
    groups: dict[str, tuple[Any, list[Any]]] = {}
    for view in views:
        if view.transfer != "dpf":
            continue
        company = view.dpf_entity or view.name
        groups.setdefault(parties.fold(str(company)), (company, []))[1].append(view.name)
    return list(groups.values())


def build_facts(
    profile: model.Profile, today: dt.date | None = None, draft: list[Any] | None = None
) -> Facts:
    facts = Facts()
    facts.draft = list(draft or [])
    facts.rendered_on = today or dt.date.today()
    # The profile's own date is the one the business stands behind; --date only
    # fills it in where the profile has none (and `check` says so).
    facts.last_updated = profile.last_updated or facts.rendered_on

    website = profile.module("website")
    facts.has_website = website is not None
    for key in model.MODULE_KEYS:
        mod = profile.module(key)
        if mod is not None and mod.own_purpose:
            facts.purposes.append(Purpose(key=key, module=View(mod), bases=mod.bases()))

    all_parties = parties.parties(profile)
    if isinstance(website, model.Website):
        advertisers = [p.name for p in all_parties if p.kind == "advertising"]
        for category in TRACKING:
            cookies = [c for c in website.cookies if c.category == category]
            names = [c.provider for c in cookies]
            if category == "marketing":
                names += advertisers
            if not names:
                continue
            providers, own = _providers(profile, names)
            track = Tracking(category, providers=providers, own=own)
            facts.tracking[category] = track
            facts.purposes.append(
                Purpose(key=category, module=View(website), bases=["consent"], tracking=track)
            )
    for act in profile.activities:
        facts.purposes.append(
            Purpose(key="other", module=View(act), bases=act.bases(), title=wrap(act.title))
        )
    for p in facts.purposes:
        facts.bases.update(p.bases)

    facts.marketing = profile.module("newsletter") is not None
    facts.recipients_complete = bool(profile.recipients and profile.recipients.complete)

    for party in all_parties:
        view = View(party)
        if party.role == "self_hosted":
            facts.self_hosted.append(view)
            continue
        {
            "processor": facts.processors,
            "controller": facts.controllers,
            "joint_controller": facts.joint,
        }.get(party.role, facts.processors).append(view)
        inside = geography.in_eea(party.location)
        if inside is False or (party.transfer not in (None, "none")):
            facts.abroad.append(view)
        elif inside is None:
            facts.unknown_location.append(view)

    if isinstance(website, model.Website):
        for category in model.CATEGORIES:
            rows = []
            for cookie in website.cookies:
                if cookie.category != category:
                    continue
                holder = parties.party_for(profile, cookie.provider)
                row = CookieRow(
                    View(cookie),
                    parties.first_party(profile, cookie),
                    View(holder) if holder else None,
                    by_us=parties.is_controller(profile, cookie.provider),
                )
                rows.append(row)
                if category in facts.tracking:
                    facts.tracking[category].rows.append(row)
            if rows:
                facts.cookie_groups[category] = rows
        facts.consent_cookies = bool(website.consent_cookies)
        if website.consent_tool:
            known = parties.catalog_service(website.consent_tool)
            facts.consent_tool_known = getattr(known, "kind", None) == "consent"
        facts.third_party_cookies, _own = _providers(profile, [c.provider for c in website.cookies])
    return facts
