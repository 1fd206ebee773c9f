"""`check` and the published JSON Schema give one verdict on the same profile.

An editor that validates against `notice-tui schema` must accept what `check`
accepts and refuse what it refuses. The profiles are the samples and variations
of them: a value replaced by text, a number, a list, a mapping, nothing; a key
removed or added; a processor moved outside the EEA; a basis that needs words.

What a JSON Schema pattern cannot say is `check`'s alone, so values of those kinds
(e-mail, web address, phone, organisasjonsnummer, postal code) are varied only in
ways a pattern tells apart: check digits and numbering plans are not in the schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from notice_tui.findings import Severity
from notice_tui.profile import model
from notice_tui.profile.store import ProfileError, parse_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
# Kinds whose full check is beyond a pattern: varied with words, never with digits.
CHECKED_KINDS = {"email", "url", "phone", "org_number", "postal_code"}


@cache
def validator() -> jsonschema.Draft202012Validator:
    """The schema as a user gets it: from the command."""
    out = subprocess.run(
        [sys.executable, "-m", "notice_tui", "schema"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    schema = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_accepts(text: str) -> bool:
    """`check`'s verdict on the format: the profile reads with no error."""
    try:
        doc = parse_text(text, "profil.yaml")
    except ProfileError:
        return False
    profile, findings = doc.parse()
    return profile is not None and not any(f.severity == Severity.ERROR for f in findings)


def schema_errors(data: Any) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator().iter_errors(data)
    ]


def as_json(value: Any) -> Any:
    """A YAML tree as a schema validator sees it: dates are the text they are written as."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@cache
def sample_data() -> dict[str, Any]:
    yaml = YAML(typ="safe", pure=True)
    return {p.stem: as_json(yaml.load(p.read_text(encoding="utf-8"))) for p in SAMPLES}


def assert_same_verdict(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False)  # JSON is YAML: one file for both
    by_check = check_accepts(text)
    errors = schema_errors(json.loads(text))
    assert by_check == (not errors), (
        f"check {'accepts' if by_check else 'refuses'}, the schema "
        f"{'refuses: ' + '; '.join(errors) if errors else 'accepts'}\n{text}"
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_passes_check_and_the_schema(sample: Path) -> None:
    assert check_accepts(sample.read_text(encoding="utf-8"))
    assert schema_errors(sample_data()[sample.stem]) == []


BASE: dict[str, Any] = {
    "schema_version": 1,
    "controller": {"name": "Testfirma AS", "email": "post@testfirma.no"},
}


@pytest.mark.parametrize(
    "extra",
    [
        {"customers": {"data": "navn"}},  # a word where a list is meant: a list of one
        {"customers": {"data": ["navn"], "public_sources": "brreg.no"}},
        {"customers": {"data": 5}},
        {"contact": {"channels": "email"}},  # choices take no such shortcut
        {"newsletter": {"data": ["e-post"], "retention": "3 år"}},
        {"newsletter": {"data": ["e-post"], "retention": "12"}},
        {"newsletter": {"data": ["e-post"], "retention": "til du melder deg av"}},
        {"newsletter": {"data": ["e-post"], "legal_basis": "legitimate_interest"}},
        {
            "newsletter": {
                "data": ["e-post"],
                "legal_basis": "legitimate_interest",
                "legitimate_interest": "å holde kundene orientert",
            }
        },
        {"processors": [{"name": "Sky", "service": "lagring", "location": "USA"}]},
        {
            "processors": [
                {
                    "name": "Sky",
                    "service": "lagring",
                    "location": "Norge og USA",
                    "transfer": "none",
                }
            ]
        },
        {
            "processors": [
                {"name": "Sky", "service": "lagring", "location": "usa", "transfer": "scc"}
            ]
        },
        {"processors": [{"name": "Sky", "service": "lagring", "location": "Trinidad og Tobago"}]},
        {"processors": [{"name": "Sky", "service": "lagring", "location": "Sverige"}]},
        {"other_activities": [{"title": "Kurs", "purpose": "kurs", "data": ["navn"]}]},
        {
            "other_activities": [
                {"title": "Kurs", "purpose": "kurs", "data": ["navn"], "legal_basis": "consent"}
            ]
        },
        {"language": "nn"},
        {"language": "nn", "languages": ["en"]},  # written in nynorsk, rendered in English
        {"languages": ["nb", "nn"]},
        {"languages": ["xx"]},
        {"customers": {"data": {"nb": ["navn"], "en": ["name"]}}},
        {"customers": {"data": {"xx": ["navn"]}}},
        {"customers": {"data": {}}},
        {
            "processors": [
                {
                    "name": "Sky",
                    "service": {"nb": "lagring", "en": "storage"},
                    "location": {"nb": "USA", "en": "USA"},
                }
            ]
        },
        {"language": "nb", "last_updated": "2026-11-01", "version_label": 2.3},
        {"automated_decisions": True},
        {"automated_decisions": "kredittsjekk ved bestilling"},
        {"sensitive_data": None, "children": None, "x_note": "mine", "colour": "blue"},
    ],
)
def test_cases_get_one_verdict(extra: dict[str, Any]) -> None:
    assert_same_verdict({**BASE, **extra})


@pytest.mark.parametrize(
    "address",
    [
        {"street": "Gata 1", "postal_code": "0150", "city": "Oslo"},
        {"street": "Gata 1", "postal_code": "150", "city": "Oslo"},
        {"street": "Gata 1", "postal_code": "150", "city": "Oslo", "country": "NORGE"},
        {"street": "Gata 1", "postal_code": "SW1A 1AA", "city": "London", "country": "UK"},
        {"street": "Gata 1", "postal_code": 3015, "city": "Drammen"},
    ],
)
def test_postal_codes_get_one_verdict(address: dict[str, Any]) -> None:
    assert_same_verdict({**BASE, "controller": {**BASE["controller"], "address": address}})


# -- generated variations of the samples ---------------------------------------------------

VALUES: list[Any] = [
    "navn",
    "  ",
    "",
    5,
    2.5,
    True,
    False,
    None,
    ["navn"],
    [None],
    [],
    {},
    {"x_note": 1},
    "12 months",
    "3 år",
    "12",
    "session",
    "13mo",
    "legitimate_interest",
    "consent",
    "USA",
    "Norge og USA",
    "Sverige",
    "2026-11-01",
    "bogus",
    "nn",
    "none",
    "scc",
    {"description": "Vi vurderer søknader automatisk"},
    {"nb": "navn", "en": "name"},
    {"nb": ["navn"]},
    {"xx": "navn"},
    ["nb", "en"],
    ["nn"],
]


def _has_digit(value: Any) -> bool:
    return any(c.isdigit() for c in json.dumps(value))


def places(data: Any, path: str = "") -> list[str]:
    """Every key path in the tree."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            sub = f"{path}.{key}" if path else key
            found.append(sub)
            found += places(value, sub)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            sub = f"{path}[{i}]"
            found.append(sub)
            found += places(value, sub)
    return found


def _parent(data: Any, path: str) -> tuple[Any, Any]:
    from notice_tui.profile import paths

    parts = paths.parse(path)
    return paths.get(data, parts[:-1]) if len(parts) > 1 else data, parts[-1]


def _kind(path: str) -> str | None:
    f = model.field_for(path)
    return f.metadata.get("kind") if f is not None and not path.endswith("]") else None


@st.composite
def variations(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(sample_data()[draw(st.sampled_from(sorted(sample_data())))])
    for _ in range(draw(st.integers(1, 3))):
        where = places(data)
        path = draw(st.sampled_from(where))
        parent, last = _parent(data, path)
        what = draw(st.sampled_from(["set", "set", "set", "delete", "add"]))
        if what == "delete" and isinstance(parent, dict):
            del parent[last]
        elif what == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["colour", "x_note", "x-mine"]))] = "blå"
        elif what == "set":
            choices = VALUES
            if _kind(path) in CHECKED_KINDS:
                choices = [v for v in VALUES if not _has_digit(v)]
            parent[last] = copy.deepcopy(draw(st.sampled_from(choices)))
    return data


@given(variations())
@settings(
    max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
def test_generated_profiles_get_one_verdict(data: dict[str, Any]) -> None:
    assert_same_verdict(data)
