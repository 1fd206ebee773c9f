"""The command line: `notice-tui [PROFILE]` opens the wizard; subcommands work without it.

Textual is imported only for the wizard, so `render` and `check` start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from notice_tui import __version__
from notice_tui.findings import Finding, Severity, has_errors
from notice_tui.i18n import _, set_language

if TYPE_CHECKING:
    from notice_tui.profile.store import ProfileDocument

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2

COMMANDS = ("render", "check", "schema", "set", "get", "new", "services", "add-service",
            "import-cookies")


# Control characters (an escape sequence can clear the screen or set the window
# title), characters that turn text around or cannot be seen, and lone surrogates
# (which no terminal can be sent). Tab and newline pass.
_TERMINAL_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff\U000e0000-\U000e007f]")


def _printable(text: str) -> str:
    """User and file text can hold escape sequences; a terminal must see them, not obey
    them. Everything notice-tui prints of a profile or a scan goes through here."""
    return _TERMINAL_CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _print_findings(findings: list[Finding], stream=None) -> None:
    stream = stream or sys.stderr
    labels = {Severity.ERROR: _("error"), Severity.WARNING: _("warning"), Severity.HINT: _("hint")}
    for f in findings:
        where = f.location()
        path = f"{f.path}: " if f.path else ""
        rule = f" [{f.rule}]" if f.rule != "schema" else ""
        hint = f" ({f.hint})" if f.hint else ""
        line = f"{where}: {labels[f.severity]}: {path}{f.message}{hint}{rule}"
        print(_printable(line), file=stream)


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {value}").format(value=text)
                                         ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notice-tui",
        description=_("Write a Norwegian privacy notice and cookie declaration from a profile."),
    )
    parser.add_argument("--version", action="version", version=f"notice-tui {__version__}")
    parser.add_argument("--lang", help=_("language of the program: nb or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("render", help=_("write the documents of one or more profiles"))
    p.add_argument("profiles", nargs="+", metavar="PROFILE")
    p.add_argument("--format", choices=("md", "html"), default="html")
    p.add_argument("--out", default=".", metavar="DIR",
                   help=_("folder to write to, or - for standard output"))
    p.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD",
                   help=_('"Sist oppdatert" for a profile without last_updated '
                          "(default: today; the profile's own date always wins)"))
    p.add_argument("--fragment", action="store_true",
                   help=_("HTML without <html> and <head>, to paste into a CMS"))
    p.add_argument("--draft", action="store_true",
                   help=_("write the documents even when check finds errors, marked as a draft "
                          "with every missing answer shown"))
    p.add_argument("--strict", action="store_true",
                   help=_("refuse to render when check finds an error (the default)"))
    p.add_argument("--only", choices=("privacy", "cookies"), help=_("write only one document"))
    p.add_argument("--jobs", type=int, metavar="N",
                   help=_("processes to render with (default: one per core)"))

    p = sub.add_parser("check", help=_("validate profiles and run the compliance rules"))
    p.add_argument("profiles", nargs="+", metavar="PROFILE")
    p.add_argument("--format", choices=("text", "json"), default="text")

    sub.add_parser("schema", help=_("print the JSON Schema of the profile format"))

    p = sub.add_parser("get", help=_("print one value of a profile by its key path"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("path", metavar="KEY.PATH")

    p = sub.add_parser("set", help=_("change one value of a profile, keeping its comments"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("path", metavar="KEY.PATH")
    p.add_argument("value", help=_("a YAML value: text, 12mo, true, [a, b]; '~' removes the key"))

    p = sub.add_parser("new", help=_("create a new profile file"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("--name", required=True, help=_("name of the business"))
    p.add_argument("--email", required=True, help=_("e-mail for privacy questions"))

    p = sub.add_parser("services", help=_("list the services the catalogue knows"))
    p.add_argument("query", nargs="?", default="")

    p = sub.add_parser("add-service", help=_("add a service from the catalogue to a profile"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("service", metavar="SERVICE")

    p = sub.add_parser("import-cookies", help=_("merge a cookie scanner's CSV into a profile"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("csv", metavar="CSV")
    return parser


def _first_word(args: list[str]) -> str | None:
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg == "--lang":
            skip = True
            continue
        if not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = _first_word(args_list)
    if first not in COMMANDS and not {"-h", "--help", "--version"} & set(args_list):
        # `notice-tui [PROFILE.yaml]` opens the wizard.
        wizard = argparse.ArgumentParser(prog="notice-tui")
        wizard.add_argument("--lang")
        wizard.add_argument("profile", nargs="?")
        wargs = wizard.parse_args(args_list)
        set_language(wargs.lang)
        return run_wizard(wargs.profile, wargs.lang)
    lang = None
    if "--lang" in args_list:
        i = args_list.index("--lang")
        lang = args_list[i + 1] if i + 1 < len(args_list) else None
    set_language(lang)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return HANDLERS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run_wizard(profile: str | None, lang: str | None = None) -> int:
    try:
        from notice_tui.tui.app import run
    except ImportError as exc:  # pragma: no cover - the wizard ships with the package
        print(_("the wizard is not available: {reason}").format(reason=exc), file=sys.stderr)
        return EXIT_UNREADABLE
    return run(profile, lang)


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
                _print_findings([exc.finding], sys.stdout)
            continue
        findings = result.findings
        report.extend(findings)
        if args.format == "text":
            _print_findings(findings, sys.stdout)
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
    if to_stdout:
        # In order, one at a time: the documents are printed as they come.
        results = (render_one(path, None, [args.format], args.fragment, args.date,
                              args.draft, args.only) for path, _out in jobs)
    else:
        results = iter(render_many(jobs, [args.format], fragment=args.fragment,
                                   today=args.date, draft=args.draft, only=args.only,
                                   workers=args.jobs))
    code = EXIT_OK
    printed = 0
    for res in results:
        if res.error is not None:
            _print_findings([res.error])
            code = max(code, EXIT_UNREADABLE)
            continue
        _print_findings(res.findings)
        if not res.rendered:
            if res.findings and not has_errors([f for f in res.findings if f.rule == "schema"]):
                print(_("{file}: not rendered: answer what check reports as errors, or "
                        "render with --draft for a marked draft").format(file=res.profile),
                      file=sys.stderr)
            else:
                print(_("{file}: not rendered").format(file=res.profile), file=sys.stderr)
            code = max(code, EXIT_PROBLEMS)
            continue
        if args.draft and has_errors(res.findings):
            code = max(code, EXIT_PROBLEMS)
        for text in res.texts:
            if printed:
                sys.stdout.write("\n")
            sys.stdout.write(text)
            printed += 1
        for written in res.written:
            print(_("wrote {path}").format(path=written), file=sys.stderr)
        if not res.has_website and not args.only and not to_stdout:
            print(_("{file}: no website in the profile, so no cookie declaration").format(
                file=res.profile), file=sys.stderr)
    return code


def cmd_schema(args: argparse.Namespace) -> int:
    from notice_tui.profile.jsonschema import json_schema

    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return EXIT_OK


def cmd_get(args: argparse.Namespace) -> int:
    from notice_tui.profile import paths
    from notice_tui.profile.store import ProfileError, dump_tree, load

    try:
        doc = load(args.profile)
        value = paths.get(doc.tree, args.path, default=paths._MISSING)
    except ProfileError as exc:
        _print_findings([exc.finding])
        return EXIT_UNREADABLE
    except paths.PathError:
        print(_printable(_("not a key path: {path}").format(path=args.path)), file=sys.stderr)
        return EXIT_PROBLEMS
    if value is paths._MISSING:
        print(_printable(_("{path} is not set").format(path=args.path)), file=sys.stderr)
        return EXIT_PROBLEMS
    if isinstance(value, (dict, list)):
        text = dump_tree(value)
    elif isinstance(value, (bytes, bytearray)):  # !!binary: as the file writes it
        import base64

        text = base64.b64encode(value).decode("ascii") + "\n"
    elif value is None:
        text = "\n"
    else:
        text = f"{value}\n"
    sys.stdout.write(_printable(text))
    return EXIT_OK


# Fields that are text even when they look like numbers: "0150" keeps its zero.
_TEXT_KINDS = frozenset({"postal_code", "org_number", "phone"})


def _set_value(path: str, text: str) -> object:
    """What `set` writes: YAML, except where the field says what the text is."""
    from notice_tui.profile.durations import from_words
    from notice_tui.profile.model import field_for
    from notice_tui.profile.store import parse_value
    from notice_tui.profile.values import tidy_answer

    field = field_for(path)
    kind = field.metadata.get("kind") if field is not None else None
    if kind in _TEXT_KINDS and not text.lstrip().startswith(("[", "{")):
        return text.strip()
    if kind == "url":
        text = tidy_answer(text, "url")  # "fjordkaffe.no" is the https:// address
    if kind == "duration":
        canonical = from_words(text)
        if canonical:  # "3 år" is the period 3y: saved in the form every tool reads
            return canonical
    return parse_value(text)


def cmd_set(args: argparse.Namespace) -> int:
    from notice_tui.findings import Severity
    from notice_tui.pipeline import analyse_document
    from notice_tui.profile import paths
    from notice_tui.profile.store import (
        ProfileError,
        SaveError,
        ValueParseError,
        load,
        profile_lock,
    )

    try:
        value = None if args.value.strip() in ("~", "null") else _set_value(args.path,
                                                                            args.value)
    except ValueParseError as exc:
        # Where: the value given on the command line, which has no file position.
        _print_findings([Finding(path=args.path, file=_("<command line>"), message=str(exc))])
        print(_("not saved"), file=sys.stderr)
        return EXIT_UNREADABLE
    target = Path(args.profile)
    try:
        # Read, change and write under one lock: two `set`s at once both keep their change.
        with profile_lock(target):
            doc = load(target)
            refusal = not_a_profile(doc)
            if refusal:
                print(_printable(refusal), file=sys.stderr)
                return EXIT_UNREADABLE
            try:
                if value is None:
                    paths.delete(doc.tree, args.path)
                else:
                    paths.set_value(doc.tree, args.path, value)
            except paths.PathError as exc:
                if exc.scalar_at:
                    line, col = paths.locate(doc.tree, exc.scalar_at)
                    _print_findings([Finding(
                        path=args.path, file=str(target), line=line, column=col,
                        message=_("{where} is a single value, not a mapping or a list, so "
                                  "nothing can be set inside it").format(where=exc.scalar_at))])
                    print(_("not saved"), file=sys.stderr)
                    return EXIT_UNREADABLE
                print(_printable(_("cannot set {path}: not a key path, or the list is "
                                   "shorter").format(path=args.path)), file=sys.stderr)
                return EXIT_PROBLEMS
            result = analyse_document(doc, compliance=False)
            problems = [f for f in result.schema if f.severity is Severity.ERROR and (
                f.path == args.path or f.path.startswith(args.path + ".")
                or f.path.startswith(args.path + "["))]
            if problems:
                _print_findings(problems)
                print(_("not saved"), file=sys.stderr)
                return EXIT_PROBLEMS
            doc.save()
    except ProfileError as exc:
        _print_findings([exc.finding])
        return EXIT_UNREADABLE
    except SaveError as exc:
        print(_printable(str(exc)), file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def not_a_profile(doc: ProfileDocument) -> str | None:
    """Why a file must not be changed as a profile: it lacks schema_version or controller
    (a mistyped path to some other YAML file). None when it may be."""
    missing = [key for key in ("schema_version", "controller") if key not in doc.tree]
    if not missing:
        return None
    return _("{file} does not look like a profile (no {keys}); nothing was changed").format(
        file=doc.display_name, keys=", ".join(missing))


def cmd_new(args: argparse.Namespace) -> int:
    from notice_tui.pipeline import analyse_document
    from notice_tui.profile.store import ProfileDocument, SaveError, new_tree

    target = Path(args.profile)
    if target.exists():
        print(_("{path} exists already; not overwritten").format(path=target), file=sys.stderr)
        return EXIT_PROBLEMS
    doc = ProfileDocument(tree=new_tree(args.name, args.email), path=target)
    result = analyse_document(doc, compliance=False)
    if has_errors(result.schema):
        _print_findings(result.schema)
        return EXIT_PROBLEMS
    try:
        doc.save()
    except SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    print(_("wrote {path}").format(path=target), file=sys.stderr)
    return EXIT_OK


def _catalog_command(name: str):
    def handler(args: argparse.Namespace) -> int:
        from notice_tui import catalog_cli

        return getattr(catalog_cli, name)(args)

    return handler


HANDLERS = {
    "render": cmd_render,
    "check": cmd_check,
    "schema": cmd_schema,
    "get": cmd_get,
    "set": cmd_set,
    "new": cmd_new,
    "services": _catalog_command("cmd_services"),
    "add-service": _catalog_command("cmd_add_service"),
    "import-cookies": _catalog_command("cmd_import_cookies"),
}
