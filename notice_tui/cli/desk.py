"""`status` and `diff`: a consultant's folder of clients, and what changed in one."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from notice_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    err,
    not_a_profile,
    out,
    print_findings,
    printable,
)
from notice_tui.i18n import _, ngettext

if TYPE_CHECKING:
    from notice_tui.desk.status import Status
    from notice_tui.profile.durations import Duration
    from notice_tui.profile.model import Profile


def stale_arg(text: str) -> Duration:
    from notice_tui.profile.durations import from_words, parse_duration

    value = parse_duration(from_words(text) or text)
    if not value.is_period or value.session:
        raise argparse.ArgumentTypeError(
            _("not a period (12mo, 2y, 90d): {value}").format(value=text)
        )
    return value


def _age(date: dt.date | None, today: dt.date) -> str:
    from notice_tui import i18n
    from notice_tui.profile.durations import Duration

    if date is None:
        return _("never")
    days = (today - date).days
    if days < 0:
        return date.isoformat()
    if days < 60:
        span = Duration(f"{days}d", days, "d")
    else:
        months = round(days / 30.44)
        span = Duration(f"{months}mo", months, "mo")
    return _("{date} ({age} ago)").format(
        date=date.isoformat(), age=span.format(i18n.current_language())
    )


def _line(row: Status, today: dt.date) -> list[str]:
    if row.unreadable is not None:
        f = row.unreadable
        return [_("{file}: cannot be read: {problem}").format(file=row.path, problem=f.message)]
    counts = ", ".join(
        [
            ngettext("{n} error", "{n} errors", row.errors).format(n=row.errors),
            ngettext("{n} warning", "{n} warnings", row.warnings).format(n=row.warnings),
            ngettext("{n} tip", "{n} tips", row.tips).format(n=row.tips),
        ]
    )
    parts = [counts, _("updated {when}").format(when=_age(row.last_updated, today))]
    if row.stale:
        parts[-1] += " " + _("[not reviewed in that time]")
    if row.has_website:
        cookies = _("cookies checked {when}").format(when=_age(row.cookies_reviewed, today))
        if row.cookies_stale:
            cookies += " " + _("[check the cookies again]")
        parts.append(cookies)
    parts.append(_("languages {list}").format(list=", ".join(row.languages)))
    if row.documents is not None:
        parts.append(
            {
                "missing": _("documents not rendered"),
                "older": _("documents older than the profile: render again"),
                "current": _("documents up to date"),
            }[row.documents]
        )
    if row.uses:
        parts.append(_("uses it at {keys}").format(keys=", ".join(row.uses)))
    lines = [f"{row.path}: {row.business or '?'} — " + "; ".join(parts)]
    for a in row.catalog:
        what = _(
            "{service}: the catalogue's {fact} changed in notice-tui {version} "
            "({date}); look at {path}"
        ).format(
            service=a.service,
            fact=a.fact,
            version=a.change.version,
            date=a.change.date.isoformat(),
            path=a.path,
        )
        if a.profile_value is not None or a.catalog_value is not None:
            what += " " + _("(the profile says {own}, the catalogue now says {new})").format(
                own=a.profile_value or "—", new=a.catalog_value or "—"
            )
        lines.append("  ! " + what)
    return lines


def cmd_status(args: argparse.Namespace) -> int:
    from notice_tui.desk.catalog_changes import ChangeLogError, load_log
    from notice_tui.desk.status import portfolio

    roots = [Path(p) for p in args.folders]
    for root in roots:
        if not root.exists():
            err(_("{path}: no such file or folder").format(path=root))
            return EXIT_UNREADABLE
    try:
        log = load_log(args.catalog_log)
    except (OSError, ChangeLogError) as exc:
        err(_("the catalogue's change log cannot be read: {reason}").format(reason=exc))
        return EXIT_UNREADABLE
    today = args.date or dt.date.today()
    rows = portfolio(
        roots,
        today=today,
        out=Path(args.out) if args.out else None,
        service=args.uses,
        stale=args.stale,
        log=log,
    )
    if args.format == "json":
        json.dump([r.as_dict(today) for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for row in rows:
            for line in _line(row, today):
                out(line)
        if not rows:
            err(_("no profiles matched") if (args.uses or args.stale) else _("no profiles found"))
    if any(r.unreadable for r in rows):
        return EXIT_UNREADABLE
    return EXIT_PROBLEMS if any(r.errors for r in rows) else EXIT_OK


class _Unreadable(Exception):
    pass


def _parse(text: str, name: str) -> Profile:
    from notice_tui.findings import has_errors
    from notice_tui.profile.store import ProfileError, parse_text

    try:
        doc = parse_text(text, name)
    except ProfileError as exc:
        print_findings([exc.finding])
        raise _Unreadable from None
    profile, findings = doc.parse()
    if profile is None or has_errors(findings):
        print_findings([f for f in findings if f.severity.value == "error"])
        err(_("{file}: the profile has errors, so it cannot be compared").format(file=name))
        raise _Unreadable
    return profile


def _from_git(path: Path, rev: str) -> str:
    """The profile as it was at `rev`, read with `git show` from the file's own folder."""
    folder = path.resolve().parent
    try:
        res = subprocess.run(
            ["git", "show", f"{rev}:./{path.name}"], cwd=folder, capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        err(_("git could not be run: {reason}").format(reason=exc))
        raise _Unreadable from None
    if res.returncode != 0:
        reason = res.stderr.decode("utf-8", "replace").strip().splitlines()
        err(
            _("{file} at {rev} cannot be read from git: {reason}").format(
                file=path, rev=rev, reason=reason[-1] if reason else res.returncode
            )
        )
        raise _Unreadable
    from notice_tui.profile.store import decode

    return decode(res.stdout, f"{path}@{rev}")


def cmd_diff(args: argparse.Namespace) -> int:
    from notice_tui.desk.diff import diff_profiles, language, summary
    from notice_tui.profile.store import ProfileError, read_text

    if args.since is None and args.new is None:
        err(_("diff needs two profiles, or one profile and --since GIT-REVISION"))
        return EXIT_UNREADABLE
    if args.since is not None and args.new is not None:
        err(_("diff takes two profiles or --since, not both"))
        return EXIT_UNREADABLE
    new_path = Path(args.new or args.old)
    try:
        if args.since is not None:
            old_text, old_name = _from_git(new_path, args.since), f"{new_path}@{args.since}"
        else:
            old_text, old_name = read_text(Path(args.old)), args.old
        old = _parse(old_text, old_name)
        new = _parse(read_text(new_path), str(new_path))
    except ProfileError as exc:
        print_findings([exc.finding])
        return EXIT_UNREADABLE
    except _Unreadable:
        return EXIT_UNREADABLE
    lines = diff_profiles(old, new)
    if args.format == "json":
        json.dump(lines, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif lines:
        for line in lines:
            out(f"- {line}")
    else:
        err(_("no changes in what the documents say"))
    if args.record:
        if not lines:
            err(_("nothing to record"))
            return EXIT_OK
        # The change log is the reader's: in the documents' languages, not the UI's;
        # one the program does not speak (nynorsk) is left for the user to write.
        from notice_tui.i18n import SUPPORTED

        texts: dict[str, str] = {}
        for lang in new.document_languages:
            if lang in SUPPORTED:
                with language(lang):
                    texts[lang] = summary(diff_profiles(old, new))
        if not texts:
            with language(new.language):
                texts[new.language] = summary(diff_profiles(old, new))
        return _record(new_path, args.date or dt.date.today(), texts)
    return EXIT_OK


def _record(path: Path, date: dt.date, texts: dict[str, str]) -> int:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from notice_tui.profile.store import ProfileError, SaveError, load, profile_lock

    try:
        with profile_lock(path):
            doc = load(path)
            refusal = not_a_profile(doc)
            if refusal:
                err(refusal)
                return EXIT_UNREADABLE
            entries = doc.tree.get("changes")
            if entries is None:
                entries = doc.tree["changes"] = CommentedSeq()
            elif not isinstance(entries, list):
                err(_("{file}: changes is not a list; nothing was recorded").format(file=path))
                return EXIT_UNREADABLE
            entry = CommentedMap()
            entry["date"] = date
            if len(texts) == 1:
                entry["text"] = next(iter(texts.values()))
            else:  # a text per document language, as every text a reader sees may be
                entry["text"] = CommentedMap(texts)
            entries.append(entry)
            doc.save()
    except ProfileError as exc:
        print_findings([exc.finding])
        return EXIT_UNREADABLE
    except SaveError as exc:
        err(str(exc))
        return EXIT_UNREADABLE
    err(
        printable(
            _(
                "recorded in {file} under changes ({date}): edit the text as you "
                "want readers to see it"
            ).format(file=path, date=date.isoformat())
        )
    )
    return EXIT_OK


def render_protocols(
    args: argparse.Namespace, jobs: list[tuple[str, str | None]], *, findings: bool
) -> int:
    """`render --only protocol` / `--with protocol`: the record of processing activities.

    Refused, like the documents, while check finds errors (unless --draft); a gap only
    the protocol has is written as [MANGLER: …] and named by `check --protocol`.
    """
    from notice_tui.desk.protocol import build_protocol, document, files_of
    from notice_tui.findings import Severity, has_errors
    from notice_tui.pipeline import analyse
    from notice_tui.profile.store import ProfileError, SaveError, atomic_write

    code = EXIT_OK
    printed = False
    quiet = bool(getattr(args, "quiet", False))
    for path, folder in jobs:
        try:
            result = analyse(path, fast=True)
        except ProfileError as exc:
            print_findings([exc.finding])
            code = max(code, EXIT_UNREADABLE)
            continue
        if findings:
            print_findings(
                [f for f in result.findings if f.severity is Severity.ERROR]
                if quiet
                else result.findings
            )
        if (
            not result.valid
            or result.profile is None
            or (has_errors(result.compliance) and not args.draft)
        ):
            err(
                _("{file}: no protocol written: answer what check reports as errors").format(
                    file=path
                )
            )
            code = max(code, EXIT_PROBLEMS)
            continue
        protocol = build_protocol(result.profile, args.date)
        if folder is None:
            doc = document(protocol)
            for fmt in dict.fromkeys(args.format or ["html"]):
                if printed:
                    sys.stdout.write("\n")
                sys.stdout.write(doc.as_format(fmt, args.fragment, "nb"))
                printed = True
        else:
            target = Path(folder)
            try:
                target.mkdir(parents=True, exist_ok=True)
                for name, content in files_of(protocol).items():
                    atomic_write(target / name, content, durable=False)
                    if not quiet:
                        err(_("wrote {path}").format(path=target / name))
            except OSError as exc:
                err(
                    _("could not make the folder {path}: {reason}").format(
                        path=target, reason=exc.strerror or exc
                    )
                )
                code = max(code, EXIT_UNREADABLE)
                continue
            except SaveError as exc:
                err(str(exc))
                code = max(code, EXIT_UNREADABLE)
                continue
        gaps = len(protocol.missing)
        if gaps and not quiet:
            err(
                ngettext(
                    "{file}: the protocol has {n} gap, marked [MANGLER]; check --protocol "
                    "names the key to set",
                    "{file}: the protocol has {n} gaps, marked [MANGLER]; check --protocol "
                    "names the keys to set",
                    gaps,
                ).format(file=path, n=gaps)
            )
    return code
