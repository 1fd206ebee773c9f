"""Values in the form a reader expects: phone numbers and organisasjonsnumre as they are
printed, and the tel: link of a number."""

from __future__ import annotations

from notice_tui.profile import numbering


def format_phone(value: str) -> str:
    national = numbering.norwegian_number(value)
    if national is not None:
        return f"+{numbering.COUNTRY_CODE} {numbering.format_norwegian(national)}"
    return _library_format_phone(value)


def _library_format_phone(value: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_uri(value: str) -> str:
    national = numbering.norwegian_number(value)
    if national is not None:
        grouped = numbering.format_norwegian(national).replace(" ", "-")
        return f"tel:+{numbering.COUNTRY_CODE}-{grouped}"
    return _library_phone_uri(value)


def _library_phone_uri(value: str) -> str:
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


def format_org_number(value: str) -> str:
    if numbering.ORG_NUMBER.fullmatch(value):
        digits = value.replace(" ", "")
        return digits[:3] + " " + digits[3:6] + " " + digits[6:]
    return _library_format_org_number(value)


def _library_format_org_number(value: str) -> str:
    from stdnum.no import orgnr

    try:
        return orgnr.format(orgnr.compact(value))
    except Exception:  # a bad number is reported by validation; print it as written
        return value
