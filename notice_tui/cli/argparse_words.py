"""argparse's own words ("usage:", "options", its error messages) in the UI language.

argparse looks its words up through the name `_` in its own module, which it binds
to `gettext.gettext` (the process-wide default domain) when it is imported.
Pointing that name, and `ngettext`, at notice-tui's catalogue translates help and
errors with every other UI string, without touching gettext's global domain for
other libraries. The msgids are argparse's own (Python 3.11 to 3.13), listed here
so the catalogue carries them; tests/test_cli.py fails if argparse stops asking.
"""

from __future__ import annotations

import argparse

from notice_tui.i18n import N_, _, ngettext

# What a user can meet; the messages about a program's own mistakes (conflicting
# options, a missing dest=) stay English, as no user of notice-tui can cause them.
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def install() -> None:
    """Route argparse's lookups through notice-tui's catalogue, in the current language."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
