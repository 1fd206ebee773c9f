"""The live preview: the documents as a reader sees them, rendered off the UI thread.

Textual's Markdown widget re-mounts every block on update (about a second for
a 4 KB notice), so the preview renders the Markdown with rich into plain
lines in a worker thread and shows them through the line API, which only
paints what is on screen. One render runs at a time and only the newest
request waits behind it, so fast typing never piles renders up. rich's
Markdown (with markdown-it and pygments behind it) is imported by the first
render, in the worker, not at start-up.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from notice_tui.i18n import _
from notice_tui.profile.model import SUPPORTED_LANGUAGES
from notice_tui.tui.latest import LatestOnly

Anchor = tuple[str, str]  # ("term", "modules.contact") or ("value", "Mailchimp")


class PreviewView(ScrollView, can_focus=True):
    """Pre-rendered lines, scrolled; painting costs the same whatever the document's size."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lines: list[Strip] = []

    def set_lines(self, lines: list[Strip], width: int, anchor: int | None) -> None:
        self._lines = lines
        self.virtual_size = Size(width, len(lines))
        self.refresh()
        if anchor is not None:
            self.scroll_to(y=anchor, animate=False, immediate=True)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def text_lines(self) -> list[str]:
        return [line.text for line in self._lines]

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)


def documents_markdown(profile: Any, today: dt.date | None, draft: list[str] | None = None) -> str:
    from notice_tui.document import render_documents

    rendered = render_documents(profile, today, draft)
    return "\n\n---\n\n".join(doc.markdown for doc in rendered.documents)


def _heading_for(markdown_lines: list[str], anchors: list[Anchor], lang: str) -> str | None:
    """The heading the current step is about, as the Markdown writes it."""
    from notice_tui.document.environment import load_terms

    terms: Any = None
    for kind, spec in anchors:
        if kind == "term":
            if terms is None:
                terms = load_terms(lang)
            node = terms
            for part in spec.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if not isinstance(node, str):
                continue
            for line in markdown_lines:
                if line.startswith("#") and node in line:
                    return line.lstrip("#").strip()
        elif kind == "value" and spec:
            for i, line in enumerate(markdown_lines):
                if spec in line:
                    for back in range(i, -1, -1):
                        if markdown_lines[back].startswith("#"):
                            return markdown_lines[back].lstrip("#").strip()
                    return None
    return None


_LINK = re.compile(r"\[([^\]]*)\]\(<?[^)>]*>?\)")


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())
    return [c.strip() for c in cells[1:-1]] if len(cells) > 2 else [line.strip()]


def _longest_word(cell: str) -> int:
    shown = _LINK.sub(r"\1", cell).replace("**", "").replace("\\", "")
    return max((len(w) for w in shown.split()), default=0)


def fit_tables(markdown: str, width: int) -> str:
    """Tables too narrow for their longest words, as lists: rich would break words.

    A table fits when each column holds its longest word, with the padding and rules
    between columns; one that does not reads as "- first cell: heading value; ...".
    """
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not (
            lines[i].startswith("|")
            and i + 1 < len(lines)
            and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[i + 1].strip())
        ):
            out.append(lines[i])
            i += 1
            continue
        end = i + 2
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        head = _cells(lines[i])
        rows = [_cells(line) for line in lines[i + 2 : end]]
        columns = len(head)
        need = (
            sum(
                max((_longest_word(r[c]) for r in [head, *rows] if c < len(r)), default=0)
                for c in range(columns)
            )
            + 3 * columns
            + 1
        )
        if need <= width:
            out.extend(lines[i:end])
        else:
            for row in rows:
                rest = "; ".join(f"{h}: {v}" for h, v in zip(head[1:], row[1:], strict=False) if v)
                out.append(f"- {row[0]}" + (f" – {rest}" if rest else ""))
        i = end
    return "\n".join(out)


def render_lines(markdown: str, width: int) -> list[Strip]:
    from rich.markdown import Markdown

    markdown = fit_tables(markdown, width)
    console = Console(
        width=width,
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        legacy_windows=False,
        highlight=False,
    )
    options = console.options.update_width(width)
    lines = console.render_lines(Markdown(markdown, hyperlinks=True), options, pad=False)
    return [Strip(Segment.simplify(line)) for line in lines]


def find_line(lines: list[Strip], heading: str | None) -> int | None:
    if not heading:
        return None
    needle = heading.replace("\\", "")[:30].strip()
    for i, line in enumerate(lines):
        if needle and needle in line.text:
            return i
    return None


@dataclass(frozen=True, eq=False)
class PreviewRequest:
    """What one render is for: a profile (the analysis's object, compared by identity),
    the step's anchors, the date, and the width of the lines."""

    profile: Any
    anchors: list[Anchor]
    today: dt.date | None
    width: int

    def same(self, other: PreviewRequest | None) -> bool:
        return (
            other is not None
            and other.profile is self.profile
            and (other.anchors, other.today, other.width) == (self.anchors, self.today, self.width)
        )


Rendered = tuple[list[Strip], int | None]  # the lines, and the line the step is about
# What a render job hands back: the lines (or why there are none) and the milliseconds
# it took; None when a newer request made it stale before it started.
Outcome = tuple[Rendered | str, float] | None


class PreviewPane(Vertical, can_focus=False):
    """Title line and the rendered documents.

    Hidden (below 120 columns, until F2), it is an empty pane: what it holds is
    built the first time it is shown.

    One render runs at a time, on a thread, and of the requests made meanwhile only
    the newest waits (tui/latest.py); a result for a request that is no longer the
    newest is dropped, never shown.
    """

    TYPING_PAUSE = 0.2  # seconds without a new request before a render starts

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._wanted: tuple[Any, list[Anchor], dt.date | None] | None = None
        # The newest request made: what the pane should end up showing. Set on the UI
        # thread; the render thread only reads it (one reference, atomic).
        self._latest: PreviewRequest | None = None
        self._slot: LatestOnly[PreviewRequest, Outcome] = LatestOnly(
            self, self._render_job, self._delivered, group="preview"
        )
        self._active_at = 0.0  # time.monotonic() of the newest edit or request
        self._rendered_once = False
        self._note: str | None = None  # why the last render is not shown, in the title
        self.last_render_ms: float | None = None
        self.renders = 0

    def compose(self) -> ComposeResult:
        if self.display:
            yield from self._parts()

    def _parts(self) -> list[Widget]:
        return [
            Static(Text(_("Preview"), style="bold"), id="preview-title"),
            PreviewView(id="preview-view"),
        ]

    def request(self, profile: Any, anchors: list[Anchor], today: dt.date | None) -> None:
        """Render on the thread, or next after the render running now."""
        self._wanted = (profile, anchors, today)
        if not self.display or profile is None:
            return
        views = self.query(PreviewView)
        if not views:
            # Shown for the first time: the request is made again once it has a size.
            self.mount(*self._parts())
            return
        view = views.first()
        # The width inside the padding and the scrollbar the document will have (it is
        # longer than the pane), so no line loses its last character to the scrollbar.
        width = view.content_region.width
        if not width:
            return  # not laid out yet: on_resize asks again, for the width it gets
        width = max(20, width - view.styles.scrollbar_size_vertical)
        wanted = PreviewRequest(profile, anchors, today, width)
        if wanted.same(self._latest):
            # Shown and resized at once ask twice: the same document, rendered or on its
            # way, needs no second render.
            return
        self._active_at = time.monotonic()
        running = self._slot.running
        if running is not None and wanted.same(running):
            # Back to what is rendering now (typed and undone): nothing need wait.
            self._latest = running
            self._slot.drop()
            return
        self._latest = wanted
        self._slot.put(wanted)

    def editing(self) -> None:
        """The profile is being edited: a render waits for a pause in the editing.

        Requests come only after the wizard's short debounce, so at a fast typist's pace
        (a key every 40 ms) they are rare, and a pause in requests is no pause in typing."""
        self._active_at = time.monotonic()

    def on_resize(self) -> None:
        if self._wanted is not None and self.display:
            self.request(*self._wanted)

    def on_show(self) -> None:
        if self._wanted is not None:
            self.request(*self._wanted)

    def _render_job(self, wanted: PreviewRequest) -> Outcome:
        """On the thread: wait for a pause in the typing, then render, unless a newer
        request came meanwhile (it is waiting in the slot, and renders next)."""
        self._wait_for_a_pause()
        if wanted is not self._latest:
            return None
        started = time.perf_counter()
        result: Rendered | str
        try:
            result = self.render_request(wanted)
        except Exception as exc:  # a half-typed profile may not render; keep the last view
            result = str(exc)
        self._rendered_once = True
        return result, (time.perf_counter() - started) * 1000

    def _delivered(self, wanted: PreviewRequest, outcome: Outcome) -> None:
        if outcome is not None:
            self._deliver(wanted, *outcome)

    def _wait_for_a_pause(self) -> None:
        """Sleep (on the thread) until nothing was edited or requested for TYPING_PAUSE
        seconds.

        A render is pure Python: in a thread it takes the GIL from the UI thread in turns,
        so each key typed while it runs echoes about twice as late. While the user types
        (`editing`, at each key) the render waits for a pause. The pane's first render
        does not wait: nothing is shown yet.
        """
        if not self._rendered_once:
            return
        while (wait := self._active_at + self.TYPING_PAUSE - time.monotonic()) > 0:
            time.sleep(wait)

    def render_request(self, wanted: PreviewRequest) -> Rendered:
        """The documents as lines (in the worker thread)."""
        profile = wanted.profile
        markdown = documents_markdown(profile, wanted.today)
        lang = next(
            (lang for lang in profile.document_languages if lang in SUPPORTED_LANGUAGES), "nb"
        )
        heading = _heading_for(markdown.splitlines(), wanted.anchors, lang)
        lines = render_lines(markdown, wanted.width)
        return lines, find_line(lines, heading)

    def _deliver(self, wanted: PreviewRequest, result: Rendered | str, elapsed: float) -> None:
        if wanted is not self._latest or not self.is_attached:
            return  # a newer request was made since: its render follows
        if isinstance(result, str):
            self._failed(result)
            return
        lines, anchor = result
        self.last_render_ms = elapsed
        self.renders += 1
        self.query_one(PreviewView).set_lines(lines, wanted.width, anchor)
        # Updating a Static lays out the whole screen: only when the title changes.
        if self._note is not None:
            self._note = None
            self.query_one("#preview-title", Static).update(Text(_("Preview"), style="bold"))

    def _failed(self, reason: str) -> None:
        if self._note == reason:
            return
        self._note = reason
        title = Text(_("Preview"), style="bold")
        title.append("  " + _("(not updated: {reason})").format(reason=reason), style="dim")
        self.query_one("#preview-title", Static).update(title)
