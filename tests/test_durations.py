import pytest

from notice_tui.profile.durations import parse_duration


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("13mo", "13 måneder"),
        ("1mo", "1 måned"),
        ("24h", "24 timer"),
        ("2y", "2 år"),
        ("1y", "1 år"),
        ("30min", "30 minutter"),
        ("30s", "30 sekunder"),
        ("2w", "2 uker"),
        ("session", "til du lukker nettleseren"),
        ("til du melder deg av", "til du melder deg av"),
    ],
)
def test_durations_print_exactly_in_bokmal(raw: str, text: str) -> None:
    assert parse_duration(raw).format("nb") == text


def test_thirteen_months_is_never_rounded_to_a_year() -> None:
    d = parse_duration("13mo")
    assert d.is_period and d.amount == 13 and d.unit == "mo"
    assert "år" not in d.format("nb")


def test_free_text_is_a_criterion_not_a_period() -> None:
    d = parse_duration("så lenge kundeforholdet varer")
    assert d.is_free_text
    assert d.approx() is None


def test_periods_compare_by_length() -> None:
    assert parse_duration("13mo").approx() > parse_duration("1y").approx()
    assert parse_duration("24h").approx() == parse_duration("1d").approx()
