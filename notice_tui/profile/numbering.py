"""Norway's numbering plans: phone numbers as phonenumbers' metadata has them, and the
organisasjonsnummer's check digit, so the common Norwegian values need no library.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from notice_tui.profile.numbering_plan import Plan

_GENERATED = "notice_tui.profile._numbering_plan"
try:
    # Written into the wheel by hatch_build.py, so that Norwegian numbers need no
    # phonenumbers. Measured with `python -X importtime -c "import
    # notice_tui.profile.validators"` (2 cores, load 3): numbering takes 2-3 ms with the
    # generated module, 19-25 ms reading the plan from phonenumbers (below).
    PLAN: Plan = importlib.import_module(_GENERATED).PLAN
except ModuleNotFoundError as missing:  # a source checkout: the same plan, read at import
    if missing.name != _GENERATED:
        raise
    from notice_tui.profile.numbering_plan import plan_from_phonenumbers

    PLAN = plan_from_phonenumbers()

COUNTRY_CODE = PLAN.country_code
INTERNATIONAL_PREFIX = PLAN.international_prefix
LEADING_DIGITS = PLAN.leading_digits  # 79 is Svalbard (SJ), left to the library
GENERAL = PLAN.general
TYPES = PLAN.types
FORMATS = PLAN.formats

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
    return (
        len(digits) == 9
        and digits.isdigit()
        and sum(w * int(d) for w, d in zip(ORG_WEIGHTS, digits, strict=True)) % 11 == 0
    )
