"""Putting catalogue services and scanned cookies into a profile's YAML tree.

Both entry points change the ruamel round-trip tree in place and return a
report of what they did; they print nothing and save nothing, so the CLI and
the wizard can show the report in their own way and validate before saving.

The work lives in one module per job: reports.py (what was done), add.py (one
service), scan.py (reading a scanner's CSV and its words), merge.py (scanned
rows into the profile), with the tree edits in notice_tui.profile.edit. This
module is the front door both front ends import.

Import it as notice_tui.catalog.apply: the package does not re-export it, so a
check that only looks a name up does not pay for the CSV and YAML-editing code.
"""

from __future__ import annotations

from .add import add_service, cookie_entry
from .lookup import processor_name
from .merge import import_cookies
from .reports import (
    AddedCookie,
    AddReport,
    CsvError,
    CsvErrorCode,
    ImportReport,
    Note,
    NoteCode,
    PresentCookie,
    SkippedRow,
    SkipReason,
)
from .scan import MAX_ROWS, Scan, ScanRow, decode_csv, read_scan, sniff_delimiter
from .scan_columns import Field, map_heading, map_headings
from .scan_words import looks_english, parse_category, parse_duration_text, parse_storage

__all__ = [
    "MAX_ROWS",
    "AddReport",
    "AddedCookie",
    "CsvError",
    "CsvErrorCode",
    "Field",
    "ImportReport",
    "Note",
    "NoteCode",
    "PresentCookie",
    "Scan",
    "ScanRow",
    "SkipReason",
    "SkippedRow",
    "add_service",
    "cookie_entry",
    "decode_csv",
    "import_cookies",
    "looks_english",
    "map_heading",
    "map_headings",
    "parse_category",
    "parse_duration_text",
    "parse_storage",
    "processor_name",
    "read_scan",
    "sniff_delimiter",
]
