"""The fast paths in notice_tui.profile.values give the validation libraries' answers.

email_validator, phonenumbers and stdnum are expensive to import, so the usual
Norwegian values are decided without them. Each public function is held here
against the library itself, on generated values both plausible and near misses,
and Norway's numbering plan (generated from phonenumbers' metadata at build time, see
notice_tui/profile/numbering_plan.py) against that metadata.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import email_validator
import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notice_tui.profile import formatters, numbering, validators

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_profiles"
LIBRARIES = ("email_validator", "phonenumbers", "stdnum")

PROPERTY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- the libraries' answers: each public function without its fast path -----------

library_check_email = validators._library_check_email
library_check_phone = validators._library_check_phone
library_format_phone = formatters._library_format_phone
library_phone_uri = formatters._library_phone_uri
library_check_org_number = validators._library_check_org_number
library_format_org_number = formatters._library_format_org_number


# -- e-mail ---------------------------------------------------------------------

LABEL_CHARS = "abcxyz0189-"
labels = st.one_of(
    st.text(LABEL_CHARS, min_size=0, max_size=8),
    st.text(LABEL_CHARS + "A_ø.", min_size=0, max_size=8),
    st.text("a-", min_size=60, max_size=66),  # around the 63-character label limit
    st.sampled_from(["xn--bcher-kva", "ab--cd", "xn--", "a-", "-a", "a--b", "firma", "1"]),
)
tlds = st.one_of(
    st.sampled_from(
        [
            "no", "com", "org", "x", "c0m", "123", "a1", "NO", "Com", "museum",
            "xn--p1ai", "a" * 63, "a" * 64, "nø", "",
            *email_validator.SPECIAL_USE_DOMAIN_NAMES,
        ]
    ),
    st.text("abcz0-", min_size=0, max_size=6),
)  # fmt: skip
local_parts = st.one_of(
    st.text("abcXYZ019_+-.", min_size=0, max_size=12),
    st.text('abc.!#~"ø @<>()\\', min_size=0, max_size=8),
    st.text("a.", min_size=60, max_size=70),  # around the 64-character local-part limit
    st.sampled_from(["post", "personvern", "Info", "first.last", "a+tag", "-x", "x_y"]),
)


@st.composite
def emails(draw: st.DrawFn) -> str:
    local = draw(local_parts)
    domain = ".".join([*draw(st.lists(labels, min_size=0, max_size=5)), draw(tlds)])
    if draw(st.booleans()) and len(domain) < 200:  # long domains and addresses
        domain = ".".join([draw(st.text("ab", min_size=60, max_size=63))] * 3) + "." + domain
    address = draw(st.sampled_from(["{}@{}", "{}@{}", "{}@{}", "{}@@{}", " {}@{}", "{}@{}."]))
    return address.format(local, domain)


@st.composite
def plausible_emails(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[a-zA-Z0-9_+-]{1,10}(\.[a-zA-Z0-9_+-]{1,6}){0,2}", fullmatch=True))
    hosts = draw(
        st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), min_size=1, max_size=3)
    )
    tld = draw(st.sampled_from(["no", "com", "org", "net", "io", "museum", "test", "local", "n0"]))
    return local + "@" + ".".join([*hosts, tld])


@st.composite
def long_emails(draw: st.DrawFn) -> str:
    """Addresses around the limits: 63-character labels, 253 after the @, 254 in all."""
    sizes = draw(st.lists(st.integers(55, 64), min_size=3, max_size=4))
    domain = ".".join("b" * n for n in sizes) + "." + draw(st.sampled_from(["no", "com"]))
    local_size = max(1, draw(st.integers(250, 258)) - 1 - len(domain))
    return "a" * local_size + "@" + domain


@PROPERTY
@given(st.one_of(plausible_emails(), long_emails(), emails()))
@example("post@firma.no")
@example("personvern@fjordkaffe.no")
@example("a@b.no")
@example("a..b@firma.no")
@example(".a@firma.no")
@example("a.@firma.no")
@example("a@-firma.no")
@example("a@firma-.no")
@example("a@ab--cd.no")
@example("a@xn--bcher-kva.no")
@example("a@firma.test")
@example("a@mail.localhost")
@example("a@firma.no.")
@example("a@firma..no")
@example("a@[1.2.3.4]")
@example('"a b"@firma.no')
@example("Firma <post@firma.no>")
@example("a@Firma.NO")
@example("a@firma.n0")
@example("a@firma.no\n")
@example("a@123.456")
@example("a@localhost")
@example("a@no")
@example("a" * 64 + "@firma.no")
@example("a" * 65 + "@firma.no")
@example("a@" + "b" * 63 + ".no")
@example("a@" + "b" * 64 + ".no")
@example("a@" + ("b" * 61 + ".") * 4 + "no")
@example("a" * 60 + "@" + ("b" * 60 + ".") * 3 + "no")
@example("a@" + ("b" * 63 + ".") * 3 + "b" * 57 + ".no")  # 252 after the @
@example("a@" + ("b" * 63 + ".") * 3 + "b" * 58 + ".no")  # 253 after the @, 255 in all
@example("ab@" + ("b" * 63 + ".") * 3 + "b" * 56 + ".no")  # 254 in all
@example("abc@" + ("b" * 63 + ".") * 3 + "b" * 56 + ".no")  # 255 in all
def test_check_email_agrees_with_email_validator(value: str) -> None:
    assert validators.check_email(value) == library_check_email(value)


def test_plain_addresses_take_the_fast_path() -> None:
    for value in ["post@firma.no", "personvern@fjordkaffe.no", "first.last+tag@mail.firma.com"]:
        assert validators._plain_email(value)
    for value in ["post@firmaø.no", "post@Firma.no", "post@firma.test", "post@xn--p1ai.no"]:
        assert not validators._plain_email(value)


def test_special_use_domains_are_the_libraries() -> None:
    assert frozenset(email_validator.SPECIAL_USE_DOMAIN_NAMES) == validators._EMAIL_SPECIAL_USE
    # Each entry is a single label, so it can only be the top-level domain.
    assert all("." not in name for name in validators._EMAIL_SPECIAL_USE)


def test_email_limits_are_the_libraries() -> None:
    from email_validator import rfc_constants

    assert validators._EMAIL_MAX == rfc_constants.EMAIL_MAX_LENGTH
    assert validators._EMAIL_LOCAL_MAX == rfc_constants.LOCAL_PART_MAX_LENGTH
    assert validators._EMAIL_DOMAIN_MAX == rfc_constants.DOMAIN_MAX_LENGTH
    # The fast path assumes the library's defaults (no test environment, globally
    # deliverable addresses only).
    assert email_validator.GLOBALLY_DELIVERABLE is True
    assert email_validator.TEST_ENVIRONMENT is False


# -- organisasjonsnummer --------------------------------------------------------


@st.composite
def valid_org_digits(draw: st.DrawFn) -> str:
    head = draw(st.text("0123456789", min_size=8, max_size=8))
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = -sum(w * int(d) for w, d in zip(weights, head, strict=True)) % 11
    return head + str(check) if check < 10 else head + "0"


@st.composite
def spaced(draw: st.DrawFn, digits: st.SearchStrategy[str], seps: str = " ") -> str:
    text = draw(digits)
    gaps = st.sampled_from(["", "", "", *seps])
    return draw(gaps) + "".join(c + draw(gaps) for c in text)


org_numbers = st.one_of(
    spaced(valid_org_digits()),
    spaced(st.text("0123456789", min_size=0, max_size=11)),
    spaced(valid_org_digits(), seps=" -.\t\u00a0\u2013`"),
    st.text("0123456789 -.\t\u00a0\u2013`٣aO", max_size=12),
)


@PROPERTY
@given(org_numbers)
@example("310123455")
@example("923 609 016")
@example("921368497")
@example(" 310123455 ")
@example("921\t368496")
@example("921-368-496")
@example("")
@example(" ")
@example("٩٢١٣٦٨٤٩٦")
def test_org_number_agrees_with_stdnum(value: str) -> None:
    assert validators.check_org_number(value) == library_check_org_number(value)
    assert formatters.format_org_number(value) == library_format_org_number(value)


# -- phone numbers --------------------------------------------------------------

# First digits that reach every type in Norway's plan, and the ones it leaves out.
PHONE_STARTS = [
    "2", "3", "4", "45", "453", "456", "5", "6", "7", "79", "8", "80", "810", "8100",
    "8107", "8101", "815", "82", "85", "880", "9", "0", "1", "47",
]  # fmt: skip


@st.composite
def national_numbers(draw: st.DrawFn) -> str:
    start = draw(st.sampled_from(PHONE_STARTS))
    length = draw(st.sampled_from([8, 8, 8, 8, 5, 7, 9, 10]))
    rest = draw(st.text("0123456789", min_size=length, max_size=length))
    return (start + rest)[:length]


PHONE_PREFIXES = [
    "", "", "+47", "+47 ", "0047", "0047 ", "+46 ", "47", "47 ", "+", "00", "+4 7", " ",
    "+470", "0", "+47  ", "tel:+47", "(+47) ",
]  # fmt: skip

phones = st.builds(
    lambda prefix, number, suffix: prefix + number + suffix,
    st.sampled_from(PHONE_PREFIXES),
    st.one_of(spaced(national_numbers()), spaced(national_numbers(), seps=" -./()")),
    st.sampled_from(["", "", "", " ", "x12", " ext. 3", "#", "a"]),
)


plausible_phones = st.builds(
    lambda prefix, number: prefix + number,
    st.sampled_from(["", "+47", "+47 ", "0047", "0047 "]),
    spaced(
        st.builds(
            lambda a, b: (a + b)[:8],
            st.sampled_from(PHONE_STARTS),
            st.text("0123456789", min_size=8, max_size=8),
        )
    ),
)


@PROPERTY
@given(st.one_of(plausible_phones, phones))
@example("+47 22 33 44 55")
@example("41234567")
@example("22 33 44 55")
@example("+47 32 00 00 00")
@example("+47 911 22 333")
@example("004741234567")
@example("0047 80012345")
@example("79123456")
@example("+4779123456")
@example("47123456")
@example("+47 47 12 34 56")
@example("02000")
@example("12345678")
@example("+46 8 123 456 78")
@example("123")
@example("abc")
def test_phone_functions_agree_with_phonenumbers(value: str) -> None:
    assert validators.check_phone(value) == library_check_phone(value)
    assert formatters.format_phone(value) == library_format_phone(value)
    assert formatters.phone_uri(value) == library_phone_uri(value)


def test_norwegian_numbers_take_the_fast_path() -> None:
    for value in ["+47 22 33 44 55", "41234567", "22 33 44 55", "0047 911 22 333"]:
        assert numbering.norwegian_number(value) is not None
    for value in ["79123456", "+46 8 123 456 78", "22-33-44-55", "02000"]:
        assert numbering.norwegian_number(value) is None


def test_every_eight_digit_norwegian_number_is_judged_as_phonenumbers_does() -> None:
    # Every pattern in the plan decides on the first five digits at most and takes
    # any digits after them, so two endings per five-digit start cover all numbers.
    for start in range(100_000):
        for end in ("000", "999"):
            national = f"{start:05d}{end}"
            fast = numbering.norwegian_number(national) is not None
            number = phonenumbers.PhoneNumber(country_code=47, national_number=int(national))
            if national[0] == "0":  # kept as leading zeros, as parse would
                zeros = len(national) - len(national.lstrip("0"))
                number.italian_leading_zero = True
                number.number_of_leading_zeros = min(zeros, len(national) - 1)
            # The fast path only says yes; it leaves Svalbard (79) to the library.
            expected = phonenumbers.is_valid_number(number) and not national.startswith("79")
            assert fast == expected, national


def _desc(desc: phonenumbers.PhoneNumberDesc | None) -> tuple[str, tuple[int, ...]] | None:
    if desc is None or desc.national_number_pattern is None:
        return None
    return desc.national_number_pattern, tuple(desc.possible_length)


def test_norwegian_plan_is_phonenumbers_metadata() -> None:
    """The plan the fast path reads is the installed phonenumbers' (and what it assumes of
    the plan holds)."""
    from notice_tui.profile.numbering_plan import plan_from_phonenumbers

    assert plan_from_phonenumbers() == numbering.PLAN
    assert numbering.PLAN.phonenumbers_version == phonenumbers.__version__
    meta = phonenumbers.PhoneMetadata.metadata_for_region("NO")
    assert meta is not None
    assert meta.country_code == numbering.COUNTRY_CODE
    assert meta.international_prefix == numbering.INTERNATIONAL_PREFIX
    assert meta.leading_digits == numbering.LEADING_DIGITS
    assert _desc(meta.general_desc) == numbering.GENERAL
    # The types phonenumbers' is_valid_number tries, in its _number_type_helper.
    for name in [
        "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost",
        "personal_number", "voip", "pager", "uan", "voicemail",
    ]:  # fmt: skip
        assert _desc(getattr(meta, name)) == numbering.TYPES[name], name
    formats = [(f.leading_digits_pattern[-1], f.pattern, f.format) for f in meta.number_format]
    assert formats == list(numbering.FORMATS)
    assert all(len(f.leading_digits_pattern) == 1 for f in meta.number_format)
    # What would make parsing or formatting differ from the fast path's reading.
    assert not meta.intl_number_format
    assert meta.national_prefix is None
    assert meta.national_prefix_for_parsing is None
    assert all(f.national_prefix_formatting_rule is None for f in meta.number_format)
    # +47 is Norway first and Svalbard second, and numbers are formatted as Norway's.
    assert phonenumbers.COUNTRY_CODE_TO_REGION_CODE[47][0] == "NO"
    assert phonenumbers.region_code_for_country_code(47) == "NO"


def test_a_checkout_without_the_generated_plan_reads_the_same_plan_from_phonenumbers() -> None:
    code = (
        "import sys; sys.modules['notice_tui.profile._numbering_plan'] = None; "
        "from notice_tui.profile import numbering; "
        "print('phonenumbers' in sys.modules, repr(numbering.PLAN))"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"True {numbering.PLAN!r}"


# -- nothing imported for the samples -------------------------------------------

# Every e-mail address, phone and org number in these samples is in the fast paths'
# domain (checked by test_sample_values_are_in_the_fast_paths_domain).
FAST_SAMPLES = [
    "brobygg-radgivning", "fjordkaffe", "minimal", "nordlys-nettbutikk", "tallhuset-regnskap",
]  # fmt: skip

CHILD = """
import sys
from notice_tui.document import render_documents
from notice_tui.pipeline import analyse

for fast in (False, True):
    result = analyse(sys.argv[1], fast=fast)
    assert result.valid and result.profile is not None, result.findings
    render_documents(result.profile)
print(" ".join(sorted({m.partition(".")[0] for m in sys.modules} & set(sys.argv[2:]))))
"""


def _sample_values(path: Path) -> dict[str, list[str]]:
    from ruamel.yaml import YAML

    found: dict[str, list[str]] = {"email": [], "phone": [], "org_number": []}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                if key in found and isinstance(item, str):
                    found[key].append(item)
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("name", FAST_SAMPLES)
def test_sample_values_are_in_the_fast_paths_domain(name: str) -> None:
    found = _sample_values(SAMPLES / f"{name}.yaml")
    assert found["email"]
    assert all(validators._plain_email(v) for v in found["email"])
    assert all(numbering.norwegian_number(v) is not None for v in found["phone"])
    assert all(numbering.ORG_NUMBER.fullmatch(v) for v in found["org_number"])


@pytest.mark.parametrize("name", FAST_SAMPLES)
def test_checking_and_rendering_a_sample_imports_no_validation_library(name: str) -> None:
    env = {**os.environ, "NOTICE_TUI_LANG": "en"}
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(SAMPLES / f"{name}.yaml"), *LIBRARIES],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == []


def test_cli_render_imports_no_validation_library(tmp_path: Path) -> None:
    env = {**os.environ, "NOTICE_TUI_LANG": "en"}
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "notice_tui", "render",
         str(SAMPLES / "nordlys-nettbutikk.yaml"), "--format", "html", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    imported = {
        line.rpartition("|")[2].strip().partition(".")[0]
        for line in res.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert imported & set(LIBRARIES) == set()
