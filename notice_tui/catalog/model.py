"""The catalogue's data types: a known service and the cookies it sets.

The values mirror the profile format (docs/profile-spec.md) so that an entry
can be copied into a profile's `processors` and `website.cookies` unchanged.
They are defined here rather than imported from notice_tui.profile so the
catalogue stays a leaf module that the profile, the checks and the wizard can
all import without cycles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from notice_tui import cookie_names

Kind = Literal[
    "analytics",
    "advertising",
    "consent",
    "email",
    "crm",
    "accounting",
    "payments",
    "shop",
    "office",
    "hosting",
    "recruitment",
    "booking",
    "embedded",
    "support",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

# The profile's own vocabularies: a catalogue entry must be something a profile can hold.
from notice_tui.profile.model import (  # noqa: E402
    CATEGORIES,
    STORAGES,
    TRANSFERS,
    Category,
    Storage,
    Transfer,
)

# Locations that need no transfer mechanism. Member states are not listed:
# entries say "EU/EØS" instead, so a notice never has to explain why Ireland
# and Germany are the same thing.
EEA_LOCATIONS: frozenset[str] = frozenset({"Norge", "EU/EØS"})

# Same grammar as the profile's durations; duplicated on purpose (see module doc).
DURATION_RE = re.compile(r"^(session|[1-9][0-9]*(s|min|h|d|w|mo|y))$")

SERVICE_KEYS: tuple[str, ...] = (
    "name",
    "aliases",
    "kind",
    "entity",
    "service",
    "location",
    "transfer",
    "privacy_url",
    "cookies",
    "source",
    "checked",
    "notes",
)
REQUIRED_SERVICE_KEYS: frozenset[str] = frozenset(SERVICE_KEYS) - {"aliases", "notes"}
COOKIE_KEYS: tuple[str, ...] = (
    "name",
    "first_party",
    "category",
    "purpose",
    "duration",
    "storage",
)


class CatalogError(ValueError):
    """A catalogue data file is malformed; the message names file and entry."""


@dataclass(frozen=True)
class CatalogCookie:
    """One cookie (or other stored item) a service sets, as a profile would list it."""

    name: str
    first_party: bool
    category: Category
    purpose: str
    duration: str
    storage: Storage = "cookie"

    @property
    def is_pattern(self) -> bool:
        # Only "*" is supported: scanners report real names such as
        # "_ga_ABC123", and "[" or "?" would be surprising in a cookie name.
        return "*" in self.name

    def matches(self, cookie_name: str) -> bool:
        """True when `cookie_name` is this cookie, or fits its `*` pattern."""
        if self.is_pattern:
            return cookie_names.matches(cookie_name, self.name)
        return cookie_name == self.name

    def as_profile_cookie(self, provider: str) -> dict[str, Any]:
        """The entry for a profile's `website.cookies`, keys in spec order."""
        return {
            "name": self.name,
            "provider": provider,
            "category": self.category,
            "purpose": self.purpose,
            "duration": self.duration,
            "first_party": self.first_party,
            "storage": self.storage,
        }


@dataclass(frozen=True)
class Service:
    """A service a business may use, with the facts a notice needs about it."""

    name: str
    kind: Kind
    entity: str
    service: str
    location: str
    transfer: Transfer
    privacy_url: str
    source: str
    checked: date
    aliases: tuple[str, ...] = ()
    cookies: tuple[CatalogCookie, ...] = ()
    notes: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The display name first, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def outside_eea(self) -> bool:
        return self.location not in EEA_LOCATIONS

    def as_processor(self) -> dict[str, Any]:
        """The entry for a profile's `processors`, keys in spec order."""
        return {
            "name": self.name,
            "service": self.service,
            "location": self.location,
            "transfer": self.transfer,
            "url": self.privacy_url,
        }

    @classmethod
    def from_dict(cls, raw: Any, where: str) -> Service:
        """Build from one parsed YAML entry; `where` prefixes every error message."""
        if not isinstance(raw, dict):
            raise CatalogError(f"{where}: expected a mapping, got {type(raw).__name__}")
        unknown = set(raw) - set(SERVICE_KEYS)
        if unknown:
            raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
        missing = REQUIRED_SERVICE_KEYS - set(raw)
        if missing:
            raise CatalogError(f"{where}: missing keys {sorted(missing)}")
        where = f"{where} ({raw.get('name')!r})"
        kind = _choice(raw["kind"], KINDS, f"{where}.kind")
        transfer = _choice(raw["transfer"], TRANSFERS, f"{where}.transfer")
        checked = raw["checked"]
        if not isinstance(checked, date):
            raise CatalogError(f"{where}.checked: expected a date (YYYY-MM-DD), got {checked!r}")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CatalogError(f"{where}.aliases: expected a list of strings")
        cookies_raw = raw["cookies"] or []
        if not isinstance(cookies_raw, list):
            raise CatalogError(f"{where}.cookies: expected a list")
        cookies = tuple(
            _cookie_from_dict(c, f"{where}.cookies[{i}]") for i, c in enumerate(cookies_raw)
        )
        notes = raw.get("notes")
        return cls(
            name=_text(raw["name"], f"{where}.name"),
            aliases=tuple(aliases),
            kind=kind,  # type: ignore[arg-type]
            entity=_text(raw["entity"], f"{where}.entity"),
            service=_text(raw["service"], f"{where}.service"),
            location=_text(raw["location"], f"{where}.location"),
            transfer=transfer,  # type: ignore[arg-type]
            privacy_url=_text(raw["privacy_url"], f"{where}.privacy_url"),
            cookies=cookies,
            source=_text(raw["source"], f"{where}.source"),
            checked=checked,
            notes=None if notes is None else _text(notes, f"{where}.notes"),
        )


def _cookie_from_dict(raw: Any, where: str) -> CatalogCookie:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: expected a mapping")
    unknown = set(raw) - set(COOKIE_KEYS)
    missing = set(COOKIE_KEYS) - set(raw)
    if unknown or missing:
        raise CatalogError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    first_party = raw["first_party"]
    if not isinstance(first_party, bool):
        raise CatalogError(f"{where}.first_party: expected true or false")
    # YAML reads an unquoted 30 as an int; durations must always carry a unit.
    duration = str(raw["duration"])
    if not DURATION_RE.match(duration):
        raise CatalogError(f"{where}.duration: {duration!r} is not 'session' or e.g. '13mo'")
    return CatalogCookie(
        name=_text(raw["name"], f"{where}.name"),
        first_party=first_party,
        category=_choice(raw["category"], CATEGORIES, f"{where}.category"),  # type: ignore[arg-type]
        purpose=_text(raw["purpose"], f"{where}.purpose"),
        duration=duration,
        storage=_choice(raw["storage"], STORAGES, f"{where}.storage"),  # type: ignore[arg-type]
    )


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: expected non-empty text, got {value!r}")
    return value.strip()


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise CatalogError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)
