"""The Jinja environment of the documents: loaders, filters, the wording's terms."""

from __future__ import annotations

import datetime as dt
import os
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

from notice_tui.document import escape
from notice_tui.document.escape import clean_text
from notice_tui.document.html import slugify as _slugify
from notice_tui.profile import formatters, model
from notice_tui.profile.durations import Duration, parse_duration
from notice_tui.resources import templates_dir


def _date(value: dt.date, locale: str = "nb") -> str:
    return format_date(value, format="long", locale=locale)


def _duration(value: Duration | str | None, locale: str = "nb") -> Any:
    if value is None:
        return ""
    if not isinstance(value, Duration):
        value = parse_duration(value)
    text = value.format(locale)
    return text if value.is_period else escape.UserText(text)


# The word a list is joined with, and the one that joins when an item has it already:
# "arbeidstid og fravær samt lønn", never "arbeidstid og fravær og lønn".
_JOINERS = {"standard": (" og ", " samt "), "or": (" eller ", ", eller ")}


# babel.lists.format_list's styles.
ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short",
                    "unit-narrow"]


def _join_list(items: list[Any], locale: str = "nb", style: ListStyle = "standard") -> Markup:
    """"a, b og c", each item escaped for Markdown."""
    parts = [str(jinja2.filters.escape(i)) for i in items]
    if not parts:
        return Markup("")
    word, instead = _JOINERS.get(style, ("", ""))
    if locale == "nb" and len(parts) > 1 and word and any(word in str(i) for i in items):
        return Markup(", ".join(parts[:-1]) + instead + parts[-1])
    return Markup(format_list(parts, style=style, locale=locale))


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
    if os.environ.get("NOTICE_TUI_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return _BytecodeCache(os.path.join(user_cache_dir("notice-tui"), "templates"))


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
            "source_parts": lambda v: tuple(escape.UserText(p) if p else None
                                            for p in model.source_parts(str(v))),
            "md_url": escape.md_url,
            "mailto": escape.mailto,
        }
    )
    return env
