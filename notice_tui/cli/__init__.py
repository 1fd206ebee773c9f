"""The command line: `notice-tui [PROFILE]` opens the wizard; subcommands work without it.

Textual is imported only for the wizard, so `render` and `check` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from notice_tui.cli import argparse_words
from notice_tui.cli.output import EXIT_OK, EXIT_UNREADABLE
from notice_tui.cli.parser import COMMANDS, build_parser
from notice_tui.i18n import _, set_language

__all__ = ["main", "run_wizard"]


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
    argparse_words.install()
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
    module, function = args.handler.split(":")
    handler = getattr(importlib.import_module(f"notice_tui.cli.{module}"), function)
    try:
        return int(handler(args))
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
