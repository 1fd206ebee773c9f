"""A cookie scan's columns: what Cookiebot, CookieYes, Cookie Information, the Open
Cookie Database and hand-made spreadsheets call them, in English or Norwegian, and
which field of a profile's cookie each one fills."""

from __future__ import annotations

import re
from typing import Literal

Field = Literal[
    "name",
    "provider",
    "domain",
    "category",
    "duration",
    "purpose",
    "storage",
    "party",
    "first_party",
    "third_party",
]


def plain(text: str) -> str:
    text = text.replace("\ufeff", "").casefold()
    text = re.sub(r"[_\-/().:&,]+", " ", text)
    return " ".join(text.split())


# Headings as cookie scanners write them (Cookiebot, CookieYes, Cookie Information,
# the Open Cookie Database, spreadsheets people make by hand), normalised by _norm.
HEADINGS: dict[str, Field] = {
    **dict.fromkeys(
        (
            "name",
            "navn",
            "cookie",
            "cookies",
            "cookie name",
            "cookiename",
            "cookienavn",
            "cookie navn",
            "cookie id",
            "informasjonskapsel",
            "navn på informasjonskapsel",
            "name of cookie",
            "cookie data key name",
            "key",
            "nøkkel",
        ),
        "name",
    ),
    **dict.fromkeys(
        (
            "provider",
            "leverandør",
            "vendor",
            "platform",
            "plattform",
            "company",
            "selskap",
            "tilbyder",
            "service",
            "tjeneste",
            "data controller",
            "owner",
            "eier",
            "cookie provider",
            "set by",
            "satt av",
        ),
        "provider",
    ),
    **dict.fromkeys(
        ("domain", "domene", "host", "hostname", "cookie domain", "domain name"), "domain"
    ),
    **dict.fromkeys(
        (
            "category",
            "kategori",
            "cookie category",
            "cookie kategori",
            "purpose category",
            "consent category",
            "samtykkekategori",
            "classification",
            "klassifisering",
            "type",
            "cookie type",
            "cookietype",
        ),
        "category",
    ),
    **dict.fromkeys(
        (
            "duration",
            "expiry",
            "expiration",
            "expires",
            "expiry date",
            "varighet",
            "utløp",
            "utløper",
            "utløpstid",
            "lifetime",
            "levetid",
            "retention",
            "retention period",
            "lagringstid",
            "lagringsperiode",
            "maximum storage duration",
            "max storage duration",
            "maksimal lagringstid",
            "maks lagringstid",
            "storage duration",
            "cookie duration",
            "cookie expiry",
            "cookie lifetime",
            "max age",
            "maks alder",
        ),
        "duration",
    ),
    **dict.fromkeys(
        (
            "purpose",
            "formål",
            "description",
            "beskrivelse",
            "cookie description",
            "cookie purpose",
            "function",
            "funksjon",
            "what it does",
            "hva den gjør",
            "forklaring",
        ),
        "purpose",
    ),
    **dict.fromkeys(
        ("storage", "storage type", "lagring", "lagringstype", "technology", "teknologi"), "storage"
    ),
    **dict.fromkeys(
        (
            "party",
            "part",
            "first or third party",
            "first third party",
            "1st 3rd party",
            "first party third party",
            "førstepart tredjepart",
        ),
        "party",
    ),
    **dict.fromkeys(("first party", "førstepart", "1st party"), "first_party"),
    **dict.fromkeys(("third party", "tredjepart", "3rd party"), "third_party"),
}

# For headings not listed above ("Cookie Lifetime (days)"): a word in the heading,
# most telling field first, so "Cookie category" is a category and not a name.
_HEADING_WORDS: tuple[tuple[str, Field], ...] = (
    ("categor", "category"),
    ("kategori", "category"),
    ("duration", "duration"),
    ("expir", "duration"),
    ("varighet", "duration"),
    ("utløp", "duration"),
    ("lifetime", "duration"),
    ("levetid", "duration"),
    ("retention", "duration"),
    ("lagringstid", "duration"),
    ("purpose", "purpose"),
    ("formål", "purpose"),
    ("descript", "purpose"),
    ("beskrivelse", "purpose"),
    ("provider", "provider"),
    ("leverandør", "provider"),
    ("vendor", "provider"),
    ("platform", "provider"),
    ("domain", "domain"),
    ("domene", "domain"),
    ("name", "name"),
    ("navn", "name"),
)


def map_heading(heading: str) -> Field | None:
    """The field a CSV heading holds, or None when it is not one we use."""
    norm = plain(heading)
    if not norm:
        return None
    if norm in HEADINGS:
        return HEADINGS[norm]
    for word, fld in _HEADING_WORDS:
        if word in norm:
            return fld
    return None


def map_headings(headings: list[str]) -> dict[Field, int]:
    """Column index per field; the first column wins when two mean the same.

    "Type" is the category in some exports and the storage (HTTP cookie, local
    storage) in Cookiebot's, beside a separate category column: it is read as
    the storage then.
    """
    found: dict[Field, int] = {}
    deferred_type: int | None = None
    for index, heading in enumerate(headings):
        fld = map_heading(heading)
        if fld is None:
            continue
        if fld == "category" and plain(heading) in ("type", "cookie type", "cookietype"):
            if deferred_type is None:
                deferred_type = index
            continue
        found.setdefault(fld, index)
    if deferred_type is not None:
        found.setdefault("category" if "category" not in found else "storage", deferred_type)
    return found
