"""What several rules need: the profile's free text, its modules, and known services.

No rules live here. The service catalogue is optional (another part of the
program, loaded lazily), so every lookup degrades to a built-in list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from notice_tui import cookie_names

# Re-exported: the rules decide parties the way the documents do, in one place.
from notice_tui.parties import (  # noqa: F401
    Names,
    catalog,
    catalog_service,
    find_processor,
    first_party,
    fold,
    is_controller,
    processor_names,
    same_party,
)
from notice_tui.profile import fields, geography, model
from notice_tui.profile.durations import Duration, parse_duration
from notice_tui.profile.memo import per_profile
from notice_tui.profile.model import Module, Profile

CONSENT_CATEGORIES = ("preferences", "statistics", "marketing")
TRACKING_CATEGORIES = ("statistics", "marketing")

# Value kinds that are addresses and numbers, not sentences a reader sees as text.
CONTACT_KINDS = frozenset({"email", "url", "phone", "org_number", "postal_code"})
# Fields that hold names of things (services, platforms, sources), not prose.
NAME_KEYS = frozenset(
    {"name", "provider", "systems", "social_media_platforms", "public_sources", "consent_tool"}
)

# Cookie names of analytics and advertising services, for when the catalogue
# does not know a name. Exact names and "prefix*" families (cookie_names), matched
# case-sensitively because cookie names are.
TRACKING_COOKIES: tuple[tuple[str, str], ...] = (
    *(
        (p, "statistics")
        for p in (
            "_ga", "_ga_*", "_gid", "_gat", "_gat_*", "__utm*", "_hj*", "_clck", "_clsk", "CLID",
            "_pk_*", "mp_*", "ajs_*", "_ym_*", "_vwo*", "vuid", "sbjs_*", "_shopify_y",
            "_shopify_s", "nmstat", "amplitude_id*", "_hp2_*", "_dc_gtm_*",
        )
    ),
    *(
        (p, "marketing")
        for p in (
            "_gcl_*", "_gac_*", "__gads", "__gpi", "IDE", "DSID", "test_cookie", "NID", "_fbp",
            "_fbc", "fr", "_uetsid", "_uetvid", "MUID", "li_*", "lidc", "bcookie", "bscookie",
            "UserMatchHistory", "AnalyticsSyncHistory", "_tt_*", "_ttp", "_scid*", "_sctr",
            "__hstc", "__hssc", "__hssrc", "hubspotutk", "_pin_unauth", "_pinterest_*",
            "_rdt_uuid", "personalization_id", "guest_id*", "muc_ads", "YSC",
            "VISITOR_INFO1_LIVE", "_derived_epik", "_epik", "_mkto_trk", "cto_bundle",
        )
    ),
)  # fmt: skip

# Names that store the consent choice itself: strictly necessary even when
# set by a tracking service (LinkedIn's li_gc, Matomo's mtm_consent).
CONSENT_STORE = re.compile(r"consent|^li_gc$|cookielawinfo|cookieyes|^euconsent", re.IGNORECASE)

# Analytics and advertising services by name, for when the catalogue is missing.
TRACKING_PROVIDERS = frozenset(
    {
        "google analytics", "google ads", "doubleclick", "google tag manager", "meta",
        "meta pixel", "facebook", "facebook pixel", "instagram", "hotjar", "microsoft clarity",
        "clarity", "microsoft advertising", "bing ads", "linkedin", "linkedin insight tag",
        "tiktok", "tiktok pixel", "snapchat", "snap pixel", "pinterest", "twitter", "x",
        "matomo", "piwik", "mixpanel", "segment", "adobe analytics", "yandex metrica", "criteo",
        "adform", "taboola", "outbrain", "leadinfo", "albacross",
    }
)  # fmt: skip


def today() -> dt.date:
    """The date the rules judge against; one place, so tests can pin it."""
    return dt.date.today()


# -- the service catalogue (optional) ---------------------------------------------


@dataclass(frozen=True)
class KnownService:
    """What the rules use of a catalogue entry, copied out so one place meets its API."""

    name: str
    kind: str
    location: str
    transfer: str
    cookies: tuple[str, ...]

    @property
    def outside_eea(self) -> bool:
        return geography.in_eea(self.location) is False


def known_service(name: str) -> KnownService | None:
    service = catalog_service(name)
    if service is None:
        return None
    try:
        return KnownService(
            name=str(service.name),
            kind=str(service.kind),
            location=str(service.location),
            transfer=str(service.transfer),
            cookies=tuple(c.name for c in service.cookies),
        )
    except (AttributeError, TypeError):  # an entry of another shape: know nothing
        return None


def catalog_cookie_category(cookie_name: str) -> str | None:
    cat = catalog()
    if cat is None:
        return None
    try:
        hit = cat.match_cookie(cookie_name)
        return str(hit[1].category) if hit else None
    except Exception:  # see catalog_service
        return None


def known_cookie_category(cookie_name: str) -> str | None:
    """What a cookie by this name is known to be: the catalogue first, then our list."""
    if CONSENT_STORE.search(cookie_name):
        return "necessary"
    found = catalog_cookie_category(cookie_name)
    if found:
        return found
    for pattern, category in TRACKING_COOKIES:
        if cookie_names.covers(pattern, cookie_name):
            return category
    return None


def is_tracking_provider(provider: str) -> bool:
    service = known_service(provider)
    if service is not None:
        return service.kind in ("analytics", "advertising")
    key = fold(provider)
    return any(key == name or key.startswith(name + " ") for name in TRACKING_PROVIDERS)


# -- modules ------------------------------------------------------------------------


def modules(profile: Profile) -> Iterator[tuple[str, Module]]:
    """Every processing that is switched on, with its key path."""
    for key in model.MODULE_KEYS:
        mod = profile.module(key)
        if mod is not None:
            yield key, mod
    for i, act in enumerate(profile.other_activities):
        if act.enabled:
            yield f"other_activities[{i}]", act


def website(profile: Profile) -> model.Website | None:
    mod = profile.module("website")
    return mod if isinstance(mod, model.Website) else None


def described(value: object) -> model.Described | None:
    """A yes with words; a bare `true` is the schema's to report."""
    return value if isinstance(value, model.Described) else None


# -- locations ----------------------------------------------------------------------

_PLACE_SPLIT = re.compile(r"\s*(?:,|/|&|\+|\bog\b|\band\b)\s*", re.IGNORECASE)


def location_parts(location: str) -> list[str]:
    """ "EU/EØS og USA" -> ["EU", "EØS", "USA"]; "EU/EØS" stays whole."""
    if geography.in_eea(location) is True:
        return [location]
    parts = [p for p in _PLACE_SPLIT.split(location.strip()) if p]
    # "EU/EØS og USA" splits "EU/EØS" too; both halves are inside, so no harm.
    return parts or [location]


# -- free text ----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """One string the user wrote, where it is, and what kind of value it is."""

    path: str
    text: str
    key: str
    kind: str | None

    @property
    def is_contact(self) -> bool:
        return self.kind in CONTACT_KINDS

    @property
    def is_prose(self) -> bool:
        """Sentences and phrases a reader sees, not names or addresses."""
        return not self.is_contact and self.key not in NAME_KEYS


@cache
def _choice_fields(cls: type) -> frozenset[str]:
    """Fields whose values are fixed choices (legal_basis, category ...), not user text."""
    return frozenset(
        k.name
        for k in fields.keys(cls)
        if isinstance(k.shape, fields.Choice)
        or (isinstance(k.shape, fields.Items) and isinstance(k.shape.item, fields.Choice))
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(value: Any, path: str, key: str, kind: str | None) -> Iterator[Text]:
    if isinstance(value, (model.LocalText, model.LocalList)):
        # Every language's text is checked, each at its own key (`purpose.en`).
        for lang, text in value.texts.items():
            yield from _walk(text, f"{path}.{lang}", key, kind)
        return
    if isinstance(value, Duration) and value.texts:
        for lang, text in value.texts:
            yield from _walk(parse_duration(text), f"{path}.{lang}", key, kind)
        return
    if isinstance(value, str):
        if value.strip():
            yield Text(path, value, key, kind)
    elif isinstance(value, Duration):
        if value.is_free_text and value.raw.strip():
            yield Text(path, value.raw, key, "duration")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", key, kind)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A switched-off module is never printed, so what it says cannot mislead.
        if isinstance(value, Module) and not value.enabled:
            return
        skip = _choice_fields(type(value))
        for f in dataclasses.fields(value):
            if f.name in skip or f.name == "schema_version":
                continue
            yield from _walk(
                getattr(value, f.name), _join(path, f.name), f.name, f.metadata.get("kind")
            )


@per_profile
def texts(profile: Profile) -> list[Text]:
    """Every string the user wrote that can reach the documents.

    Several rules read them all; the walk is done once per profile.
    """
    return list(_walk(profile, "", "", None))


def search(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match
    return None


def quote(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
