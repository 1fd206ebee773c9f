"""Rules that keep the documents truthful: each one names an answer the notice needs.

Where the profile is silent, the documents print a MANGLER marker instead of
inventing a sentence; every such marker has its error here, so `check` says
what to answer and `render` refuses to publish until it is answered.
"""

from __future__ import annotations

from collections.abc import Iterator

from notice_tui import parties
from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import modules, website
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import N_, _
from notice_tui.profile import geography
from notice_tui.profile.model import (
    Contact,
    Customers,
    Newsletter,
    Profile,
    Website,
    source_parts,
)


def _set_hint(path: str, value: str) -> str:
    return _("notice-tui set PROFILE.yaml {path} {value}").format(path=path, value=value)


@rule("no-processing", Severity.ERROR)
def no_processing(profile: Profile) -> Iterator[Finding]:
    """A profile that describes no processing at all."""
    if not any(True for _path in modules(profile)):
        yield Finding(
            path="",
            message=_(
                "the profile describes no processing of personal data, so the notice "
                "would say nothing"
            ),
            hint=_(
                "answer at least one part: contact, customers, newsletter, recruitment, "
                "employees, website or other_activities"
            ),
        )


@rule("retention-missing", Severity.ERROR)
def retention_missing(profile: Profile) -> Iterator[Finding]:
    """A processing with no retention: the notice prints no period nobody chose."""
    for path, mod in modules(profile):
        # The website prints no retention of its own: logs and cookies carry theirs.
        if mod.retention is not None or isinstance(mod, Website):
            continue
        usual = mod.USUAL_RETENTION
        yield Finding(
            path=f"{path}.retention",
            message=_("no retention is given, and the notice must say how long the data is kept"),
            hint=(
                _("the usual period is {usual}: {command}").format(
                    usual=usual, command=_set_hint(f"{path}.retention", _quoted(usual))
                )
                if usual
                else _(
                    'give a period ("1y") or the event that ends it ("3mo" with '
                    'retention_note: "etter arrangementet"); art. 13 nr. 2 bokstav a'
                )
            ),
            extra={"usual": usual} if usual else {},
        )


def _quoted(value: str) -> str:
    return value if " " not in value else f'"{value}"'


@rule("recipients-unconfirmed", Severity.ERROR)
def recipients_unconfirmed(profile: Profile) -> Iterator[Finding]:
    """Nobody is named as receiving data, and the profile does not say that nobody does."""
    r = profile.recipients
    if r is not None and (r.complete or r.authorities_when_required or r.partners):
        return
    if any(p.is_recipient for p in parties.parties(profile)):
        return
    yield Finding(
        path="processors",
        message=_(
            "no supplier or other recipient is listed, and the profile does not say "
            "that nobody receives the data"
        ),
        hint=_(
            "list the suppliers that hold personal data (e-mail, accounting, web hosting), "
            "or confirm there are none: {command}"
        ).format(command=_set_hint("recipients.complete", "true")),
    )


@rule("recipients-complete-unanswered", Severity.HINT)
def recipients_complete_unanswered(profile: Profile) -> Iterator[Finding]:
    """Recipients are listed, but not confirmed as all of them."""
    r = profile.recipients
    if r is not None and r.complete is not None:
        return
    if not profile.processors and not (r and (r.authorities_when_required or r.partners)):
        return
    yield Finding(
        path="recipients.complete",
        message=_(
            "the notice cannot say that nobody else receives the data, or that you do "
            "not sell it, until you confirm the lists are complete"
        ),
        hint=_("if everyone who receives personal data is listed: {command}").format(
            command=_set_hint("recipients.complete", "true")
        ),
    )


# What a module says happens in a system; the notice then needs the system named.
_SYSTEM_FACTS = (
    ("phone_logs_kept", N_("the phone system keeps call logs")),
    ("call_notes_to_crm", N_("call notes go to a customer system")),
)


@rule("module-system-unnamed", Severity.WARNING)
def module_system_unnamed(profile: Profile) -> Iterator[Finding]:
    """A module mentions a system (phone logs, a customer system, e-mail) but names none."""
    mod = profile.module("contact")
    if not isinstance(mod, Contact) or mod.systems:
        return
    said = [_(text) for key, text in _SYSTEM_FACTS if getattr(mod, key)]
    if "email" in mod.channels:
        said.append(_("people write to you by e-mail"))
    if said:
        yield Finding(
            path="contact.systems",
            message=_("{facts}, but no supplier is named as holding the data").format(
                facts="; ".join(said)
            ),
            hint=_(
                "name the suppliers under 'systems' (the e-mail service, the phone or "
                "customer system), and list them among the processors"
            ),
        )


@rule("newsletter-tracking-consent-unsaid", Severity.ERROR)
def newsletter_tracking_consent_unsaid(profile: Profile) -> Iterator[Finding]:
    """Opens and clicks are measured, but the profile does not say how consent is asked."""
    mod = profile.module("newsletter")
    if not isinstance(mod, Newsletter) or not mod.tracks_opens or mod.tracking_consent:
        return
    if mod.basis != "consent":
        return  # newsletter-tracks-opens-no-consent says what is wrong
    yield Finding(
        path="newsletter.tracking_consent",
        message=_(
            "opens and clicks are measured, but the profile does not say how sign-up "
            "asks for consent to it"
        ),
        hint=_(
            "measuring opens reads the reader's device (ekomloven § 3-15); say how the "
            "form asks, e.g. {command}"
        ).format(
            command=_set_hint(
                "newsletter.tracking_consent", '"en egen avkrysningsboks i påmeldingsskjemaet"'
            )
        ),
    )


@rule("consent-settings-missing", Severity.ERROR)
def consent_settings_missing(profile: Profile) -> Iterator[Finding]:
    """Consent is asked, but the reader is not told where to change or withdraw it."""
    site = website(profile)
    if site is None or not site.consent_cookies or not site.consent_tool:
        return
    if site.consent_settings:
        return
    yield Finding(
        path="website.consent_settings",
        message=_("the notice must say where on the site visitors change or withdraw consent"),
        hint=_(
            "withdrawing must be as easy as consenting: name the link or button and where "
            "it is, or give its URL, e.g. {command}"
        ).format(
            command=_set_hint(
                "website.consent_settings", '"lenken «Informasjonskapsler» nederst på hver side"'
            )
        ),
    )


@rule("cookies-unlisted", Severity.ERROR)
def cookies_unlisted(profile: Profile) -> Iterator[Finding]:
    """A website with no cookies listed and no check that it has none."""
    site = website(profile)
    if site is None or site.cookies or site.cookies_reviewed:
        return
    yield Finding(
        path="website.cookies",
        message=_(
            "no cookies are listed, and the profile does not say the site was checked and has none"
        ),
        hint=_(
            "list the cookies (import-cookies reads a scanner's CSV), or, if the site sets "
            "none, give the date you checked: {command}"
        ).format(command=_set_hint("website.cookies_reviewed", "YYYY-MM-DD")),
    )


@rule("joint-controller-arrangement", Severity.ERROR)
def joint_controller_arrangement(profile: Profile) -> Iterator[Finding]:
    """A joint controller without the essence of the arrangement or a link to it."""
    for party in parties.parties(profile):
        if party.role != "joint_controller":
            continue
        for key, present in (
            ("arrangement", party.arrangement),
            ("arrangement_url", party.arrangement_url),
        ):
            if present:
                continue
            yield Finding(
                path=f"processors[{party.index}].{key}",
                message=(
                    _(
                        "{name} is a joint controller, but the essence of the arrangement "
                        "is not given"
                    )
                    if key == "arrangement"
                    else _("{name} is a joint controller, but there is no link to the arrangement")
                ).format(name=party.name),
                hint=_(
                    "art. 26 nr. 2: the essence of the arrangement (who does what, who "
                    "answers requests) must be available to the people concerned"
                ),
            )


@rule("role-from-catalog", Severity.HINT)
def role_from_catalog(profile: Profile) -> Iterator[Finding]:
    """A recipient takes the catalogue's role, not that of a processor."""
    names = {
        "controller": _("an independent controller"),
        "joint_controller": _("a joint controller"),
    }
    for party in parties.parties(profile):
        if party.role_source != "catalog" or party.role not in names:
            continue
        yield Finding(
            path=f"processors[{party.index}].role",
            message=_(
                "{name} is shown as {role}, as the catalogue says, not as your processor"
            ).format(name=party.name, role=names[party.role]),
            hint=_("if your agreement makes it your processor, set role: processor"),
        )


@rule("automated-decisions-unanswered", Severity.WARNING)
def automated_decisions_unanswered(profile: Profile) -> Iterator[Finding]:
    """The notice must say whether automated decisions are made (art. 13 nr. 2 bokstav f)."""
    if profile.automated_decisions is None:
        yield Finding(
            path="automated_decisions",
            message=_(
                "the profile does not say whether you make automated decisions, so the "
                "notice says nothing about it"
            ),
            hint=_("if you make none: {command}").format(
                command=_set_hint("automated_decisions", "false")
            ),
        )


@rule("last-updated-missing", Severity.WARNING)
def last_updated_missing(profile: Profile) -> Iterator[Finding]:
    """No last_updated: the documents show the date they are rendered."""
    if profile.last_updated is None:
        yield Finding(
            path="last_updated",
            message=_("no last_updated date, so the documents show the day they are rendered"),
            hint=_("set the date the notice last changed: {command}").format(
                command=_set_hint("last_updated", "YYYY-MM-DD")
            ),
        )


@rule("transfer-location-unknown", Severity.ERROR)
def transfer_location_unknown(profile: Profile) -> Iterator[Finding]:
    """A recipient's location that cannot tell whether data leaves the EEA."""
    for party in parties.parties(profile):
        if not party.is_recipient:
            continue
        if party.transfer in (None, "none") and geography.in_eea(party.location) is None:
            yield Finding(
                path=f"processors[{party.index}].location",
                message=_("cannot tell whether '{location}' is inside the EU/EEA").format(
                    location=party.location
                ),
                hint=_(
                    'write a country ("Norge", "Irland", "USA") or "EU/EØS", so the notice '
                    "can say whether data leaves the EEA"
                ),
            )


@rule("public-source-unexplained", Severity.ERROR)
def public_source_unexplained(profile: Profile) -> Iterator[Finding]:
    """A public source the notice cannot say what is taken from (art. 14 nr. 1 bokstav d)."""
    mod = profile.module("customers")
    for i, text in enumerate(getattr(mod, "public_sources", []) or []):
        source, what = source_parts(text)
        if what is None:
            yield Finding(
                path=f"customers.public_sources[{i}]",
                message=_("the notice must say what you take from {source}").format(source=source),
                hint=_(
                    'write it after a colon: "{source}: hvem som har roller i bedriften"'
                ).format(source=source),
                extra={"source": source},
            )


@rule("complaints-retention-unsaid", Severity.HINT)
def complaints_retention_unsaid(profile: Profile) -> Iterator[Finding]:
    """A web shop to consumers that does not say how order data is kept for complaints."""
    mod = profile.module("customers")
    if not isinstance(mod, Customers) or mod.kind == "businesses" or not mod.delivery:
        return
    if mod.complaints_retention is None:
        yield Finding(
            path="customers.complaints_retention",
            message=_(
                "consumers may complain about goods for up to 5 years, but the notice "
                "does not say how long order data is kept for that"
            ),
            hint=_("forbrukerkjøpsloven § 27; if you keep it: {command}").format(
                command=_set_hint("customers.complaints_retention", "5y")
            ),
        )
