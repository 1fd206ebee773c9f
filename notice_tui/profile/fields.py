"""What each key of a profile accepts, decided once from the model's fields.

model.py declares the fields (type, `kind`, `doc`, required or not); this module
turns each into a Shape: the one statement of which YAML values the key takes.
The converter (convert.py) reads a profile by these shapes and the JSON Schema
(jsonschema.py) is written from them, so `check` and `notice-tui schema` give one
verdict on the same file (tests/test_schema_parity.py holds them to it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from notice_tui.profile import model
from notice_tui.profile.durations import Duration
from notice_tui.profile.model import When

__all__ = ["When"]  # the model declares conditions; this module is where they are read


class Shape:
    """One kind of value a key takes."""


@dataclass(frozen=True)
class Text(Shape):
    """A non-blank text; a number or a date is read as the text it is written as."""

    kind: str | None = None  # email, url, phone, org_number, postal_code: checked further


@dataclass(frozen=True)
class Flag(Shape):
    """true or false."""


@dataclass(frozen=True)
class Whole(Shape):
    """A whole number."""


@dataclass(frozen=True)
class Day(Shape):
    """A date, written YYYY-MM-DD (quoted or not)."""


@dataclass(frozen=True)
class Period(Shape):
    """A duration ("12mo", "session", "3 år") or a criterion in words."""


@dataclass(frozen=True)
class Choice(Shape):
    """One of fixed words."""

    options: tuple[str, ...]


@dataclass(frozen=True)
class Items(Shape):
    """A list. `single`: one text alone stands for a list of one ("data: navn"), as a
    person writes it; a list of choices or of mappings takes no such shortcut."""

    item: Shape
    single: bool


@dataclass(frozen=True)
class Record(Shape):
    """A mapping with the keys of a model class (and the user's own x_ keys)."""

    cls: type


@dataclass(frozen=True)
class Described(Shape):
    """A yes that needs words: false, the words alone, or a mapping with a description."""

    cls: type


@dataclass(frozen=True)
class Local(Shape):
    """A text (or list, or period) that may also be given per document language:
    `{nb: ..., en: ...}`, each value of the plain shape."""

    plain: Shape


@dataclass(frozen=True)
class Key:
    """A key of a mapping: its name, shape, and whether it must be given."""

    name: str
    shape: Shape
    required: bool
    doc: str
    default: Any
    type: Any  # the model's type, for a stand-in when a required value is missing
    when: When | None = None
    # Choices the program can do today, when fewer than the format names (a language
    # with no templates yet); not asked when the key `supported_unless` names is given.
    supported: tuple[str, ...] | None = None
    supported_unless: str | None = None


USER_KEY_PREFIXES = ("x_", "x-")


def shape_of(tp: Any, metadata: typing.Mapping[str, Any]) -> Shape:
    """The shape of a field of type `tp` with the model's field metadata."""
    if metadata.get("local"):
        return Local(shape_of(tp, {k: v for k, v in metadata.items() if k != "local"}))
    kind = metadata.get("kind")
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if kind == "described":
            return Described(
                next(a for a in args if isinstance(a, type) and dataclasses.is_dataclass(a))
            )
        tp = args[0]
    if kind == "duration" or tp is Duration:
        return Period()
    return _type_shape(tp, kind)


def choice_options(shape: Shape) -> tuple[str, ...]:
    """The words a choice, or a list of choices, takes; () for any other shape."""
    if isinstance(shape, Items):
        shape = shape.item
    return shape.options if isinstance(shape, Choice) else ()


def _type_shape(tp: Any, kind: str | None = None) -> Shape:
    origin = get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return Record(typing.cast(type, tp))
    if origin is list:
        item = _type_shape(get_args(tp)[0])
        return Items(item, single=isinstance(item, Text))
    if origin is Literal:
        return Choice(tuple(get_args(tp)))
    if tp is bool:
        return Flag()
    if tp is int:
        return Whole()
    if tp is dt.date:
        return Day()
    return Text(kind)


@cache
def keys(cls: type) -> tuple[Key, ...]:
    """The keys of a model class, in the model's order."""
    hints = typing.get_type_hints(cls, vars(model))
    out = []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        out.append(
            Key(
                name=f.name,
                shape=shape_of(hints[f.name], f.metadata),
                required=bool(f.metadata.get("required")),
                doc=f.metadata.get("doc", ""),
                default=default,
                type=hints[f.name],
                when=f.metadata.get("when"),
                supported=_tuple(f.metadata.get("supported")),
                supported_unless=f.metadata.get("supported_unless"),
            )
        )
    return tuple(out)


def _tuple(value: Any) -> tuple[str, ...] | None:
    return tuple(value) if value is not None else None
