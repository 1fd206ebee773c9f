"""A cookie scan's values (categories, storage, durations, first or third party, the
language of a purpose) in the profile's vocabulary, or None where they cannot be read:
a guessed category or period would put a wrong fact in a notice."""

from __future__ import annotations

import re

from notice_tui.profile.text import fold

from .model import CATEGORIES, DURATION_RE
from .scan_columns import Field
from .scan_columns import plain as _norm

_CATEGORY_WORDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "necessary",
            "strictly necessary",
            "essential",
            "required",
            "nødvendig",
            "nødvendige",
            "strengt nødvendig",
            "strengt nødvendige",
            "nødvendige og tekniske",
            "technical",
            "teknisk",
            "tekniske",
        ),
        "necessary",
    ),
    **dict.fromkeys(
        (
            "preferences",
            "preference",
            "functional",
            "functionality",
            "funksjonell",
            "funksjonelle",
            "preferanser",
            "preferanse",
            "innstillinger",
        ),
        "preferences",
    ),
    **dict.fromkeys(
        (
            "statistics",
            "statistic",
            "statistical",
            "analytics",
            "analytic",
            "analytical",
            "performance",
            "statistikk",
            "analyse",
            "analyser",
            "ytelse",
        ),
        "statistics",
    ),
    **dict.fromkeys(
        (
            "marketing",
            "advertising",
            "advertisement",
            "advertisements",
            "ads",
            "targeting",
            "marketing and advertising",
            "markedsføring",
            "reklame",
            "annonser",
            "annonsering",
        ),
        "marketing",
    ),
}
_CATEGORY_SUFFIX = re.compile(r"\s+(cookies?|informasjonskapsler|informasjonskapsel)$")


def parse_category(text: str) -> str | None:
    """A profile category for a scanner's category word, or None when not understood.

    Words such as "Unclassified", "Security" or "Personalization" are not
    guessed: which consent a cookie needs is a legal judgement.
    """
    norm = _CATEGORY_SUFFIX.sub("", _norm(text))
    if norm in CATEGORIES:
        return norm
    return _CATEGORY_WORDS.get(norm)


_STORAGE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("cookie", "http cookie", "http", "https", "informasjonskapsel", "http informasjonskapsel"),
        "cookie",
    ),
    **dict.fromkeys(
        ("local storage", "localstorage", "html local storage", "html"), "local_storage"
    ),
    **dict.fromkeys(
        ("session storage", "sessionstorage", "html session storage"), "session_storage"
    ),
    **dict.fromkeys(
        ("indexeddb", "indexed db", "html indexeddb", "indexed database"), "indexed_db"
    ),
    **dict.fromkeys(
        ("pixel", "pixel tracker", "tracking pixel", "web beacon", "piksel", "sporingspiksel"),
        "pixel",
    ),
}


def parse_storage(text: str) -> str | None:
    """A profile storage kind for a scanner's type word, or None."""
    norm = _norm(text)
    if norm.replace(" ", "_") in ("local_storage", "session_storage", "indexed_db"):
        return norm.replace(" ", "_")
    return _STORAGE_WORDS.get(norm)


_SESSION_WORDS = frozenset(
    {
        "session",
        "sessions",
        "session cookie",
        "browser session",
        "end of session",
        "end of session browser",
        "until browser is closed",
        "until the browser is closed",
        "when the browser is closed",
        "sesjon",
        "økt",
        "økta",
        "nettleserøkt",
        "til nettleseren lukkes",
        "til nettleseren er lukket",
        "når nettleseren lukkes",
    }
)

_UNITS: dict[str, str] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "sekund", "sekunder"), "s"),
    **dict.fromkeys(("min", "mins", "minute", "minutes", "minutt", "minutter"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "time", "timer"), "h"),
    **dict.fromkeys(("d", "day", "days", "dag", "dager", "døgn"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "uke", "uker"), "w"),
    **dict.fromkeys(
        ("mo", "mos", "mth", "mths", "month", "months", "måned", "måneder", "mnd"), "mo"
    ),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years", "år"), "y"),
}
# How many of the next smaller unit make one, for exact sums ("1 year 1 month" = 13mo).
_CALENDAR = ("y", "mo")
_CLOCK = ("w", "d", "h", "min", "s")
_FACTOR = {"y": 12, "mo": 1, "w": 7 * 86400, "d": 86400, "h": 3600, "min": 60, "s": 1}
_PART = r"(\d+)\s*([a-zæøå]+)\.?"
_PARTS = re.compile(rf"{_PART}(?:(?:\s*,\s*|\s+(?:and|og)\s+|\s+){_PART})*")


def parse_duration_text(text: str) -> str | None:
    """A scanner's duration ("13 months", "2 år", "Session") in profile syntax, or None.

    Only exact conversions: "1 year 1 month" is 13mo and "1 day 12 hours" 36h,
    but "1 year 4 days" is None, as are "persistent", dates, decimals and
    ranges, since a notice must not state a period the site does not use.
    """
    norm = fold(text)
    if not norm:
        return None
    if _norm(text) in _SESSION_WORDS:
        return "session"
    compact = norm.replace(" ", "")
    if DURATION_RE.match(compact):
        return compact
    if not _PARTS.fullmatch(norm):
        return None
    found = re.findall(_PART, norm)
    if any(word not in _UNITS for _, word in found):
        return None
    parts = [(int(number), _UNITS[word]) for number, word in found]
    if not parts or len({u for _, u in parts}) != len(parts):
        return None
    units = {u for _, u in parts}
    if len(parts) == 1:
        amount, unit = parts[0]
    elif units <= set(_CALENDAR):
        amount, unit = sum(n * _FACTOR[u] for n, u in parts), "mo"
    elif units <= set(_CLOCK):
        # Say it in the smallest unit given; weeks only count as days.
        unit = min(units, key=lambda u: _FACTOR[u])
        unit = "d" if unit == "w" else unit
        amount = sum(n * _FACTOR[u] for n, u in parts) // _FACTOR[unit]
    else:
        return None
    result = f"{amount}{unit}"
    return result if DURATION_RE.match(result) and len(str(amount)) <= 6 else None


_FIRST_WORDS = frozenset(
    {"first party", "1st party", "first", "1st", "førstepart", "egen", "own", "first party cookie"}
)
_THIRD_WORDS = frozenset(
    {"third party", "3rd party", "third", "3rd", "tredjepart", "third party cookie"}
)
_YES = frozenset({"yes", "ja", "true", "sann", "x", "1", "y", "j"})
_NO = frozenset({"no", "nei", "false", "usann", "0", "n"})


PARTY_FIELDS: tuple[Field, ...] = ("party", "first_party", "third_party")


def party_of(fld: Field, text: str) -> bool | None:
    """first_party from a party column; None when the cell says nothing clear."""
    norm = _norm(text)
    if fld == "party":
        if norm in _FIRST_WORDS:
            return True
        if norm in _THIRD_WORDS:
            return False
        return None
    if norm in _YES:
        return fld == "first_party"
    if norm in _NO:
        return fld != "first_party"
    return None


# Words common in English descriptions and absent from Norwegian ones ("for", "to"
# and "data" are both), and the reverse: enough to tell a scanner's English purpose
# from a bokmål one, which is all the import needs to say "look at this".
_ENGLISH = frozenset(
    {
        "the",
        "a",
        "an",
        "and",
        "of",
        "in",
        "on",
        "is",
        "are",
        "was",
        "be",
        "it",
        "its",
        "this",
        "that",
        "which",
        "with",
        "by",
        "from",
        "your",
        "you",
        "their",
        "when",
        "whether",
        "used",
        "uses",
        "use",
        "stores",
        "store",
        "user",
        "users",
        "visitor",
        "visitors",
        "website",
        "remembers",
        "remember",
        "registers",
        "collects",
        "tracks",
        "track",
        "tracking",
        "identify",
        "identifies",
        "unique",
        "determines",
        "browser",
        "page",
        "pages",
        "has",
        "have",
        "how",
        "who",
        "what",
        "across",
        "between",
        "ads",
        "purpose",
        "information",
    }
)
_NORWEGIAN = frozenset(
    {
        "og",
        "å",
        "som",
        "til",
        "brukes",
        "den",
        "det",
        "er",
        "på",
        "av",
        "med",
        "en",
        "et",
        "hvor",
        "om",
        "besøkende",
        "nettstedet",
        "nettsiden",
        "lagrer",
        "husker",
        "ikke",
        "kan",
        "eller",
        "fra",
        "ved",
        "seg",
        "deg",
        "du",
        "dere",
        "vi",
        "oss",
        "hvilke",
        "hva",
        "brukeren",
        "nettleseren",
        "informasjonskapsel",
        "registrerer",
        "samler",
        "skiller",
    }
)


def looks_english(text: str) -> bool:
    """Whether a purpose reads as English rather than Norwegian: two or more common
    English words, outnumbering the Norwegian ones (a letter æ, ø or å counts as one)."""
    words = re.findall(r"[a-zæøå]+", text.casefold())
    english = sum(1 for w in words if w in _ENGLISH)
    norwegian = sum(1 for w in words if w in _NORWEGIAN) + bool(re.search("[æøå]", text, re.I))
    return english >= 2 and english > norwegian
