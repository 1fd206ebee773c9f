"""A read-only view of the profile for templates, with user text marked as such.

Every string a user wrote reaches a template as UserText (escaped for
Markdown when printed); fixed choices (legal_basis, category ...) stay plain
strings so templates can compare them. Nothing can be forgotten: the view
wraps whatever the template reaches for.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from contextvars import ContextVar
from functools import cache
from typing import Any, Literal, get_args, get_origin

from notice_tui.document.escape import UserText
from notice_tui.profile import model
from notice_tui.profile.durations import Duration


@cache
def _literal_fields(cls: type) -> frozenset[str]:
    # The model's classes and the facts' own (parties, context) alike.
    hints = typing.get_type_hints(cls, {**vars(model), **vars(sys.modules[cls.__module__])})
    names = set()
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        candidates = [tp, *get_args(tp)]
        for c in candidates:
            if get_origin(c) is Literal or (
                get_origin(c) is list and any(get_origin(a) is Literal for a in get_args(c))
            ):
                names.add(f.name)
    return frozenset(names)


# The language of the document being rendered: a text given per language
# (model.LocalText) shows in it. Set by render_documents for its own thread.
LANGUAGE: ContextVar[str] = ContextVar("document_language", default="nb")


def wrap(value: Any, literal: bool = False) -> Any:
    if isinstance(value, UserText):
        return value
    if isinstance(value, (model.LocalText, model.LocalList)) or (
        isinstance(value, Duration) and value.texts
    ):
        value = value.in_language(LANGUAGE.get())
    if isinstance(value, str):
        return value if literal else UserText(value)
    if isinstance(value, list):
        return [wrap(v, literal) for v in value]
    if isinstance(value, Duration):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return View(value)
    return value


def _is_model_default(obj: Any, name: str, value: str) -> bool:
    """A text the model supplies (a module's usual starting point of a period, the
    logs' usual purpose), which is the program's wording, not the user's."""
    if name == "retention_anchor" and isinstance(obj, model.Module):
        return not obj.retention_note
    if isinstance(obj, model.IpLogging) and name == "purpose":
        default = next(f.default for f in dataclasses.fields(obj) if f.name == "purpose")
        return value == default and not isinstance(value, model.LocalText)
    return False


def _default_text(obj: Any, name: str, value: str) -> Any:
    """That text in the document's language, from its terms (bokmål's equal the model's)."""
    from notice_tui.document.environment import load_terms

    defaults = load_terms(LANGUAGE.get()).get("defaults", {})
    if name == "retention_anchor":
        # A module without its own starting point (OtherActivity) has the general one.
        anchors = defaults.get("anchors", {})
        key = type(obj).__name__.casefold()
        found = anchors.get(key)
        if found is None and value == model.Module.ANCHOR:
            found = anchors.get("module")
        return found if found is not None else UserText(value)
    return defaults.get("ip_logging_purpose", UserText(value))


class View:
    __slots__ = ("_obj",)

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._obj, name)
        if callable(value):
            return lambda *a, **k: wrap(value(*a, **k))
        if isinstance(value, str) and _is_model_default(self._obj, name, value):
            return _default_text(self._obj, name, value)
        cls: type = type(self._obj)
        return wrap(value, literal=name in _literal_fields(cls))

    @property
    def unwrap(self) -> Any:
        return self._obj

    def __eq__(self, other: object) -> bool:
        other_obj = other._obj if isinstance(other, View) else other
        return self._obj == other_obj

    def __hash__(self) -> int:
        return id(self._obj)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"View({self._obj!r})"
