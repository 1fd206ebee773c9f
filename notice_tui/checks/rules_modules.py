"""Rules for the processings themselves: legal bases, retention, special categories."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import described, fold, modules, search
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.durations import Duration
from notice_tui.profile.model import Customers, Employees, Profile

MONTH = dt.timedelta(days=30.44)

# "As long as necessary" and its relatives: Datatilsynet says explicitly that
# they do not tell the reader how long. Both languages, since users write either.
_VAGUE_RETENTION = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"så\s+lenge\s+(?:det\s+er\s+|vi\s+(?:har\s+)?)?(?:nødvendig|behov|trenger)",
        r"til\s+du\s+ber\s+(?:oss\s+)?(?:om\s+)?(?:å\s+)?slett",
        r"til\s+du\s+ber\s+om\s+det",
        r"inntil\s+videre",
        r"ubegrenset",
        r"for\s+alltid",
        r"på\s+ubestemt\s+tid",
        r"\bpermanent",
        r"as\s+long\s+as\s+(?:is\s+|it\s+is\s+|we\s+)?(?:necessary|needed|required|need)",
        r"until\s+you\s+ask",
        r"indefinitely",
        r"\bforever\b",
        r"until\s+further\s+notice",
    )
]

# Words that mean health data (art. 9) in a data list or a purpose.
_HEALTH = re.compile(
    r"\b(?:syke)?fravær|sykemeld|sykmeld|\bhelse|diagnose|\bsykdom|legeerklæring|\buføre"
    r"|\bsick\s*leave|\bhealth|\bdiagnos|\bmedical",
    re.IGNORECASE,
)
# Words that often, but not always, mean a special category: allergies and diets
# (health, religion), union dues, biometrics, beliefs, ethnicity.
_MAYBE_SPECIAL = re.compile(
    r"allergi|kosthold|matpreferans|\bdiett|fagforening|\bbiometri|fingeravtrykk|ansiktsgjenk"
    r"|\breligi|livssyn|etnisk|\bpolitisk|seksuell|\ballerg|\bdietary|trade\s+union"
    r"|\bbiometric|fingerprint|\bethnic|\bpolitical|\bsexual",
    re.IGNORECASE,
)

# Interests that only restate the basis or are too general to weigh against anyone.
_VAGUE_INTEREST = re.compile(
    r"^(?:vår\s+|our\s+)?(?:berettiget|berettigede|legitimate)\s+(?:interesse|interest)s?\.?$"
    r"|^(?:interesseavveining|balancing\s+test)\.?$",
    re.IGNORECASE,
)


def _retention_texts(profile: Profile) -> Iterator[tuple[str, Duration]]:
    for path, mod in modules(profile):
        if mod.retention is not None:
            yield f"{path}.retention", mod.retention
    site = profile.module("website")
    ip = getattr(site, "ip_logging", None)
    if ip is not None:
        yield "website.ip_logging.retention", ip.retention


def _data_items(profile: Profile) -> Iterator[tuple[str, str]]:
    """Every data item and purpose that no art. 9 basis covers yet.

    A module's own `sensitive` key covers that module; the old top-level
    `sensitive_data` with a basis covers them all.
    """
    legacy = described(profile.sensitive_data)
    if legacy is not None and legacy.art9_basis is not None:
        return
    for path, mod in modules(profile):
        if mod.sensitive is not None:
            continue
        for j, item in enumerate(getattr(mod, "data", []) or []):
            yield f"{path}.data[{j}]", item
        purpose = getattr(mod, "purpose", None)
        if purpose:
            yield f"{path}.purpose", purpose
    for i, proc in enumerate(profile.processors):
        for j, item in enumerate(proc.data):
            yield f"processors[{i}].data[{j}]", item


# -- legal bases --------------------------------------------------------------------


@rule("newsletter-basis-invalid", Severity.ERROR)
def newsletter_basis_invalid(profile: Profile) -> Iterator[Finding]:
    """E-mail marketing on a contract basis (or another basis that cannot carry it)."""
    mod = profile.module("newsletter")
    if mod is None or mod.basis in ("consent", "legitimate_interest"):
        return
    yield Finding(
        path="newsletter.legal_basis",
        message=_("e-mail marketing cannot rest on {basis}").format(basis=mod.basis),
        hint=_(
            "use consent: markedsføringsloven § 15 requires prior consent for e-mail "
            "marketing to consumers, and marketing is never needed to fulfil a contract"
        ),
    )


@rule("newsletter-legitimate-interest", Severity.WARNING)
def newsletter_legitimate_interest(profile: Profile) -> Iterator[Finding]:
    """A newsletter on legitimate interest instead of consent."""
    mod = profile.module("newsletter")
    if mod is None or mod.basis != "legitimate_interest":
        return
    yield Finding(
        path="newsletter.legal_basis",
        message=_("the newsletter rests on legitimate interest instead of consent"),
        hint=_(
            "without consent, e-mail marketing is only allowed to existing customers, about "
            "products like those they bought, with an easy opt-out from the first e-mail "
            "(markedsføringsloven § 15); to anyone else use consent"
        ),
    )


@rule("newsletter-tracks-opens-no-consent", Severity.ERROR)
def newsletter_tracks_opens_no_consent(profile: Profile) -> Iterator[Finding]:
    """Open and click tracking in e-mails without consent."""
    mod = profile.module("newsletter")
    if mod is None or not getattr(mod, "tracks_opens", False) or mod.basis == "consent":
        return
    yield Finding(
        path="newsletter.tracks_opens",
        message=_("opens and clicks are tracked, but the newsletter does not rest on consent"),
        hint=_(
            "tracking pixels and links read the reader's device and need consent "
            "(ekomloven § 3-15); set legal_basis: consent or switch tracking off"
        ),
    )


@rule("legitimate-interest-vague", Severity.WARNING)
def legitimate_interest_vague(profile: Profile) -> Iterator[Finding]:
    """The legitimate interest only restates the basis, in a few words."""
    for path, mod in modules(profile):
        text = (mod.legitimate_interest or "").strip()
        if mod.basis != "legitimate_interest" or not text:
            continue
        if _VAGUE_INTEREST.match(text) or len(text.split()) < 4:
            yield Finding(
                path=f"{path}.legitimate_interest",
                message=_(
                    "the legitimate interest is stated as '{text}', which does not say "
                    "what the interest is"
                ).format(text=text),
                hint=_(
                    "say in a sentence what you need the data for and why that weighs "
                    "more than the person's privacy (art. 13 nr. 1 bokstav d)"
                ),
            )


@rule("basis-unusual", Severity.WARNING)
def basis_unusual(profile: Profile) -> Iterator[Finding]:
    """Vital interests or public task used by a business."""
    for path, mod in modules(profile):
        if mod.legal_basis in ("vital_interests", "public_task"):
            yield Finding(
                path=f"{path}.legal_basis",
                message=_("{basis} is rarely the right basis for a business").format(
                    basis=mod.legal_basis
                ),
                hint=_(
                    "vital interests is for life-or-death situations, public task for tasks "
                    "a law gives you; most processing rests on contract, legal obligation, "
                    "legitimate interest or consent"
                ),
            )


@rule("employees-consent", Severity.WARNING)
def employees_consent(profile: Profile) -> Iterator[Finding]:
    """Employee data on consent."""
    mod = profile.module("employees")
    if mod is not None and mod.basis == "consent":
        yield Finding(
            path="employees.legal_basis",
            message=_("employee data rests on consent, which an employee can rarely give freely"),
            hint=_(
                "use contract (the employment contract) and legal obligation; keep consent "
                "for what is truly optional"
            ),
        )


@rule("recruitment-consent", Severity.HINT)
def recruitment_consent(profile: Profile) -> Iterator[Finding]:
    """Applications handled on consent."""
    mod = profile.module("recruitment")
    if mod is not None and mod.basis == "consent":
        yield Finding(
            path="recruitment.legal_basis",
            message=_("applications are handled on consent"),
            hint=_(
                "an application is a step before a contract at the applicant's request "
                "(contract, bokstav b) or a legitimate interest; consent can be withdrawn at "
                "any time and fits only keeping the application for later positions"
            ),
        )


# -- retention ----------------------------------------------------------------------


@rule("retention-vague", Severity.ERROR)
def retention_vague(profile: Profile) -> Iterator[Finding]:
    """Retention such as "as long as necessary" or "until you ask us to delete it"."""
    for path, duration in _retention_texts(profile):
        text = duration.raw
        # "As long as necessary, at most 2 years" names a period: only the phrase alone fails.
        if duration.is_period or re.search(r"\d", text) or not search(_VAGUE_RETENTION, text):
            continue
        yield Finding(
            path=path,
            message=_("'{text}' does not say how long the data is kept").format(text=text),
            hint=_(
                'give a period ("12mo", "3y") or a criterion that ends it ("til du '
                'melder deg av", "etter at kundeforholdet er avsluttet"); Datatilsynet '
                "says 'as long as necessary' alone is not enough"
            ),
        )


@rule("recruitment-retention-long", Severity.HINT)
def recruitment_retention_long(profile: Profile) -> Iterator[Finding]:
    """Applications kept longer than six months."""
    mod = profile.module("recruitment")
    length = mod.retention.approx() if mod is not None and mod.retention else None
    if length is not None and length > 6 * MONTH + dt.timedelta(days=1):
        yield Finding(
            path="recruitment.retention",
            message=_("applications are kept for {duration}").format(
                duration=mod.retention.raw if mod and mod.retention else ""
            ),
            hint=_(
                "common practice is to delete when the position is filled, plus 3 to 6 "
                "months for complaints; keep longer only with the applicant's consent "
                "(keep_longer_with_consent)"
            ),
        )


_BOOKKEEPING = re.compile(r"bokføring|regnskap", re.IGNORECASE)


@rule("customers-retention-bookkeeping", Severity.HINT)
def customers_retention_bookkeeping(profile: Profile) -> Iterator[Finding]:
    """The whole customer register kept for the bookkeeping act's five years."""
    mod = profile.module("customers")
    if not isinstance(mod, Customers) or mod.retention is None:
        return
    length = mod.retention.approx()
    long = length is not None and length >= 5 * 365 * dt.timedelta(days=1)
    mentions = _BOOKKEEPING.search(f"{mod.retention.raw} {mod.retention_note or ''}")
    if long or mentions:
        yield Finding(
            path="customers.retention",
            message=_("the customer register is kept for {duration}").format(
                duration=mod.retention.raw
            ),
            hint=_(
                "bokføringsloven § 13 requires five years for accounting documentation "
                "only (with invoicing on, the notice says so already); the rest of the "
                "register should go sooner"
            ),
        )


# -- special categories -------------------------------------------------------------


@rule("sensitive-data-no-art9-basis", Severity.ERROR)
def sensitive_data_no_art9_basis(profile: Profile) -> Iterator[Finding]:
    """Special categories described without a basis under art. 9."""
    desc = described(profile.sensitive_data)
    if desc is not None and desc.art9_basis is None:
        yield Finding(
            path="sensitive_data.art9_basis",
            message=_(
                "special categories of data are processed, but no exception under "
                "art. 9 nr. 2 is given"
            ),
            hint=_(
                "set art9_basis to the letter that applies: b for employment law duties "
                "(sick leave), a for explicit consent, f for legal claims ..."
            ),
        )


@rule("health-data-without-art9", Severity.ERROR)
def health_data_without_art9(profile: Profile) -> Iterator[Finding]:
    """Health data such as sick leave, with no art. 9 basis."""
    for path, text in _data_items(profile):
        match = _HEALTH.search(text)
        if match:
            yield Finding(
                path=path,
                message=_(
                    "'{text}' is health data, a special category (art. 9), but no "
                    "art. 9 basis is given for it"
                ).format(text=text),
                hint=_(
                    "describe it under the module's 'sensitive' key with data and "
                    "art9_basis (b for sick leave under employment law)"
                ),
            )


@rule("special-category-possible", Severity.WARNING)
def special_category_possible(profile: Profile) -> Iterator[Finding]:
    """Data that can reveal health, beliefs or union membership, with no art. 9 basis."""
    for path, text in _data_items(profile):
        if not _HEALTH.search(text) and _MAYBE_SPECIAL.search(text):
            yield Finding(
                path=path,
                message=_(
                    "'{text}' can reveal health, religion, union membership or other "
                    "special categories (art. 9)"
                ).format(text=text),
                hint=_(
                    "if it does, describe it under the module's 'sensitive' key with an "
                    "art9_basis (a for explicit consent, e.g. food allergies at events); "
                    "otherwise ignore this"
                ),
            )


@rule("art9-consent-employees", Severity.WARNING)
def art9_consent_employees(profile: Profile) -> Iterator[Finding]:
    """Employees' health data on explicit consent (only the employees' data counts)."""
    mod = profile.module("employees")
    if not isinstance(mod, Employees):
        return
    if mod.sensitive is not None:
        if mod.sensitive.art9_basis == "a" and any(_HEALTH.search(i) for i in mod.sensitive.data):
            yield _art9_consent_finding("employees.sensitive.art9_basis")
        return
    desc = described(profile.sensitive_data)
    if desc is not None and desc.art9_basis == "a" and any(_HEALTH.search(i) for i in mod.data):
        yield _art9_consent_finding("sensitive_data.art9_basis")


def _art9_consent_finding(path: str) -> Finding:
    return Finding(
        path=path,
        message=_("employees' health data rests on explicit consent"),
        hint=_(
            "an employee can rarely consent freely; sick leave follows from employment "
            "law, art. 9 nr. 2 bokstav b"
        ),
    )


# -- other --------------------------------------------------------------------------

_JOINT_PAGES = frozenset({"facebook", "instagram", "meta", "linkedin"})


def _page_statistics_described(profile: Profile, platform: str) -> bool:
    """What the tip asks for is there: an activity about the page statistics (named by
    the platform or as statistics), or the platform as a joint controller."""
    names = {fold(platform)} | (
        {"meta", "facebook", "instagram"}
        if fold(platform) in ("facebook", "instagram", "meta")
        else set()
    )
    for activity in profile.activities:
        words = fold(f"{activity.title} {activity.purpose}")
        about_stats = any(w in words for w in ("statisti", "innsikt", "insights"))
        about_pages = any(w in words for w in ("side", "page", "sosiale medier", "social"))
        if any(n in words for n in names) or (about_stats and about_pages):
            return True
    return any(
        p.role == "joint_controller" and any(n in fold(p.name) for n in names)
        for p in profile.processors
    )


@rule("social-media-joint-controller", Severity.HINT)
def social_media_joint_controller(profile: Profile) -> Iterator[Finding]:
    """A business page on Facebook, Instagram or LinkedIn: joint control with the platform."""
    mod = profile.module("contact")
    platforms = getattr(mod, "social_media_platforms", []) or []
    for j, name in enumerate(platforms):
        if fold(name) in _JOINT_PAGES and not _page_statistics_described(profile, name):
            yield Finding(
                path=f"contact.social_media_platforms[{j}]",
                message=_(
                    "with a page on {name} you share responsibility for the visitor "
                    "statistics the platform collects"
                ).format(name=name),
                hint=_(
                    "the EU Court (C-210/16) made page owners joint controllers with the "
                    "platform; describe the page statistics under other_activities and "
                    "link to the platform's arrangement"
                ),
            )
            return


_VAGUE_PARTNERS = re.compile(
    r"^(?:våre\s+|our\s+|andre\s+|other\s+)?(?:samarbeidspartnere?|partnere?|partners?|"
    r"tredjeparter?|third\s+parties|leverandører|suppliers)\.?$",
    re.IGNORECASE,
)


@rule("recipients-partners-vague", Severity.HINT)
def recipients_partners_vague(profile: Profile) -> Iterator[Finding]:
    """Disclosure to "partners" without saying who they are."""
    partners = (profile.recipients.partners or "").strip() if profile.recipients else ""
    if partners and _VAGUE_PARTNERS.match(partners):
        yield Finding(
            path="recipients.partners",
            message=_("'{text}' does not say who gets the data").format(text=partners),
            hint=_(
                'name the recipients or a category the reader can recognise ("the carrier '
                'that delivers your parcel"); art. 13 nr. 1 bokstav e'
            ),
        )
