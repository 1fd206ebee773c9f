"""Bad input: every problem names the file, line, column and key path, and nothing raises."""

import pytest

from notice_tui.pipeline import analyse_document
from notice_tui.profile.store import ProfileError, parse_text

BASE = """\
schema_version: 1
controller:
  name: Test AS
  email: post@test.no
"""


def problems(text: str) -> list[str]:
    doc = parse_text(text, "p.yaml")
    return [f.format() for f in analyse_document(doc, compliance=False).schema]


def test_a_minimal_profile_is_valid() -> None:
    assert problems(BASE) == []


def test_malformed_yaml_names_the_line() -> None:
    with pytest.raises(ProfileError) as err:
        parse_text(BASE + "contact:\n  channels: [phone, email\n  retention: 1y\n", "p.yaml")
    text = err.value.finding.format()
    assert text.startswith("p.yaml:7:")
    assert "YAML" in text


def test_duplicate_keys_are_named() -> None:
    with pytest.raises(ProfileError) as err:
        parse_text(BASE + "controller:\n  name: B\n", "p.yaml")
    assert "controller" in err.value.finding.message
    assert err.value.finding.line == 5


def test_missing_required_keys() -> None:
    out = problems("schema_version: 1\ncontroller:\n  name: Test AS\n")
    assert out == ["p.yaml:2:1: controller.email: required key 'email' is missing"]


def test_unknown_key_suggests_the_closest() -> None:
    out = problems(BASE + "newsleter:\n  data: [e-post]\n")
    assert out == ["p.yaml:5:1: newsleter: unknown key 'newsleter' (did you mean 'newsletter'?)"]


def test_wrong_types_say_what_was_expected() -> None:
    out = problems(BASE + "contact:\n  channels: [email]\n  phone_logs_kept: kanskje\n")
    assert out == [
        "p.yaml:7:20: contact.phone_logs_kept: expected true or false, found the text 'kanskje'"
    ]


@pytest.mark.parametrize(
    ("line", "path", "needle"),
    [
        ("  email: post@", "controller.email", "e-mail"),
        ("  phone: '123'", "controller.phone", "phone"),
        ("  org_number: '921368497'", "controller.org_number", "organisasjonsnummer"),
        ("  website: fjordkaffe", "controller.website", "https://"),
    ],
)
def test_invalid_values_in_controller(line: str, path: str, needle: str) -> None:
    text = BASE.replace("  email: post@test.no\n", "") + "  email: post@test.no\n"
    text = text.replace("  name: Test AS\n", "  name: Test AS\n" + line + "\n")
    if path == "controller.email":
        text = BASE.replace("  email: post@test.no", line)
    out = problems(text)
    assert len(out) == 1, out
    assert out[0].startswith("p.yaml:4:")
    assert f": {path}: " in out[0]
    assert needle in out[0]


def test_postal_code() -> None:
    out = problems(BASE + "  address: {street: Gata 1, postal_code: '301', city: Oslo}\n")
    assert len(out) == 1 and "controller.address.postal_code" in out[0]
    assert "4 digits" in out[0]


def test_unknown_cookie_category_and_transfer() -> None:
    text = (
        BASE
        + """\
website:
  url: https://test.no
  cookies:
    - {name: a, provider: Test AS, category: nødvendig, purpose: x, duration: 1y}
processors:
  - {name: X, service: y, location: USA, transfer: privacy_shield}
"""
    )
    out = problems(text)
    assert any(
        o.startswith("p.yaml:8:") and "website.cookies[0].category" in o and "necessary" in o
        for o in out
    ), out
    assert any(o.startswith("p.yaml:10:") and "processors[0].transfer" in o for o in out), out


def test_processor_outside_eea_needs_a_transfer_mechanism() -> None:
    out = problems(
        BASE + "processors:\n  - name: Mailchimp\n    service: nyhetsbrev\n    location: USA\n"
    )
    assert out == [
        "p.yaml:8:5: processors[0].transfer: Mailchimp is in USA, outside the EU/EEA: say "
        "which transfer mechanism applies (one of: adequacy, dpf, scc, bcr, derogation)"
    ]


def test_bad_durations() -> None:
    out = problems(BASE + "contact:\n  channels: [email]\n  retention: 12\n")
    assert len(out) == 1 and "contact.retention" in out[0] and "12mo" in out[0]
    out = problems(BASE + "contact:\n  channels: [email]\n  retention: 12 mths\n")
    assert len(out) == 1 and "contact.retention" in out[0]
    # A period in words is the period it says, in either language.
    for words in ("12 months", "12 måneder", "3 år", "30 dager"):
        assert problems(BASE + f"contact:\n  channels: [email]\n  retention: {words}\n") == []


def test_legitimate_interest_needs_the_interest() -> None:
    out = problems(BASE + "contact:\n  channels: [email]\n  legal_basis: legitimate_interest\n")
    assert len(out) == 1 and "contact.legitimate_interest" in out[0]


def test_true_needs_a_description() -> None:
    out = problems(BASE + "automated_decisions: true\n")
    assert len(out) == 1 and out[0].startswith("p.yaml:5:") and "description" in out[0]


def test_several_problems_are_all_reported() -> None:
    out = problems(
        "schema_version: 1\ncontroller:\n  name: ''\n  email: nope\ncontact:\n  channels: [fax]\n"
    )
    assert len(out) == 3


@pytest.mark.parametrize(
    "text",
    ["- a\n- b\n", "just text\n", "schema_version: [1]\ncontroller: 5\n", "{}\n"],
)
def test_wrong_shapes_never_raise(text: str) -> None:
    try:
        out = problems(text)
    except ProfileError as exc:
        assert exc.finding.message
    else:
        assert out


def test_user_extension_keys_are_allowed() -> None:
    assert problems(BASE + "x_crm_id: 1234\n") == []
