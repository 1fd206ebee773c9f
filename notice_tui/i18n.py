"""The UI's language: gettext over Babel-built catalogs.

Messages are written in English in the code and translated in
locales/<lang>/LC_MESSAGES/notice_tui.po. The default is bokmål; `--lang en`
or an English environment locale switches. In a source checkout there are no
compiled .mo files, so the .po is compiled in memory.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import os

from notice_tui.resources import locales_dir

DOMAIN = "notice_tui"
SUPPORTED = ("nb", "en")
DEFAULT = "nb"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_current = "en"


@functools.cache
def _load(lang: str) -> _gettext.NullTranslations:
    """A language's catalog, read once per process (switching back costs nothing)."""
    if lang == "en":
        return _gettext.NullTranslations()
    base = locales_dir() / lang / "LC_MESSAGES"
    mo = base / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    po = base / f"{DOMAIN}.po"
    if po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fp:
            catalog = read_po(fp)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def translations(lang: str) -> _gettext.NullTranslations:
    """A language's catalog, for reading a message in a language other than the UI's."""
    return _load(lang)


def detect_language(explicit: str | None = None) -> str:
    """Pick the UI language: explicit flag, then NOTICE_TUI_LANG, then the locale."""
    for candidate in (explicit, os.environ.get("NOTICE_TUI_LANG")):
        if candidate:
            code = candidate.split("_")[0].split(".")[0].lower()
            if code in ("no", "nn"):
                code = "nb"
            if code in SUPPORTED:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if not value:
            continue
        code = value.split("_")[0].split(".")[0].lower()
        if code in ("c", "posix"):
            # No language chosen: keep looking, and in the end speak bokmål.
            continue
        return "en" if code == "en" else DEFAULT
    return DEFAULT


def set_language(lang: str | None = None) -> str:
    global _translations, _current
    _current = detect_language(lang)
    _translations = _load(_current)
    return _current


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later, where it is shown."""
    return message


set_language(None)
