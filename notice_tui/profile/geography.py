"""Where a place is: countries by name in bokmål, nynorsk and English, the EU/EEA, and
the countries with an adequacy decision."""

from __future__ import annotations

import re
from functools import cache

EEA_WORDS = {"eu/eøs", "eu/eea", "eøs", "eea", "eu", "eu-eøs", "eu og eøs", "europa"}

# Members of the EEA by ISO code (EU 27 + Norway, Iceland, Liechtenstein).
EEA_CODES = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    "NO", "IS", "LI",
}  # fmt: skip

# Countries with an adequacy decision under art. 45 (as of late 2025). The USA is
# adequate only for companies certified under the Data Privacy Framework (dpf).
ADEQUACY_CODES = {
    "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
}  # fmt: skip


# The places small Norwegian businesses name most, so the common case needs no
# CLDR lookup (loading three locales' territory names costs more than a render).
_COMMON = {
    "norge": "NO", "noreg": "NO", "norway": "NO", "sverige": "SE", "sweden": "SE",
    "danmark": "DK", "denmark": "DK", "finland": "FI", "island": "IS", "iceland": "IS",
    "irland": "IE", "ireland": "IE", "tyskland": "DE", "germany": "DE", "nederland": "NL",
    "netherlands": "NL", "frankrike": "FR", "france": "FR", "belgia": "BE", "belgium": "BE",
    "usa": "US", "us": "US", "u.s.": "US", "united states": "US", "storbritannia": "GB",
    "uk": "GB", "united kingdom": "GB", "england": "GB", "canada": "CA", "sveits": "CH",
    "switzerland": "CH", "japan": "JP", "india": "IN", "kina": "CN", "china": "CN",
}  # fmt: skip


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "nb", "nn"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.casefold()] = code
    names.update(
        {
            "norge": "NO", "noreg": "NO", "norway": "NO", "usa": "US", "us": "US",
            "u.s.": "US", "united states": "US", "uk": "GB", "england": "GB",
            "storbritannia": "GB", "sør-korea": "KR", "south korea": "KR",
        }
    )  # fmt: skip
    return names


def country_code(location: str) -> str | None:
    """ISO code for a country named in bokmål, nynorsk or English, else None."""
    key = location.strip().casefold()
    if key in _COMMON:
        return _COMMON[key]
    if key in EEA_WORDS:
        # A region, not a country; answered here, since asking CLDR costs three locales.
        return None
    if len(key) == 2 and key.upper() in _all_codes():
        return key.upper()
    return _country_names().get(key)


@cache
def _all_codes() -> frozenset[str]:
    return frozenset(_country_names().values())


def in_eea(location: str) -> bool | None:
    """True inside the EU/EEA, False outside, None when the place is not recognised."""
    key = location.strip().casefold()
    if key in EEA_WORDS:
        return True
    # "Irland og Sverige", "Norge/EU": every part inside means inside.
    parts = [p for p in re.split(r"\s*(?:,|/|\bog\b|\band\b)\s*", key) if p]
    if len(parts) > 1:
        results = [in_eea(p) for p in parts]
        if all(r is True for r in results):
            return True
        if any(r is False for r in results):
            return False
        return None
    code = country_code(location)
    if code is None:
        return None
    return code in EEA_CODES


def has_adequacy(location: str) -> bool:
    code = country_code(location)
    return code in ADEQUACY_CODES if code else False
