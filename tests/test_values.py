import pytest

from notice_tui.profile import formatters, geography, validators


def test_org_number_is_mod11_checked_and_printed_in_groups() -> None:
    assert validators.check_org_number("310123455") is None
    assert validators.check_org_number("921368497") is not None
    assert validators.check_org_number("12345") is not None
    assert formatters.format_org_number("310123455") == "310 123 455"


def test_phone_numbers_print_in_international_form() -> None:
    assert formatters.format_phone("23327440") == "+47 23 32 74 40"
    assert formatters.format_phone("+47 32 00 00 00") == "+47 32 00 00 00"
    assert validators.check_phone("123") is not None
    assert validators.check_phone("abc") is not None


def test_email_is_validated_without_network() -> None:
    assert validators.check_email("personvern@fjordkaffe.no") is None
    assert validators.check_email("personvern@") is not None
    assert validators.check_email("to @ example.no") is not None


@pytest.mark.parametrize(
    ("location", "inside"),
    [
        ("Norge", True),
        ("EU/EØS", True),
        ("Irland", True),
        ("Germany", True),
        ("Sverige og Finland", True),
        ("USA", False),
        ("Storbritannia", False),
        ("Irland og USA", False),
        ("Månen", None),
    ],
)
def test_eea_membership_by_name_in_bokmal_or_english(location: str, inside: bool | None) -> None:
    assert geography.in_eea(location) is inside


def test_adequacy_countries() -> None:
    assert geography.has_adequacy("Storbritannia")
    assert geography.has_adequacy("Japan")
    assert not geography.has_adequacy("USA")  # only through the Data Privacy Framework
    assert not geography.has_adequacy("India")


def test_norwegian_postal_codes_have_four_digits() -> None:
    assert validators.check_postal_code("3015", None) is None
    assert validators.check_postal_code("301", None) is not None
    assert validators.check_postal_code("SW1A 1AA", "Storbritannia") is None


def test_eu_and_eea_are_regions_not_countries() -> None:
    from notice_tui.profile import geography

    for place in ("EU", "EØS", "eu/eøs", "EEA"):
        assert geography.country_code(place) is None
        assert geography.in_eea(place) is True
        assert geography.has_adequacy(place) is False
