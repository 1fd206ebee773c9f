"""Hostile text in every free-text field: nothing crashes, nothing typed becomes markup.

Hypothesis fills the free-text fields of a full profile (the fjordkaffe sample plus the
modules it lacks) with arbitrary unicode, HTML, Markdown syntax, control characters and
very long strings, then checks what a careful reviewer would:

- rendering never crashes;
- the HTML parses without error and holds only the elements and attributes the templates
  make: no element, event handler or javascript: link the user typed;
- every Markdown table keeps its shape (each row as many cells as the header), and the
  HTML has the same tables with the same rows;
- `check` accepts, or every finding has a key path and a line;
- what is saved reads back as the same text, and the fast (C parser) read used by
  `render` gives the same profile as the round-trip read used by `check`.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
from html5lib import treebuilders
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import notice_tui
from notice_tui.document import render_documents
from notice_tui.document.escape import clean_text
from notice_tui.pipeline import analyse, analyse_document
from notice_tui.profile.store import ProfileDocument, dump_tree, load, parse_text

ROOT = Path(__file__).parents[1]
# Child processes import the notice_tui this test imported (source tree or installed).
PACKAGE_HOME = str(Path(notice_tui.__file__).parents[1])
DATE = dt.date(2026, 11, 22)

EXTRA = """
recruitment:
  data: [CV, søknadsbrev]
  legitimate_interest: Vi må kunne vurdere søkere
  retention_note: etter at stillingen er besatt
employees:
  data: [navn, lønn]
other_activities:
  - title: Seminarer og kurs
    purpose: Vi arrangerer kurs
    data: [navn, e-post]
    legal_basis: contract
    retention: 1y
    retention_note: etter kurset
automated_decisions:
  description: Vi bruker en kredittsjekk før vi gir kreditt
sensitive_data:
  description: Helseopplysninger ved tilrettelegging
  art9_basis: b
"""


def base_text() -> str:
    text = (ROOT / "sample_profiles" / "fjordkaffe.yaml").read_text(encoding="utf-8")
    # EXTRA describes the automated decisions the sample says it does not make.
    text = text.replace("\nautomated_decisions: false\n", "\n") + EXTRA
    text = text.replace(
        "  contact_person:",
        "  dpo: {name: Ola Ombud, email: ombud@fjordkaffe.no}\n  contact_person:",
        1,
    )
    text = text.replace(
        "  authorities_when_required: true",
        "  authorities_when_required: true\n  partners: Revisor og advokat",
        1,
    )
    return text.replace(
        "  channels:", "  legitimate_interest: Vi må kunne svare deg\n  channels:", 1
    )


BASE = parse_text(base_text(), "hostile.yaml")
# A longer hunt: HOSTILE_EXAMPLES=2000 HOSTILE_RANDOM=1 python -m pytest tests/test_hostile_input.py
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "60"))
FIXED_SEED = not os.environ.get("HOSTILE_RANDOM")

# Keys whose string values are words a person typed (not addresses, codes or choices).
TEXT_KEYS = {
    "name",
    "contact_person",
    "street",
    "city",
    "legitimate_interest",
    "retention_note",
    "purpose",
    "provider",
    "consent_tool",
    "service",
    "location",
    "partners",
    "description",
    "title",
    "version_label",
}
TEXT_LISTS = {"data", "systems", "measures", "social_media_platforms", "public_sources"}
WORD_DURATIONS = {("newsletter", "retention")}  # a retention given as a criterion in words


def text_slots(node: Any, path: tuple = ()) -> list[tuple]:
    slots: list[tuple] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and (key in TEXT_KEYS or (*path, key) in WORD_DURATIONS):
                slots.append((*path, key))
            elif isinstance(value, list) and key in TEXT_LISTS:
                slots.extend((*path, key, i) for i, v in enumerate(value) if isinstance(v, str))
            else:
                slots.extend(text_slots(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            slots.extend(text_slots(value, (*path, i)))
    return slots


SLOTS = text_slots(BASE.tree)


def put(tree: Any, slot: tuple, value: str) -> None:
    for key in slot[:-1]:
        tree = tree[key]
    tree[slot[-1]] = value


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>fet</b>",
    "</td></tr>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&lt;",
    "&#0;",
    "&",
    "[b]",
    "[lenke](javascript:alert(1))",
    "![bilde](https://x.invalid/a.png)",
    "<https://evil.example>",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "|",
    "||",
    "| --- |",
    "\\",
    "\\|",
    "#",
    "## Overskrift",
    "# ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2024. ",
    "1) ",
    "> ",
    "---",
    "===",
    "    kode",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\x9b",
    "\u00a0",
    "\u200b",
    "\u2028",
    "\u2029",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\ufdd0",
    "\uffff",
    "\U0001f600",
    "e\u0301",
    "{{ 7*7 }}",
    "{% raw %}",
    "%s",
    "'",
    '"',
    ":",
    ": ",
    "- a: b",
    "[",
    "]",
    "(",
    ")",
    "www.evil.example",
    "https://evil.example",
    "mailto:x@evil.example",
    "@",
    "{",
    "}",
    "ø",
    "Å",
    "ÆØÅ",
    "@@innhold@@",
]
LONG = st.sampled_from(["x", "ord ", "<b>", "|", "*_", "\\", "ø"]).map(lambda s: s * 2000)
FRAGMENTS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12))
TEXTS = st.one_of(
    st.text(max_size=40),
    st.lists(FRAGMENTS, min_size=1, max_size=8).map("".join),
    st.lists(FRAGMENTS, min_size=1, max_size=4).map("".join).map(lambda s: s + " tekst"),
)
# Very long text in a few fields at a time (in all of them, each example would take seconds).
LONG_SLOTS = st.dictionaries(st.integers(0, len(SLOTS) - 1), LONG, max_size=3)


def non_blank(text: str) -> str:
    """Required fields must say something; keep the hostile part, add a letter when empty."""
    return text if clean_text(text) else text + "a"


def hostile_tree(texts: list[str]) -> Any:
    tree = copy.deepcopy(BASE.tree)
    for slot, text in zip(SLOTS, texts, strict=True):
        put(tree, slot, non_blank(text))
    return tree


ELEMENTS = {
    "html",
    "head",
    "body",
    "meta",
    "title",
    "style",
    "main",
    "nav",
    "h1",
    "h2",
    "h3",
    "p",
    "em",
    "strong",
    "a",
    "ul",
    "li",
    "code",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
}
ATTRIBUTES = {
    "lang",
    "charset",
    "name",
    "content",
    "id",
    "href",
    "scope",
    "data-label",
    "aria-label",
    "aria-labelledby",
}
SAFE_HREF = re.compile(
    r"^(https?://|mailto:|tel:|#|(personvernerklaering|informasjonskapsler)\.html$)", re.IGNORECASE
)
# As GFM and markdown-it split a row: a pipe right after a backslash is part of the cell.
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
DELIMITER_ROW = re.compile(r"^\|(?: *:?-{3,}:? *\|)+$")


def walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        if n.nodeType == n.ELEMENT_NODE:
            yield n
        stack.extend(n.childNodes)


def text_of(node) -> str:
    if node.nodeType == node.TEXT_NODE:
        return node.data
    return "".join(text_of(c) for c in node.childNodes)


def parse_html(text: str, fragment: bool):
    parser = html5lib.HTMLParser(strict=True, tree=treebuilders.getTreeBuilder("dom"))
    return parser.parseFragment(text, container="main") if fragment else parser.parse(text)


def md_tables(markdown: str) -> list[list[str]]:
    tables: list[list[str]] = []
    block: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            tables.append(block)
            block = []
    return tables


def assert_safe_html(text: str, fragment: bool) -> Any:
    root = parse_html(text, fragment)
    ids = {el.getAttribute("id") for el in walk(root) if el.hasAttribute("id")}
    for el in walk(root):
        assert el.tagName in ELEMENTS, f"unexpected element <{el.tagName}>"
        for i in range(el.attributes.length):
            attr = el.attributes.item(i)
            assert attr.name in ATTRIBUTES, f"unexpected attribute {attr.name} on <{el.tagName}>"
            assert not attr.name.lower().startswith("on")
            if attr.name == "href":
                assert SAFE_HREF.match(attr.value), f"unsafe link {attr.value!r}"
                if attr.value.startswith("#"):
                    assert attr.value[1:] in ids, f"link to a missing heading: {attr.value}"
    return root


def assert_tables_keep_shape(markdown: str, html_root: Any) -> None:
    tables = md_tables(markdown)
    for block in tables:
        assert len(block) >= 3, f"table without rows: {block}"
        assert DELIMITER_ROW.match(block[1]), f"not a delimiter row: {block[1]!r}"
        width = len(UNESCAPED_PIPE.findall(block[0]))
        for row in block:
            cells = len(UNESCAPED_PIPE.findall(row))
            assert cells == width, f"row has {cells - 1} cells, header {width - 1}: {row[:300]!r}"
    html_tables = [el for el in walk(html_root) if el.tagName == "table"]
    assert len(html_tables) == len(tables)
    rows = sorted(len([r for r in walk(t) if r.tagName == "tr"]) for t in html_tables)
    assert rows == sorted(len(b) - 1 for b in tables)  # header row + body rows


def assert_findings_located(findings) -> None:
    for f in findings:
        assert f.path, f"finding without a key path: {f.format()}"
        assert f.line is not None, f"finding without a line: {f.format()}"


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=FIXED_SEED,
)
@given(st.lists(TEXTS, min_size=len(SLOTS), max_size=len(SLOTS)), LONG_SLOTS)
def test_hostile_text_renders_safely(texts: list[str], long: dict[int, str]) -> None:
    texts = [long.get(i, text) for i, text in enumerate(texts)]
    doc = ProfileDocument(tree=hostile_tree(texts), name="hostile.yaml")
    result = analyse_document(doc)
    assert_findings_located(result.findings)
    event("rendered" if result.valid else "refused by the schema")
    if not result.valid:
        return
    assert result.profile is not None
    for rendered in render_documents(result.profile, DATE).documents:
        page = assert_safe_html(rendered.html_page(), fragment=False)
        assert len([e for e in walk(page) if e.tagName == "h1"]) == 1
        assert len([e for e in walk(page) if e.tagName == "title"]) == 1
        assert_tables_keep_shape(rendered.markdown, page)
        if rendered.kind == "cookies":
            # Names are shown as code, verbatim: no escape may show or go missing.
            shown = {text_of(e) for e in walk(page) if e.tagName == "code"}
            for cookie in result.profile.website.cookies:  # type: ignore[union-attr]
                assert clean_text(cookie.name) in shown, cookie.name


def test_the_base_profile_is_valid_and_every_slot_is_text() -> None:
    """The generator's starting point renders, so the property test exercises rendering."""
    result = analyse_document(BASE)
    assert result.valid, [f.format() for f in result.findings]
    assert len(SLOTS) > 40
    for key in (
        "controller",
        "website",
        "processors",
        "other_activities",
        "recipients",
        "automated_decisions",
        "sensitive_data",
    ):
        assert any(slot[0] == key for slot in SLOTS), key


@pytest.mark.slow
def test_plain_hostile_examples_render_safely() -> None:
    """Each known-nasty snippet alone in every field: the cases hypothesis may not pick."""
    for snippet in HOSTILE:
        texts = [snippet + " x"] * len(SLOTS)
        result = analyse_document(ProfileDocument(tree=hostile_tree(texts), name="h.yaml"))
        assert_findings_located(result.findings)
        assert result.valid, (snippet, [f.format() for f in result.findings][:3])
        assert result.profile is not None
        for rendered in render_documents(result.profile, DATE).documents:
            assert_safe_html(rendered.html_page(), fragment=False)
            fragment = assert_safe_html(rendered.html_fragment(), fragment=True)
            assert_tables_keep_shape(rendered.markdown, fragment)


def test_typed_markup_shows_as_text() -> None:
    texts = [f"<b>felt {i}</b> *x* |" for i in range(len(SLOTS))]
    result = analyse_document(ProfileDocument(tree=hostile_tree(texts), name="h.yaml"))
    assert result.profile is not None
    page = render_documents(result.profile, DATE).documents[0].html_page()
    root = parse_html(page, fragment=False)
    h1 = next(e for e in walk(root) if e.tagName == "h1")
    name_slot = SLOTS.index(("controller", "name"))
    assert "".join(n.data for n in h1.childNodes if n.nodeType == n.TEXT_NODE).endswith(
        f"<b>felt {name_slot}</b> *x* |"
    )


@settings(max_examples=EXAMPLES, deadline=None, derandomize=FIXED_SEED)
@given(st.dictionaries(st.sampled_from(SLOTS), TEXTS, min_size=1, max_size=8))
def test_saved_text_reads_back_the_same(
    tmp_path_factory: pytest.TempPathFactory, texts: dict[tuple, str]
) -> None:
    """What the wizard saves (any text) loads again as the same text, by both readers."""
    tree = copy.deepcopy(BASE.tree)
    for slot, text in texts.items():
        put(tree, slot, non_blank(text))
    text = dump_tree(tree)
    again = parse_text(text, "saved.yaml")
    for slot, value in texts.items():
        node = again.tree
        for key in slot:
            node = node[key]
        assert node == non_blank(value), slot
    path = tmp_path_factory.mktemp("saved") / "saved.yaml"
    path.write_text(text, encoding="utf-8")
    slow = analyse(path)
    assert_findings_located(slow.findings)
    fast_profile, _ = load(path, fast=True).parse()
    assert fast_profile == slow.profile


@pytest.mark.parametrize(
    "text",
    [
        ": tekst",
        "? tekst",
        ":",
        "?",
        ": ",
        "- a",
        "a: b",
        "[a",
        "a, b",
        "#x",
        "*a",
        "&a",
        "!x",
        ":\tx",
        "?\nx",
        "\x85a",
        "a\x85b",
        "?0",
        ":x",
    ],
)
def test_indicator_text_in_a_flow_list_reads_back(text: str) -> None:
    """ruamel wrote "?0", ": x" and "? x" unquoted in [a, b] lists and {k: v} mappings
    (unreadable, or a mapping), and a NEL raw in quotes (read back as a line break)."""
    doc = parse_text("schema_version: 1\ncustomers:\n  data: [navn, adresse]\nx_map: {k: v}\n")
    doc.tree["customers"]["data"][0] = text
    doc.tree["x_map"]["k"] = text
    again = parse_text(dump_tree(doc.tree)).tree
    assert again["customers"]["data"][0] == text
    assert again["x_map"]["k"] == text


@pytest.mark.parametrize("text", ["https://www.brreg.no", "<https://x.no>", "a:b", ":x", "a::b"])
def test_colon_in_a_flow_list_reads_the_same_for_render(tmp_path: Path, text: str) -> None:
    """libyaml (render's fast reader) refused "[https://x.no, y]", which check accepts."""
    doc = parse_text(base_text(), "p.yaml")
    doc.tree["customers"]["data"][0] = text
    path = tmp_path / "p.yaml"
    path.write_text(dump_tree(doc.tree), encoding="utf-8")
    assert text in path.read_text(encoding="utf-8")  # in the list, quoted where YAML needs it
    fast = analyse(path, fast=True)
    assert fast.valid and fast.profile is not None
    assert fast.profile == analyse(path).profile
    assert fast.profile.customers.data[0] == text  # type: ignore[union-attr]


def test_check_output_has_no_terminal_escapes(tmp_path: Path) -> None:
    import subprocess
    import sys

    doc = parse_text(base_text(), "p.yaml")
    doc.tree["website"]["cookies"][1]["name"] = "_ga\x1b[2J\x1b]0;pwned\x07"
    path = tmp_path / "p.yaml"
    path.write_text(dump_tree(doc.tree), encoding="utf-8")
    env = {**os.environ, "NOTICE_TUI_LANG": "en", "PYTHONPATH": PACKAGE_HOME}
    res = subprocess.run(
        [sys.executable, "-m", "notice_tui", "check", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "_ga" in res.stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", res.stdout + res.stderr)
