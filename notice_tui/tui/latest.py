"""One job at a time on a thread, and of those asked for meanwhile only the newest.

The wizard checks the profile and renders the preview after pauses in typing. Jobs
that queue up would each be out of date before they start, and several at once would
compete with the typing for the CPU (a thread cannot be stopped half-way: Textual's
exclusive workers only mark the older one cancelled, and it keeps running beside the
new one). So a job asked for while one runs waits in a single slot, which a newer one
takes over. When the running job is done, its result is handed back on the UI thread
(`done`), and the one in the slot, if any, starts. The one way both do it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

from textual.dom import DOMNode
from textual.worker import WorkerCancelled, WorkerFailed

T = TypeVar("T")
R = TypeVar("R")


class LatestOnly(Generic[T, R]):
    def __init__(
        self, node: DOMNode, run: Callable[[T], R], done: Callable[[T, R], object], *, group: str
    ) -> None:
        """`run(job)` runs on a thread; `done(job, result)` after it, on the UI thread."""
        self._node = node
        self._run = run
        self._done = done
        self._group = group
        self._waiting: T | None = None
        self._current: T | None = None
        self._running = False
        self._idle = asyncio.Event()
        self._idle.set()

    def put(self, job: T) -> None:
        """Run `job` next, in place of any job still waiting to run."""
        self._waiting = job
        if not self._running:
            self._running = True
            self._idle.clear()
            self._node.run_worker(self._drain(), group=self._group)

    def drop(self) -> None:
        """Forget the job waiting to run (the one running finishes, and is handed back)."""
        self._waiting = None

    @property
    def busy(self) -> bool:
        return self._running

    @property
    def running(self) -> T | None:
        """The job on the thread now, if any."""
        return self._current

    async def wait(self) -> None:
        """Return once no job runs or waits."""
        await self._idle.wait()

    async def _drain(self) -> None:
        try:
            while self._waiting is not None:
                job, self._waiting = self._waiting, None
                self._current = job
                worker = self._node.run_worker(
                    partial(self._run, job), thread=True, group=self._group, exit_on_error=False
                )
                try:
                    result = await worker.wait()
                except WorkerCancelled:
                    return  # the node is going away
                except WorkerFailed as exc:
                    raise exc.error from None  # a fault in the job, as if run here
                finally:
                    self._current = None
                self._done(job, result)
        finally:
            self._running = False
            self._idle.set()
