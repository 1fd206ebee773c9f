"""The Jinja environment of the documents: loaders, filters, the wording's terms."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import jinja2
from babel.dates import format_date
from babel.lists import format_list
from markupsafe import Markup
from ruamel.yaml import YAML

from notice_tui import cache as cache_folder
from notice_tui.document import escape
from notice_tui.document.escape import clean_text
from notice_tui.document.html import slugify as _slugify
from notice_tui.document.view import LANGUAGE
from notice_tui.profile import formatters, model
from notice_tui.profile.durations import Duration, parse_duration
from notice_tui.resources import templates_dir

# The CLDR locale each document language is written with. English is British
# English: "15 February 2023" and "a, b and c", as a reader in Europe expects.
LOCALES = {"nb": "nb", "nn": "nn", "en": "en_GB"}


def locale_of(language: str | None = None) -> str:
    """The CLDR locale of a document language; the document being rendered by default."""
    return LOCALES.get(language or LANGUAGE.get(), "nb")


def _date(value: dt.date, locale: str | None = None) -> str:
    return format_date(value, format="long", locale=locale or locale_of())


def _duration(value: Duration | str | None, locale: str | None = None) -> Any:
    if value is None:
        return ""
    if not isinstance(value, Duration):
        value = parse_duration(value)
    text = value.format(locale or locale_of())
    return text if value.is_period else escape.UserText(text)


# The word a list is joined with, and the one that joins when an item has it already:
# "arbeidstid og fravær samt lønn", never "arbeidstid og fravær og lønn"; in English
# a comma before the last "and" does the same: "hours and absence, and pay".
_JOINERS = {
    "nb": {"standard": (" og ", " samt "), "or": (" eller ", ", eller ")},
    "nn": {"standard": (" og ", " samt "), "or": (" eller ", ", eller ")},
    "en": {"standard": (" and ", ", and "), "or": (" or ", ", or ")},
}


# babel.lists.format_list's styles.
ListStyle = Literal[
    "standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"
]


def _join_list(
    items: list[Any], locale: str | None = None, style: ListStyle = "standard"
) -> Markup:
    """ "a, b og c", each item escaped for Markdown."""
    parts = [str(jinja2.filters.escape(i)) for i in items]
    if not parts:
        return Markup("")
    language = LANGUAGE.get() if locale is None else locale.split("_")[0]
    word, instead = _JOINERS.get(language, {}).get(style, ("", ""))
    if len(parts) > 1 and word and any(word in str(i) for i in items):
        return Markup(", ".join(parts[:-1]) + instead + parts[-1])
    return Markup(format_list(parts, style=style, locale=locale or locale_of(language)))


def _source_parts(value: Any) -> tuple[Any, Any]:
    """A public source and what is taken from it, in the document's language."""
    source, what = model.source_parts(str(value))
    if what is not None and ":" not in str(value):
        key = source.casefold().removeprefix("https://").removeprefix("www.").rstrip("/")
        what = load_terms(LANGUAGE.get()).get("sources", {}).get(key, what)
    return (escape.UserText(source) if source else None, escape.UserText(what) if what else None)


def _place(value: Any, bare: bool = False) -> Any:
    """A place the terms know ("EU/EØS", "USA", "EU/EØS og USA") in the document's
    language, `bare` without the article a sentence needs ("EU/EEA" in a table);
    anything else as typed."""
    places = load_terms(LANGUAGE.get()).get("places", {})

    def known(part: str) -> Any:
        found = places.get(part)
        return Markup(str(found).removeprefix("the ")) if bare and found is not None else found

    text = " ".join(str(value).split())
    if known(text) is not None:
        return known(text)
    parts = [p for p in re.split(r"\s*,\s*|\s+og\s+|\s+and\s+", text) if p]
    if len(parts) > 1 and all(known(p) is not None for p in parts):
        return _join_list([known(p) for p in parts])
    return value


def _entity(value: Any) -> Any:
    """ "Google Ireland Limited, Irland": the company as typed, its country in the
    document's language ("Ireland"; no article, as after a comma)."""
    head, sep, country = str(value).rpartition(", ")
    known = load_terms(LANGUAGE.get()).get("places", {}).get(country.strip()) if sep else None
    if known is None:
        return value
    return escape.UserText(f"{head}, {str(known).removeprefix('the ')}")


def _orgnr(value: str) -> str:
    return escape.UserText(formatters.format_org_number(str(value)))


def _phone(value: str) -> str:
    return escape.UserText(formatters.format_phone(str(value)))


def _tel(value: str) -> Markup:
    text = formatters.format_phone(str(value))
    uri = formatters.phone_uri(str(value))
    if not uri:
        return Markup(escape.md_escape(text))
    return Markup(f"[{escape.md_escape(text)}](<{uri}>)")


def _cap(value: Any) -> Any:
    """Capitalise the first letter, keeping user text marked as user text."""
    text = str(value)
    out = text[:1].upper() + text[1:]
    return escape.UserText(out) if isinstance(value, escape.UserText) else Markup(out)


def _sentence(value: Any) -> Any:
    """Capitalised, with a full stop unless it already ends a sentence."""
    text = clean_text(str(value))
    if text and text[-1] not in ".!?…":
        text += "."
    return _cap(escape.UserText(text) if isinstance(value, escape.UserText) else Markup(text))


def _code(value: Any) -> Markup:
    """Inline code that no backtick or pipe in the text can break."""
    text = clean_text(str(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Markup(f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}")


def _host(url: Any) -> Any:
    host = urlsplit(str(url)).hostname or str(url)
    return escape.UserText(host.removeprefix("www."))


def _dpf_groups(views: list[Any]) -> list[tuple[Any, list[Any]]]:
    from notice_tui.document.context import dpf_groups

    return dpf_groups(list(views))


def _lookup(key: Any, mapping: dict[str, Any]) -> Any:
    return mapping.get(str(key), key)


@cache
def load_terms(language: str) -> dict[str, Any]:
    path = templates_dir() / language / "terms.yaml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))

    def trust(v: Any) -> Any:
        if isinstance(v, str):
            return Markup(v)
        if isinstance(v, dict):
            return {k: trust(x) for k, x in v.items()}
        if isinstance(v, list):
            return [trust(x) for x in v]
        return v

    return trust(data)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs; a cache that cannot be written is no error."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    # Jinja names each compiled template by its name and its source's checksum, and
    # its bytecode carries the Python's magic number: that is this entry's version.
    where = cache_folder.folder("templates")
    return None if where is None else _BytecodeCache(str(where))


@cache
def environment(root: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader(str(root or templates_dir())),
        # Every template escapes: *.md.j2 for Markdown (through UserText.__html__),
        # *.html.j2 for HTML. Plain strings are HTML-escaped, a no-op for our wording.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=400,
    )
    env.filters.update(
        {
            "date": _date,
            "duration": _duration,
            "join_list": _join_list,
            "orgnr": _orgnr,
            "phone": _phone,
            "tel": _tel,
            "cap": _cap,
            "sentence": _sentence,
            "code": _code,
            "host": _host,
            "lookup": _lookup,
            "md_escape": lambda v: Markup(escape.md_escape(v)),
            "md_link": escape.md_link,
            "doc_link": escape.doc_link,
            "slug": lambda v: _slugify(clean_text(str(v))),
            "dpf_groups": _dpf_groups,
            "source_parts": _source_parts,
            "place": _place,
            "entity": _entity,
            "md_url": escape.md_url,
            "mailto": escape.mailto,
        }
    )
    return env
