"""HTML conversion frees what cmark-gfm allocates: a batch of thousands of profiles, or a
wizard open all day, holds its memory flat."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).parents[1]

# The releases the freeing in notice_tui/document/html.py was written and checked
# against. A newer one may free by itself (drop the workaround) or change what it
# exports (check the workaround): either way, read html.py's comment, then widen this.
WRITTEN_FOR = ("2024.1.14", "2025.10.22")


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_cmarkgfm_is_a_release_the_workaround_was_written_for() -> None:
    low, high = (_release(v) for v in WRITTEN_FOR)
    assert low <= _release(version("cmarkgfm")) <= high, version("cmarkgfm")


def test_the_freeing_converter_is_the_one_in_use_and_says_what_cmarkgfm_says() -> None:
    import cmarkgfm

    from notice_tui.document import html

    convert = html._converter()
    assert convert is not html._leaking
    for path in sorted((ROOT / "tests" / "golden").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert convert(text) == cmarkgfm.markdown_to_html_with_extensions(
            text, options=html._OPTIONS, extensions=["table"]
        ), path.name


MEASURE = """
import glob, sys
from notice_tui.document.html import markdown_to_html

texts = [open(p, encoding="utf-8").read() for p in glob.glob("tests/golden/**/*.md",
                                                            recursive=True)]
text = max(texts, key=len)

def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096

for _ in range(300):
    markdown_to_html(text)
before = rss()
for _ in range(3000):
    markdown_to_html(text)
print(len(text), rss() - before)
"""


def test_memory_stays_flat_over_thousands_of_conversions() -> None:
    if not Path("/proc/self/statm").exists():  # pragma: no cover - Linux reads RSS there
        import pytest

        pytest.skip("no /proc to read the resident size from")
    res = subprocess.run(
        [sys.executable, "-c", MEASURE], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert res.returncode == 0, res.stderr
    size, growth = map(int, res.stdout.split())
    assert size > 10_000  # a whole notice, as a batch converts it
    # Leaking, 3,000 conversions of it grew the process by some 500 MB.
    assert growth < 8 * 1024 * 1024, f"grew {growth // 1024} KB"
