"""The profile's vocabularies as words inside a sentence of the UI language.

Findings, scan problems and the desk's change log all say "a marketing cookie";
the wizard's choices, which stand alone, are capitalised in questionnaire.py.
"""

from __future__ import annotations

from notice_tui.i18n import N_, _

CATEGORY_WORDS: dict[str, str] = {
    "necessary": N_("necessary"),
    "preferences": N_("preferences"),
    "statistics": N_("statistics"),
    "marketing": N_("marketing"),
}


def category_word(category: str | None) -> str:
    """A cookie category inside a sentence; a category not in the vocabulary as written
    (the checks name it as an error of its own), and None as "not set"."""
    if category is None:
        return _("not set")
    return _(CATEGORY_WORDS[category]) if category in CATEGORY_WORDS else category
