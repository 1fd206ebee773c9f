"""What changed between two versions of a profile, said the way the notice says it.

The comparison is of the typed profiles, not of YAML lines: a key moved, a comment
added or a list reflowed is no change; a new supplier, a shorter retention period
or a new cookie is. Each change is one line in the UI language.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from notice_tui import i18n
from notice_tui.i18n import N_, _
from notice_tui.labels import category_word
from notice_tui.parties import fold
from notice_tui.profile import model
from notice_tui.profile.durations import Duration

# What the UI calls each module after "Lagringstid for …", and its arrival and departure.
MODULE_NOUNS: dict[str, str] = {
    "contact": N_("enquiries"),
    "bookings": N_("bookings"),
    "customers": N_("customers"),
    "newsletter": N_("the newsletter"),
    "recruitment": N_("job applicants"),
    "employees": N_("employees"),
    "website": N_("the website"),
}
MODULE_ADDED: dict[str, str] = {
    "contact": N_("New processing: enquiries"),
    "bookings": N_("New processing: bookings"),
    "customers": N_("New processing: customer register"),
    "newsletter": N_("New: a newsletter"),
    "recruitment": N_("New processing: job applicants"),
    "employees": N_("New processing: employees"),
    "website": N_("New: the website"),
}
MODULE_REMOVED: dict[str, str] = {
    "contact": N_("Enquiries have been removed"),
    "bookings": N_("Bookings have been removed"),
    "customers": N_("The customer register has been removed"),
    "newsletter": N_("The newsletter has been removed"),
    "recruitment": N_("Job applicants have been removed"),
    "employees": N_("Employees have been removed"),
    "website": N_("The website has been removed"),
}
BASIS_LABELS: dict[str, str] = {
    "consent": N_("consent"),
    "contract": N_("contract"),
    "legal_obligation": N_("legal obligation"),
    "vital_interests": N_("vital interests"),
    "public_task": N_("public task"),
    "legitimate_interest": N_("legitimate interest"),
}
TRANSFER_LABELS: dict[str, str] = {
    "none": N_("within the EU/EEA"),
    "adequacy": N_("adequacy decision"),
    "dpf": N_("Data Privacy Framework"),
    "scc": N_("standard contractual clauses"),
    "bcr": N_("binding corporate rules"),
    "derogation": N_("an exception in art. 49"),
}
ROLE_LABELS: dict[str, str] = {
    "processor": N_("data processor"),
    "controller": N_("independent controller"),
    "joint_controller": N_("joint controller"),
    "self_hosted": N_("on our own server"),
}


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages in `lang` for a while: the change log is written in the document's language."""
    before = i18n.current_language()
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language(before)


def _label(table: dict[str, str], key: str | None) -> str:
    if key is None:
        return _("not set")
    return _(table[key]) if key in table else key


def _duration(value: Duration | None) -> str:
    if value is None:
        return _("not set")
    return value.format(i18n.current_language())


def _same(a: Duration | None, b: Duration | None) -> bool:
    """One period however it is written ("12mo", "12 mo"); free text as written."""
    return (a.format("en") if a else None) == (b.format("en") if b else None)


def _text(value: Any) -> str:
    return _("not set") if value in (None, "", []) else str(value)


def _items(items: list[str]) -> str:
    return ", ".join(items)


def _new_items(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    old_keys = {fold(x) for x in old}
    new_keys = {fold(x) for x in new}
    return (
        [x for x in new if fold(x) not in old_keys],
        [x for x in old if fold(x) not in new_keys],
    )


def _arrow(what: str, old: str, new: str) -> str:
    return f"{what}: {old} → {new}"


def _module_changes(what: str, old: model.Module, new: model.Module) -> Iterator[str]:
    if old.basis != new.basis:
        yield _arrow(
            _("Legal basis for {what}").format(what=what),
            _label(BASIS_LABELS, old.basis or None),
            _label(BASIS_LABELS, new.basis or None),
        )
    if not _same(old.retention, new.retention):
        yield _arrow(
            _("Retention for {what}").format(what=what),
            _duration(old.retention),
            _duration(new.retention),
        )
    if old.retention_anchor != new.retention_anchor and _same(old.retention, new.retention):
        yield _arrow(
            _("Start of the retention period for {what}").format(what=what),
            _text(old.retention_anchor),
            _text(new.retention_anchor),
        )
    added, removed = _new_items(
        list(getattr(old, "data", []) or []), list(getattr(new, "data", []) or [])
    )
    if added:
        yield _("New data for {what}: {items}").format(what=what, items=_items(added))
    if removed:
        yield _("Data no longer kept for {what}: {items}").format(what=what, items=_items(removed))
    added, removed = _new_items(old.systems, new.systems)
    if added:
        yield _("New system for {what}: {items}").format(what=what, items=_items(added))
    if removed:
        yield _("System no longer used for {what}: {items}").format(
            what=what, items=_items(removed)
        )
    if new.sensitive and not old.sensitive:
        yield _("Special categories of data for {what}: {items}").format(
            what=what, items=_items(new.sensitive.data)
        )
    elif old.sensitive and not new.sensitive:
        yield _("Special categories of data removed for {what}").format(what=what)
    if (
        isinstance(old, model.Newsletter)
        and isinstance(new, model.Newsletter)
        and old.tracks_opens != new.tracks_opens
    ):
        yield (
            _("The newsletter now measures opens and clicks")
            if new.tracks_opens
            else _("The newsletter no longer measures opens and clicks")
        )


def _where(proc: model.Processor) -> str:
    if proc.transfer and proc.transfer != "none":
        return f"{proc.location}, {_label(TRANSFER_LABELS, proc.transfer)}"
    return proc.location


def _processor_changes(old: model.Profile, new: model.Profile) -> Iterator[str]:
    before = {fold(p.name): p for p in old.processors}
    after = {fold(p.name): p for p in new.processors}
    for key, proc in after.items():
        was = before.get(key)
        if was is None:
            yield _("New supplier: {name} ({where})").format(name=proc.name, where=_where(proc))
            continue
        if was.service != proc.service:
            yield _arrow(_("What {name} does").format(name=proc.name), was.service, proc.service)
        if was.location != proc.location:
            yield _arrow(
                _("Where {name} processes data").format(name=proc.name), was.location, proc.location
            )
        if (was.transfer or "none") != (proc.transfer or "none"):
            yield _arrow(
                _("Transfer basis for {name}").format(name=proc.name),
                _label(TRANSFER_LABELS, was.transfer),
                _label(TRANSFER_LABELS, proc.transfer),
            )
        if was.role != proc.role:
            yield _arrow(
                _("Role of {name}").format(name=proc.name),
                _label(ROLE_LABELS, was.role),
                _label(ROLE_LABELS, proc.role),
            )
        if proc.dpa_signed and was.dpa_signed != proc.dpa_signed:
            yield _("Data processing agreement with {name} signed {date}").format(
                name=proc.name, date=proc.dpa_signed.isoformat()
            )
    for key, proc in before.items():
        if key not in after:
            yield _("Supplier removed: {name}").format(name=proc.name)


def _cookie_changes(old: model.Website | None, new: model.Website | None) -> Iterator[str]:
    before = {fold(c.name): c for c in (old.cookies if old else [])}
    after = {fold(c.name): c for c in (new.cookies if new else [])}
    for key, cookie in after.items():
        was = before.get(key)
        if was is None:
            yield _("New cookie: {name} ({category})").format(
                name=cookie.name, category=category_word(cookie.category)
            )
            continue
        if was.category != cookie.category:
            yield _arrow(
                _("Category of {name}").format(name=cookie.name),
                category_word(was.category),
                category_word(cookie.category),
            )
        if not _same(was.duration, cookie.duration):
            yield _arrow(
                _("Lifetime of {name}").format(name=cookie.name),
                _duration(was.duration),
                _duration(cookie.duration),
            )
        if fold(was.provider) != fold(cookie.provider):
            yield _arrow(
                _("Who sets {name}").format(name=cookie.name), was.provider, cookie.provider
            )
    for key, cookie in before.items():
        if key not in after:
            yield _("Cookie removed: {name}").format(name=cookie.name)


def _website_changes(old: model.Website, new: model.Website) -> Iterator[str]:
    old_logs = old.ip_logging.retention if old.ip_logging else None
    new_logs = new.ip_logging.retention if new.ip_logging else None
    if not _same(old_logs, new_logs):
        yield _arrow(_("Retention for server logs"), _duration(old_logs), _duration(new_logs))
    if fold(old.consent_tool or "") != fold(new.consent_tool or ""):
        yield _arrow(_("Consent tool"), _text(old.consent_tool), _text(new.consent_tool))


def _controller_changes(old: model.Controller, new: model.Controller) -> Iterator[str]:
    def address(c: model.Controller) -> str | None:
        a = c.address
        return f"{a.street}, {a.postal_code} {a.city}" if a else None

    def dpo(c: model.Controller) -> str | None:
        return f"{c.dpo.name} ({c.dpo.email})" if c.dpo else None

    pairs = [
        (_("Name of the business"), old.name, new.name),
        (_("E-mail for privacy questions"), old.email, new.email),
        (_("Address"), address(old), address(new)),
        (_("Contact person"), old.contact_person, new.contact_person),
        (_("Data protection officer"), dpo(old), dpo(new)),
    ]
    for label, a, b in pairs:
        if (a or None) != (b or None):
            yield _arrow(label, _text(a), _text(b))


def _other_changes(old: model.Profile, new: model.Profile) -> Iterator[str]:
    before = {fold(a.title): a for a in old.activities}
    after = {fold(a.title): a for a in new.activities}
    for key, act in after.items():
        if key not in before:
            yield _("New processing: {title}").format(title=act.title)
        else:
            yield from _module_changes(act.title, before[key], act)
    for key, act in before.items():
        if key not in after:
            yield _("{title} has been removed").format(title=act.title)


def _rest_changes(old: model.Profile, new: model.Profile) -> Iterator[str]:
    old_measures = old.security.measures if old.security else []
    new_measures = new.security.measures if new.security else []
    added, removed = _new_items(old_measures, new_measures)
    if added:
        yield _("New security measures: {items}").format(items=_items(added))
    if removed:
        yield _("Security measures no longer listed: {items}").format(items=_items(removed))
    old_partners = old.recipients.partners if old.recipients else None
    new_partners = new.recipients.partners if new.recipients else None
    if (old_partners or None) != (new_partners or None):
        yield _arrow(_("Others who receive data"), _text(old_partners), _text(new_partners))
    described = (model.Described, str)
    was, now = old.automated_decisions, new.automated_decisions
    if isinstance(now, described) and not isinstance(was, described):
        yield _("Automated decisions are now described")
    elif isinstance(was, described) and not isinstance(now, described):
        yield _("Automated decisions are no longer described")


def diff_profiles(old: model.Profile, new: model.Profile) -> list[str]:
    """Every change from `old` to `new` that a reader of the notice would notice."""
    lines: list[str] = list(_controller_changes(old.controller, new.controller))
    for key in model.MODULE_KEYS:
        was, now = old.module(key), new.module(key)
        if was is None and now is None:
            continue
        if was is None:
            lines.append(_(MODULE_ADDED[key]))
            continue
        if now is None:
            lines.append(_(MODULE_REMOVED[key]))
            continue
        lines.extend(_module_changes(_(MODULE_NOUNS[key]), was, now))
        if isinstance(was, model.Website) and isinstance(now, model.Website):
            lines.extend(_website_changes(was, now))
    lines.extend(_other_changes(old, new))
    lines.extend(_processor_changes(old, new))
    old_site, new_site = old.module("website"), new.module("website")
    lines.extend(
        _cookie_changes(
            old_site if isinstance(old_site, model.Website) else None,
            new_site if isinstance(new_site, model.Website) else None,
        )
    )
    lines.extend(_rest_changes(old, new))
    return lines


def summary(lines: list[str]) -> str:
    """The changes as one entry of the change log."""
    return "; ".join(lines)


def today() -> dt.date:
    return dt.date.today()
