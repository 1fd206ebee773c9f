"""email_validator's reasons for refusing an address, in the UI's words.

The library explains in English sentences of its own ("An email address cannot
have two periods in a row."). They are matched here, by what they say, to
messages in notice-tui's catalogue, so a bokmål user reads bokmål. A sentence
this table does not know (a new release's) gets a general reason rather than
English in the middle of bokmål. Written for email-validator 2.x;
tests/test_email_reasons.py holds each pattern against the library.
"""

from __future__ import annotations

import re

from notice_tui.i18n import N_, _

# (what the library's sentence contains, our reason); the first that matches wins,
# so the more particular patterns come first.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (r"must have an @-sign", N_("an e-mail address needs an @")),
        (r"full-width|small commercial at", N_("the @ is not the ordinary @ character")),
        (r"something before the @-sign", N_("there is nothing before the @")),
        (r"something after the @-sign", N_("there is nothing after the @")),
        (r"too long|so many characters", N_("the address is too long")),
        (r"two dashes", N_("the part after the @ has two hyphens in a row at the start of a name")),
        (
            r"cannot (?:start|end) with|immediately (?:before|after) the @-sign",
            N_("a full stop or a hyphen cannot come first, last or right beside the @"),
        ),
        (r"two periods in a row", N_("it has two full stops in a row")),
        (r"period and a hyphen", N_("it has a full stop and a hyphen next to each other")),
        (r"should have a period", N_("the part after the @ needs a full stop, as in firma.no")),
        (
            r"top-level domain",
            N_("the part after the @ does not end in a real top-level domain, such as .no or .com"),
        ),
        (
            r"special-use or reserved",
            N_("the part after the @ is a reserved name that cannot receive e-mail"),
        ),
        (
            r"internationalized characters before the @-sign",
            N_("letters such as æ, ø and å cannot be used before the @"),
        ),
        (r"quoting the part before", N_("quotation marks before the @ are not allowed")),
        (
            r"display name|angle bracket|after the email address|after close quote",
            N_("write the address alone, without a name or anything else around it"),
        ),
        (
            r"bracket|ipv4|ipv6|address literal",
            N_("an IP address in brackets after the @ is not allowed"),
        ),
        (
            r"invalid character|unsafe character",
            N_("the address has characters an e-mail address cannot have"),
        ),
        (
            r"idna|unicode normalization|not valid ascii|part after the @-sign",
            N_("the part after the @ is not a valid domain name"),
        ),
    )
)
_GENERAL = N_("this is not how an e-mail address is written")
# "...invalid characters before the @-sign: ø." names the characters: worth showing.
_CHARACTERS = re.compile(r"characters?[^:]*:\s*(.+?)\.?$")


def email_reason(exc: Exception) -> str:
    """Why the address is refused, in the UI language."""
    text = str(exc)
    for pattern, reason in _REASONS:
        if pattern.search(text):
            found = _CHARACTERS.search(text) if "character" in text else None
            if found and found.group(1).strip():
                return _("{reason}: {characters}").format(
                    reason=_(reason), characters=found.group(1).strip()
                )
            return _(reason)
    return _(_GENERAL)
