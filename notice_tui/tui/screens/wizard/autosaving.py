"""The recovery copy of unsaved work: written a second after the last edit, and every
few seconds while there are unsaved changes.

Dumping the YAML tree is the costly part (0.1-0.5 s for a profile of 200 cookies),
so it runs on a thread, one copy at a time with only the newest waiting
(tui/latest.py). The tree is the UI's and may change while it is dumped: then the
copy is dropped (Session.keep_recovery), and the edit that changed it has already
asked for a newer one. Writing the copy is small and stays on the UI thread, where
it cannot land after a save has discarded the recovery.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from notice_tui.tui.latest import LatestOnly
from notice_tui.tui.session import RecoveryCopy, Session

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget

DELAY = 1.0  # seconds after the last change before the recovery copy is written
EVERY = 5.0  # and at least this often while there are unsaved changes...
# ...but a copy in the middle of typing delays the keys typed meanwhile, so while the
# user types, it waits for the pause (DELAY), never longer than this.
LONGEST = 30.0


class Autosave:
    def __init__(self, node: Widget, session: Session) -> None:
        self._node = node
        self._session = session
        self._timer: Timer | None = None  # the copy after the pause, when one is due
        self._copied = session.revision  # the revision the last copy holds
        self._copied_at = time.monotonic()  # when a copy was last made, or none was due
        self._slot: LatestOnly[RecoveryCopy, object] = LatestOnly(
            node, RecoveryCopy.run, self._done, group="recovery"
        )

    def start(self) -> None:
        self._node.set_interval(EVERY, self.tick)
        if self._session.dirty:  # recovered work: keep a copy from the start
            self.now()

    def edited(self) -> None:
        """The profile changed: a copy once the typing pauses."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._node.set_timer(DELAY, self.after_pause)

    def saved(self) -> None:
        """The profile was saved: the file holds this revision, no copy is due."""
        self._copied = self._session.revision

    def tick(self) -> None:
        """The timer every EVERY seconds."""
        typing = self._timer is not None  # the copy after the pause is due
        if typing and time.monotonic() - self._copied_at < LONGEST:
            return
        self.now()

    def after_pause(self) -> None:
        self._timer = None  # this timer has fired: nothing to stop
        self.now()

    def now(self) -> None:
        """Make a copy of the profile as it is, if it has unsaved changes not copied yet."""
        if self._timer is not None:  # this copy stands for the one due later
            self._timer.stop()
            self._timer = None
        self._copied_at = time.monotonic()
        revision = self._session.revision
        running = self._slot.running
        if running is not None and running.revision == revision:
            return  # that copy is being made now
        if self._session.dirty and revision != self._copied:
            self._slot.put(self._session.recovery_copy())

    async def settled(self) -> None:
        """Return once the copy asked for last is written (or dropped as stale)."""
        await self._slot.wait()

    def _done(self, copy: RecoveryCopy, _result: object) -> None:
        if self._session.keep_recovery(copy):
            self._copied = copy.revision
