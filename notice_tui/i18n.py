"""The UI's language: gettext over Babel-built catalogs.

Messages are written in English in the code and translated in
locales/<lang>/LC_MESSAGES/notice_tui.po. The default is bokmål; `--lang en`
or an English environment locale switches. In a source checkout there are no
compiled .mo files, so the .po is compiled once and kept in the cache folder.
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

# Read at the first message, not at import: in a checkout the catalog is kept in the
# cache folder, whose writing (notice_tui.files) itself speaks the UI's language.
_translations: _gettext.NullTranslations | None = None
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
    try:
        source = po.read_bytes()
    except OSError:
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(_compiled(lang, source)))


def _compiled(lang: str, po: bytes) -> bytes:
    """A source checkout's .po compiled, kept in the cache folder: compiling takes
    20-25 ms of every start, a sixth of what notice-tui's own imports cost."""
    from notice_tui import cache

    where = cache.entry("locales", lang, po)
    kept = cache.load(where)
    if isinstance(kept, bytes):
        return kept
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buf = io.BytesIO()
    write_mo(buf, read_po(io.BytesIO(po)))
    cache.store(where, buf.getvalue())
    return buf.getvalue()


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
    _translations = None
    return _current


def current_language() -> str:
    return _current


def _active() -> _gettext.NullTranslations:
    global _translations
    if _translations is None:
        # A message while the catalog loads (its cache copy failing to be written)
        # comes out in English rather than loading it again, without end.
        _translations = _gettext.NullTranslations()
        _translations = _load(_current)
    return _translations


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction; translate it later, where it is shown."""
    return message


_current = detect_language(None)
