"""Norway's numbering plans: phone numbers as phonenumbers' metadata has them, and the
organisasjonsnummer's check digit, so the common Norwegian values need no library.
"""

from __future__ import annotations

import re
from functools import cache

# Norway's numbering plan exactly as phonenumbers' metadata for region NO has it
# (phonenumbers/data/region_NO.py), so that Norwegian numbers need no import.
# tests/test_values_fastpath.py fails when the library's plan differs from this.
COUNTRY_CODE = 47
INTERNATIONAL_PREFIX = "00"
LEADING_DIGITS = "[02-689]|7[0-8]"  # 79 is Svalbard (SJ), left to the library
GENERAL = ("(?:0|[2-9]\\d{3})\\d{4}", (5, 8))
TYPES: dict[str, tuple[str, tuple[int, ...]] | None] = {
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
FORMATS = (
    ("8", "(\\d{3})(\\d{2})(\\d{3})", "\\1 \\2 \\3"),
    ("[2-79]", "(\\d{2})(\\d{2})(\\d{2})(\\d{2})", "\\1 \\2 \\3 \\4"),
)
# What the fast path reads: "+47", "0047" or nothing, then eight digits, spaces allowed
# between digits. Five-digit numbers, other separators and foreign numbers go to
# the library.
PHONE_INPUT = re.compile(
    rf"(?:(?:\+|{INTERNATIONAL_PREFIX}){COUNTRY_CODE} ?)?([0-9](?: ?[0-9]){{7}})"
)


@cache
def phone_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Leading digits of NO (not SJ), and every eight-digit number of a known type."""
    general, lengths = GENERAL
    types = [rule[0] for rule in TYPES.values() if rule is not None and 8 in rule[1]]
    valid = "|".join(f"(?:{pattern})" for pattern in types) if 8 in lengths else "(?!)"
    valid = f"(?=(?:{general})\\Z)(?:{valid})"
    return re.compile(LEADING_DIGITS), re.compile(valid)


def norwegian_number(value: str) -> str | None:
    """The national number of a valid Norwegian number phonenumbers would read from
    value, or None when only the library can tell."""
    match = PHONE_INPUT.fullmatch(value)
    if match is None:
        return None
    national = match.group(1).replace(" ", "")
    leading, valid = phone_rules()
    if leading.match(national) and valid.fullmatch(national):
        return national
    return None


def format_norwegian(national: str) -> str:
    for leading, pattern, rule in FORMATS:
        if re.match(leading, national) and re.fullmatch(pattern, national):
            return re.sub(pattern, rule, national)
    return national


# stdnum.no.orgnr reads a number of digits and spaces as the digits alone (compact);
# for such input it is decided here, as the error message is ours either way.
ORG_NUMBER = re.compile(r"[0-9 ]+")
ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2, 1)


def org_check_digit_ok(digits: str) -> bool:
    """Nine digits whose weighted sum is divisible by 11 (mod-11)."""
    return len(digits) == 9 and digits.isdigit() and sum(
        w * int(d) for w, d in zip(ORG_WEIGHTS, digits, strict=True)) % 11 == 0
