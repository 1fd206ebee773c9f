"""email_validator's reasons reach the user in the UI language, not in its English."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import email_validator
import pytest

from notice_tui.profile import email_reasons
from notice_tui.profile.validators import check_email

BAD = {
    "post": "en e-postadresse må ha @",
    "@liensnekker.no": "det står ingenting foran @",
    "post@": "det står ingenting etter @",
    "a..b@liensnekker.no": "den har to punktum etter hverandre",
    "post@liensnekker": "delen etter @ mangler punktum, som i firma.no",
    "post@liensnekker.invalid": "delen etter @ er et reservert navn som ikke kan motta e-post",
    "Kari <k@liensnekker.no>": "skriv adressen alene, uten navn eller noe annet rundt",
    "post@@liensnekker.no": "adressen har tegn en e-postadresse ikke kan ha: '@'",
    "post@liensnekker.no.": "punktum eller bindestrek kan ikke stå først, sist eller rett ved @",
    "post\uff20liensnekker.no": "@ er ikke det vanlige @-tegnet",
}


@pytest.mark.parametrize("address", sorted(BAD))
def test_email_reasons_are_in_bokmal(address: str, ui_language: Callable[[str], str]) -> None:
    ui_language("nb")
    message = check_email(address)
    assert message is not None
    assert BAD[address] in message, message
    assert not re.search(r"\b(?:email|address|the|cannot|must)\b", message), message


def test_email_reasons_stay_in_english_for_english(ui_language: Callable[[str], str]) -> None:
    ui_language("en")
    assert "an e-mail address needs an @" in (check_email("post") or "")


def test_every_reason_matches_a_sentence_of_the_library() -> None:
    """Written for email-validator 2.x: a release that rewords its sentences fails here,
    before a user meets the general reason instead of the particular one."""
    assert email_validator.__version__.split(".")[0] == "2", email_validator.__version__
    folder = Path(email_validator.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("*.py"))
    for pattern, reason in email_reasons._REASONS:
        assert pattern.search(source), (pattern.pattern, reason)
