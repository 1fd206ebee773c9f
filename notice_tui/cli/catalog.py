"""`notice-tui services`, `add-service` and `import-cookies`: printing and exit codes.

The work is done by notice_tui.catalog.apply; this module reads files, shows
its reports in the user's language and saves only what validates. Reports go
to standard output, errors and "saved" to standard error, as every command does.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from notice_tui.catalog import Catalog, CatalogError, Service, kind_label, load_catalog
from notice_tui.catalog.apply import (
    AddReport,
    CsvError,
    ImportReport,
    Note,
    SkippedRow,
    add_service,
    decode_csv,
    import_cookies,
)
from notice_tui.catalog.reports import csv_error_text
from notice_tui.cli.changing import load_profile, locked, save_if_valid, schema_errors
from notice_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    err,
    out,
    table,
)
from notice_tui.i18n import N_, _

MAX_CSV_BYTES = 5 * 1024 * 1024  # a scan of a large site is some hundred KB


def _catalog() -> Catalog | None:
    try:
        return load_catalog()
    except CatalogError as exc:  # a broken package, not a user error; say what broke
        err(_("the service catalogue is damaged: {reason}").format(reason=exc))
        return None


def _where(service: Service) -> str:
    # "USA (dpf)": the mechanism is what a reader of the list is checking for.
    if service.transfer == "none":
        return service.location
    return f"{service.location} ({service.transfer})"


# -- services -------------------------------------------------------------------------


def cmd_services(args: argparse.Namespace) -> int:
    catalog = _catalog()
    if catalog is None:
        return EXIT_UNREADABLE
    query = (args.query or "").strip()
    services = catalog.search(query)
    if not services:
        err(_("no service in the catalogue matches '{query}'").format(query=query))
        return EXIT_PROBLEMS
    header = (_("NAME"), _("KIND"), _("LOCATION (TRANSFER)"), _("COOKIES"))
    # The kind in the UI's words ("betaling"), the same words search accepts.
    rows = [(s.name, kind_label(s.kind), _where(s), str(len(s.cookies))) for s in services]
    for line in table(header, rows, right=frozenset({3})):
        out(line)
    err(_("{n} of {total} services").format(n=len(services), total=len(catalog)))
    return EXIT_OK


def _not_a_list(path: str) -> str:
    return _("{path} is not a list, so nothing was added to it; correct it by hand first").format(
        path=path
    )


def _no_website_hint(profile: str) -> str:
    return _("add the website first: notice-tui set {profile} website.url https://...").format(
        profile=profile
    )


# -- add-service ----------------------------------------------------------------------------


def _suggest(catalog: Catalog, name: str) -> list[str]:
    found = [s.name for s in catalog.search(name, limit=5)]
    if found:
        return found
    # A typo ("Gogle Analytics") is no substring of anything; compare spellings too.
    names = {n.casefold(): s.name for s in catalog for n in s.names}
    close = difflib.get_close_matches(name.casefold(), list(names), n=5, cutoff=0.6)
    return list(dict.fromkeys(names[c] for c in close))


def _print_add_report(report: AddReport, service: Service, profile: str) -> None:
    if report.processor_added:
        where = (
            service.location
            if service.transfer == "none"
            else _("{location}, transfer: {transfer}").format(
                location=service.location, transfer=service.transfer
            )
        )
        out(_("added processor: {name} ({where})").format(name=service.name, where=where))
    elif "processors" not in report.problems:
        out(_("already a processor: {name}").format(name=report.provider))
    by_name = {c.name: c for c in service.cookies}
    for name in report.cookies_added:
        cookie = by_name[name]
        out(
            _("added cookie: {name} ({category}, {duration})").format(
                name=name, category=cookie.category, duration=cookie.duration
            )
        )
    for name in report.cookies_present:
        out(_("already declared: {name}").format(name=name))
    if report.cookies_without_website:
        out(
            _("not added, because the profile has no website: {names}").format(
                names=", ".join(report.cookies_without_website)
            )
        )
        out("  " + _no_website_hint(profile))
    if report.website_disabled and report.cookies_added:
        out(
            _(
                "note: the website module is switched off (enabled: false), so the cookies "
                "are not shown until it is switched on"
            )
        )
    for path in report.problems:
        err(_not_a_list(path))


def cmd_add_service(args: argparse.Namespace) -> int:
    return locked(args.profile, lambda: _add_service(args))


def _add_service(args: argparse.Namespace) -> int:
    catalog = _catalog()
    if catalog is None:
        return EXIT_UNREADABLE
    service = catalog.find(args.service)
    if service is None:
        err(_("the catalogue has no service called '{name}'").format(name=args.service))
        suggestions = _suggest(catalog, args.service)
        if suggestions:
            err(_("did you mean: {names}").format(names=", ".join(suggestions)))
        else:
            err(_("see what it knows with: notice-tui services"))
        return EXIT_PROBLEMS
    doc = load_profile(args.profile)
    if doc is None:
        return EXIT_UNREADABLE
    before = schema_errors(doc)
    report = add_service(doc.tree, service)
    _print_add_report(report, service, args.profile)
    if report.problems:
        # Half a service (cookies without their processor) would mislead; keep the file.
        err(_("not saved"))
        return EXIT_PROBLEMS
    if not report.changed:
        out(_("nothing to add: {name} is already in the profile").format(name=service.name))
        return EXIT_OK
    return save_if_valid(doc, before)


# -- import-cookies ----------------------------------------------------------------------------


def _read_csv(path: Path) -> str | None:
    name = str(path)
    try:
        if path.is_dir():
            err(_("{file}: this is a folder, not a CSV file").format(file=name))
            return None
        if not path.is_file():
            if not path.exists():
                raise FileNotFoundError(name)
            # A named pipe would wait for a writer for ever; a device has no end.
            err(
                _(
                    "{file}: this is not a regular file (a pipe or a device?), not a CSV file"
                ).format(file=name)
            )
            return None
        # Read at most the limit: /dev/zero, a pipe or a growing file has no honest size.
        with path.open("rb") as fh:
            data = fh.read(MAX_CSV_BYTES + 1)
        if len(data) > MAX_CSV_BYTES:
            err(_("{file}: the file is too large for a cookie scan").format(file=name))
            return None
    except FileNotFoundError:
        err(_("{file}: no such file").format(file=name))
        return None
    except PermissionError:
        err(_("{file}: no permission to read the file").format(file=name))
        return None
    except OSError as exc:
        err(
            _("{file}: cannot read the file: {reason}").format(
                file=name, reason=exc.strerror or exc
            )
        )
        return None
    try:
        return decode_csv(data)
    except CsvError as exc:
        err(f"{name}: {csv_error_text(exc)}")
        return None


def _skip_text(row: SkippedRow) -> str:
    unknown = _("and the catalogue does not know the cookie")
    if row.reason == "no_name":
        return _("no cookie name")
    if row.reason == "unknown_category":
        if row.value:
            return _("category '{value}' not understood, {unknown}").format(
                value=row.value, unknown=unknown
            )
        return _("no category, {unknown}").format(unknown=unknown)
    if row.reason == "unknown_duration":
        if row.value:
            return _("duration '{value}' not understood, {unknown}").format(
                value=row.value, unknown=unknown
            )
        return _("no duration, {unknown}").format(unknown=unknown)
    if row.reason == "no_purpose":
        return _("no purpose, {unknown}").format(unknown=unknown)
    return _("no provider or domain, {unknown}").format(unknown=unknown)


def _note_text(note: Note) -> str:
    templates = {
        "category_from_catalog": _(
            "category '{value}' not understood; used the catalogue's: {used}"
        ),
        "category_overridden": _(
            "the scan says '{value}', but the catalogue knows it as {used}, "
            "which needs consent; used {used}"
        ),
        "category_disagrees": _(
            "the scan says '{value}', the catalogue says {used}; kept the scan's"
        ),
        "duration_from_catalog": _(
            "duration '{value}' not understood; used the catalogue's: {used}"
        ),
        "added_as_pattern": _("added as {used}, which covers {value} and the like"),
        "provider_by_domain": _(
            "the provider '{value}' is a domain; used the service it belongs to: {used}"
        ),
        "purpose_language": _(
            "the purpose is in English ('{value}'), but the documents are "
            "in {used}; write it in {used}"
        ),
    }
    used = note.used
    value = note.value
    if note.code == "purpose_language":
        used = _(_LANGUAGES[used]) if used in _LANGUAGES else used
        value = value if len(value) <= 40 else value[:39] + "…"
    return templates[note.code].format(value=value, used=used)


# The documents' languages, as a sentence names them.
_LANGUAGES = {"nb": N_("bokmål"), "nn": N_("nynorsk")}


def _print_import_report(report: ImportReport, csv_name: str, profile: str) -> None:
    used = ", ".join(f"{heading} → {fld}" for fld, heading in report.columns.items())
    out(
        _("{file}: {rows} rows; columns: {columns}").format(
            file=csv_name, rows=report.rows, columns=used
        )
    )
    if report.ignored_columns:
        out(_("columns not used: {columns}").format(columns=", ".join(report.ignored_columns)))
    if report.no_website:
        return
    if report.added:
        out(_("added:"))
        rows = [(c.name, c.provider, c.category, c.duration) for c in report.added]
        for line in table(("", "", "", ""), rows, right=frozenset())[1:]:
            out("  " + line)
    if report.present:
        out(_("already in the profile:"))
        for p in report.present:
            if p.in_csv and p.entry == p.scanned:
                detail = _("listed earlier in the scan")
            elif p.in_csv:
                detail = _("covered by {entry}, added above").format(entry=p.entry)
            elif p.entry != p.scanned:
                detail = _("covered by {entry}").format(entry=p.entry)
            else:
                detail = ""
            text = _("line {line}: {name}").format(line=p.line, name=p.scanned)
            out(f"  {text}" + (f" ({detail})" if detail else ""))
    if report.skipped:
        out(_("skipped:"))
        for row in report.skipped:
            text = _("line {line}: {name}").format(line=row.line, name=row.name or "-")
            out(f"  {text}: {_skip_text(row)}")
    if report.processors_added:
        out(_("added processors: {names}").format(names=", ".join(report.processors_added)))
    if report.needs_review:
        out(_("check these:"))
        for cookie in report.needs_review:
            text = _("line {line}: {name}").format(line=cookie.line, name=cookie.scanned)
            for note in cookie.notes:
                out(f"  {text}: {_note_text(note)}")
                if note.code == "purpose_language" and cookie.index is not None:
                    out(
                        "    "
                        + _(
                            "notice-tui set {profile} 'website.cookies[{index}].purpose' '...'"
                        ).format(profile=profile, index=cookie.index)
                    )
    if report.website_disabled and report.added:
        out(
            _(
                "note: the website module is switched off (enabled: false), so the cookies "
                "are not shown until it is switched on"
            )
        )
    out(
        _("added {added}, already present {present}, skipped {skipped}").format(
            added=len(report.added), present=len(report.present), skipped=len(report.skipped)
        )
    )


def cmd_import_cookies(args: argparse.Namespace) -> int:
    text = _read_csv(Path(args.csv))
    if text is None:
        return EXIT_UNREADABLE
    return locked(args.profile, lambda: _import_cookies(args, text))


def _import_cookies(args: argparse.Namespace, text: str) -> int:
    doc = load_profile(args.profile)
    if doc is None:
        return EXIT_UNREADABLE
    before = schema_errors(doc)
    try:
        report = import_cookies(doc.tree, text)
    except CsvError as exc:
        err(f"{args.csv}: {csv_error_text(exc)}")
        return EXIT_UNREADABLE
    _print_import_report(report, args.csv, args.profile)
    if report.no_website:
        err(
            _(
                "{file}: the profile has no website, so there is nothing to declare cookies on"
            ).format(file=args.profile)
        )
        err(_no_website_hint(args.profile))
        return EXIT_PROBLEMS
    if report.problems:
        for path in report.problems:
            err(_not_a_list(path))
        err(_("not saved"))
        return EXIT_PROBLEMS
    code = EXIT_OK
    if report.changed:
        code = save_if_valid(doc, before)
    if code == EXIT_OK and report.skipped:
        # Saved, but some cookies of the site are still undeclared: worth a non-zero exit.
        code = EXIT_PROBLEMS
    return code
