"""Checks of the values a profile holds: e-mail, phone, organisasjonsnummer, postal code
and web address. Each returns an error message (in the UI language) or None.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from notice_tui.i18n import _
from notice_tui.profile import numbering
from notice_tui.profile.geography import country_code

# Fast paths. email_validator, phonenumbers and stdnum cost about 45 ms to import
# together (a huge Unicode regex, hundreds of metadata modules, ssl and pydoc), a
# fifth of a whole `notice-tui render` run. The values a Norwegian profile nearly always
# holds (post@firma.no, 923 456 789, +47 22 33 44 55) are decided here without
# them. A fast path only answers where it gives the library's answer, and
# tests/test_values_fastpath.py holds each one against its library.

# A plain ASCII address: dot-atom local part of common characters, lowercase
# hostname labels and an alphabetic top-level domain. Everything else (IDN,
# Punycode, quotes, display names, capitals in the domain, ...) and every invalid
# address goes to email_validator, whose reason is part of the error message.
_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
    r"@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}))"
)
# email_validator.SPECIAL_USE_DOMAIN_NAMES: these and their subdomains are refused.
_EMAIL_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
_EMAIL_MAX, _EMAIL_LOCAL_MAX, _EMAIL_DOMAIN_MAX = 254, 64, 253


def _plain_email(value: str) -> bool:
    """True when email_validator is sure to accept the address as it stands."""
    match = _EMAIL.fullmatch(value)
    if match is None:
        return False
    domain, tld = match.groups()
    return (
        len(value) <= _EMAIL_MAX
        and len(value) - len(domain) - 1 <= _EMAIL_LOCAL_MAX
        and len(domain) <= _EMAIL_DOMAIN_MAX
        # "ab--" labels are reserved and "xn--" ones are Punycode: the library's call.
        and "--" not in domain
        and tld not in _EMAIL_SPECIAL_USE
    )


def check_email(value: str) -> str | None:
    return None if _plain_email(value) else _library_check_email(value)


def _library_check_email(value: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        from notice_tui.profile.email_reasons import email_reason

        return _("not a valid e-mail address: {value} ({reason})").format(
            value=value, reason=email_reason(exc)
        )
    return None


def check_phone(value: str) -> str | None:
    return None if numbering.norwegian_number(value) is not None else _library_check_phone(value)


def _library_check_phone(value: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return _("not a phone number: {value}").format(value=value)
    if not phonenumbers.is_valid_number(number):
        return _("not a valid phone number: {value}").format(value=value)
    return None


def check_org_number(value: str) -> str | None:
    if numbering.ORG_NUMBER.fullmatch(value):
        digits = value.replace(" ", "")
        if numbering.org_check_digit_ok(digits):
            return None
        return _org_number_error(value)
    return _library_check_org_number(value)


def _library_check_org_number(value: str) -> str | None:
    from stdnum.exceptions import ValidationError
    from stdnum.no import orgnr

    try:
        orgnr.validate(value)
    except ValidationError:
        return _org_number_error(value)
    return None


def _org_number_error(value: str) -> str:
    return _(
        "not a valid organisasjonsnummer: {value} (9 digits with a correct check digit)"
    ).format(value=value)


def check_postal_code(value: str, country: str | None) -> str | None:
    if (country is None or country_code(country) == "NO") and not re.fullmatch(r"\d{4}", value):
        return _("a Norwegian postal code has 4 digits: {value}").format(value=value)
    return None


def check_url(value: str) -> str | None:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        return _("not a web address starting with https://: {value}").format(value=value)
    # The documents take the address apart with urlsplit: what it refuses ("http://[::1",
    # a port of 99999) must be refused here, or `check` passes what `render` fails on.
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - reading it is the check (ValueError out of range)
    except ValueError:
        return _("not a web address: {value}").format(value=value)
    if not parts.hostname or _CONTROL.search(value):
        return _("not a web address: {value}").format(value=value)
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
