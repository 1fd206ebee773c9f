"""Reading a cookie scanner's CSV export: its bytes, its columns and its words.

Cookiebot, CookieYes, Cookie Information, the Open Cookie Database and
spreadsheets people make by hand name their columns, categories and durations
in English or Norwegian; this turns them into the profile's vocabulary, or
says that it cannot (None), since a guessed category or period would put a
wrong fact in a notice.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Literal

from notice_tui.profile.text import fold

from .model import CATEGORIES, DURATION_RE
from .reports import CsvError

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


def _norm(text: str) -> str:
    text = text.replace("\ufeff", "").casefold()
    text = re.sub(r"[_\-/().:&,]+", " ", text)
    return " ".join(text.split())


# Headings as cookie scanners write them (Cookiebot, CookieYes, Cookie Information,
# the Open Cookie Database, spreadsheets people make by hand), normalised by _norm.
_HEADINGS: dict[str, Field] = {
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
    norm = _norm(heading)
    if not norm:
        return None
    if norm in _HEADINGS:
        return _HEADINGS[norm]
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
        if fld == "category" and _norm(heading) in ("type", "cookie type", "cookietype"):
            if deferred_type is None:
                deferred_type = index
            continue
        found.setdefault(fld, index)
    if deferred_type is not None:
        found.setdefault("category" if "category" not in found else "storage", deferred_type)
    return found


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


MAX_ROWS = 20_000  # a big site has a few hundred cookies; more is not a scan


def decode_csv(data: bytes) -> str:
    """The text of a CSV file as spreadsheets save it: UTF-8, UTF-16 or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with a byte order mark.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CsvError("encoding", str(exc.start)) from None
    if b"\x00" in data:
        raise CsvError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Norwegian Excel saves "CSV (semikolondelt)" in Windows-1252.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise CsvError("encoding", str(exc.start)) from None


def sniff_delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab: whichever splits the lines into the most, steady columns."""
    best, best_score = ",", -1.0
    for delim in (",", ";", "\t"):
        try:
            rows = [r for r in csv.reader(lines, delimiter=delim) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        widths = [len(r) for r in rows]
        width = max(set(widths), key=widths.count)
        steady = widths.count(width) / len(widths)
        score = width * steady if width > 1 else 0.0
        if score > best_score:
            best, best_score = delim, score
    return best


@dataclass
class ScanRow:
    line: int
    cells: dict[Field, str]


@dataclass
class Scan:
    delimiter: str
    headings: list[str]
    columns: dict[Field, int]
    rows: list[ScanRow]

    @property
    def ignored(self) -> list[str]:
        used = set(self.columns.values())
        return [h for i, h in enumerate(self.headings) if i not in used and h.strip()]


def read_scan(csv_text: str) -> Scan:
    """Parse a scanner export into rows of known fields; raise CsvError when it is none."""
    # Split as csv expects (\n, \r, \r\n only); str.splitlines would also split
    # on form feeds and U+2028 inside quoted cells.
    lines = list(io.StringIO(csv_text.lstrip("\ufeff"), newline=""))
    delimiter: str | None = None
    skipped_lines = 0
    # Excel writes "sep=;" as the first line when asked to keep the separator.
    sep_line = re.fullmatch(r"sep=(.)", lines[0].rstrip("\r\n")) if lines else None
    if sep_line:
        delimiter = sep_line.group(1)
        lines = lines[1:]
        skipped_lines = 1
    if not any(line.strip() for line in lines):
        raise CsvError("empty")
    if delimiter is None:
        delimiter = sniff_delimiter(lines[:50])
    try:
        records = list(csv.reader(lines, delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CsvError("syntax", str(exc)) from None
    # The header is the first row naming a cookie column: some exports start
    # with a title line ("Cookie report for example.no").
    header_index = _find_header(records[:10])
    if header_index is None:
        raise CsvError("no_header", delimiter)
    headings = records[header_index]
    columns = map_headings(headings)
    rows: list[ScanRow] = []
    # Line numbers for the report, as a spreadsheet shows them; a quoted cell
    # may span lines, so they are counted rather than taken from the index.
    line_no = 1 + skipped_lines + sum(_physical_lines(r) for r in records[: header_index + 1])
    for record in records[header_index + 1 :]:
        start = line_no
        line_no += _physical_lines(record)
        if not any(cell.strip() for cell in record):
            continue
        cells: dict[Field, str] = {}
        for fld, index in columns.items():
            if index < len(record):
                cells[fld] = record[index].strip()
        rows.append(ScanRow(start, cells))
        if len(rows) > MAX_ROWS:
            raise CsvError("too_many_rows", str(MAX_ROWS))
    _type_column_as_storage(columns, rows)
    return Scan(delimiter, headings, columns, rows)


def _find_header(records: list[list[str]]) -> int | None:
    """Index of the heading row: one naming the cookie column and another one we use.

    Failing that, a plain list of names, left to the catalogue to fill in; its
    one heading must be a known one ("Cookie", "Navn"), or any text file with a
    line mentioning a name ("  name: X" in a YAML file) would pass for a scan.
    """
    for index, record in enumerate(records):
        columns = map_headings(record)
        if "name" in columns and len(columns) >= 2:
            return index
    for index, record in enumerate(records):
        if len(record) == 1 and _HEADINGS.get(_norm(record[0])) == "name":
            return index
    return None


def _physical_lines(record: list[str]) -> int:
    return 1 + sum(cell.count("\n") for cell in record)


def _type_column_as_storage(columns: dict[Field, int], rows: list[ScanRow]) -> None:
    """A lone "Type" column that holds storage kinds is the storage, not the category."""
    if "category" not in columns or "storage" in columns:
        return
    values = [r.cells.get("category", "") for r in rows if r.cells.get("category")]
    if not values:
        return
    storage = sum(1 for v in values if parse_storage(v) and not parse_category(v))
    if storage * 2 > len(values):
        columns["storage"] = columns.pop("category")
        for row in rows:
            if "category" in row.cells:
                row.cells["storage"] = row.cells.pop("category")
