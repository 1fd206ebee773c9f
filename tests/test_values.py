import pytest

from notice_tui.profile import values


def test_org_number_is_mod11_checked_and_printed_in_groups() -> None:
    assert values.check_org_number("310123455") is None
    assert values.check_org_number("921368497") is not None
    assert values.check_org_number("12345") is not None
    assert values.format_org_number("310123455") == "310 123 455"


def test_phone_numbers_print_in_international_form() -> None:
    assert values.format_phone("23327440") == "+47 23 32 74 40"
    assert values.format_phone("+47 32 00 00 00") == "+47 32 00 00 00"
    assert values.check_phone("123") is not None
    assert values.check_phone("abc") is not None


def test_email_is_validated_without_network() -> None:
    assert values.check_email("personvern@fjordkaffe.no") is None
    assert values.check_email("personvern@") is not None
    assert values.check_email("to @ example.no") is not None


@pytest.mark.parametrize(
    ("location", "inside"),
    [
        ("Norge", True), ("EU/EØS", True), ("Irland", True), ("Germany", True),
        ("Sverige og Finland", True), ("USA", False), ("Storbritannia", False),
        ("Irland og USA", False), ("Månen", None),
    ],
)
def test_eea_membership_by_name_in_bokmal_or_english(location: str, inside: bool | None) -> None:
    assert values.in_eea(location) is inside


def test_adequacy_countries() -> None:
    assert values.has_adequacy("Storbritannia")
    assert values.has_adequacy("Japan")
    assert not values.has_adequacy("USA")  # only through the Data Privacy Framework
    assert not values.has_adequacy("India")


def test_norwegian_postal_codes_have_four_digits() -> None:
    assert values.check_postal_code("3015", None) is None
    assert values.check_postal_code("301", None) is not None
    assert values.check_postal_code("SW1A 1AA", "Storbritannia") is None


def test_eu_and_eea_are_regions_not_countries() -> None:
    from notice_tui.profile import values

    for place in ("EU", "EØS", "eu/eøs", "EEA"):
        assert values.country_code(place) is None
        assert values.in_eea(place) is True
        assert values.has_adequacy(place) is False
