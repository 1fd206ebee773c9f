"""The profile's JSON Schema, generated from the model so it never drifts from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from notice_tui.profile import model
from notice_tui.profile.durations import PATTERN as DURATION_PATTERN

SCHEMA_ID = "https://notice-tui.example/schema/profile-v1.json"


def _field_schema(tp: Any, metadata: typing.Mapping[str, Any], defs: dict[str, Any]) -> dict:
    if metadata.get("local"):
        # A text, or the same text per document language: {nb: ..., en: ...}.
        plain = _field_schema(tp, {k: v for k, v in metadata.items() if k != "local"}, defs)
        return {"anyOf": [plain, {"type": "object", "minProperties": 1,
                                  "propertyNames": {"enum": list(model.LANGUAGES)},
                                  "additionalProperties": plain}]}
    kind = metadata.get("kind")
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if kind == "described":
            return {"anyOf": [{"type": "boolean"}, {"type": "string"},
                              _type_schema(model.Described, defs)]}
        tp = args[0]
        origin = get_origin(tp)
    if kind == "duration":
        return {
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN.pattern},
                {"type": "string", "description": "a criterion in words"},
            ]
        }
    schema = _type_schema(tp, defs)
    if kind == "email":
        schema["format"] = "email"
    elif kind == "url":
        schema["format"] = "uri"
    elif kind == "org_number":
        schema["pattern"] = r"^\s*\d{3}\s?\d{3}\s?\d{3}\s*$"
    elif kind == "postal_code":
        schema["pattern"] = r"^\S+$"
    return schema


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict:
    origin = get_origin(tp)
    if origin is list:
        return {"type": "array", "items": _type_schema(get_args(tp)[0], defs)}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(tp, vars(model))
            props: dict[str, Any] = {}
            required = []
            for f in dataclasses.fields(tp):
                sub = _field_schema(hints[f.name], f.metadata, defs)
                if f.metadata.get("doc"):
                    sub["description"] = f.metadata["doc"]
                if f.default is not dataclasses.MISSING and f.default is not None:
                    sub["default"] = f.default
                props[f.name] = sub
                if f.metadata.get("required"):
                    required.append(f.name)
            defs[name] = {
                "type": "object",
                "properties": props,
                "required": required,
                "patternProperties": {"^x[_-]": {}},
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is dt.date:
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _type_schema(model.Profile, defs)
    root = dict(defs.pop("Profile"))
    root["properties"]["schema_version"] = {"const": model.SCHEMA_VERSION,
                                            "description": "Version of the profile format"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "notice-tui profile",
        **root,
        "$defs": defs,
    }
