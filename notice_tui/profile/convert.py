"""Turn a loaded YAML tree into the typed Profile, collecting every problem on the way.

Nothing here raises for bad input: each problem becomes a Finding with the
key path (`processors[2].transfer`), the line and column, and a message in
the UI language. Unknown keys get the closest valid key as a suggestion.
Keys that start with `x_` or `x-` are the user's own and are left alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Literal, Union, get_args, get_origin

from ruamel.yaml.comments import TaggedScalar

from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile import fields, geography, model, paths, validators
from notice_tui.profile.durations import (
    from_words,
    looks_like_duration_attempt,
    parse_duration,
)

# Bidi embeddings, overrides and isolates, marks, zero-width characters, invisible
# operators, the byte order mark and the tag characters.
_HIDDEN = re.compile(
    "[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)


def _type_name(tp: Any) -> str:
    names = {
        str: _("text"), int: _("a whole number"), bool: _("true or false"),
        dt.date: _("a date (YYYY-MM-DD)"), list: _("a list"),
    }  # fmt: skip
    origin = get_origin(tp)
    if origin is list:
        return names[list]
    if dataclasses.is_dataclass(tp):
        return _("a mapping of keys")
    return names.get(tp, str(tp))


class Converter:
    def __init__(self, file: str | None, main: str = "nb") -> None:
        self.file = file
        self.findings: list[Finding] = []
        # The language of the profile's own texts: what a per-language text is as plain text.
        self.main = main

    def error(
        self,
        path: str,
        message: str,
        node: Any,
        key: Any = None,
        *,
        value: bool = False,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        line, col = paths.position(node, key, value=value)
        if line is None and key is not None:
            line, col = paths.position(node)
        self.findings.append(
            Finding(
                path=path,
                message=message,
                line=line,
                column=col,
                file=self.file,
                hint=hint,
                severity=severity,
            )
        )

    # -- structure ------------------------------------------------------------

    def record(self, cls: type, node: Any, path: str, parent: Any, key: Any) -> Any:
        if not isinstance(node, Mapping):
            self.error(
                path,
                _("expected {what}, found {found}").format(
                    what=_type_name(cls), found=_describe(node)
                ),
                parent,
                key,
                value=True,
            )
            return None
        keys = fields.keys(cls)
        names = [k.name for k in keys]
        for k in node:
            if not isinstance(k, str):
                self.error(_join(path, str(k)), _("keys must be text"), node, k)
                continue
            if k in names or k.startswith(fields.USER_KEY_PREFIXES):
                continue
            close = difflib.get_close_matches(k, names, n=1, cutoff=0.6)
            hint = (
                _("did you mean '{key}'?").format(key=close[0])
                if close
                else _("valid keys: {keys}").format(keys=", ".join(names))
            )
            self.error(_join(path, k), _("unknown key '{key}'").format(key=k), node, k, hint=hint)
        kwargs: dict[str, Any] = {}
        for f in keys:
            name = f.name
            sub = _join(path, name)
            if name not in node or node[name] is None:
                if f.required:
                    # Point at the key if it is there but empty, else at the mapping's own key.
                    if name in node:
                        self.error(
                            sub,
                            _("required key '{key}' is empty").format(key=name),
                            node,
                            name,
                            value=True,
                        )
                    else:
                        self.error(
                            sub, _("required key '{key}' is missing").format(key=name), parent, key
                        )
                    kwargs[name] = _placeholder(f.type)
                continue
            converted = self.value(f.shape, node[name], sub, node, name)
            if converted is not _INVALID:
                kwargs[name] = converted
            elif f.required:
                kwargs[name] = _placeholder(f.type)
        for f in keys:
            if f.when is not None:
                self.required_when(f, kwargs, node, path)
            if f.supported is not None:
                self.supported(f, kwargs, node, path)
        try:
            return cls(**kwargs)
        except TypeError:  # a required field failed; already reported
            return None

    def required_when(self, f: fields.Key, kwargs: dict[str, Any], node: Any, path: str) -> None:
        """A key another one's answer makes necessary (fields.When)."""
        when = f.when
        assert when is not None
        other = kwargs.get(when.other)
        if when.value == "outside_eea":
            holds = isinstance(other, str) and geography.in_eea(other) is False
        else:
            holds = other == when.value
        if not holds or kwargs.get(f.name) not in (None, *when.refused):
            return
        sub = _join(path, f.name)
        if when.value == "outside_eea":
            self.error(
                sub,
                _(
                    "{name} is in {location}, outside the EU/EEA: say which transfer "
                    "mechanism applies"
                ).format(name=kwargs.get("name", ""), location=other),
                node,
                f.name if f.name in node else when.other,
                value=f.name in node,
                hint=_("one of: adequacy, dpf, scc, bcr, derogation"),
            )
        else:
            self.error(
                sub,
                _("legal_basis is legitimate_interest: say in words what the interest is"),
                node,
                when.other,
                value=True,
            )

    def supported(self, f: fields.Key, kwargs: dict[str, Any], node: Any, path: str) -> None:
        """A choice the format knows but the program cannot do yet (a language with no
        templates); not asked when `supported_unless` names a key that is given."""
        assert f.supported is not None
        if f.supported_unless is not None:
            other = node.get(f.supported_unless)
            if isinstance(other, list) and other:
                return
        options = fields.choice_options(f.shape)
        raw = node.get(f.name)
        places: list[tuple[Any, Any, Any, str, bool]]
        if isinstance(f.shape, fields.Items):
            places = [
                (raw, i, v, f"{_join(path, f.name)}[{i}]", False)
                for i, v in enumerate(raw if isinstance(raw, list) else [])
            ]
        else:
            value = kwargs.get(f.name, f.default)
            places = [(node, f.name, value, _join(path, f.name), True)]
        for parent, key, value, sub, is_value in places:
            if value in options and value not in f.supported:
                self.error(
                    sub,
                    _(
                        "the documents cannot be written in {language} yet: choose one of {choices}"
                    ).format(language=value, choices=", ".join(f.supported)),
                    parent,
                    key,
                    value=is_value,
                )

    def value(self, shape: fields.Shape, raw: Any, path: str, parent: Any, key: Any) -> Any:
        if isinstance(raw, TaggedScalar):
            raw = raw.value  # a value under a tag of the user's own (!mine text): its text
        if isinstance(shape, fields.Local):
            if isinstance(raw, Mapping):
                return self.local(shape.plain, raw, path)
            shape = shape.plain
        if isinstance(shape, fields.Described):
            return self.described(shape.cls, raw, path, parent, key)
        if isinstance(shape, fields.Period):
            return self.duration(raw, path, parent, key)
        if isinstance(shape, fields.Record):
            result = self.record(shape.cls, raw, path, parent, key)
            return _INVALID if result is None else result
        if isinstance(shape, fields.Items):
            return self.list_(shape, raw, path, parent, key)
        if isinstance(shape, fields.Choice):
            return self.choice(shape, raw, path, parent, key)
        if isinstance(shape, fields.Flag):
            if isinstance(raw, bool):
                return raw
            return self.wrong(bool, raw, path, parent, key)
        if isinstance(shape, fields.Whole):
            if isinstance(raw, int) and not isinstance(raw, bool):
                if path == "schema_version" and raw < 1:
                    self.error(
                        path,
                        _("schema_version starts at 1; {value} is not a version").format(value=raw),
                        parent,
                        key,
                        value=True,
                    )
                    return _INVALID
                return raw
            return self.wrong(int, raw, path, parent, key)
        if isinstance(shape, fields.Day):
            if isinstance(raw, dt.datetime):
                return raw.date()
            if isinstance(raw, dt.date):
                return raw
            if isinstance(raw, str):
                try:
                    return dt.date.fromisoformat(raw.strip())
                except ValueError:
                    pass
            return self.wrong(dt.date, raw, path, parent, key)
        assert isinstance(shape, fields.Text)
        if not isinstance(raw, (str, int, float, dt.date)) or isinstance(raw, bool):
            return self.wrong(str, raw, path, parent, key)
        text = self.visible(str(raw), path, parent, key)
        if not text.strip():
            self.error(path, _("must not be empty"), parent, key, value=True)
            return _INVALID
        check = _CHECKS.get(shape.kind or "")
        if check:
            problem = check(text, parent)
            if problem:
                self.error(path, problem, parent, key, value=True)
        return text

    def local(self, shape: fields.Shape, raw: Mapping[Any, Any], path: str) -> Any:
        """`{nb: ..., en: ...}`: the same text in each language the documents use."""
        texts: dict[str, Any] = {}
        for lang in raw:
            if lang not in model.LANGUAGES:
                self.error(
                    f"{path}.{lang}",
                    _("'{value}' is not a language of the documents: use {choices}").format(
                        value=lang, choices=", ".join(model.LANGUAGES)
                    ),
                    raw,
                    lang,
                )
                continue
            converted = self.value(shape, raw[lang], f"{path}.{lang}", raw, lang)
            if converted is not _INVALID:
                texts[str(lang)] = converted
        if not texts:
            if not raw:
                self.error(path, _("must not be empty"), raw)
            return _INVALID
        if isinstance(shape, fields.Period):
            periods = {(d.amount, d.unit, d.session) for d in texts.values() if d.is_period}
            if len(periods) > 1 or (periods and any(d.is_free_text for d in texts.values())):
                self.error(
                    path,
                    _(
                        "the languages give different periods: write the period "
                        "once, and only a criterion in words per language"
                    ),
                    raw,
                )
            main = texts.get(self.main) or next(iter(texts.values()))
            return dataclasses.replace(main, texts=tuple((k, d.raw) for k, d in texts.items()))
        if isinstance(shape, fields.Items):
            return model.LocalList(texts, self.main)
        return model.LocalText(texts, self.main)

    def list_(self, shape: fields.Items, raw: Any, path: str, parent: Any, key: Any) -> Any:
        if isinstance(raw, str) and shape.single:
            # A single word where a list was meant: accept it, as a person would.
            return [self.visible(raw, path, parent, key)]
        if not isinstance(raw, list):
            return self.wrong(list, raw, path, parent, key)
        out = []
        for i, item in enumerate(raw):
            sub = f"{path}[{i}]"
            if item is None:
                self.error(sub, _("empty list item"), raw, i)
                continue
            converted = self.value(shape.item, item, sub, raw, i)
            if converted is not _INVALID:
                out.append(converted)
        return out

    def choice(self, shape: fields.Choice, raw: Any, path: str, parent: Any, key: Any) -> Any:
        choices = shape.options
        if isinstance(raw, str) and raw in choices:
            return raw
        shown = raw if isinstance(raw, (str, int, float, bool)) else _describe(raw)
        close = difflib.get_close_matches(str(raw), choices, n=1, cutoff=0.5)
        hint = _("did you mean '{key}'?").format(key=close[0]) if close else ""
        self.error(
            path,
            _("'{value}' is not one of: {choices}").format(value=shown, choices=", ".join(choices)),
            parent,
            key,
            value=True,
            hint=hint,
        )
        return _INVALID

    def duration(self, raw: Any, path: str, parent: Any, key: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            return self.wrong(str, raw, path, parent, key)
        if isinstance(raw, str) and from_words(raw):
            # "3 år" written by hand is the period it says; `set` and the wizard save "3y".
            return parse_duration(from_words(raw))
        if isinstance(raw, int) or (
            looks_like_duration_attempt(str(raw)) and parse_duration(raw).is_free_text
        ):
            self.error(
                path,
                _("'{value}' is not a duration").format(value=raw),
                parent,
                key,
                value=True,
                hint=_('write a number and a unit: "30d", "12mo", "2y", or "session"'),
            )
            return _INVALID
        text = self.visible(str(raw), path, parent, key)
        if not text.strip():
            self.error(path, _("must not be empty"), parent, key, value=True)
            return _INVALID
        return parse_duration(text)

    def described(self, cls: type, raw: Any, path: str, parent: Any, key: Any) -> Any:
        if raw is False:
            return False
        if raw is True:
            self.error(
                path,
                _("'true' needs a description: write it as 'description: ...' under this key"),
                parent,
                key,
                value=True,
            )
            return True
        if isinstance(raw, str):
            return model.Described(description=self.visible(raw, path, parent, key))
        result = self.record(cls, raw, path, parent, key)
        return _INVALID if result is None else result

    def visible(self, text: str, path: str, parent: Any, key: Any) -> str:
        """The text without the characters a reader cannot see: direction overrides
        (U+202E shows "moc.knab" as "bank.com"), zero-width and tag characters. A
        profile may come from someone else; the notice must say what it seems to."""
        if not _HIDDEN.search(text):
            return text
        found = sorted({f"U+{ord(c):04X}" for c in _HIDDEN.findall(text)})
        self.error(
            path,
            _("left out characters that cannot be seen or that turn text around: {chars}").format(
                chars=", ".join(found)
            ),
            parent,
            key,
            value=True,
            severity=Severity.WARNING,
        )
        return _HIDDEN.sub("", text)

    def wrong(self, tp: Any, raw: Any, path: str, parent: Any, key: Any) -> Any:
        self.error(
            path,
            _("expected {what}, found {found}").format(what=_type_name(tp), found=_describe(raw)),
            parent,
            key,
            value=True,
        )
        return _INVALID


class _Invalid:
    pass


_INVALID: Any = _Invalid()


def _placeholder(tp: Any) -> Any:
    """A stand-in for a missing required value, so one error does not hide the rest."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        if type(None) in get_args(tp):
            return None  # a key that may be left out: missing it is, until it is given
        tp = next(a for a in get_args(tp) if a is not type(None))
        origin = get_origin(tp)
    if tp is model.Duration:
        return parse_duration("")
    if origin is list:
        return []
    if origin is Literal:
        return get_args(tp)[0]
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        kwargs = {k.name: _placeholder(k.type) for k in fields.keys(tp) if k.required}
        return tp(**kwargs)
    return {str: "", int: 0, bool: False, dt.date: dt.date.today()}.get(tp, "")


def _describe(raw: Any) -> str:
    if raw is None:
        return _("nothing")
    if isinstance(raw, bool):
        return _("true/false")
    if isinstance(raw, Mapping):
        return _("a mapping")
    if isinstance(raw, (list, tuple)):
        return _("a list")
    if isinstance(raw, (set, frozenset, AbstractSet)):
        return _("a set")
    if isinstance(raw, (bytes, bytearray)):
        return _("binary data")
    if isinstance(raw, dt.date):
        return _("the date {value}").format(value=raw.isoformat())
    if isinstance(raw, (int, float)):
        return _("the number {value}").format(value=raw)
    return _("the text '{value}'").format(value=_clip(str(raw)))


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _postal(value: str, parent: Any) -> str | None:
    country = parent.get("country") if isinstance(parent, Mapping) else None
    return validators.check_postal_code(value, country if isinstance(country, str) else None)


_CHECKS: dict[str, Callable[[str, Any], str | None]] = {
    "email": lambda v, _p: validators.check_email(v),
    "phone": lambda v, _p: validators.check_phone(v),
    "org_number": lambda v, _p: validators.check_org_number(v),
    "url": lambda v, _p: validators.check_url(v),
    "postal_code": _postal,
}


def to_profile(tree: Any, file: str | None = None) -> tuple[model.Profile | None, list[Finding]]:
    main = tree.get("language") if isinstance(tree, Mapping) else None
    conv = Converter(file, main if main in model.LANGUAGES else "nb")
    profile = conv.record(model.Profile, tree, "", tree, None)
    return profile, conv.findings
