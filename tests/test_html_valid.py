"""The HTML is valid: a conforming HTML5 parser finds no error, and the structure holds.

Every sample, every document, as a standalone page and as a fragment: html5lib in
strict mode (any parse error fails), one h1, headings that skip no level, unique ids,
and tables with header cells and a caption.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.dom.minidom import Document, Element

import html5lib
import pytest
from html5lib import treebuilders

from notice_tui.document import render_documents
from notice_tui.pipeline import analyse

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
DATE = dt.date(2026, 11, 22)


def _outputs() -> list[pytest.param]:
    cases = []
    for sample in SAMPLES:
        result = analyse(sample, compliance=False)
        assert result.profile is not None, sample
        for doc in render_documents(result.profile, DATE).documents:
            cases.append(pytest.param(doc.html_page(), False, id=f"{sample.stem}-{doc.kind}-page"))
            cases.append(
                pytest.param(doc.html_fragment(), True, id=f"{sample.stem}-{doc.kind}-fragment")
            )
    return cases


def parse_strict(text: str, fragment: bool) -> Document | Element:
    """Parse as a browser would; any parse error raises html5lib.html5parser.ParseError."""
    parser = html5lib.HTMLParser(strict=True, tree=treebuilders.getTreeBuilder("dom"))
    if fragment:
        return parser.parseFragment(text, container="main")
    return parser.parse(text)


def elements(node, name: str | None = None) -> list[Element]:
    found = []
    stack = list(reversed(node.childNodes))
    while stack:
        n = stack.pop()
        if n.nodeType == n.ELEMENT_NODE:
            if name is None or n.tagName == name:
                found.append(n)
            stack.extend(reversed(n.childNodes))
    return found


def children(node: Element, name: str) -> list[Element]:
    return [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE and c.tagName == name]


def text_of(node) -> str:
    if node.nodeType == node.TEXT_NODE:
        return node.data
    return "".join(text_of(c) for c in node.childNodes)


def check_structure(root) -> None:
    """One h1, no skipped heading levels, unique ids, tables with th and caption."""
    headings = [e for e in elements(root) if e.tagName in ("h1", "h2", "h3", "h4", "h5", "h6")]
    levels = [int(h.tagName[1]) for h in headings]
    assert levels.count(1) == 1, f"h1 count: {levels.count(1)}"
    assert levels[0] == 1, "the first heading is not the h1"
    for (a, ha), (b, hb) in zip(
        zip(levels, headings, strict=True), zip(levels[1:], headings[1:], strict=True), strict=False
    ):
        assert b <= a + 1, f"h{a} {text_of(ha)!r} is followed by h{b} {text_of(hb)!r}"
    for h in headings:
        assert text_of(h).strip(), "empty heading"

    ids = [e.getAttribute("id") for e in elements(root) if e.hasAttribute("id")]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"duplicate ids: {dupes}"
    for a in elements(root, "a"):
        href = a.getAttribute("href")
        if href.startswith("#"):
            assert href[1:] in ids, f"link to a missing id: {href}"

    for table in elements(root, "table"):
        captions = children(table, "caption")
        assert len(captions) == 1 and text_of(captions[0]).strip(), "table without a caption"
        first = next(c for c in table.childNodes if c.nodeType == c.ELEMENT_NODE)
        assert first is captions[0], "caption is not the table's first child"
        head = children(table, "thead")
        assert head, f"table {text_of(captions[0])!r} has no thead"
        header_cells = elements(head[0], "th")
        assert header_cells, f"table {text_of(captions[0])!r} has no header cells"
        assert all(text_of(th).strip() for th in header_cells), "empty header cell"
        assert all(th.getAttribute("scope") == "col" for th in header_cells)
        for body in children(table, "tbody"):
            for row in children(body, "tr"):
                cells = children(row, "td") + children(row, "th")
                assert len(cells) == len(header_cells), (
                    f"row of {len(cells)} cells under {len(header_cells)} headers in "
                    f"{text_of(captions[0])!r}"
                )


@pytest.mark.parametrize(("text", "fragment"), _outputs())
def test_output_is_valid_html(text: str, fragment: bool) -> None:
    root = parse_strict(text, fragment)
    if not fragment:
        html = elements(root, "html")[0]
        assert html.getAttribute("lang") == "nb"
        titles = elements(root, "title")
        assert len(titles) == 1 and text_of(titles[0]).strip()
        assert len(elements(root, "main")) == 1
        root = elements(root, "main")[0]
    check_structure(root)


def test_strict_parser_does_fail_on_errors() -> None:
    """The checks above would catch a real mistake (a guard against a lenient parser)."""
    from html5lib.html5parser import ParseError

    with pytest.raises(ParseError):
        parse_strict("<!DOCTYPE html><html lang=nb><title>x</title><p><table></p>", False)
    with pytest.raises(ParseError):
        parse_strict("<h1>a</h1><p>b</div>", True)
    with pytest.raises(AssertionError, match="followed by h3"):
        check_structure(parse_strict("<h1>a</h1><h3>b</h3>", True))
    with pytest.raises(AssertionError, match="caption"):
        check_structure(
            parse_strict(
                "<h1>a</h1><table><thead><tr><th scope=col>x</th></tr></thead></table>", True
            )
        )
