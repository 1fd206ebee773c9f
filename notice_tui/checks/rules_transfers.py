"""Rules for processors, the systems modules name, and transfers out of the EU/EEA.

The schema already refuses a processor outside the EEA with no transfer (or
`none`); these rules catch a mechanism that does not fit the place.
"""

from __future__ import annotations

from collections.abc import Iterator

from notice_tui import parties
from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import (
    Names,
    find_processor,
    fold,
    is_controller,
    known_service,
    location_parts,
    modules,
    website,
)
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile import geography
from notice_tui.profile.model import Profile

DPF_LIST = "https://www.dataprivacyframework.gov/list"

# Services that decide themselves what they do with the data (independent or
# joint controllers), so a data processing agreement does not cover them.
CONTROLLER_KINDS = ("advertising", "embedded")
CONTROLLER_NAMES = frozenset(
    {
        "meta", "facebook", "instagram", "google ads", "youtube", "linkedin", "tiktok",
        "snapchat", "pinterest", "bring", "posten", "posten bring", "postnord", "helthjem",
        "dhl", "ups", "fedex", "schenker", "db schenker",
    }
)  # fmt: skip


def _recognised(location: str) -> bool:
    return all(geography.in_eea(part) is not None for part in location_parts(location))


def _outside_parts(location: str) -> list[str]:
    return [p for p in location_parts(location) if geography.in_eea(p) is False]


@rule("transfer-dpf-not-us", Severity.ERROR)
def transfer_dpf_not_us(profile: Profile) -> Iterator[Finding]:
    """The Data Privacy Framework given for a company that is not in the USA."""
    for i, proc in enumerate(profile.processors):
        if proc.transfer != "dpf" or not _recognised(proc.location):
            continue
        if any(geography.country_code(p) == "US" for p in location_parts(proc.location)):
            continue
        yield Finding(
            path=f"processors[{i}].transfer",
            message=_(
                "{name} is in {location}, but the Data Privacy Framework only covers "
                "certified companies in the USA"
            ).format(name=proc.name, location=proc.location),
            hint=_(
                "use adequacy if the country has an adequacy decision, otherwise scc; use "
                "none inside the EU/EEA"
            ),
        )


@rule("transfer-adequacy-no-decision", Severity.ERROR)
def transfer_adequacy_no_decision(profile: Profile) -> Iterator[Finding]:
    """An adequacy decision given for a country that has none."""
    for i, proc in enumerate(profile.processors):
        if proc.transfer != "adequacy":
            continue
        lacking = [p for p in _outside_parts(proc.location) if not geography.has_adequacy(p)]
        if not lacking:
            continue
        us = any(geography.country_code(p) == "US" for p in lacking)
        yield Finding(
            path=f"processors[{i}].transfer",
            message=_("{place} has no adequacy decision from the EU Commission").format(
                place=", ".join(lacking)
            ),
            hint=_(
                "for a U.S. company certified under the Data Privacy Framework use dpf, "
                "otherwise scc"
            )
            if us
            else _("use scc (standard contractual clauses) or another mechanism that applies"),
        )


@rule("transfer-inside-eea", Severity.HINT)
def transfer_inside_eea(profile: Profile) -> Iterator[Finding]:
    """A transfer mechanism given for a processor inside the EEA."""
    for i, proc in enumerate(profile.processors):
        if proc.transfer not in (None, "none") and geography.in_eea(proc.location) is True:
            yield Finding(
                path=f"processors[{i}].transfer",
                message=_(
                    "{name} is in {location}, inside the EU/EEA, but has transfer "
                    "{transfer}; the notice will list it as a transfer abroad"
                ).format(name=proc.name, location=proc.location, transfer=proc.transfer),
                hint=_(
                    "if data also goes outside the EEA (support, sub-processors), name that "
                    "country in location; otherwise set transfer: none"
                ),
            )


@rule("transfer-derogation", Severity.WARNING)
def transfer_derogation(profile: Profile) -> Iterator[Finding]:
    """A regular supplier relies on an art. 49 exception."""
    for i, proc in enumerate(profile.processors):
        if proc.transfer == "derogation":
            yield Finding(
                path=f"processors[{i}].transfer",
                message=_(
                    "{name} relies on an art. 49 exception, which only covers occasional "
                    "transfers, not a supplier used every day"
                ).format(name=proc.name),
                hint=_(
                    "use standard contractual clauses (scc) or, for a certified U.S. company, dpf"
                ),
            )


@rule("transfer-dpf-verify", Severity.HINT)
def transfer_dpf_verify(profile: Profile) -> Iterator[Finding]:
    """Companies relying on the Data Privacy Framework: check that they are certified."""
    found = [(i, p.name) for i, p in enumerate(profile.processors) if p.transfer == "dpf"]
    if not found:
        return
    # One reminder for the whole profile; one per processor would drown the rest.
    yield Finding(
        path=f"processors[{found[0][0]}].transfer",
        message=_(
            "the Data Privacy Framework only covers companies on the DPF list: {names}"
        ).format(names=", ".join(name for _i, name in found)),
        hint=_("look each company up on {url} and use scc for any that is not listed").format(
            url=DPF_LIST
        ),
    )


@rule("processor-location-differs", Severity.HINT)
def processor_location_differs(profile: Profile) -> Iterator[Finding]:
    """The service catalogue places a processor elsewhere than the profile does."""
    for i, proc in enumerate(profile.processors):
        service = known_service(proc.name)
        if service is None:
            continue
        if service.outside_eea and geography.in_eea(proc.location) is True:
            yield Finding(
                path=f"processors[{i}].location",
                message=_(
                    "{name} is in {location} here, but the service catalogue lists "
                    "{where} ({transfer})"
                ).format(
                    name=proc.name,
                    location=proc.location,
                    where=service.location,
                    transfer=service.transfer,
                ),
                hint=_(
                    "check the data processing agreement: if data can reach {where} "
                    "(support, sub-processors), say so and give the transfer "
                    "basis"
                ).format(where=service.location),
            )
        elif proc.transfer == "dpf" and service.transfer != "dpf":
            yield Finding(
                path=f"processors[{i}].transfer",
                message=_(
                    "{name} relies on the Data Privacy Framework here, but the service "
                    "catalogue gives {transfer}"
                ).format(name=proc.name, transfer=service.transfer),
                hint=_("check the company on {url}").format(url=DPF_LIST),
            )


@rule("processor-is-controller", Severity.HINT)
def processor_is_controller(profile: Profile) -> Iterator[Finding]:
    """A recipient that usually decides its own purposes is listed as a processor."""
    for party in parties.parties(profile):
        # A role the profile or the catalogue gives is decided; only the default is a guess.
        if party.role_source != "default":
            continue
        kind = party.kind
        if kind not in CONTROLLER_KINDS and fold(party.name) not in CONTROLLER_NAMES:
            continue
        yield Finding(
            path=f"processors[{party.index}].name",
            message=_(
                "{name} usually uses the data for its own purposes too, as an "
                "independent or joint controller, not only as your processor"
            ).format(name=party.name),
            hint=_(
                "the notice says every processor is bound by a data processing agreement; "
                "check the terms, and if {name} is a controller, say so (for advertising "
                "pixels a joint-controller arrangement, art. 26)"
            ).format(name=party.name),
        )


@rule("processor-duplicate", Severity.WARNING)
def processor_duplicate(profile: Profile) -> Iterator[Finding]:
    """The same processor is listed twice."""
    seen: dict[str, int] = {}
    for i, proc in enumerate(profile.processors):
        key = fold(proc.name)
        if key in seen:
            yield Finding(
                path=f"processors[{i}].name",
                message=_("{name} is listed twice among the processors").format(name=proc.name),
                hint=_("keep one entry and put all it does in its service text"),
            )
        else:
            seen[key] = i


@rule("system-not-processor", Severity.WARNING)
def system_not_processor(profile: Profile) -> Iterator[Finding]:
    """A module names a system that is not among the processors."""
    for path, mod in modules(profile):
        for j, system in enumerate(mod.systems):
            if find_processor(profile, system) is None and not is_controller(profile, system):
                yield Finding(
                    path=f"{path}.systems[{j}]",
                    message=_("{system} holds this data but is not among the processors").format(
                        system=system
                    ),
                    hint=_(
                        "add {system} to processors with what it does and where, or remove "
                        "it here if it is run in-house"
                    ).format(system=system),
                )


@rule("processor-unused", Severity.HINT)
def processor_unused(profile: Profile) -> Iterator[Finding]:
    """A processor that no module or cookie refers to."""
    site = website(profile)
    used = [s for _path, mod in modules(profile) for s in mod.systems]
    if site is not None:
        used += [c.provider for c in site.cookies]
        if site.consent_tool:
            used.append(site.consent_tool)
    named = Names(used)
    for i, proc in enumerate(profile.processors):
        if proc.name not in named:
            yield Finding(
                path=f"processors[{i}].name",
                message=_("no module says which data {name} holds").format(name=proc.name),
                hint=_(
                    "add {name} to the systems of the module whose data it processes, so "
                    "readers see what it gets"
                ).format(name=proc.name),
            )
