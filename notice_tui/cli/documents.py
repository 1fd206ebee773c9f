"""`render`, `check` and `schema`: the documents and the verdict on a profile."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from notice_tui.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, print_findings
from notice_tui.findings import Severity, has_errors
from notice_tui.i18n import _

if TYPE_CHECKING:
    from notice_tui.batch import BatchResult


def cmd_check(args: argparse.Namespace) -> int:
    from notice_tui.pipeline import analyse
    from notice_tui.profile.store import ProfileError

    code = EXIT_OK
    report = []
    for path in args.profiles:
        try:
            result = analyse(path)
        except ProfileError as exc:
            code = EXIT_UNREADABLE
            report.append(exc.finding)
            if args.format == "text":
                print_findings([exc.finding], sys.stdout)
            continue
        findings = result.findings
        if args.protocol and result.valid and result.profile is not None:
            from notice_tui.checks.rules_protocol import protocol_findings
            from notice_tui.findings import Severity

            findings = sorted(
                findings
                + protocol_findings(
                    result.profile, result.doc.positions, result.doc.display_name, findings
                ),
                key=lambda f: (list(Severity).index(f.severity), f.line or 0),
            )
        report.extend(findings)
        if args.format == "text":
            print_findings(findings, sys.stdout)
        if has_errors(findings) and code == EXIT_OK:
            code = EXIT_PROBLEMS
    if args.format == "json":
        json.dump([f.as_dict() for f in report], sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif code == EXIT_OK:
        n = len(args.profiles)
        print(_("{n} profile(s) checked: no errors").format(n=n), file=sys.stderr)
    return code


def cmd_render(args: argparse.Namespace) -> int:
    from notice_tui.batch import render_many, render_one
    from notice_tui.pipeline import safe_name

    to_stdout = args.out == "-"
    formats = list(dict.fromkeys(args.format or ["html"]))  # in the order given, once each
    several = len(args.profiles) > 1
    jobs: list[tuple[str, str | None]] = []
    used: set[str] = set()
    for path in args.profiles:
        if to_stdout or not several:
            jobs.append((path, None if to_stdout else args.out))
            continue
        # One folder per profile, named after its file; a clash gets a number, so
        # a/kunde.yaml and b/kunde.yaml never write over each other.
        stem = base = safe_name(Path(path).stem)
        n = 1
        while stem.casefold() in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem.casefold())
        jobs.append((path, str(Path(args.out) / stem)))
    if args.only == "protocol" or args.with_ == "protocol":
        from notice_tui.cli.desk import render_protocols

        if args.only == "protocol":
            return render_protocols(args, jobs, findings=True)
    results: Iterator[BatchResult]
    if to_stdout:
        # In order, one at a time: the documents are printed as they come.
        results = (
            render_one(
                path, None, formats, args.fragment, args.date, args.draft, args.only, args.language
            )
            for path, _out in jobs
        )
    else:
        results = iter(
            render_many(
                jobs,
                formats,
                fragment=args.fragment,
                today=args.date,
                draft=args.draft,
                only=args.only,
                workers=args.jobs,
                languages=args.language,
            )
        )
    code = EXIT_OK
    printed = 0
    for res in results:
        if res.error is not None:
            print_findings([res.error])
            code = max(code, EXIT_UNREADABLE)
            continue
        # Quiet: errors only, for a script or a scheduled job that reads its exit code.
        print_findings(
            [f for f in res.findings if f.severity is Severity.ERROR]
            if args.quiet
            else res.findings
        )
        if not res.rendered:
            if res.findings and not has_errors([f for f in res.findings if f.rule == "schema"]):
                print(
                    _(
                        "{file}: not rendered: answer what check reports as errors, or "
                        "render with --draft for a marked draft"
                    ).format(file=res.profile),
                    file=sys.stderr,
                )
            else:
                print(_("{file}: not rendered").format(file=res.profile), file=sys.stderr)
            code = max(code, EXIT_PROBLEMS)
            continue
        if args.draft and has_errors(res.findings):
            code = max(code, EXIT_PROBLEMS)
        for text in res.texts:
            if printed:
                sys.stdout.write("\n")
            if isinstance(text, bytes):  # a spreadsheet, as it is
                sys.stdout.flush()
                sys.stdout.buffer.write(text)
            else:
                sys.stdout.write(text)
            printed += 1
        if args.quiet:
            continue
        for written in res.written:
            print(_("wrote {path}").format(path=written), file=sys.stderr)
        if not res.has_website and not args.only and not to_stdout:
            print(
                _("{file}: no website in the profile, so no cookie declaration").format(
                    file=res.profile
                ),
                file=sys.stderr,
            )
    if args.with_ == "protocol":
        code = max(code, render_protocols(args, jobs, findings=False))
    return code


def cmd_schema(args: argparse.Namespace) -> int:
    from notice_tui.profile.jsonschema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return EXIT_OK
