"""Rules for cookies and similar technologies (ekomloven § 3-15, consent since 2025)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import (
    TRACKING_CATEGORIES,
    Names,
    catalog_cookie_category,
    find_processor,
    first_party,
    is_controller,
    is_tracking_provider,
    known_cookie_category,
    known_service,
    today,
    website,
)
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.labels import category_word
from notice_tui.profile.model import Profile

# Datatilsynet and CNIL: analytics and advertising identifiers should not live
# longer than about 13 months.
MAX_TRACKING_LIFETIME = dt.timedelta(days=13 * 30.44 + 1)
REVIEW_INTERVAL = dt.timedelta(days=366)


@rule("cookie-necessary-tracking", Severity.ERROR)
def cookie_necessary_tracking(profile: Profile) -> Iterator[Finding]:
    """An analytics or advertising cookie (or a pixel) declared strictly necessary."""
    site = website(profile)
    if site is None:
        return
    for i, cookie in enumerate(site.cookies):
        if cookie.category != "necessary":
            continue
        known = known_cookie_category(cookie.name)
        if known in TRACKING_CATEGORIES:
            message = _("{name} is a {category} cookie, never strictly necessary").format(
                name=cookie.name, category=category_word(known or "")
            )
        elif known is None and cookie.storage == "pixel":
            message = _("{name} is a tracking pixel, never strictly necessary").format(
                name=cookie.name
            )
        elif known is None and is_tracking_provider(cookie.provider):
            message = _(
                "{name} comes from {provider}, an analytics or advertising service; "
                "such cookies are never strictly necessary"
            ).format(name=cookie.name, provider=cookie.provider)
        else:
            continue
        yield Finding(
            path=f"website.cookies[{i}].category",
            message=message,
            hint=_(
                "use category statistics or marketing; the site may only set it after the "
                "visitor has consented (ekomloven § 3-15)"
            ),
        )


@rule("cookie-category-mismatch", Severity.HINT)
def cookie_category_mismatch(profile: Profile) -> Iterator[Finding]:
    """A consent cookie filed under another category than the service catalogue gives it."""
    site = website(profile)
    if site is None:
        return
    for i, cookie in enumerate(site.cookies):
        known = catalog_cookie_category(cookie.name)
        if known is None or "necessary" in (known, cookie.category) or known == cookie.category:
            continue
        yield Finding(
            path=f"website.cookies[{i}].category",
            message=_(
                "{name} is listed as {category}, but the service catalogue lists it as {known}"
            ).format(
                name=cookie.name,
                category=category_word(cookie.category),
                known=category_word(known),
            ),
            hint=_("check what the cookie does; the category tells visitors what they consent to"),
        )


@rule("cookie-consent-basis", Severity.ERROR)
def cookie_consent_basis(profile: Profile) -> Iterator[Finding]:
    """Cookies that need consent, while the website's legal basis is something else."""
    site = website(profile)
    if site is None or not site.consent_cookies or site.basis == "consent":
        return
    yield Finding(
        path="website.legal_basis",
        message=_(
            "the website's legal basis is {basis}, but it sets cookies that need consent: {names}"
        ).format(basis=site.basis, names=", ".join(c.name for c in site.consent_cookies)),
        hint=_(
            "since 1 January 2025 ekomloven § 3-15 requires GDPR consent for every cookie "
            "that is not strictly necessary; set legal_basis: consent"
        ),
    )


@rule("cookie-no-consent-tool", Severity.ERROR)
def cookie_no_consent_tool(profile: Profile) -> Iterator[Finding]:
    """Cookies that need consent, and no way to give or withdraw it."""
    site = website(profile)
    if site is None or not site.consent_cookies or (site.consent_tool or "").strip():
        return
    yield Finding(
        path="website.consent_tool",
        message=_("the site sets cookies that need consent, but no consent tool is named"),
        hint=_(
            "visitors must be asked before these cookies are set, and be able to withdraw "
            "as easily; name the consent banner (e.g. Cookiebot) in consent_tool"
        ),
    )


_BROWSER_SETTINGS = re.compile(r"nettleser|browser", re.IGNORECASE)


@rule("consent-tool-browser-settings", Severity.ERROR)
def consent_tool_browser_settings(profile: Profile) -> Iterator[Finding]:
    """Browser settings given as the way to consent."""
    site = website(profile)
    if site is None or not site.consent_tool or not _BROWSER_SETTINGS.search(site.consent_tool):
        return
    yield Finding(
        path="website.consent_tool",
        message=_("browser settings are named as the way to consent"),
        hint=_(
            "since 1 January 2025 browser settings no longer count as consent; use a "
            "consent banner where refusing is as easy as accepting"
        ),
    )


@rule("consent-tool-without-cookies", Severity.WARNING)
def consent_tool_without_cookies(profile: Profile) -> Iterator[Finding]:
    """A consent tool is named, but no cookie is listed."""
    site = website(profile)
    if site is None or not (site.consent_tool or "").strip() or site.cookies:
        return
    yield Finding(
        path="website.consent_tool",
        message=_(
            "a consent tool is named, but no cookies are listed; the cookie "
            "declaration will say the site uses none"
        ),
        hint=_("list every cookie the site sets, including the one that stores the consent choice"),
    )


@rule("cookie-provider-not-recipient", Severity.WARNING)
def cookie_provider_not_recipient(profile: Profile) -> Iterator[Finding]:
    """A cookie's provider receives data but is not among the processors."""
    site = website(profile)
    if site is None:
        return
    reported: set[str] = set()
    for i, cookie in enumerate(site.cookies):
        provider = cookie.provider.strip()
        if is_controller(profile, provider) or find_processor(profile, provider) is not None:
            continue
        third = not first_party(profile, cookie)
        if not third and cookie.category not in TRACKING_CATEGORIES:
            continue
        key = provider.casefold()
        if key in reported:
            continue
        reported.add(key)
        yield Finding(
            path=f"website.cookies[{i}].provider",
            message=_(
                "{provider} gets data from the cookie {name}, but is not among the processors"
            ).format(provider=provider, name=cookie.name),
            hint=_(
                "add {provider} to processors with its location and transfer basis, so "
                "the notice names every recipient (art. 13 nr. 1 bokstav e); if your own "
                "site sets it, write the business's name as provider"
            ).format(provider=provider),
        )


@rule("cookie-duration-long", Severity.HINT)
def cookie_duration_long(profile: Profile) -> Iterator[Finding]:
    """A statistics or marketing cookie that lives longer than 13 months."""
    site = website(profile)
    if site is None:
        return
    for i, cookie in enumerate(site.cookies):
        length = cookie.duration.approx()
        if cookie.category in TRACKING_CATEGORIES and length and length > MAX_TRACKING_LIFETIME:
            yield Finding(
                path=f"website.cookies[{i}].duration",
                message=_(
                    "{name} lasts {duration}, longer than the 13 months recommended for "
                    "statistics and marketing cookies"
                ).format(name=cookie.name, duration=cookie.duration.raw),
                hint=_(
                    "shorten its lifetime in the tool's settings (Google Analytics has "
                    "one for how long its cookies last) and update the duration"
                ),
            )


@rule("cookie-duration-unclear", Severity.WARNING)
def cookie_duration_unclear(profile: Profile) -> Iterator[Finding]:
    """A cookie's duration is words, not a period."""
    site = website(profile)
    if site is None:
        return
    for i, cookie in enumerate(site.cookies):
        if cookie.duration.is_free_text:
            yield Finding(
                path=f"website.cookies[{i}].duration",
                message=_("the duration of {name} is '{text}', not a period").format(
                    name=cookie.name, text=cookie.duration.raw
                ),
                hint=_('write how long it lasts: "session", "30min", "24h", "13mo", "2y"'),
            )


@rule("cookie-duplicate", Severity.WARNING)
def cookie_duplicate(profile: Profile) -> Iterator[Finding]:
    """The same cookie is listed twice."""
    site = website(profile)
    if site is None:
        return
    seen: dict[tuple[str, str], int] = {}
    for i, cookie in enumerate(site.cookies):
        key = (cookie.name.strip(), cookie.provider.strip().casefold())
        if key in seen:
            yield Finding(
                path=f"website.cookies[{i}].name",
                message=_("{name} from {provider} is listed twice (also as cookie {n})").format(
                    name=cookie.name, provider=cookie.provider, n=seen[key] + 1
                ),
                hint=_("keep one entry per cookie"),
            )
        else:
            seen[key] = i


@rule("cookies-reviewed-old", Severity.WARNING)
def cookies_reviewed_old(profile: Profile) -> Iterator[Finding]:
    """The cookie list was last checked more than a year ago."""
    site = website(profile)
    if site is None or site.cookies_reviewed is None or not site.cookies:
        return
    if today() - site.cookies_reviewed > REVIEW_INTERVAL:
        yield Finding(
            path="website.cookies_reviewed",
            message=_("the cookie list was last checked {date}, more than 12 months ago").format(
                date=site.cookies_reviewed.isoformat()
            ),
            hint=_("scan the live site again; plugins and tags add cookies over time"),
        )


@rule("cookies-reviewed-future", Severity.WARNING)
def cookies_reviewed_future(profile: Profile) -> Iterator[Finding]:
    """cookies_reviewed is a date that has not come yet."""
    site = website(profile)
    if site is not None and site.cookies_reviewed is not None and site.cookies_reviewed > today():
        yield Finding(
            path="website.cookies_reviewed",
            message=_("cookies_reviewed is {date}, a date in the future").format(
                date=site.cookies_reviewed.isoformat()
            ),
            hint=_("use the date the list was actually checked against the site"),
        )


@rule("cookies-reviewed-missing", Severity.HINT)
def cookies_reviewed_missing(profile: Profile) -> Iterator[Finding]:
    """Cookies are listed, but not when the list was checked."""
    site = website(profile)
    if site is not None and site.cookies and site.cookies_reviewed is None:
        yield Finding(
            path="website.cookies",
            message=_("the cookies are listed, but not when the list was checked against the site"),
            hint=_("scan the live site, then set cookies_reviewed to that date"),
        )


@rule("website-ip-logging-missing", Severity.HINT)
def website_ip_logging_missing(profile: Profile) -> Iterator[Finding]:
    """A website without a word about server logs."""
    site = website(profile)
    if site is not None and site.ip_logging is None:
        yield Finding(
            path="website",
            message=_("the website says nothing about server logs"),
            hint=_(
                "almost every web server and host logs visitors' IP addresses; if yours "
                "does, add ip_logging with how long the logs are kept"
            ),
        )


@rule("tracking-service-without-cookies", Severity.WARNING)
def tracking_service_without_cookies(profile: Profile) -> Iterator[Finding]:
    """An analytics or advertising service is used, but none of its cookies is listed."""
    site = website(profile)
    providers = Names([c.provider for c in site.cookies] if site is not None else [])
    for i, proc in enumerate(profile.processors):
        service = known_service(proc.name)
        # Only services known to set cookies: Plausible or Tag Manager set none.
        if (
            service is None
            or service.kind not in ("analytics", "advertising")
            or not service.cookies
        ):
            continue
        if proc.name in providers:
            continue
        names = ", ".join(service.cookies[:3])
        yield Finding(
            path=f"processors[{i}].name",
            message=_(
                "{name} is an analytics or advertising service, but none of its cookies "
                "is listed under website.cookies"
            ).format(name=proc.name),
            hint=_(
                "list the cookies it sets (such as {names}) with category statistics or marketing"
            ).format(names=names),
        )
