"""Reading a cookie scanner's CSV export: its bytes, its delimiter, its heading row
and its rows (the columns are named in scan_columns.py, the values read in
scan_words.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .reports import CsvError
from .scan_columns import HEADINGS, Field, map_headings
from .scan_columns import plain as _norm
from .scan_words import parse_category, parse_storage

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
        if len(record) == 1 and HEADINGS.get(_norm(record[0])) == "name":
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
