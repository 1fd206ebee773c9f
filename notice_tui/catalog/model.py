"""The catalogue's data types: a known service and the cookies it sets.

The values mirror the profile format (docs/profile-spec.md) so that an entry
can be copied into a profile's `processors` and `website.cookies` unchanged.
Vocabularies and the duration syntax come from notice_tui.profile, so an entry
can never hold what a profile cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from notice_tui import cookie_names
from notice_tui.i18n import N_, _
from notice_tui.profile.durations import PATTERN

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
    "sms",
    "shipping",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

# What each kind is called in the UI. The English text is the msgid; the bokmål
# one lives in the .po like every other UI string, so `services` shows kinds in
# the user's language and search can match what a user calls them in either.
KIND_LABELS: dict[str, str] = {
    "analytics": N_("analytics"),
    "advertising": N_("advertising"),
    "consent": N_("consent"),
    "email": N_("e-mail"),
    "crm": N_("CRM"),
    "accounting": N_("accounting"),
    "payments": N_("payments"),
    "shop": N_("online shop"),
    "office": N_("office tools"),
    "hosting": N_("hosting"),
    "recruitment": N_("recruitment"),
    "booking": N_("booking"),
    "embedded": N_("embedded content"),
    "support": N_("customer service"),
    "sms": N_("SMS"),
    "shipping": N_("shipping"),
}


def kind_label(kind: str) -> str:
    """The kind as the UI calls it, in the current UI language; unknown kinds as they are."""
    label = KIND_LABELS.get(kind)
    return _(label) if label is not None else kind


# The profile's own vocabularies: a catalogue entry must be something a profile can hold.
from notice_tui.profile.model import (  # noqa: E402
    CATEGORIES,
    ROLES,
    STORAGES,
    TRANSFERS,
    Category,
    Role,
    Storage,
    Transfer,
)

# Locations that need no transfer mechanism. Member states are not listed:
# entries say "EU/EØS" instead, so a notice never has to explain why Ireland
# and Germany are the same thing.
EEA_LOCATIONS: frozenset[str] = frozenset({"Norge", "EU/EØS"})

# The one syntax of a period, the profile's (apply.py reads scanned durations into it).
DURATION_RE = PATTERN

SERVICE_KEYS: tuple[str, ...] = (
    "name",
    "aliases",
    "kind",
    "role",
    "entity",
    "entity_country",
    "dpf_entity",
    "arrangement_url",
    "arrangement",
    "role_note",
    "service",
    "location",
    "transfer",
    "privacy_url",
    "cookies",
    "source",
    "checked",
    "notes",
)
# dpf_entity and arrangement_url are required or forbidden by other keys, so
# they are checked in from_dict rather than listed as always required.
OPTIONAL_SERVICE_KEYS: frozenset[str] = frozenset(
    {"aliases", "notes", "dpf_entity", "arrangement_url", "arrangement", "role_note"}
)
REQUIRED_SERVICE_KEYS: frozenset[str] = frozenset(SERVICE_KEYS) - OPTIONAL_SERVICE_KEYS
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
        # Only "prefix*" is supported: scanners report real names such as
        # "_ga_ABC123", and "[" or "?" would be surprising in a cookie name.
        return cookie_names.is_pattern(self.name)

    def matches(self, cookie_name: str) -> bool:
        """True when `cookie_name` is this cookie, or fits its `*` pattern."""
        if self.is_pattern:
            return cookie_names.covers(self.name, cookie_name)
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
    """A service a business may use, with the facts a notice needs about it.

    `role` is the service's usual role towards a small Norwegian business that
    uses it (GDPR art. 4 nr. 7 and 8, art. 26): "processor" acts on the
    business's instructions under a data processing agreement, "controller"
    decides for itself (a card acquirer's anti-money-laundering checks, a
    carrier, an advertising platform under its own terms), "joint_controller"
    shares the decision with the business (Meta for what its pixel collects).
    A profile may say otherwise for its own contract.

    `entity` is the legal company a notice names, `entity_country` where it is
    registered (in bokmål); `dpf_entity` is the U.S. organisation on the Data
    Privacy Framework list that a `dpf` transfer relies on, which is often not
    the contracting entity (Meta Platforms Ireland Limited contracts, Meta
    Platforms, Inc. is certified). `arrangement_url` links the art. 26
    arrangement of a joint controller; `role_note` completes the sentence
    "{name} bestemmer selv over {role_note}" for a (joint) controller.
    """

    name: str
    kind: Kind
    role: Role
    entity: str
    entity_country: str
    service: str
    location: str
    transfer: Transfer
    privacy_url: str
    source: str
    checked: date
    aliases: tuple[str, ...] = ()
    cookies: tuple[CatalogCookie, ...] = ()
    notes: str | None = None
    dpf_entity: str | None = None
    arrangement_url: str | None = None
    # The essence of the art. 26 arrangement, in Norwegian, for a joint controller.
    arrangement: str | None = None
    role_note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The display name first, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def outside_eea(self) -> bool:
        return self.location not in EEA_LOCATIONS

    def as_processor(self) -> dict[str, Any]:
        """The entry for a profile's `processors`, keys in spec order.

        `role` is written only when it is not the profile's default
        ("processor"), so adding a processor leaves the file as short as before.
        """
        entry: dict[str, Any] = {
            "name": self.name,
            "service": self.service,
            "location": self.location,
            "transfer": self.transfer,
            "url": self.privacy_url,
        }
        if self.role != "processor":
            entry["role"] = self.role
        return entry

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
        role = _choice(raw["role"], ROLES, f"{where}.role")
        transfer = _choice(raw["transfer"], TRANSFERS, f"{where}.transfer")
        entity_country = _text(raw["entity_country"], f"{where}.entity_country")
        if entity_country in EEA_LOCATIONS - {"Norge"}:
            # A company is registered in one country; "EU/EØS" is where data may be.
            raise CatalogError(f"{where}.entity_country: name the country, not {entity_country!r}")
        dpf_entity = _optional_text(raw, "dpf_entity", where)
        if (transfer == "dpf") != (dpf_entity is not None):
            raise CatalogError(
                f"{where}.dpf_entity: required exactly when transfer is dpf "
                f"(transfer {transfer!r}, dpf_entity {dpf_entity!r})"
            )
        arrangement_url = _optional_text(raw, "arrangement_url", where)
        if (role == "joint_controller") != (arrangement_url is not None):
            raise CatalogError(
                f"{where}.arrangement_url: required exactly when role is joint_controller "
                f"(role {role!r})"
            )
        if arrangement_url is not None and not arrangement_url.startswith("https://"):
            raise CatalogError(f"{where}.arrangement_url: expected an https:// link")
        arrangement = _optional_text(raw, "arrangement", where)
        if (role == "joint_controller") != (arrangement is not None):
            raise CatalogError(
                f"{where}.arrangement: required exactly when role is joint_controller "
                f"(role {role!r})"
            )
        role_note = _optional_text(raw, "role_note", where)
        if role_note is not None and role == "processor":
            # A processor decides nothing for itself; the sentence would be false.
            raise CatalogError(f"{where}.role_note: only for a controller or joint controller")
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
            role=role,  # type: ignore[arg-type]
            entity=_text(raw["entity"], f"{where}.entity"),
            entity_country=entity_country,
            dpf_entity=dpf_entity,
            arrangement_url=arrangement_url,
            arrangement=arrangement,
            role_note=role_note,
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


def _optional_text(raw: dict[str, Any], key: str, where: str) -> str | None:
    """A key that may be absent; when present it must be real text, not an empty value."""
    if key not in raw:
        return None
    return _text(raw[key], f"{where}.{key}")


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: expected non-empty text, got {value!r}")
    return value.strip()


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise CatalogError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)
