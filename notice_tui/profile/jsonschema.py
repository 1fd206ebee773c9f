"""The profile's JSON Schema, written from the same shapes the converter reads by.

fields.py says what each key accepts; this module says it in JSON Schema, so an
editor that validates with `notice-tui schema` accepts what `check` accepts and
refuses what it refuses (tests/test_schema_parity.py). What a pattern cannot
say is left to `check`: check digits, the numbering plans of phone numbers,
whether an e-mail domain can exist, whether a date is in the calendar.
"""

from __future__ import annotations

from typing import Any

from notice_tui.profile import durations, fields, geography, model

SCHEMA_ID = "https://notice-tui.example/schema/profile-v1.json"

# Regular expressions in the common subset of ECMA-262 and Python: no inline flags,
# so case is spelled out as [aA].
_SYNTAX = set("^$\\.*+?()[]{}|/")
_SEPARATOR = r"(?:,|/|\b[oO][gG]\b|\b[aA][nN][dD]\b)"


def _caseless(pattern: str) -> str:
    """`pattern` matching regardless of case, without the IGNORECASE flag."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            end = pattern.index("]", i + 1)
            out.append(pattern[i : end + 1])
            i = end + 1
            continue
        if c.lower() != c.upper():
            out.append(f"[{c.lower()}{c.upper()}]")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _literal(text: str) -> str:
    return "".join(f"\\{c}" if c in _SYNTAX else c for c in text)


def _names(names: list[str]) -> str:
    return "(?:" + "|".join(_caseless(_literal(n)) for n in names) + ")"


def _outside_eea() -> str:
    """A location in_eea reads as outside: one such country, alone or as a part."""
    names = _names(geography.names_of(lambda code: code not in geography.EEA_CODES))
    return rf"^\s*(?:[\s\S]*?{_SEPARATOR}\s*)?{names}\s*(?:{_SEPARATOR}[\s\S]*)?$"


def _norway() -> str:
    return rf"^\s*{_names(geography.names_of(lambda code: code == 'NO', whole=True))}\s*$"


# What a pattern can say of each kind of value; `check` says the rest.
_KIND_PATTERNS = {
    "email": r"^[^@\s]+@[^@\s]+$",
    "url": _caseless("^https?://") + r"[^\s/$.?#]\S*$",
    "phone": r"\d",
    "org_number": r"^\s*[0-9](?: *[0-9]){8}\s*$",
}
_KIND_FORMATS = {"email": "email", "url": "uri"}
_ISO_DATE = r"^\s*(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-?W\d{2}(?:-?\d)?)\s*$"
_NOT_BLANK = r"\S"


def _period() -> dict[str, Any]:
    return {
        "type": "string",
        "anyOf": [
            {"pattern": durations.PATTERN.pattern, "description": "a period: 30d, 12mo, 2y"},
            {"pattern": _caseless(durations.WORDS.pattern), "description": "3 år, 12 måneder"},
            {
                "pattern": _NOT_BLANK,
                "not": {"pattern": durations.ATTEMPT.pattern},
                "description": "a criterion in words",
            },
        ],
    }


def _schema(
    shape: fields.Shape,
    defs: dict[str, Any],
    supported: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    if isinstance(shape, fields.Local):
        # A text, or the same text per document language: {nb: ..., en: ...}.
        plain = _schema(shape.plain, defs)
        return {
            "anyOf": [
                plain,
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"enum": list(model.LANGUAGES)},
                    "additionalProperties": plain,
                },
            ]
        }
    if isinstance(shape, fields.Record):
        return _record(shape.cls, defs)
    if isinstance(shape, fields.Described):
        return {"anyOf": [{"const": False}, {"type": "string"}, _record(shape.cls, defs)]}
    if isinstance(shape, fields.Items):
        array = {"type": "array", "items": _schema(shape.item, defs, supported)}
        if shape.single:
            return {"anyOf": [array, {"type": "string", "description": "a list of one"}]}
        return array
    if isinstance(shape, fields.Choice):
        return {"enum": list(supported or shape.options)}
    if isinstance(shape, fields.Flag):
        return {"type": "boolean"}
    if isinstance(shape, fields.Whole):
        return {"type": "integer"}
    if isinstance(shape, fields.Day):
        return {"type": "string", "format": "date", "pattern": _ISO_DATE}
    if isinstance(shape, fields.Period):
        return _period()
    assert isinstance(shape, fields.Text)
    # A number or a date written for a text is read as the text it is written as.
    schema: dict[str, Any] = {"type": ["string", "number"], "pattern": _NOT_BLANK}
    if shape.kind in _KIND_PATTERNS:
        schema["allOf"] = [{"pattern": _KIND_PATTERNS[shape.kind]}]
    if shape.kind in _KIND_FORMATS:
        schema["format"] = _KIND_FORMATS[shape.kind]
    return schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """A key that may be left out may also be written with no value."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kind = schema.get("type")
    if isinstance(kind, str) and "$ref" not in schema and "anyOf" not in schema:
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list) and "anyOf" not in schema:
        return {**schema, "type": [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _condition(key: fields.Key, when: model.When) -> dict[str, Any]:
    if when.value == "outside_eea":
        outside = {"type": "string", "pattern": _outside_eea()}
        # A place given per language: check reads the profile's own language's.
        test: dict[str, Any] = {
            "anyOf": [
                outside,
                {"type": "object", "not": {"additionalProperties": {"not": outside}}},
            ]
        }
    else:
        test = {"const": when.value}
    return {
        "if": {"properties": {when.other: test}, "required": [when.other]},
        "then": {
            "required": [key.name],
            "properties": {key.name: {"not": {"enum": [None, *when.refused]}}},
        },
    }


def _supported_unless(key: fields.Key) -> dict[str, Any]:
    """`key` takes only what the program can do, unless the other key is given."""
    assert key.supported is not None and key.supported_unless is not None
    given = {
        "properties": {key.supported_unless: {"type": "array", "minItems": 1}},
        "required": [key.supported_unless],
    }
    return {"if": {"not": given}, "then": {"properties": {key.name: {"enum": list(key.supported)}}}}


def _postal_code_rule() -> dict[str, Any]:
    """A postal code in Norway, or with no country said, has four digits."""
    abroad = {
        "properties": {"country": {"type": "string", "not": {"pattern": _norway()}}},
        "required": ["country"],
    }
    return {
        "if": {"not": abroad},
        "then": {
            "properties": {
                "postal_code": {
                    "anyOf": [
                        {"type": "string", "pattern": r"^\d{4}$"},
                        {"type": "integer", "minimum": 1000, "maximum": 9999},
                    ]
                }
            }
        },
    }


def _record(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}
        props: dict[str, Any] = {}
        required = []
        rules = []
        for key in fields.keys(cls):
            # A choice with a `supported_unless` is asked in a rule of the mapping's own.
            sub = _schema(key.shape, defs, None if key.supported_unless else key.supported)
            if not key.required:
                sub = _nullable(sub)
            if key.doc:
                sub["description"] = key.doc
            if key.default is not None and not isinstance(key.default, list):
                sub["default"] = key.default
            props[key.name] = sub
            if key.required:
                required.append(key.name)
            if key.when is not None:
                rules.append(_condition(key, key.when))
            if key.supported is not None and key.supported_unless is not None:
                rules.append(_supported_unless(key))
            if isinstance(key.shape, fields.Text) and key.shape.kind == "postal_code":
                rules.append(_postal_code_rule())
        defs[name] = {
            "type": "object",
            "properties": props,
            "required": required,
            "patternProperties": {f"^{_literal(p)}": {} for p in fields.USER_KEY_PREFIXES},
            "additionalProperties": False,
            **({"allOf": rules} if rules else {}),
        }
    return {"$ref": f"#/$defs/{name}"}


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _record(model.Profile, defs)
    root = dict(defs.pop("Profile"))
    root["properties"]["schema_version"] = {
        "const": model.SCHEMA_VERSION,
        "description": "Version of the profile format",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "notice-tui profile",
        **root,
        "$defs": defs,
    }
