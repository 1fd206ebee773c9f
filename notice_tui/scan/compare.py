"""Holding what a scan found against what the profile declares.

Each problem has a rule id (docs/scan-report.md lists them) and a message in the
UI language. The scan's own facts come first: an item's category is the
catalogue's, else the Open Cookie Database's, else what the profile declares for
it; an item none of them knows has no category, and nothing is said about
whether it needed consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from notice_tui import cookie_names
from notice_tui.i18n import _, current_language
from notice_tui.labels import category_word
from notice_tui.parties import find_processor, first_party, fold, is_controller, same_party
from notice_tui.profile.durations import parse_duration
from notice_tui.profile.model import Cookie, Profile

from .classify import Classifier
from .model import STORAGE_OF_KIND, Item, Problem, ScanResult, Visit, VisitName
from .sites import BROWSER_CAP_SECONDS, site_of

RULES: tuple[str, ...] = (
    "scan-set-before-consent",
    "scan-set-after-reject",
    "scan-undeclared",
    "scan-provider-not-recipient",
    "scan-no-banner",
    "scan-declared-not-found",
    "scan-duration-mismatch",
    "scan-party-mismatch",
)
DURATION_TOLERANCE = 0.05  # a site's "13 months" is 395 or 396 days, "1 year" 365 or 366


def kind_label(kind: str) -> str:
    labels = {
        "cookie": _("cookie"),
        "local_storage": "localStorage",
        "session_storage": "sessionStorage",
        "indexed_db": "IndexedDB",
        "request": _("request"),
    }
    return labels.get(kind, kind)


@dataclass(frozen=True)
class _Entry:
    index: int
    cookie: Cookie

    @property
    def path(self) -> str:
        return f"website.cookies[{self.index}]"


def _declared(profile: Profile | None) -> list[_Entry]:
    site = profile.website if profile is not None else None
    if site is None:
        return []
    return [_Entry(i, c) for i, c in enumerate(site.cookies)]


def _covers(entry: _Entry, item: Item) -> bool:
    cookie = entry.cookie
    if (cookie.storage or "cookie") != STORAGE_OF_KIND[item.kind]:
        return False
    if cookie_names.covers(cookie.name, item.name):
        return True
    if item.kind != "request":
        return False
    # A pixel is declared by its host, its address, or the service it reports to.
    if cookie_names.covers(cookie.name, item.domain) or fold(cookie.name) == fold(item.domain):
        return True
    return item.service is not None and same_party(cookie.provider, item.service)


def _match(entries: list[_Entry], item: Item) -> _Entry | None:
    # The exact name before a pattern: "_ga_ABC" is declared by "_ga_ABC" over "_ga_*".
    exact = [e for e in entries if e.cookie.name == item.name and _covers(e, item)]
    return exact[0] if exact else next((e for e in entries if _covers(e, item)), None)


def classify_and_match(
    result: ScanResult, profile: Profile | None, classifier: Classifier | None = None
) -> dict[tuple[str, str, str], _Entry]:
    """Fill in each item's category, service and declaration; the entry of each item key."""
    classifier = classifier or Classifier()
    result.classified_with = classifier.sources
    entries = _declared(profile)
    found: dict[tuple[str, str, str], _Entry] = {}
    for visit in result.visits:
        for item in visit.items:  # a second comparison (after --apply) starts afresh
            item.category = item.category_source = item.service = None
            item.purpose = item.purpose_language = item.declared_as = None
            item.declared = False
        classifier.classify(visit.items)
        for item in visit.items:
            entry = _match(entries, item)
            if entry is None:
                continue
            item.declared, item.declared_as = True, entry.cookie.name
            found[item.key] = entry
            if item.category is None:
                item.category, item.category_source = entry.cookie.category, "profile"
    return found


def compare(
    result: ScanResult, profile: Profile | None, classifier: Classifier | None = None
) -> list[Problem]:
    """Classify the scan's items, mark the declared ones, and list every difference."""
    matched = classify_and_match(result, profile, classifier)
    entries = _declared(profile)
    problems: list[Problem] = []
    problems += _consent_problems(result)
    problems += _undeclared(result)
    if profile is not None:
        problems += _recipients(result, profile, matched)
    problems += _banner(result, entries)
    problems += _not_found(entries, {id(e.cookie) for e in matched.values()})
    scanned_at = _parse_time(result.scanned_at)
    problems += _mismatches(result, profile, matched, scanned_at)
    order = {rule: i for i, rule in enumerate(RULES)}
    problems.sort(
        key=lambda p: (p.severity != "error", order.get(p.rule, 99), p.item or "", p.kind or "")
    )
    result.problems = problems
    return problems


def _needs_consent(item: Item) -> bool:
    return item.category is not None and item.category != "necessary"


def _setter_text(item: Item) -> str:
    if item.kind == "request":
        return ""
    if item.setter:
        return _("set by {setter}").format(setter=item.setter)
    return _("the browser did not tell who set it")


def _consent_problems(result: ScanResult) -> list[Problem]:
    problems: list[Problem] = []
    before = result.visit("before_consent")
    for item in before.items if before else []:
        if not _needs_consent(item):
            continue
        category = category_word(item.category or "")
        if item.kind == "request":
            message = _(
                "a request to {name} ({category}) is sent before the visitor has "
                "consented, and it is not strictly necessary (ekomloven § 3-15)"
            ).format(name=item.name, category=category)
        else:
            message = _(
                "{name} ({kind}, {category}) is stored before the visitor has "
                "consented, although it is not strictly necessary (ekomloven § 3-15); "
                "{setter}"
            ).format(
                name=item.name,
                kind=kind_label(item.kind),
                category=category,
                setter=_setter_text(item),
            )
        problems.append(
            Problem(
                "scan-set-before-consent", "error", item.name, message, item.kind, "before_consent"
            )
        )
    reject = result.visit("after_reject")
    if reject is not None and reject.banner is not None:
        before_keys = {i.key for i in before.items} if before else set()
        for item in reject.items:
            # Already reported as set before any choice: no need to say it twice.
            if not _needs_consent(item) or item.key in before_keys:
                continue
            message = _(
                "{name} ({kind}, {category}) is stored although the visitor refused "
                "consent (ekomloven § 3-15)"
            ).format(
                name=item.name,
                kind=kind_label(item.kind),
                category=category_word(item.category or ""),
            )
            problems.append(
                Problem(
                    "scan-set-after-reject", "error", item.name, message, item.kind, "after_reject"
                )
            )
    return problems


def _all_items(result: ScanResult) -> Iterable[tuple[Visit, Item]]:
    for visit in result.visits:
        for item in visit.items:
            yield visit, item


def _undeclared(result: ScanResult) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for visit, item in _all_items(result):
        if item.declared or (item.kind, item.name) in seen:
            continue
        seen.add((item.kind, item.name))
        known = ""
        if item.category is not None:
            known = _("; it is {category}").format(category=category_word(item.category))
        message = _(
            "{name} ({kind} from {domain}) is on the site but not in the cookie declaration{known}"
        ).format(name=item.name, kind=kind_label(item.kind), domain=item.domain, known=known)
        problems.append(
            Problem("scan-undeclared", "error", item.name, message, item.kind, visit.visit)
        )
    return problems


def _recipient_listed(profile: Profile, provider: str) -> bool:
    if is_controller(profile, provider) or find_processor(profile, provider) is not None:
        return True
    partners = profile.recipients.partners if profile.recipients else None
    return bool(partners) and fold(provider) in fold(partners or "")


def _recipients(
    result: ScanResult, profile: Profile, matched: dict[tuple[str, str, str], _Entry]
) -> list[Problem]:
    """Services that get the visitor's data through a found item, and are not named."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for visit, item in _all_items(result):
        entry = matched.get(item.key)
        if item.service is not None:
            provider = item.service
        elif not item.first_party:
            provider = entry.cookie.provider if entry is not None else site_of(item.domain)
        else:
            continue  # the site's own item, of no known service
        if entry is not None and _recipient_listed(profile, entry.cookie.provider):
            # Declared, with a provider the notice names: whether that is the right
            # company for the cookie is the profile's checks' to say (cookie-provider-*).
            continue
        if _recipient_listed(profile, provider) or fold(provider) in reported:
            continue
        reported.add(fold(provider))
        message = _(
            "{provider} receives data from the site through {name} ({kind}), but is "
            "not among the processors or recipients"
        ).format(provider=provider, name=item.name, kind=kind_label(item.kind))
        problems.append(
            Problem(
                "scan-provider-not-recipient", "warning", item.name, message, item.kind, visit.visit
            )
        )
    return problems


def _banner(result: ScanResult, entries: list[_Entry]) -> list[Problem]:
    accept = result.visit("after_accept")
    if accept is None or accept.banner is not None:
        return []
    found = sorted({i.name for _v, i in _all_items(result) if _needs_consent(i)})
    if found:
        shown = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        message = _(
            "no consent banner was found on {url}, although the site stores items "
            "that need consent: {names}"
        ).format(url=accept.pages[0] if accept.pages else result.url, names=shown)
    elif any(e.cookie.needs_consent for e in entries):
        message = _(
            "no consent banner was found on {url}, although the declaration lists "
            "cookies that need consent"
        ).format(url=accept.pages[0] if accept.pages else result.url)
    else:
        return []
    return [Problem("scan-no-banner", "warning", None, message, None, "after_accept")]


def _not_found(entries: list[_Entry], matched: set[int]) -> list[Problem]:
    problems = []
    for entry in entries:
        if id(entry.cookie) in matched:
            continue
        message = _(
            "{name} is in the cookie declaration but was not found on the pages "
            "visited; it may be set on other pages"
        ).format(name=entry.cookie.name)
        problems.append(
            Problem(
                "scan-declared-not-found",
                "warning",
                entry.cookie.name,
                message,
                _kind_of(entry.cookie),
                None,
                entry.path,
            )
        )
    return problems


def _kind_of(cookie: Cookie) -> str:
    storage = cookie.storage or "cookie"
    return next((k for k, s in STORAGE_OF_KIND.items() if s == storage), storage)


def _parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _lifetime(item: Item, scanned_at: dt.datetime | None) -> float | None:
    """Seconds the cookie lives from the scan; None for a session cookie."""
    if item.expires is None:
        return None
    expires = _parse_time(item.expires)
    if expires is None or scanned_at is None:
        return None
    return (expires - scanned_at).total_seconds()


def _mismatches(
    result: ScanResult,
    profile: Profile | None,
    matched: dict[tuple[str, str, str], _Entry],
    scanned_at: dt.datetime | None,
) -> list[Problem]:
    problems: list[Problem] = []
    done_duration: set[int] = set()
    done_party: set[int] = set()
    lang = current_language()
    for visit, item in _all_items(result):
        entry = matched.get(item.key)
        if entry is None:
            continue
        cookie = entry.cookie
        if item.kind == "cookie" and entry.index not in done_duration:
            actual = _lifetime(item, scanned_at)
            declared = parse_duration(cookie.duration)
            if declared.is_period and _differs(actual, item, declared.approx()):
                done_duration.add(entry.index)
                shown = parse_duration(item.duration or "session").format(lang)
                message = _(
                    "{name} lasts {actual} on the site, but the declaration says {declared}"
                ).format(name=item.name, actual=shown, declared=declared.format(lang))
                problems.append(
                    Problem(
                        "scan-duration-mismatch",
                        "warning",
                        item.name,
                        message,
                        item.kind,
                        visit.visit,
                        f"{entry.path}.duration",
                    )
                )
        if item.kind != "request" and entry.index not in done_party and profile is not None:
            says = first_party(profile, cookie)
            if says != item.first_party:
                done_party.add(entry.index)
                labels = {True: _("first party"), False: _("third party")}
                message = _(
                    "{name} is {actual} on the site (from {domain}), but the "
                    "declaration says {declared}"
                ).format(
                    name=item.name,
                    actual=labels[item.first_party],
                    domain=item.domain,
                    declared=labels[says],
                )
                problems.append(
                    Problem(
                        "scan-party-mismatch",
                        "warning",
                        item.name,
                        message,
                        item.kind,
                        visit.visit,
                        f"{entry.path}.first_party",
                    )
                )
    return problems


def _differs(actual: float | None, item: Item, declared: dt.timedelta | None) -> bool:
    if declared is None:
        return False
    want = declared.total_seconds()
    if item.expires is None:  # a session cookie
        return want != 0
    if actual is None:
        return False  # an expiry we could not read: nothing to say
    if want == 0:
        return True
    if want > BROWSER_CAP_SECONDS and actual >= BROWSER_CAP_SECONDS * (1 - DURATION_TOLERANCE):
        return False  # the site asked for longer; the browser keeps no cookie past 400 days
    return abs(actual - want) > max(DURATION_TOLERANCE * want, 3600)


__all__ = ["RULES", "VisitName", "classify_and_match", "compare", "kind_label"]
