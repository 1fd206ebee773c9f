"""Text as people mean it: names compared without case or extra spaces, answers tidied.

The one place white space is folded, so that "Fjordkaffe  AS" is the business
for the checks, the documents, the catalogue and the wizard alike.
"""

from __future__ import annotations


def squash(text: str) -> str:
    """Runs of white space as one space, none at the ends."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """The one way names are compared: case and runs of white space do not count."""
    return squash(text.casefold())


def tidy_answer(text: str, kind: str) -> str:
    """An answer as a person meant it: blank is empty, double spaces are one, and a web
    address typed without its scheme ("fjordkaffe.no") is the https:// one."""
    if not text.strip():
        return ""
    if kind in ("text", "email", "url", "phone", "duration"):
        text = squash(text)
    if (
        kind == "url"
        and "://" not in text
        and "." in text
        and " " not in text
        and not text.startswith(("mailto:", "tel:"))
    ):
        text = "https://" + text
    return text
