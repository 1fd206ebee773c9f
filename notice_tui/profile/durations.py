"""Durations as profiles write them ("13mo", "24h", "session") and as readers read them.

Printed exactly with Babel's CLDR units: "13mo" is "13 måneder", never
"1 år"; babel.dates.format_timedelta would round, so it is not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

PATTERN = re.compile(r"^\s*(?:(session)|([1-9][0-9]{0,5})\s*(s|min|h|d|w|mo|y))\s*$")

UNITS = {
    "s": "duration-second",
    "min": "duration-minute",
    "h": "duration-hour",
    "d": "duration-day",
    "w": "duration-week",
    "mo": "duration-month",
    "y": "duration-year",
}

# Approximate lengths, used only to compare durations (e.g. "longer than 13 months").
_SECONDS = {
    "s": 1,
    "min": 60,
    "h": 3600,
    "d": 86400,
    "w": 7 * 86400,
    "mo": 30.44 * 86400,
    "y": 365.25 * 86400,
}

SESSION_TEXT = {
    "nb": "til du lukker nettleseren",
    "nn": "til du lukkar nettlesaren",
    "en": "until you close the browser",
}


@dataclass(frozen=True)
class Duration:
    """A parsed duration, or free text that sets the period by a criterion."""

    raw: str
    amount: int | None = None
    unit: str | None = None
    session: bool = False
    # A criterion in words given per document language ({nb: til du melder deg av,
    # en: until you unsubscribe}): (language, text) pairs; raw is the profile's own.
    texts: tuple[tuple[str, str], ...] = ()

    def in_language(self, lang: str) -> Duration:
        text = dict(self.texts).get(lang)
        return parse_duration(text) if text is not None else self

    @property
    def is_period(self) -> bool:
        return self.session or self.amount is not None

    @property
    def is_free_text(self) -> bool:
        return not self.is_period

    def approx(self) -> timedelta | None:
        if self.session:
            return timedelta(0)
        if self.amount is None or self.unit is None:
            return None
        return timedelta(seconds=self.amount * _SECONDS[self.unit])

    def format(self, locale: str = "nb") -> str:
        language = locale.split("_")[0]  # "en_GB" is English
        if self.session:
            return SESSION_TEXT.get(language, SESSION_TEXT["nb"])
        if self.amount is not None and self.unit is not None:
            if self.unit == "d" and language in DAY_WORDS:
                # CLDR's bokmål day unit is "døgn", which a notice reader takes for 24-hour
                # periods; periods of days are written "30 dager", as Datatilsynet does.
                one, many = DAY_WORDS[language]
                return f"{self.amount} {one if self.amount == 1 else many}"
            # Imported here: the wizard's first frame reads durations but formats none,
            # and babel's units (with its core and CLDR plumbing) are 4-5 ms of importing.
            from babel.units import format_unit

            return format_unit(self.amount, UNITS[self.unit], locale=locale, length="long")
        return self.raw

    def __str__(self) -> str:
        return self.raw


DAY_WORDS = {"nb": ("dag", "dager"), "nn": ("dag", "dagar")}


def parse_duration(value: object) -> Duration:
    """Parse a duration; text that is not one is kept as a criterion in words."""
    text = str(value).strip()
    match = PATTERN.match(text)
    if not match:
        return Duration(raw=text)
    if match.group(1):
        return Duration(raw=text, session=True)
    return Duration(raw=text, amount=int(match.group(2)), unit=match.group(3))


# "12 months", "2 år", "12": meant as a period, whether or not in the syntax.
ATTEMPT = re.compile(r"^\s*\d+\s*[A-Za-zæøåÆØÅ.]*\s*$")


def looks_like_duration_attempt(text: str) -> bool:
    """True for "12 months", "2 år", "12": meant as a period, but not in the syntax."""
    return bool(ATTEMPT.match(text))


# A period in words, as people type it ("3 år", "12 mnd", "30 days"): the unit it means.
_WORD_UNITS = (
    (r"år|years?|y", "y"),
    (r"måneder|måned|mnd\.?|months?|mo", "mo"),
    (r"uker|uke|weeks?|w", "w"),
    (r"dager|dag|døgn|days?|d", "d"),
    (r"timer|time|hours?|h", "h"),
    (r"minutter|minutt|minutes?|min", "min"),
    (r"sekunder|sekund|seconds?|s", "s"),
)
WORDS = re.compile(
    r"^\s*([1-9][0-9]{0,5})\s*(" + "|".join(w for w, _u in _WORD_UNITS) + r")\s*$", re.IGNORECASE
)


def from_words(text: str) -> str | None:
    """ "3 år" -> "3y", "12 måneder" -> "12mo"; None for anything that is no such period."""
    match = WORDS.match(text)
    if not match:
        return None
    word = match.group(2).casefold()
    for pattern, unit in _WORD_UNITS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return f"{match.group(1)}{unit}"
    return None
