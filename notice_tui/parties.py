"""Who the parties in a profile are: decided once, for the documents and the checks alike.

A processor entry in a profile names a service; what the notice may say about
it (its role, the company behind it, the U.S. company certified under the
Data Privacy Framework, the joint-control arrangement) comes from the entry
itself, else from the service catalogue, else a plain default. First party or
third party, and whether two names are one company, are decided here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from notice_tui.profile import model
from notice_tui.profile.memo import per_profile
from notice_tui.profile.text import fold

__all__ = ["fold"]  # re-exported: the rules and documents compare names through parties

RoleSource = Literal["profile", "catalog", "default"]


def catalog() -> Any | None:
    """The service catalogue, or None when it is missing or broken.

    A broken data file is the catalogue's own tests' to catch: it must weaken
    the documents and the checks, never stop them.
    """
    try:
        from notice_tui.catalog import load_catalog

        return load_catalog()
    except Exception:
        return None


# Catalogue entries by folded name (the catalogue's own find folds the same way), for
# the catalogue they came from: every rule and document asks about the same few names.
_LOOKUPS: dict[str, Any] = {}
_LOOKUPS_FROM: list[Any] = [None]


def catalog_service(name: str) -> Any | None:
    cat = catalog()
    if cat is None:
        return None
    if _LOOKUPS_FROM[0] is not cat:
        _LOOKUPS.clear()
        _LOOKUPS_FROM[0] = cat
    key = fold(name)
    if key in _LOOKUPS:
        return _LOOKUPS[key]
    try:
        found = cat.find(name)
    except Exception:  # a half-written catalogue API is no reason to fail
        found = None
    _LOOKUPS[key] = found
    return found


def same_party(a: str, b: str) -> bool:
    """Two names for one company or service ("Google Analytics" and "Google Analytics 4")."""
    if fold(a) == fold(b):
        return True
    sa, sb = catalog_service(a), catalog_service(b)
    return sa is not None and sa is sb


class Names:
    """A set of names, folded once, that answers "is this one of them" by lookup.

    Comparing every cookie with every processor by same_party grew with the square of
    the profile (800 cookies and 240 processors: 363,000 comparisons on each edit).
    """

    def __init__(self, names: list[str]) -> None:
        self.by_fold: dict[str, int] = {}
        self.by_service: dict[int, int] = {}
        self._services: list[Any] = []  # keeps the ids in by_service meaning what they did
        for i, name in enumerate(names):
            self.by_fold.setdefault(fold(name), i)
            svc = catalog_service(name)
            if svc is not None:
                self._services.append(svc)
                self.by_service.setdefault(id(svc), i)

    def index(self, name: str) -> int | None:
        """The first of the names that is the same party as `name` (see same_party)."""
        hits = [self.by_fold.get(fold(name))]
        svc = catalog_service(name)
        if svc is not None:
            hits.append(self.by_service.get(id(svc)))
        found = [i for i in hits if i is not None]
        return min(found) if found else None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.index(name) is not None


@per_profile
def processor_names(profile: model.Profile) -> Names:
    """The processors' names, indexed once per profile."""
    return Names([proc.name for proc in profile.processors])


def is_controller(profile: model.Profile, name: str) -> bool:
    """The business itself ("Fjordkaffe  AS" is Fjordkaffe AS)."""
    return fold(name) == fold(profile.controller.name)


def first_party(profile: model.Profile, cookie: model.Cookie) -> bool:
    if cookie.first_party is not None:
        return cookie.first_party
    return is_controller(profile, cookie.provider)


@dataclass(frozen=True)
class Party:
    """A processor entry with its role and companies resolved."""

    processor: model.Processor
    index: int
    role: str
    role_source: RoleSource
    entity: str | None
    dpf_entity: str | None
    role_note: str | None
    arrangement: str | None
    arrangement_url: str | None
    kind: str | None  # the catalogue's kind of service, when it knows the service

    # The entry's own facts, so templates and rules need only the party.
    @property
    def name(self) -> str:
        return self.processor.name

    @property
    def service(self) -> str:
        return self.processor.service

    @property
    def location(self) -> str:
        return self.processor.location

    @property
    def transfer(self) -> str | None:
        return self.processor.transfer

    @property
    def url(self) -> str | None:
        return self.processor.url

    @property
    def data(self) -> list[str]:
        return self.processor.data

    @property
    def is_recipient(self) -> bool:
        """A tool on the business's own server receives nothing."""
        return self.role != "self_hosted"


def _resolve(proc: model.Processor, index: int) -> Party:
    svc = catalog_service(proc.name)

    def known(attr: str) -> Any:
        value = getattr(svc, attr, None) if svc is not None else None
        return value if isinstance(value, str) and value else None

    role: str
    source: RoleSource
    if proc.role is not None:
        role, source = proc.role, "profile"
    elif known("role"):
        role, source = known("role"), "catalog"
    else:
        role, source = "processor", "default"
    entity = proc.entity
    if entity is None and known("entity"):
        country = known("entity_country")
        entity = f"{known('entity')}, {country}" if country else known("entity")
    # The catalogue's companies describe its own view of the service: a profile that
    # says another role or transfer has its own facts, and only its own are printed.
    same_transfer = svc is not None and proc.transfer == getattr(svc, "transfer", None)
    dpf_entity = proc.dpf_entity or (known("dpf_entity") if same_transfer else None)
    same_role = source != "profile" or role == known("role")
    return Party(
        processor=proc,
        index=index,
        role=role,
        role_source=source,
        entity=entity,
        dpf_entity=dpf_entity if proc.transfer == "dpf" else None,
        role_note=proc.role_note or (known("role_note") if same_role else None),
        arrangement=proc.arrangement or (known("arrangement") if same_role else None),
        arrangement_url=proc.arrangement_url or (known("arrangement_url") if same_role else None),
        kind=known("kind"),
    )


def parties(profile: model.Profile) -> list[Party]:
    """Every processor entry of the profile, resolved, in the profile's order."""
    return [_resolve(proc, i) for i, proc in enumerate(profile.processors)]


def find_processor(profile: model.Profile, name: str) -> int | None:
    """The index of the entry that holds data for `name` (a cookie provider, a system)."""
    return processor_names(profile).index(name)


def party_for(profile: model.Profile, name: str) -> Party | None:
    """The entry that holds data for `name`, resolved."""
    i = find_processor(profile, name)
    return None if i is None else _resolve(profile.processors[i], i)
