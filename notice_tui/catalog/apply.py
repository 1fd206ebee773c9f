"""Putting catalogue services and scanned cookies into a profile's YAML tree.

Both entry points change the ruamel round-trip tree in place and return a
report of what they did; they print nothing and save nothing, so the CLI and
the wizard can show the report in their own way and validate before saving.

Reasons and review notes in the reports are codes with parameters rather than
sentences: the front end owns the wording and its translation.

Import it as notice_tui.catalog.apply: the package does not re-export it, so a
check that only looks a name up does not pay for the CSV and YAML-editing code.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from notice_tui import cookie_names

from .model import CATEGORIES, DURATION_RE, CatalogCookie, Service
from .store import Catalog, load_catalog

# -- reports ----------------------------------------------------------------------

SkipReason = Literal[
    "no_name",  # the row has no cookie name
    "unknown_category",  # category missing or not understood, and not in the catalogue
    "unknown_duration",  # duration missing or not understood, and not in the catalogue
    "no_purpose",  # no purpose in the row, and not in the catalogue
    "no_provider",  # no provider or domain in the row, and not in the catalogue
]

NoteCode = Literal[
    "category_from_catalog",  # the row's category was not understood: the catalogue's is used
    "category_overridden",  # the row said necessary; the catalogue knows it needs consent
    "category_disagrees",  # the row's category is kept, but the catalogue says another
    "duration_from_catalog",  # the row's duration was not understood: the catalogue's is used
    "added_as_pattern",  # a concrete name (_ga_ABC123) was added as the catalogue's _ga_*
]


@dataclass(frozen=True)
class Note:
    """Something about an added cookie that a person should look at."""

    code: NoteCode
    value: str = ""  # what the CSV said
    used: str = ""  # what was written to the profile instead


@dataclass
class AddReport:
    """What `add_service` changed, and what it left alone and why."""

    service: str
    provider: str  # the name the service goes by in `processors` and as cookie provider
    processor_added: bool = False
    processors_created: bool = False  # the `processors` list itself was missing
    cookies_added: list[str] = field(default_factory=list)
    cookies_present: list[str] = field(default_factory=list)
    # The service sets cookies, but the profile has no website to declare them on.
    cookies_without_website: list[str] = field(default_factory=list)
    website_disabled: bool = False  # cookies were added to a module that is switched off
    problems: list[str] = field(default_factory=list)  # key paths that are not lists/mappings

    @property
    def changed(self) -> bool:
        return self.processor_added or bool(self.cookies_added)


@dataclass(frozen=True)
class AddedCookie:
    line: int  # line in the CSV file
    name: str  # as written to the profile: the catalogue's pattern when one matched
    scanned: str  # as the scanner reported it
    provider: str
    category: str
    duration: str
    service: str | None = None  # catalogue service it matched
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class PresentCookie:
    line: int
    scanned: str
    entry: str  # the profile entry that already covers it (may be a `*` pattern)
    in_csv: bool = False  # the duplicate is an earlier row of the same CSV


@dataclass(frozen=True)
class SkippedRow:
    line: int
    name: str
    reason: SkipReason
    value: str = ""  # the value that could not be used


@dataclass
class ImportReport:
    """What `import_cookies` read, changed, and left out and why."""

    rows: int = 0
    delimiter: str = ","
    columns: dict[str, str] = field(default_factory=dict)  # field -> heading as written
    ignored_columns: list[str] = field(default_factory=list)
    added: list[AddedCookie] = field(default_factory=list)
    present: list[PresentCookie] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    processors_added: list[str] = field(default_factory=list)
    no_website: bool = False
    website_disabled: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.processors_added)

    @property
    def needs_review(self) -> list[AddedCookie]:
        return [c for c in self.added if c.notes]


CsvErrorCode = Literal["empty", "binary", "encoding", "syntax", "no_header", "too_many_rows"]


class CsvError(ValueError):
    """The scan cannot be read as a CSV of cookies at all: nothing was changed.

    The front end words the message by `code`; `detail` is the value to show with it
    (the csv module's complaint, the delimiter tried, a byte offset, a limit).
    """

    def __init__(self, code: CsvErrorCode, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# -- ruamel tree helpers ------------------------------------------------------------
#
# ruamel stores a comment that follows a node on the deepest last scalar before
# it. Appending after that scalar would leave the comment (often the blank line
# and heading of the next section) above the new entry, so it is moved down.


def _to_node(value: Any) -> Any:
    if isinstance(value, Mapping):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _to_node(item)
        return node
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_to_node(v) for v in value)
        # Short lists of names read best inline, as the spec writes them.
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value


def _is_block(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and not node.fa.flow_style()


def _slots(node: Any) -> Iterator[tuple[dict[Any, Any], Any, int]]:
    """Where a trailing comment of `node` may be stored, deepest first."""
    if isinstance(node, CommentedMap) and node:
        key = next(reversed(node))
        child = node[key]
        if _is_block(child) and child:
            yield from _slots(child)
        yield node.ca.items, key, 2
    elif isinstance(node, CommentedSeq) and node:
        index = len(node) - 1
        child = node[index]
        if _is_block(child) and child:
            yield from _slots(child)
        yield node.ca.items, index, 0


def _column(node: Any) -> int | None:
    """Column of a loaded node's first key or dash; None for a node made here."""
    lc = getattr(node, "lc", None)
    col = getattr(lc, "col", None) if lc is not None else None
    return col if isinstance(col, int) else None


def _split_trailer(lines: str, col: int | None) -> tuple[str, str]:
    """(lines that stay, lines that move): comment lines indented deeper than
    `col` still belong to the node above (a commented-out entry of its list)."""
    if col is None:
        return "", lines
    stay = ""
    for line in lines.splitlines(keepends=True):
        if not line.strip() or len(line) - len(line.lstrip(" ")) <= col:
            break
        stay += line
    return stay, lines[len(stay):]


def _take_slot(items: dict[Any, Any], key: Any, pos: int, col: int | None,
               keep_blank: bool) -> str | None:
    """Detach the comment lines that move from one slot; None when it holds no comment."""
    entry = items.get(key)
    token = entry[pos] if entry and len(entry) > pos else None
    if not isinstance(token, CommentToken):
        return None
    # The token's first line ends the value's own line (an end-of-line comment,
    # or nothing): that always stays. The lines after it follow the node.
    first, _sep, rest = token.value.partition("\n")
    stay, move = _split_trailer(rest, col)
    if not move:
        return ""
    if keep_blank and move.startswith("\n"):
        # A blank line separated the node from what came next; the new key
        # gets one too, and keeps the old one for the key after it.
        stay += "\n"
    kept = first + "\n" + stay
    if kept == "\n":
        entry[pos] = None
        if not any(entry):
            del items[key]
    else:
        token.value = kept
    return move


def _take_trailer(node: Any, col: int | None, keep_blank: bool = False) -> str:
    """Detach the comment lines after `node`, leaving an end-of-line comment in place."""
    for items, key, pos in _slots(node):
        rest = _take_slot(items, key, pos, col, keep_blank)
        if rest is not None:
            return rest
    return ""


def _give_trailer(node: Any, rest: str) -> None:
    if not rest:
        return
    for items, key, pos in _slots(node):
        entry = items.setdefault(key, [None, None, None, None])
        entry[pos] = CommentToken("\n" + rest, CommentMark(0))
        return


def _append(seq: CommentedSeq, value: Any) -> None:
    rest = _take_trailer(seq, _column(seq))
    seq.append(value)
    _give_trailer(seq, rest)


def _insert_key(mapping: CommentedMap, key: str, value: Any, before: Iterable[str]) -> None:
    """Add `key` before the first of `before` present in `mapping`, else at the end.

    `value` must be a non-empty list or mapping: the comment that followed the
    previous key moves to after it, so a heading stays above the key it introduces.
    """
    keys = list(mapping)
    pos = next((keys.index(k) for k in before if k in mapping), len(keys))
    rest = ""
    if pos > 0:
        prev, col = keys[pos - 1], _column(mapping)
        if _is_block(mapping[prev]) and mapping[prev]:
            rest = _take_trailer(mapping[prev], col, keep_blank=True)
        rest = rest or _take_slot(mapping.ca.items, prev, 2, col, keep_blank=True) or ""
    mapping.insert(pos, key, value)
    _give_trailer(value, rest)


# The spec's order: a new key goes before the first of these that the file has.
_AFTER_PROCESSORS = ("recipients", "security", "rights", "automated_decisions",
                     "sensitive_data", "children")
_AFTER_COOKIES = ("cookies_reviewed", "external_links")


def _extend(parent: CommentedMap, key: str, before: tuple[str, ...], values: list[Any]
            ) -> bool:
    """Append to the list at parent[key], making it when missing or null.

    False, and nothing changed, when parent[key] is something else than a list.
    """
    current = parent.get(key)
    if isinstance(current, CommentedSeq):
        if not current and current.fa.flow_style():
            # `cookies: []` waiting to be filled: entries read better as a block.
            current.fa.set_block_style()
        for value in values:
            _append(current, _to_node(value))
        return True
    if current is not None:
        return False
    seq = CommentedSeq(_to_node(v) for v in values)
    if key in parent:
        # `cookies:` with nothing after it: what followed the key now follows the list.
        rest = _take_slot(parent.ca.items, key, 2, _column(parent), keep_blank=False)
        parent[key] = seq
        _give_trailer(seq, rest or "")
    else:
        _insert_key(parent, key, seq, before)
    return True


def _website(tree: Any) -> CommentedMap | None:
    site = tree.get("website") if isinstance(tree, Mapping) else None
    return site if isinstance(site, CommentedMap) else None


def _fold(text: Any) -> str:
    return " ".join(str(text).casefold().split())


def _processor_names(tree: Mapping[str, Any]) -> list[str]:
    procs = tree.get("processors")
    if not isinstance(procs, list):
        return []
    return [str(p["name"]) for p in procs if isinstance(p, Mapping) and p.get("name")]


def _profile_cookies(tree: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    site = _website(tree)
    cookies = site.get("cookies") if site is not None else None
    if not isinstance(cookies, list):
        return []
    return [c for c in cookies if isinstance(c, Mapping)]


def processor_name(tree: Mapping[str, Any], service: Service) -> str | None:
    """The name the profile already uses for `service` in `processors`, if any.

    By name or alias, ignoring case; failing that, by the provider the profile
    gives to cookies of this service, when that provider is a processor (a
    profile may list the Meta Pixel as plain "Meta").
    """
    names = {_fold(n) for n in service.names}
    procs = _processor_names(tree)
    for name in procs:
        if _fold(name) in names:
            return name
    by_fold = {_fold(n): n for n in procs}
    for cookie in _profile_cookies(tree):
        cname = str(cookie.get("name", ""))
        if any(c.name == cname or c.matches(cname) for c in service.cookies):
            found = by_fold.get(_fold(cookie.get("provider", "")))
            if found:
                return found
    return None


def _cookie_entry(cookie: CatalogCookie, provider: str) -> dict[str, Any]:
    entry = cookie.as_profile_cookie(provider)
    # "cookie" is the default; hand-written profiles leave it out, and so do we.
    if entry.get("storage") == "cookie":
        del entry["storage"]
    return entry


def _add_processor(tree: CommentedMap, service: Service, problems: list[str]
                   ) -> tuple[bool, bool]:
    """Append the service's processor entry. (added, had to create the list)"""
    created = tree.get("processors") is None
    if not _extend(tree, "processors", _AFTER_PROCESSORS, [service.as_processor()]):
        problems.append("processors")
        return False, False
    return True, created


# -- add a service ------------------------------------------------------------------


def add_service(tree: CommentedMap, service: Service) -> AddReport:
    """Add `service` as a processor and, when the profile has a website, its cookies.

    Nothing already there is changed or duplicated: the processor is matched
    by name or alias ignoring case, cookies by exact name. A website module is
    never created: declaring cookies is only meaningful for a site that exists.
    """
    existing = processor_name(tree, service)
    report = AddReport(service=service.name, provider=existing or service.name)
    if existing is None:
        report.processor_added, report.processors_created = _add_processor(
            tree, service, report.problems)
    if not service.cookies:
        return report
    site = _website(tree)
    if site is None:
        report.cookies_without_website = [c.name for c in service.cookies]
        return report
    report.website_disabled = site.get("enabled") is False
    present = {str(c.get("name")) for c in _profile_cookies(tree)}
    todo = []
    for cookie in service.cookies:
        if cookie.name in present:
            report.cookies_present.append(cookie.name)
        else:
            todo.append(cookie)
    if not todo:
        return report
    entries = [_cookie_entry(cookie, report.provider) for cookie in todo]
    if not _extend(site, "cookies", _AFTER_COOKIES, entries):
        report.problems.append("website.cookies")
        return report
    report.cookies_added = [cookie.name for cookie in todo]
    return report


# -- reading a scanner's CSV ----------------------------------------------------------

Field = Literal["name", "provider", "domain", "category", "duration", "purpose", "storage",
                "party", "first_party", "third_party"]


def _norm(text: str) -> str:
    text = text.replace("\ufeff", "").casefold()
    text = re.sub(r"[_\-/().:&,]+", " ", text)
    return " ".join(text.split())


# Headings as cookie scanners write them (Cookiebot, CookieYes, Cookie Information,
# the Open Cookie Database, spreadsheets people make by hand), normalised by _norm.
_HEADINGS: dict[str, Field] = {
    **dict.fromkeys(
        ("name", "navn", "cookie", "cookies", "cookie name", "cookiename", "cookienavn",
         "cookie navn", "cookie id", "informasjonskapsel", "navn på informasjonskapsel",
         "name of cookie", "cookie data key name", "key", "nøkkel"), "name"),
    **dict.fromkeys(
        ("provider", "leverandør", "vendor", "platform", "plattform", "company", "selskap",
         "tilbyder", "service", "tjeneste", "data controller", "owner", "eier",
         "cookie provider", "set by", "satt av"), "provider"),
    **dict.fromkeys(
        ("domain", "domene", "host", "hostname", "cookie domain", "domain name"), "domain"),
    **dict.fromkeys(
        ("category", "kategori", "cookie category", "cookie kategori", "purpose category",
         "consent category", "samtykkekategori", "classification", "klassifisering",
         "type", "cookie type", "cookietype"), "category"),
    **dict.fromkeys(
        ("duration", "expiry", "expiration", "expires", "expiry date", "varighet", "utløp",
         "utløper", "utløpstid", "lifetime", "levetid", "retention", "retention period",
         "lagringstid", "lagringsperiode", "maximum storage duration", "max storage duration",
         "maksimal lagringstid", "maks lagringstid", "storage duration", "cookie duration",
         "cookie expiry", "cookie lifetime", "max age", "maks alder"), "duration"),
    **dict.fromkeys(
        ("purpose", "formål", "description", "beskrivelse", "cookie description",
         "cookie purpose", "function", "funksjon", "what it does", "hva den gjør",
         "forklaring"), "purpose"),
    **dict.fromkeys(
        ("storage", "storage type", "lagring", "lagringstype", "technology", "teknologi"),
        "storage"),
    **dict.fromkeys(
        ("party", "part", "first or third party", "first third party", "1st 3rd party",
         "first party third party", "førstepart tredjepart"), "party"),
    **dict.fromkeys(("first party", "førstepart", "1st party"), "first_party"),
    **dict.fromkeys(("third party", "tredjepart", "3rd party"), "third_party"),
}

# For headings not listed above ("Cookie Lifetime (days)"): a word in the heading,
# most telling field first, so "Cookie category" is a category and not a name.
_HEADING_WORDS: tuple[tuple[str, Field], ...] = (
    ("categor", "category"), ("kategori", "category"),
    ("duration", "duration"), ("expir", "duration"), ("varighet", "duration"),
    ("utløp", "duration"), ("lifetime", "duration"), ("levetid", "duration"),
    ("retention", "duration"), ("lagringstid", "duration"),
    ("purpose", "purpose"), ("formål", "purpose"), ("descript", "purpose"),
    ("beskrivelse", "purpose"),
    ("provider", "provider"), ("leverandør", "provider"), ("vendor", "provider"),
    ("platform", "provider"),
    ("domain", "domain"), ("domene", "domain"),
    ("name", "name"), ("navn", "name"),
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
        ("necessary", "strictly necessary", "essential", "required", "nødvendig",
         "nødvendige", "strengt nødvendig", "strengt nødvendige", "nødvendige og tekniske",
         "technical", "teknisk", "tekniske"), "necessary"),
    **dict.fromkeys(
        ("preferences", "preference", "functional", "functionality", "funksjonell",
         "funksjonelle", "preferanser", "preferanse", "innstillinger"), "preferences"),
    **dict.fromkeys(
        ("statistics", "statistic", "statistical", "analytics", "analytic", "analytical",
         "performance", "statistikk", "analyse", "analyser", "ytelse"), "statistics"),
    **dict.fromkeys(
        ("marketing", "advertising", "advertisement", "advertisements", "ads", "targeting",
         "marketing and advertising", "markedsføring", "reklame", "annonser", "annonsering"),
        "marketing"),
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
    **dict.fromkeys(("cookie", "http cookie", "http", "https", "informasjonskapsel",
                     "http informasjonskapsel"), "cookie"),
    **dict.fromkeys(("local storage", "localstorage", "html local storage", "html"),
                    "local_storage"),
    **dict.fromkeys(("session storage", "sessionstorage", "html session storage"),
                    "session_storage"),
    **dict.fromkeys(("indexeddb", "indexed db", "html indexeddb", "indexed database"),
                    "indexed_db"),
    **dict.fromkeys(("pixel", "pixel tracker", "tracking pixel", "web beacon", "piksel",
                     "sporingspiksel"), "pixel"),
}


def parse_storage(text: str) -> str | None:
    """A profile storage kind for a scanner's type word, or None."""
    norm = _norm(text)
    if norm.replace(" ", "_") in ("local_storage", "session_storage", "indexed_db"):
        return norm.replace(" ", "_")
    return _STORAGE_WORDS.get(norm)


_SESSION_WORDS = frozenset({
    "session", "sessions", "session cookie", "browser session", "end of session",
    "end of session browser", "until browser is closed", "until the browser is closed",
    "when the browser is closed", "sesjon", "økt", "økta", "nettleserøkt",
    "til nettleseren lukkes", "til nettleseren er lukket", "når nettleseren lukkes",
})

_UNITS: dict[str, str] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "sekund", "sekunder"), "s"),
    **dict.fromkeys(("min", "mins", "minute", "minutes", "minutt", "minutter"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "time", "timer"), "h"),
    **dict.fromkeys(("d", "day", "days", "dag", "dager", "døgn"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "uke", "uker"), "w"),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "month", "months", "måned", "måneder",
                     "mnd"), "mo"),
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
    norm = " ".join(text.casefold().split())
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


_FIRST_WORDS = frozenset({"first party", "1st party", "first", "1st", "førstepart",
                          "egen", "own", "first party cookie"})
_THIRD_WORDS = frozenset({"third party", "3rd party", "third", "3rd", "tredjepart",
                          "third party cookie"})
_YES = frozenset({"yes", "ja", "true", "sann", "x", "1", "y", "j"})
_NO = frozenset({"no", "nei", "false", "usann", "0", "n"})


_PARTY_FIELDS: tuple[Field, ...] = ("party", "first_party", "third_party")


def _party(fld: Field, text: str) -> bool | None:
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
    best, best_score = ",", -1
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
        score = width * steady if width > 1 else 0
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
    line_no = 1 + skipped_lines + sum(_physical_lines(r) for r in records[:header_index + 1])
    for record in records[header_index + 1:]:
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


# -- merging scanned cookies ----------------------------------------------------------------


def _host(value: str) -> str | None:
    """The host name in a domain cell or URL (".example.no", "https://www.example.no/")."""
    text = value.strip().casefold()
    if not text or " " in text:
        return None
    if "://" in text:
        try:
            text = urlsplit(text).hostname or ""
        except ValueError:  # "http://[::1": no host a cookie could come from
            return None
    text = text.split("/")[0].lstrip(".")
    if text.startswith("www."):
        text = text[4:]
    return text if "." in text and re.fullmatch(r"[a-z0-9æøå.-]+", text) else None


def _same_site(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def _covering(declared: list[tuple[str, str]], name: str, provider: str,
              service: Service | None) -> str | None:
    """The profile entry that already declares `name`: the same name, or a wildcard
    ("_ga_*") of the same provider. A pattern of one provider says nothing about the
    cookies of another, and only the wildcard form is one: a scanned "*" is a name."""
    for entry, _owner in declared:
        if entry == name:
            return entry
    for entry, owner in declared:
        if cookie_names.is_pattern(entry) and cookie_names.covers(entry, name) \
                and _same_provider(owner, provider, service):
            return entry
    return None


def _same_provider(owner: str, provider: str, service: Service | None) -> bool:
    """Whether a profile entry's provider is the one of the scanned row: the same name,
    or, for a catalogue service, any of the names it goes by."""
    if not owner or not provider:
        return False
    if _fold(owner) == _fold(provider):
        return True
    return service is not None and _fold(owner) in {_fold(n) for n in service.names}


@dataclass
class _Context:
    tree: CommentedMap
    catalog: Catalog
    site_host: str | None
    controller: str
    declared: list[tuple[str, str]]  # (name, provider) of every cookie in the profile
    providers: dict[str, str] = field(default_factory=dict)  # service name -> provider
    needs_processor: list[Service] = field(default_factory=list)


def _provider_for(ctx: _Context, service: Service) -> str:
    if service.name not in ctx.providers:
        existing = processor_name(ctx.tree, service)
        ctx.providers[service.name] = existing or service.name
        if existing is None:
            ctx.needs_processor.append(service)
    return ctx.providers[service.name]


def import_cookies(tree: CommentedMap, csv_text: str, catalog: Catalog | None = None
                   ) -> ImportReport:
    """Merge a cookie scanner's CSV export into `website.cookies`.

    Raises CsvError before touching the tree when the text is not such a CSV.
    Each row is matched against the catalogue, which fills what the row lacks
    (and supplies the provider name, so cookies line up with `processors`).
    A row is skipped, with the reason, when it still lacks a category,
    duration, purpose or provider: guessing those would put wrong facts in a
    notice. Processors of matched services that the profile lacks are added.
    """
    scan = read_scan(csv_text)
    report = ImportReport(rows=len(scan.rows), delimiter=scan.delimiter,
                          columns={f: scan.headings[i] for f, i in scan.columns.items()},
                          ignored_columns=scan.ignored)
    site = _website(tree)
    if site is None:
        report.no_website = True
        return report
    report.website_disabled = site.get("enabled") is False
    catalog = catalog or load_catalog()
    controller = tree.get("controller")
    ctx = _Context(
        tree=tree,
        catalog=catalog,
        site_host=_host(str(site.get("url") or "")) or _host(
            str(controller.get("website") or "") if isinstance(controller, Mapping) else ""),
        controller=str(controller.get("name") or "") if isinstance(controller, Mapping) else "",
        declared=[(str(c.get("name")), str(c.get("provider") or ""))
                  for c in _profile_cookies(tree)],
    )
    from_csv: dict[str, int] = {}  # name written -> CSV line, to tell repeats from old entries
    entries: list[dict[str, Any]] = []
    for row in scan.rows:
        outcome = _merge_row(ctx, row, from_csv)
        if isinstance(outcome, SkippedRow):
            report.skipped.append(outcome)
        elif isinstance(outcome, PresentCookie):
            report.present.append(outcome)
        else:
            added, entry = outcome
            report.added.append(added)
            entries.append(entry)
            ctx.declared.append((added.name, added.provider))
            from_csv[added.name] = row.line
    if not entries:
        return report
    if not _extend(site, "cookies", _AFTER_COOKIES, entries):
        report.problems.append("website.cookies")
        report.added.clear()
        return report
    # Only services of added cookies are here (_provider_for runs for those alone):
    # a scan row that was already declared says nothing new about processors.
    for service in ctx.needs_processor:
        done, _created = _add_processor(tree, service, report.problems)
        if done:
            report.processors_added.append(service.name)
    return report


def _merge_row(ctx: _Context, row: ScanRow, from_csv: dict[str, int]
               ) -> SkippedRow | PresentCookie | tuple[AddedCookie, dict[str, Any]]:
    cells = row.cells
    scanned = cells.get("name", "")
    if not scanned:
        return SkippedRow(row.line, "", "no_name")
    hit = ctx.catalog.match_cookie(scanned)
    known: CatalogCookie | None = hit[1] if hit else None
    service: Service | None = hit[0] if hit else None
    # A concrete name from a pattern (_ga_ABC123 for _ga_*) is declared by the
    # pattern: the suffix is a site's container id, not something a reader needs.
    name = known.name if known is not None and known.is_pattern else scanned
    domain = cells.get("domain", "")
    host = _host(domain) or _host(cells.get("provider", ""))
    own = (host is not None and ctx.site_host is not None and _same_site(host, ctx.site_host))
    if service is not None:
        provider = ctx.providers.get(service.name) or processor_name(ctx.tree, service) \
            or service.name
    elif own and ctx.controller:
        provider = ctx.controller
    else:
        provider = cells.get("provider", "") or (domain.lstrip(".") if domain else "")
    covered = _covering(ctx.declared, scanned, provider, service) or _covering(
        ctx.declared, name, provider, service)
    if covered is not None:
        return PresentCookie(row.line, scanned, covered, in_csv=covered in from_csv)

    notes: list[Note] = []
    if name != scanned:
        notes.append(Note("added_as_pattern", scanned, name))

    raw_category = cells.get("category", "")
    category = parse_category(raw_category) if raw_category else None
    if known is not None:
        if category is None:
            if raw_category:
                notes.append(Note("category_from_catalog", raw_category, known.category))
            category = known.category
        elif category == "necessary" and known.category != "necessary":
            # The catalogue knows it needs consent; a scanner's "necessary" is
            # usually the site's banner set-up, and would hide a tracker.
            notes.append(Note("category_overridden", raw_category, known.category))
            category = known.category
        elif category != known.category:
            notes.append(Note("category_disagrees", raw_category, known.category))
    if category is None:
        return SkippedRow(row.line, scanned, "unknown_category", raw_category)

    raw_duration = cells.get("duration", "")
    duration = parse_duration_text(raw_duration) if raw_duration else None
    if duration is None and known is not None:
        if raw_duration:
            notes.append(Note("duration_from_catalog", raw_duration, known.duration))
        duration = known.duration
    if duration is None:
        return SkippedRow(row.line, scanned, "unknown_duration", raw_duration)

    # The catalogue's purpose is bokmål and reviewed; a scanner's is often English.
    purpose = (known.purpose if known is not None else "") or cells.get("purpose", "")
    if not purpose:
        return SkippedRow(row.line, scanned, "no_purpose")

    first_party: bool | None = None
    for fld in _PARTY_FIELDS:
        if fld in cells and first_party is None:
            first_party = _party(fld, cells[fld])
    if first_party is None and host is not None and ctx.site_host is not None:
        first_party = own
    if first_party is None and known is not None:
        first_party = known.first_party

    if service is not None:
        provider = _provider_for(ctx, service)  # the same name, now also a processor to add
    if not provider:
        return SkippedRow(row.line, scanned, "no_provider")

    storage = parse_storage(cells.get("storage", "")) if cells.get("storage") else None
    if storage is None and known is not None:
        storage = known.storage
    entry: dict[str, Any] = {
        "name": name,
        "provider": provider,
        "category": category,
        "purpose": purpose,
        "duration": duration,
    }
    if first_party is not None:
        entry["first_party"] = first_party
    if storage not in (None, "cookie"):
        entry["storage"] = storage
    added = AddedCookie(
        line=row.line, name=name, scanned=scanned, provider=provider, category=category,
        duration=duration, service=service.name if service is not None else None,
        notes=tuple(notes),
    )
    return added, entry
