"""The command line's grammar: every command, its arguments and where it is handled.

A handler is named, not imported, so `notice-tui check` loads only what `check` needs.
"""

from __future__ import annotations

import argparse

from notice_tui import __version__
from notice_tui.cli.output import date_arg
from notice_tui.i18n import _

# command -> "module:function" under notice_tui.cli
HANDLERS = {
    "render": "documents:cmd_render",
    "check": "documents:cmd_check",
    "schema": "documents:cmd_schema",
    "get": "editing:cmd_get",
    "set": "editing:cmd_set",
    "new": "editing:cmd_new",
    "services": "catalog:cmd_services",
    "add-service": "catalog:cmd_add_service",
    "import-cookies": "catalog:cmd_import_cookies",
    "scan": "scan:cmd_scan",
    "status": "desk:cmd_status",
    "diff": "desk:cmd_diff",
}
COMMANDS = tuple(HANDLERS)


def languages_arg(text: str) -> list[str]:
    """`--language nn` or `--language nb,en`: document languages the templates exist for."""
    from notice_tui.profile.model import SUPPORTED_LANGUAGES

    wanted = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [lang for lang in wanted if lang not in SUPPORTED_LANGUAGES]
    if not wanted or unknown:
        raise argparse.ArgumentTypeError(
            _("'{value}': the documents can be written in {choices}").format(
                value=text, choices=", ".join(SUPPORTED_LANGUAGES)
            )
        )
    return list(dict.fromkeys(wanted))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notice-tui",
        description=_("Write a Norwegian privacy notice and cookie declaration from a profile."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"notice-tui {__version__}",
        help=_("show the program's version and exit"),
    )
    parser.add_argument("--lang", help=_("language of the program: nb or en"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("render", help=_("write the documents of one or more profiles"))
    p.add_argument("profiles", nargs="+", metavar="PROFILE")
    p.add_argument(
        "--format",
        choices=("md", "html"),
        action="append",
        help=_("html (the default) or md; give it twice for both"),
    )
    p.add_argument(
        "--out", default=".", metavar="DIR", help=_("folder to write to, or - for standard output")
    )
    p.add_argument(
        "--date",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=_(
            '"Sist oppdatert" for a profile without last_updated '
            "(default: today; the profile's own date always wins)"
        ),
    )
    p.add_argument(
        "--fragment",
        action="store_true",
        help=_("HTML without <html> and <head>, to paste into a CMS"),
    )
    p.add_argument(
        "--draft",
        action="store_true",
        help=_(
            "write the documents even when check finds errors, marked as a draft "
            "with every missing answer shown"
        ),
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help=_("refuse to render when check finds an error (the default)"),
    )
    p.add_argument(
        "--only",
        choices=("privacy", "cookies", "protocol"),
        help=_(
            "write only one document; protocol: the record of processing "
            "activities (art. 30) as .xlsx, .md and .html"
        ),
    )
    p.add_argument(
        "--with",
        dest="with_",
        choices=("protocol",),
        help=_("write the protocol (.xlsx, .md and .html) beside the documents"),
    )
    p.add_argument(
        "--language",
        type=languages_arg,
        metavar="LANG[,LANG]",
        help=_(
            "write the documents in these languages this time (nb, nn, en; "
            "several: nb,en), instead of the profile's language or languages"
        ),
    )
    p.add_argument(
        "--jobs", type=int, metavar="N", help=_("processes to render with (default: one per core)")
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=_("print only errors: no 'wrote' lines, warnings or tips"),
    )

    p = sub.add_parser("check", help=_("validate profiles and run the compliance rules"))
    p.add_argument("profiles", nargs="+", metavar="PROFILE")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--protocol",
        action="store_true",
        help=_("also ask for what the protocol (art. 30) needs and the profile does not say"),
    )

    p = sub.add_parser("schema", help=_("print the JSON Schema of the profile format"))

    p = sub.add_parser("get", help=_("print one value of a profile by its key path"))
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument("path", metavar="KEY.PATH")

    p = sub.add_parser(
        "set",
        help=_("change one value of a profile, keeping its comments"),
        description=_(
            "Change one value of a profile, keeping its comments. A list entry is "
            "named by its index, from 0: processors[2].transfer. To add an entry, "
            "give the index [+] (or the list's length): "
            "set kunde.yaml 'processors[+]' '{name: Fiken, service: regnskap, "
            "location: Norge, transfer: none}'. A new entry is saved only when "
            "it is complete."
        ),
    )
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument(
        "path",
        metavar="KEY.PATH",
        help=_(
            "where: controller.address.postal_code, processors[0].name, "
            "processors[+] for a new entry"
        ),
    )
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

    p = sub.add_parser(
        "scan",
        help=_(
            "visit the website in a browser and compare what it stores with the cookie declaration"
        ),
    )
    p.add_argument("profile", metavar="PROFILE")
    p.add_argument(
        "url",
        nargs="?",
        metavar="URL",
        help=_("where to start (default: website.url of the profile)"),
    )
    p.add_argument(
        "--pages",
        type=int,
        default=1,
        metavar="N",
        help=_("visit up to N pages of the site, following its own links (default: 1)"),
    )
    p.add_argument("--reject", action="store_true", help=_("also visit after refusing consent"))
    p.add_argument(
        "--report",
        action="append",
        metavar="FILE",
        help=_(
            "write the evidence to FILE.json (with screenshots beside it) or "
            "FILE.html; may be given twice"
        ),
    )
    p.add_argument(
        "--apply",
        action="store_true",
        help=_(
            "merge what was found into the profile, as import-cookies does, "
            "and set website.cookies_reviewed"
        ),
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help=_("with --apply: remove declared cookies the scan did not find"),
    )
    p.add_argument(
        "--browser",
        metavar="PATH",
        help=_(
            "the Chromium or Chrome to use (default: NOTICE_TUI_BROWSER, "
            "Playwright's own, then the system's)"
        ),
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help=_("how long a page may take to load (default: 30)"),
    )

    from notice_tui.cli.desk import stale_arg

    p = sub.add_parser("status", help=_("one line per profile in a folder, worst first"))
    p.add_argument(
        "folders",
        nargs="+",
        metavar="DIR",
        help=_("folders to look in (with their subfolders), or profiles"),
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--out",
        metavar="DIR",
        help=_("where render wrote the documents: say which are older than their profile"),
    )
    p.add_argument(
        "--uses",
        metavar="SERVICE",
        help=_(
            "only the profiles that use this service (a catalogue name or "
            "alias), as a processor or a cookie provider"
        ),
    )
    p.add_argument(
        "--stale",
        type=stale_arg,
        metavar="PERIOD",
        help=_("only the profiles not reviewed in this period (12mo, 2y)"),
    )
    p.add_argument(
        "--date",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=_("count ages from this day (default: today)"),
    )
    p.add_argument("--catalog-log", metavar="FILE", help=argparse.SUPPRESS)

    p = sub.add_parser(
        "diff", help=_("what changed between two versions of a profile, in the notice's terms")
    )
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", nargs="?", metavar="NEW")
    p.add_argument(
        "--since",
        metavar="GIT-REVISION",
        help=_("compare the profile OLD with its version at this git revision"),
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--record",
        action="store_true",
        help=_(
            "add the changes to the profile's change log (changes), dated today, for you to edit"
        ),
    )
    p.add_argument(
        "--date",
        type=date_arg,
        metavar="YYYY-MM-DD",
        help=_("date of the recorded entry (default: today)"),
    )
    for name, choice in sub.choices.items():
        choice.set_defaults(handler=HANDLERS[name])
    return parser
