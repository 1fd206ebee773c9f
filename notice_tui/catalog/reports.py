"""What putting a service or a scan into a profile did: the reports both front ends show.

Reasons and review notes are codes with parameters rather than sentences: the
front end (the CLI, the wizard) owns the wording and its translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from notice_tui.i18n import _

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
    "purpose_language",  # the row's purpose looks English; the documents are in `used`
    "provider_by_domain",  # the provider was given as a domain: the service it belongs to
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
    index: int | None = None  # its place in website.cookies, for a `set` that corrects it


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


def csv_error_text(exc: CsvError) -> str:
    """Why a scan cannot be read, in the user's language: the CLI and the wizard say the same."""
    messages = {
        "empty": _("the file is empty"),
        "binary": _(
            "this is not a text file; if it is a spreadsheet (.xlsx), save it as CSV first"
        ),
        "encoding": _("the file is not text in an encoding we know (UTF-8, UTF-16, Windows-1252)"),
        "syntax": _("not valid CSV: {detail}"),
        "no_header": _(
            "found no column of cookie names: the first lines need a heading such "
            "as Name, Navn, Cookie or Cookie ID"
        ),
        "too_many_rows": _("more than {detail} rows: this is not a cookie scan"),
    }
    return messages.get(exc.code, "{detail}").format(detail=exc.detail)
