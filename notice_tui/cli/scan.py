"""`notice-tui scan`: visit the site in a real browser and hold it against the declaration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from notice_tui.cli.changing import load_profile, locked, save_if_valid, schema_errors
from notice_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    err,
    out,
    print_findings,
    table,
)
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.model import Profile
from notice_tui.profile.store import ProfileDocument, SaveError
from notice_tui.scan.model import ScanError, ScanResult


def scan_error_text(exc: ScanError) -> str:
    """Why the site could not be scanned, in the UI language."""
    detail = exc.detail
    messages = {
        "no_playwright": _(
            "the scan needs Playwright, which is not installed: pip install 'notice-tui[scan]'"
        ),
        "no_browser": _(
            "found no Chromium or Chrome to scan with; install one "
            "(playwright install chromium, or the system's chromium package) "
            "or name it with --browser PATH or NOTICE_TUI_BROWSER"
        ),
        "browser_failed": _("the browser could not be started: {detail}"),
        "dns": _("the site's name could not be looked up (DNS): {detail}"),
        "tls": _("the site's certificate or TLS connection is not valid: {detail}"),
        "timeout": _("the site did not answer in time: {detail}"),
        "refused": _("the site refused the connection: {detail}"),
        "http": _("the site answered the first page with HTTP status {detail}"),
        "bad_url": _("not a web address that can be scanned: {detail}"),
        "network": _("the site could not be loaded: {detail}"),
    }
    text = messages.get(exc.code, "{detail}")
    if exc.code == "no_browser" and detail:
        text = _("no browser at {detail}").format(detail=detail)
        return text
    return text.format(detail=detail or "-").rstrip(": -")


def _load(path: str) -> tuple[ProfileDocument, Profile] | None:
    doc = load_profile(path)
    if doc is None:
        return None
    profile, findings = doc.parse()
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if profile is None or errors:
        print_findings(errors)
        err(
            _("{file}: correct the profile first; a scan is compared with a valid profile").format(
                file=doc.display_name
            )
        )
        return None
    return doc, profile


def _start_url(args: argparse.Namespace, profile: Profile) -> str | None:
    if args.url:
        return str(args.url)
    if profile.website is not None and profile.website.url:
        return profile.website.url
    return profile.controller.website or None


def _report_paths(values: list[str] | None) -> list[Path] | None:
    paths = [Path(v) for v in values or []]
    for path in paths:
        if path.suffix.casefold() not in (".json", ".html", ".htm"):
            err(_("{file}: a report is written as .json or .html").format(file=path))
            return None
        if path.is_dir():
            err(_("{file}: this is a folder").format(file=path))
            return None
        if not path.parent.is_dir():
            err(_("{file}: the folder does not exist").format(file=path))
            return None
    return paths


def _progress(visit: str, pages: int, items: int) -> None:
    from notice_tui.scan.report import counts, visit_title

    if sys.stderr.isatty():
        line = _("{visit}: {counts}").format(visit=visit_title(visit), counts=counts(pages, items))
        print("\r" + line.ljust(60), end="", file=sys.stderr, flush=True)


def cmd_scan(args: argparse.Namespace) -> int:
    loaded = _load(args.profile)
    if loaded is None:
        return EXIT_UNREADABLE
    doc, profile = loaded
    url = _start_url(args, profile)
    if not url:
        err(
            _(
                "{file}: the profile has no website.url; give the address to scan: "
                "notice-tui scan {file} https://..."
            ).format(file=args.profile)
        )
        return EXIT_UNREADABLE
    if args.pages < 1:
        err(_("--pages must be 1 or more"))
        return EXIT_UNREADABLE
    if args.prune and not args.apply:
        err(_("--prune only works with --apply"))
        return EXIT_UNREADABLE
    reports = _report_paths(args.report)
    if reports is None:
        return EXIT_UNREADABLE

    from notice_tui.scan.browser import ScanOptions, scan_site
    from notice_tui.scan.compare import compare

    shots = next((p for p in reports if p.suffix.casefold() == ".json"), None) or next(
        iter(reports), None
    )
    options = ScanOptions(
        url=url,
        pages=args.pages,
        reject=args.reject,
        browser=args.browser,
        timeout=args.timeout,
        progress=_progress,
        screenshots=shots.parent if shots is not None else None,
        screenshot_stem=shots.stem if shots is not None else "scan",
    )
    try:
        result = scan_site(options)
    except ScanError as exc:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        err(_("{url}: cannot scan: {reason}").format(url=url, reason=scan_error_text(exc)))
        return EXIT_UNREADABLE
    if sys.stderr.isatty():
        print(file=sys.stderr)
    result.profile = args.profile
    compare(result, profile)
    _print_result(result, doc)
    for path in reports:
        if not _write_report(result, path, options.screenshots):
            return EXIT_UNREADABLE
    code = EXIT_PROBLEMS if result.problems else EXIT_OK
    if args.apply:
        applied = _apply(args, result)
        if applied != EXIT_OK:
            return applied
    return code


def _write_report(result: ScanResult, path: Path, screenshots: Path | None) -> bool:
    from notice_tui.scan.report import write_html, write_json

    try:
        if path.suffix.casefold() == ".json":
            write_json(result, path)
        else:
            write_html(result, path, screenshots)
    except (OSError, SaveError) as exc:
        err(
            _("{file}: the report could not be written: {reason}").format(
                file=path, reason=getattr(exc, "strerror", None) or exc
            )
        )
        return False
    err(_("wrote {file}").format(file=path))
    return True


def _print_result(result: ScanResult, doc: ProfileDocument) -> None:
    from notice_tui.labels import category_word
    from notice_tui.scan.compare import kind_label
    from notice_tui.scan.report import banner_text, counts, problem_counts, visit_title

    out(_("scanned {url} with {browser}").format(url=result.url, browser=result.browser))
    for visit in result.visits:
        out("")
        out(
            _("{visit}: {counts}; {banner}").format(
                visit=visit_title(visit.visit),
                counts=counts(len(visit.pages), len(visit.items)),
                banner=banner_text(visit),
            )
        )
        for page in visit.failed_pages:
            out("  " + _("did not load: {page}").format(page=page))
        rows = [
            (
                item.name,
                kind_label(item.kind),
                item.domain,
                _("first party") if item.first_party else _("third party"),
                item.duration or "-",
                category_word(item.category) if item.category else "?",
                (item.declared_as or "") if item.declared else _("not declared"),
            )
            for item in visit.items
        ]
        if rows:
            header = (
                _("NAME"),
                _("KIND"),
                _("DOMAIN"),
                _("PARTY"),
                _("DURATION"),
                _("CATEGORY"),
                _("DECLARED AS"),
            )
            for text in table(header, rows):
                out("  " + text)
    out("")
    if not result.problems:
        out(_("the site matches the cookie declaration"))
        return
    from notice_tui.profile.paths import locate

    findings = []
    for p in result.problems:
        line, column = locate(doc.positions, p.profile_path) if p.profile_path else (None, None)
        findings.append(
            Finding(
                path=p.profile_path or "",
                message=p.message,
                severity=Severity(p.severity),
                rule=p.rule,
                file=result.profile,
                line=line,
                column=column,
            )
        )
    print_findings(findings, sys.stdout)
    errors = sum(1 for p in result.problems if p.severity == "error")
    out(problem_counts(errors, len(result.problems) - errors))


def _apply(args: argparse.Namespace, result: ScanResult) -> int:
    return locked(args.profile, lambda: _apply_locked(args, result))


def _apply_locked(args: argparse.Namespace, result: ScanResult) -> int:
    from notice_tui.scan.compare import compare
    from notice_tui.scan.merge import apply_scan

    # Read again: the file may have changed during the scan, and the entries to prune
    # are named by their place in the list as it is now.
    loaded = _load(args.profile)
    if loaded is None:
        return EXIT_UNREADABLE
    doc, profile = loaded
    compare(result, profile)
    before = schema_errors(doc)
    report = apply_scan(doc.tree, result, prune=args.prune)
    imported = report.imported
    if imported.no_website:
        err(
            _(
                "{file}: the profile has no website, so there is nothing to declare cookies on"
            ).format(file=args.profile)
        )
        return EXIT_PROBLEMS
    if imported.problems:
        for path in imported.problems:
            err(
                _(
                    "{path} is not a list, so nothing was added to it; correct it by hand first"
                ).format(path=path)
            )
        err(_("not saved"))
        return EXIT_PROBLEMS
    for added in imported.added:
        out(
            _("added: {name} ({provider}, {category}, {duration})").format(
                name=added.name,
                provider=added.provider,
                category=added.category,
                duration=added.duration,
            )
        )
    for name in imported.processors_added:
        out(_("added processor: {name}").format(name=name))
    for row in imported.skipped:
        item = report.rows.get(row.line)
        out(
            _("not added: {name}: {reason}").format(
                name=item.name if item else row.name, reason=_skip_reason(row.reason)
            )
        )
    for item in report.not_added_requests:
        out(
            _(
                "not added: {name}: a request (pixel); declare it by hand with storage: pixel"
            ).format(name=item.name)
        )
    for name in report.pruned:
        out(_("removed, as the scan did not find it: {name}").format(name=name))
    code = save_if_valid(doc, before)
    if code != EXIT_OK:
        return code
    if report.reviewed is not None:
        out(_("website.cookies_reviewed: {date}").format(date=report.reviewed.isoformat()))
    return EXIT_PROBLEMS if imported.skipped else EXIT_OK


def _skip_reason(reason: str) -> str:
    unknown = _("and the catalogue does not know the cookie")
    reasons = {
        "no_name": _("no cookie name"),
        "unknown_category": _("no category, {unknown}").format(unknown=unknown),
        "unknown_duration": _("no duration, {unknown}").format(unknown=unknown),
        "no_purpose": _("no purpose, {unknown}").format(unknown=unknown),
        "no_provider": _("no provider or domain, {unknown}").format(unknown=unknown),
    }
    return reasons.get(reason, reason)
