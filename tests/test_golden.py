"""Golden documents: every sample, both documents, both formats, reviewed and committed.

The files are tests/golden/test_golden/test_golden[<sample>][<document>].md/.html. After a
deliberate wording change regenerate them with `pytest tests/test_golden.py
tests/test_languages.py --snapshot-update`, then read the diff.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from conftest import GOLDEN

from notice_tui.pipeline import analyse

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
DATE = dt.date(2026, 11, 22)


@cache  # the same documents for several tests; none changes them
def rendered(sample: Path) -> dict[str, str]:
    from notice_tui.document import render_documents

    result = analyse(sample, compliance=False)
    assert result.valid and result.profile is not None
    out = {}
    for doc in render_documents(result.profile, DATE).documents:
        out[doc.filename("md")] = doc.as_format("md")
        out[doc.filename("html")] = doc.html_page()
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_golden(sample: Path, golden: Callable[[dict[str, str]], None]) -> None:
    golden(rendered(sample))


def test_every_golden_file_is_one_a_test_writes() -> None:
    """syrupy fails a run that leaves a golden file unwritten only when one process runs
    every test; under pytest-xdist (.ci/run) no process sees them all, so this looks."""
    from test_languages import OTHERS, _rendered

    def names(test: str, param: str, files: dict[str, str]) -> set[str]:
        return {
            f"{test}[{param}][{stem}].{ext}"
            for stem, _, ext in (name.rpartition(".") for name in files)
        }

    for test, written in (
        ("test_golden", {n for s in SAMPLES for n in names("test_golden", s.stem, rendered(s))}),
        (
            "test_languages",
            {
                n
                for s in SAMPLES
                for lang in OTHERS
                for n in names(
                    "test_golden_in_every_language", f"{s.stem}-{lang}", _rendered(s, lang)
                )
            },
        ),
    ):
        on_disk = {p.name for p in (GOLDEN / test).iterdir()}
        assert sorted(on_disk - written) == [], "golden files no test writes (--snapshot-update)"
        assert sorted(written - on_disk) == [], "documents without a golden file"


def test_markdown_and_html_say_the_same() -> None:
    """The HTML is made from the Markdown: every sentence of one is in the other."""
    import html
    import re

    docs = rendered(ROOT / "sample_profiles" / "fjordkaffe.yaml")
    page = html.unescape(re.sub(r"<[^>]+>", "", docs["personvernerklaering.html"]))
    page = " ".join(page.split())
    md = docs["personvernerklaering.md"]
    for sentence in (
        "én måned",
        "Datatilsynet",
        "artikkel 6 nr. 1 bokstav f",
        "Du kan alltid protestere mot at vi bruker opplysningene dine til direkte",
    ):
        assert sentence in md and sentence in page


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_paragraph_is_swallowed_by_the_list_above_it(sample: Path) -> None:
    """A line of text right under a list item would render inside that item."""
    for name, text in rendered(sample).items():
        if not name.endswith(".md"):
            continue
        lines = text.splitlines()
        for above, line in itertools.pairwise(lines):
            if above.startswith("- ") and line:
                assert line.startswith("- "), f"{name}: {line[:60]!r} follows a list item"
