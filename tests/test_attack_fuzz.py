"""The attack's methods, at a CI-sized budget (issue 14).

- load → check → render over profiles with hostile YAML put in anywhere (bad dates,
  explicit tags, aliases, anchors, merges, giant numbers, flow syntax) and over
  texts cut and spliced at random: a ProfileError with a message, or findings
  that name their place, or documents; never an exception, never a Python repr.
- The fast (C) and the round-trip readers agree: both refuse a text, or both read
  a profile that is equally valid and, when valid, the same.
- What `set` writes loads again; what it refuses leaves the file as it was.

A longer hunt: ATTACK_EXAMPLES=2000 ATTACK_RANDOM=1 python -m pytest tests/test_attack_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import TaggedScalar

from notice_tui.cli import main
from notice_tui.document import render_documents
from notice_tui.findings import Finding
from notice_tui.pipeline import analyse_document
from notice_tui.profile import paths
from notice_tui.profile.store import (
    ProfileError,
    ValueParseError,
    dump_tree,
    load,
    parse_text,
    parse_value,
)

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
EXAMPLES = int(os.environ.get("ATTACK_EXAMPLES", "50"))
FIXED_SEED = not os.environ.get("ATTACK_RANDOM")
BUDGET = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=FIXED_SEED,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DATE = dt.date(2026, 11, 22)

# Values as YAML text: each has broken something once, or nearly.
HOSTILE_VALUES = [
    "2026-02-30",
    "2026-13-45",
    "0000-01-01",
    "2026-11-22",
    "2026-11-22T10:00:00",
    "!!int abc",
    "!!float y",
    "!!bool maybe",
    "!!binary a",
    "!!binary aGVsbG8=",
    "!!str 1",
    "!!str",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!!null ''",
    "!!timestamp 2026-02-30",
    "!mine text",
    "!!map {a: 1}",
    "!!seq [1]",
    "!!str [1]",
    "&a [*a]",
    "&b {k: *b}",
    "*nowhere",
    "9" * 4400,
    "0x1F",
    "0o17",
    "1e400",
    ".nan",
    "-.inf",
    "~",
    "null",
    "''",
    '""',
    "[]",
    "{}",
    "[~]",
    "[[[[]]]]",
    "true",
    "yes",
    "on",
    "5",
    "-1",
    "1.5",
    "http://[::1",
    "https://a.no:99999/",
    '"https://a.no/\\0"',
    '"\\u202eon.knab"',
    '"\\udc80"',
    '"\\e[2J"',
    "'*'",
    "'*a*a*a*a*b'",
    "---",
    "'-- -'",
    "{<<: !!set {a}}",
    "{<<: [1]}",
    "{? [a, b]: c}",
    "[a, {b: c}]",
    "{a: [b, {c: d}]}",
    "'# x'",
    "'> x'",
    "|\n  flere\n  linjer",
    ">-\n  brettet",
    "ø" * 50,
]
KEY_PATHS = [
    "schema_version",
    "language",
    "last_updated",
    "version_label",
    "x_mine",
    "x_mine.deep",
    "controller",
    "controller.name",
    "controller.email",
    "controller.website",
    "controller.address",
    "controller.dpo",
    "processors",
    "processors[0]",
    "processors[0].name",
    "processors[0].location",
    "processors[0].transfer",
    "other_activities",
    "website",
    "website.url",
    "website.cookies",
    "website.cookies[0]",
    "website.cookies[0].name",
    "website.cookies[0].duration",
    "contact.channels",
    "customers.data",
    "newsletter.retention",
    "rights",
    "security.measures",
    "automated_decisions",
    "sensitive_data",
    "children",
    "recipients",
]
MARK = "@@hostile@@"
REPR = re.compile(
    r"odict|ordereddict|Commented\w*\(|TaggedScalar|Scalar\w+\(|object at 0x|"
    r"Traceback"
)
SAMPLE_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SAMPLES}
SAMPLE_DOCS = {name: parse_text(text, f"{name}.yaml") for name, text in SAMPLE_TEXTS.items()}


def with_value(sample: str, path: str, value: str) -> str:
    """A sample's text with `value` (raw YAML) at `path`, in its block or flow place."""
    doc = parse_text(SAMPLE_TEXTS[sample], f"{sample}.yaml")
    try:
        paths.set_value(doc.tree, path, MARK)
    except paths.PathError:
        return SAMPLE_TEXTS[sample]
    text = dump_tree(doc.tree, doc.indent)
    if "\n" in value:  # a block scalar needs its own lines: indent under the key
        line = next(ln for ln in text.splitlines() if MARK in ln)
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        value = value.replace("\n", "\n" + indent)
    return text.replace(MARK, value, 1)


def spliced(text: str, cuts: list[tuple[int, int, str]]) -> str:
    for start, length, insert in cuts:
        at = start % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    return text


HOSTILE_TEXTS = st.one_of(
    st.builds(
        with_value,
        st.sampled_from(sorted(SAMPLE_TEXTS)),
        st.sampled_from(KEY_PATHS),
        st.sampled_from(HOSTILE_VALUES),
    ),
    st.builds(
        spliced,
        st.sampled_from(sorted(SAMPLE_TEXTS.values())),
        st.lists(
            st.tuples(
                st.integers(0, 10_000),
                st.integers(0, 40),
                st.one_of(
                    st.sampled_from(HOSTILE_VALUES),
                    st.sampled_from(
                        [
                            "\n",
                            ": ",
                            "- ",
                            "&x ",
                            "*x",
                            "[",
                            "]",
                            "{",
                            "}",
                            "'",
                            '"',
                            "\t",
                            "#",
                            "---\n",
                            "%YAML 1.1\n",
                            "\ufeff",
                            "? ",
                        ]
                    ),
                    st.text(max_size=6),
                ),
            ),
            min_size=1,
            max_size=4,
        ),
    ),
)


def plain(value: Any) -> Any:
    """A value without its YAML clothes (quoting, flow style, ruamel's subclasses)."""
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, TaggedScalar):
        return ("tagged", str(value.tag), value.value)
    if isinstance(value, float):
        return repr(float(value))  # nan == nan, as text
    for kind in (int, str, bytes, dt.datetime, dt.date):
        if isinstance(value, kind):
            return kind(value) if kind not in (dt.datetime, dt.date) else value.isoformat()
    return value


def assert_plain_message(finding: Finding) -> None:
    assert finding.message.strip(), finding
    assert not REPR.search(finding.format()), finding.format()


def read(text: str, *, fast: bool) -> Any:
    try:
        return parse_text(text, "fuzz.yaml", fast=fast)
    except ProfileError as exc:
        assert exc.finding.file == "fuzz.yaml"
        assert_plain_message(exc.finding)
        return exc


@BUDGET
@given(HOSTILE_TEXTS)
def test_load_check_render_never_crash(text: str) -> None:
    doc = read(text, fast=False)
    if isinstance(doc, ProfileError):
        event("refused as a file")
        return
    result = analyse_document(doc)
    for finding in result.findings:
        assert_plain_message(finding)
        assert finding.line is not None or not finding.path, finding.format()
    if not result.valid:
        event("refused by the schema")
        return
    event("rendered")
    assert result.profile is not None
    for rendered in render_documents(result.profile, DATE).documents:
        for fmt in ("md", "html"):
            assert not REPR.search(rendered.as_format(fmt, False, "nb"))  # type: ignore[arg-type]


@BUDGET
@given(HOSTILE_TEXTS)
def test_the_fast_and_the_round_trip_reader_agree(text: str) -> None:
    slow = read(text, fast=False)
    fast = read(text, fast=True)
    assert isinstance(slow, ProfileError) == isinstance(fast, ProfileError), (slow, fast)
    if isinstance(slow, ProfileError):
        assert isinstance(fast, ProfileError)
        assert slow.finding.message == fast.finding.message
        return
    slow_result = analyse_document(slow, compliance=False)
    fast_result = analyse_document(fast, compliance=False)
    assert slow_result.valid == fast_result.valid, (
        [f.format() for f in slow_result.schema],
        [f.format() for f in fast_result.schema],
    )
    assert [(f.path, f.message) for f in slow_result.schema] == [
        (f.path, f.message) for f in fast_result.schema
    ]
    if slow_result.valid:
        assert slow_result.profile == fast_result.profile


@BUDGET
@given(
    sample=st.sampled_from(sorted(SAMPLE_TEXTS)),
    path=st.sampled_from(KEY_PATHS),
    value=st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=20)),
)
def test_what_set_writes_loads_again(
    tmp_path_factory: pytest.TempPathFactory, sample: str, path: str, value: str
) -> None:
    profile = tmp_path_factory.mktemp("set") / f"{sample}.yaml"
    profile.write_text(SAMPLE_TEXTS[sample], encoding="utf-8")
    before = profile.read_bytes()
    code = main(["--lang", "en", "set", str(profile), path, "--", value])  # "-1" is a value
    assert code in (0, 1, 2)
    if code != 0:
        event(f"refused ({code})")
        assert profile.read_bytes() == before
        return
    event("written")
    doc = load(profile)  # raises if `set` wrote what cannot be read: the oracle
    if value.strip() in ("~", "null"):
        return
    try:
        expected = parse_value(value)
    except ValueParseError:  # pragma: no cover - set refused these above
        raise AssertionError(value) from None
    written = paths.get(doc.tree, path)
    assert plain(written) == plain(expected), (path, value)


def test_the_hostile_values_reach_every_kind_of_place() -> None:
    """The generator's pieces fit: a value at each key path makes a text that differs."""
    for path in KEY_PATHS:
        text = with_value("fjordkaffe", path, "42")
        assert text != SAMPLE_TEXTS["fjordkaffe"], path
