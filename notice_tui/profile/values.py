"""Checks and normal forms of the values a profile holds: numbers, phones, e-mail.

Each validator returns an error message (in the UI language) or None.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from notice_tui.i18n import _

EEA_WORDS = {"eu/eøs", "eu/eea", "eøs", "eea", "eu", "eu-eøs", "eu og eøs", "europa"}

# Members of the EEA by ISO code (EU 27 + Norway, Iceland, Liechtenstein).
EEA_CODES = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    "NO", "IS", "LI",
}  # fmt: skip

# Countries with an adequacy decision under art. 45 (as of late 2025). The USA is
# adequate only for companies certified under the Data Privacy Framework (dpf).
ADEQUACY_CODES = {
    "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
}  # fmt: skip


# The places small Norwegian businesses name most, so the common case needs no
# CLDR lookup (loading three locales' territory names costs more than a render).
_COMMON = {
    "norge": "NO", "noreg": "NO", "norway": "NO", "sverige": "SE", "sweden": "SE",
    "danmark": "DK", "denmark": "DK", "finland": "FI", "island": "IS", "iceland": "IS",
    "irland": "IE", "ireland": "IE", "tyskland": "DE", "germany": "DE", "nederland": "NL",
    "netherlands": "NL", "frankrike": "FR", "france": "FR", "belgia": "BE", "belgium": "BE",
    "usa": "US", "us": "US", "u.s.": "US", "united states": "US", "storbritannia": "GB",
    "uk": "GB", "united kingdom": "GB", "england": "GB", "canada": "CA", "sveits": "CH",
    "switzerland": "CH", "japan": "JP", "india": "IN", "kina": "CN", "china": "CN",
}  # fmt: skip


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "nb", "nn"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.casefold()] = code
    names.update(
        {
            "norge": "NO", "noreg": "NO", "norway": "NO", "usa": "US", "us": "US",
            "u.s.": "US", "united states": "US", "uk": "GB", "england": "GB",
            "storbritannia": "GB", "sør-korea": "KR", "south korea": "KR",
        }
    )  # fmt: skip
    return names


def country_code(location: str) -> str | None:
    """ISO code for a country named in bokmål, nynorsk or English, else None."""
    key = location.strip().casefold()
    if key in _COMMON:
        return _COMMON[key]
    if key in EEA_WORDS:
        # A region, not a country; answered here, since asking CLDR costs three locales.
        return None
    if len(key) == 2 and key.upper() in _all_codes():
        return key.upper()
    return _country_names().get(key)


@cache
def _all_codes() -> frozenset[str]:
    return frozenset(_country_names().values())


def in_eea(location: str) -> bool | None:
    """True inside the EU/EEA, False outside, None when the place is not recognised."""
    key = location.strip().casefold()
    if key in EEA_WORDS:
        return True
    # "Irland og Sverige", "Norge/EU": every part inside means inside.
    parts = [p for p in re.split(r"\s*(?:,|/|\bog\b|\band\b)\s*", key) if p]
    if len(parts) > 1:
        results = [in_eea(p) for p in parts]
        if all(r is True for r in results):
            return True
        if any(r is False for r in results):
            return False
        return None
    code = country_code(location)
    if code is None:
        return None
    return code in EEA_CODES


def has_adequacy(location: str) -> bool:
    code = country_code(location)
    return code in ADEQUACY_CODES if code else False


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


# Norway's numbering plan exactly as phonenumbers' metadata for region NO has it
# (phonenumbers/data/region_NO.py), so that Norwegian numbers need no import.
# tests/test_values_fastpath.py fails when the library's plan differs from this.
_NO_COUNTRY_CODE = 47
_NO_INTERNATIONAL_PREFIX = "00"
_NO_LEADING_DIGITS = "[02-689]|7[0-8]"  # 79 is Svalbard (SJ), left to the library
_NO_GENERAL = ("(?:0|[2-9]\\d{3})\\d{4}", (5, 8))
_NO_TYPES: dict[str, tuple[str, tuple[int, ...]] | None] = {
    "fixed_line": ("(?:2[1-4]|3[1-3578]|5[1-35-7]|6[1-46-9]|7[0-8])\\d{6}", (8,)),
    "mobile": ("45(?:[0-24-9]\\d|3[0-57-9])\\d{4}|(?:4[016-8]|9\\d)\\d{6}", (8,)),
    "toll_free": ("80[01]\\d{5}", (8,)),
    "premium_rate": ("82[09]\\d{5}", (8,)),
    "shared_cost": ("810(?:0[0-6]|[2-8]\\d)\\d{3}", (8,)),
    "personal_number": ("880\\d{5}", (8,)),
    "voip": ("85[0-5]\\d{5}", (8,)),
    "pager": None,
    "uan": ("(?:0[235-9]|81(?:0(?:0[7-9]|1\\d)|5\\d\\d))\\d{3}", (5, 8)),
    "voicemail": ("81[23]\\d{5}", (8,)),
}
# (leading digits, pattern, format), first match wins, as in phonenumbers.
_NO_FORMATS = (
    ("8", "(\\d{3})(\\d{2})(\\d{3})", "\\1 \\2 \\3"),
    ("[2-79]", "(\\d{2})(\\d{2})(\\d{2})(\\d{2})", "\\1 \\2 \\3 \\4"),
)
# What the fast path reads: "+47", "0047" or nothing, then eight digits, spaces allowed
# between digits. Five-digit numbers, other separators and foreign numbers go to
# the library.
_NO_PHONE_INPUT = re.compile(
    rf"(?:(?:\+|{_NO_INTERNATIONAL_PREFIX}){_NO_COUNTRY_CODE} ?)?([0-9](?: ?[0-9]){{7}})"
)


@cache
def _no_phone_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Leading digits of NO (not SJ), and every eight-digit number of a known type."""
    general, lengths = _NO_GENERAL
    types = [rule[0] for rule in _NO_TYPES.values() if rule is not None and 8 in rule[1]]
    valid = "|".join(f"(?:{pattern})" for pattern in types) if 8 in lengths else "(?!)"
    valid = f"(?=(?:{general})\\Z)(?:{valid})"
    return re.compile(_NO_LEADING_DIGITS), re.compile(valid)


def _norwegian_number(value: str) -> str | None:
    """The national number of a valid Norwegian number phonenumbers would read from
    value, or None when only the library can tell."""
    match = _NO_PHONE_INPUT.fullmatch(value)
    if match is None:
        return None
    national = match.group(1).replace(" ", "")
    leading, valid = _no_phone_rules()
    if leading.match(national) and valid.fullmatch(national):
        return national
    return None


def _format_norwegian(national: str) -> str:
    for leading, pattern, rule in _NO_FORMATS:
        if re.match(leading, national) and re.fullmatch(pattern, national):
            return re.sub(pattern, rule, national)
    return national


def check_phone(value: str) -> str | None:
    return None if _norwegian_number(value) is not None else _library_check_phone(value)


def _library_check_phone(value: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return _("not a phone number: {value}").format(value=value)
    if not phonenumbers.is_valid_number(number):
        return _("not a valid phone number: {value}").format(value=value)
    return None


def format_phone(value: str) -> str:
    national = _norwegian_number(value)
    if national is not None:
        return f"+{_NO_COUNTRY_CODE} {_format_norwegian(national)}"
    return _library_format_phone(value)


def _library_format_phone(value: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_uri(value: str) -> str:
    national = _norwegian_number(value)
    if national is not None:
        return f"tel:+{_NO_COUNTRY_CODE}-{_format_norwegian(national).replace(' ', '-')}"
    return _library_phone_uri(value)


def _library_phone_uri(value: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


# stdnum.no.orgnr reads a number of digits and spaces as the digits alone (compact);
# for such input it is decided here, as the error message is ours either way.
_ORG_NUMBER = re.compile(r"[0-9 ]+")
_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2, 1)


def check_org_number(value: str) -> str | None:
    if _ORG_NUMBER.fullmatch(value):
        digits = value.replace(" ", "")
        if (
            len(digits) == 9
            and sum(w * int(d) for w, d in zip(_ORG_WEIGHTS, digits, strict=True)) % 11 == 0
        ):
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


def format_org_number(value: str) -> str:
    if _ORG_NUMBER.fullmatch(value):
        digits = value.replace(" ", "")
        return digits[:3] + " " + digits[3:6] + " " + digits[6:]
    return _library_format_org_number(value)


def _library_format_org_number(value: str) -> str:
    from stdnum.no import orgnr

    try:
        return orgnr.format(orgnr.compact(value))
    except Exception:  # a bad number is reported by validation; print it as written
        return value


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


def tidy_answer(text: str, kind: str) -> str:
    """An answer as a person meant it: blank is empty, double spaces are one, and a web
    address typed without its scheme ("fjordkaffe.no") is the https:// one."""
    if not text.strip():
        return ""
    if kind in ("text", "email", "url", "phone", "duration"):
        text = " ".join(text.split())
    if kind == "url" and "://" not in text and "." in text and " " not in text \
            and not text.startswith(("mailto:", "tel:")):
        text = "https://" + text
    return text
