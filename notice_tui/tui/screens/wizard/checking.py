"""The check after an edit: a short pause in typing, then the profile's rules on a thread.

The model is read from the tree on the UI thread (a few ms, and the tree is the UI's);
the rules, which grow with the profile, run on a thread, one check at a time with only
the newest waiting (tui/latest.py). What they find is shown once they are done, unless
the profile changed meanwhile: then a newer check is on its way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer

from notice_tui.tui.latest import LatestOnly
from notice_tui.tui.session import AnalysisRequest, Session

if TYPE_CHECKING:
    from textual.widget import Widget

    from notice_tui.profile.model import Profile

DELAY = 0.08  # seconds of quiet typing before the profile is checked again


class Checks:
    def __init__(
        self,
        node: Widget,
        session: Session,
        *,
        show: Callable[[], object],
        preview: Callable[[Profile | None], object],
    ) -> None:
        """`show` puts the session's analysis on screen; `preview` renders a profile."""
        self._node = node
        self._session = session
        self._show = show
        self._preview = preview
        self._timer: Timer | None = None
        self._slot: LatestOnly[AnalysisRequest, object] = LatestOnly(
            node, AnalysisRequest.run, self._done, group="checks"
        )

    def first(self) -> None:
        """Run the check the session left for later (`Session(check=False)`); the screen
        calls this once its first frame is on the terminal: reading the model, the rules
        and their imports were about 90 ms of it (scripts/bench.py first-frame)."""
        request = self._session.take_first_check()
        if request is not None:
            self._preview(request.profile)  # the first model the preview can show
            self._slot.put(request)

    def soon(self) -> None:
        """The profile changed: check it once the typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._node.set_timer(DELAY, self._start)

    def now(self) -> None:
        """Check the profile at once, here (tests and actions that need fresh findings)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._slot.drop()  # a check still running is older, and will be dropped
        self._session.analyse()
        self._show()

    async def settled(self) -> None:
        """Return once the check after the last edit has run and its findings are shown."""
        while (
            (self._session.first_check_due and self._node.is_attached)
            or self._timer is not None
            or self._slot.busy
        ):
            if self._slot.busy:
                await self._slot.wait()
            else:
                await asyncio.sleep(DELAY / 4)

    def _start(self) -> None:
        self._timer = None
        request = self._session.request_analysis()
        # The preview needs only the model: it need not wait for the rules.
        self._preview(request.profile)
        self._slot.put(request)

    def _done(self, request: AnalysisRequest, _result: object) -> None:
        if self._session.apply_analysis(request) is not None:
            self._show()
