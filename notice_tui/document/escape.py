"""Escaping user text for Markdown, so nothing typed turns into structure.

User strings reach the templates as `UserText`; Jinja's autoescaping calls its
`__html__`, which here means "escape for Markdown". The Markdown is then turned
into HTML with raw HTML disabled, so in HTML nothing typed becomes markup either.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

# Characters that can start inline structure anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
# Block structure a value could start when it lands at the start of a line
# (or right after a list marker): headings, quotes, lists, setext underlines.
_LEADING = re.compile(r"^(\s*)([-+](?=\s|$)|>|=+(?=\s*$)|\d{1,9}(?=[.)](?:\s|$)))")
# Control characters (C0 and C1), line and paragraph separators, lone surrogates (which
# cannot be written as UTF-8) and Unicode noncharacters: none is text a reader should see,
# and in HTML each is a parse error.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
    + "]"
)


def clean_text(text: str) -> str:
    """One line of printable text: control characters dropped, whitespace folded."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    return " ".join(text.split())


# Three or more hyphens, spaced or not ("---", "- - -", "-- -"): a thematic break (<hr>),
# even inside a list item. "*" and "_" rules are escaped with the inline characters.
_RULE = re.compile(r"^(\s*)-(?=(?:\s*-){2,}\s*$)")


def md_escape(text: object) -> str:
    value = clean_text(str(text))
    value = _INLINE.sub(r"\\\1", value)
    value = _RULE.sub(r"\1\\-", value)
    match = _LEADING.match(value)
    if match:
        start = match.end(1)
        token = match.group(2)
        if token[0].isdigit():
            # "2024. " would start an ordered list: escape the dot after the digits.
            end = start + len(token)
            value = value[:end] + "\\" + value[end:]
        else:
            value = value[:start] + "\\" + value[start:]
    return value


class UserText(str):
    """Text a user typed. Autoescaping renders it Markdown-escaped."""

    __slots__ = ()

    def __html__(self) -> str:
        return md_escape(self)


def md_url(url: object) -> Markup:
    """A link destination: percent-encoded and in angle brackets, so it cannot break out."""
    raw = clean_text(str(url))
    # A "#section" is a link within the document; anything else without a scheme is a site.
    if not raw.startswith("#") and not re.match(r"^(https?|mailto|tel):", raw, re.IGNORECASE):
        raw = "https://" + raw
    return Markup("<" + quote(raw, safe=":/?#@!$&'()*+,;=%~.-_") + ">")


def doc_link(text: object, target: object) -> Markup:
    """A link to the other document: its published URL, or its file name beside this one."""
    target = clean_text(str(target))
    if re.match(r"^[a-z_-]+\.@@ext@@$", target):
        label = md_escape(text) if not isinstance(text, Markup) else str(text)
        return Markup(f"[{label}](<{target}>)")
    return md_link(text, target)


def md_link(text: object, url: object) -> Markup:
    label = md_escape(text) if not isinstance(text, Markup) else str(text)
    return Markup(f"[{label}]({md_url(url)})")


def mailto(email: object) -> Markup:
    address = clean_text(str(email))
    return Markup(f"[{md_escape(address)}](<mailto:{quote(address, safe='@.+-_')}>)")
