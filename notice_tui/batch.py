"""Rendering many profiles at once, on every core: a consultant's whole folder.

Each worker process loads its templates once and renders a share of the
profiles; results come back in the order the profiles were given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from notice_tui.findings import Finding, Severity, has_errors
from notice_tui.i18n import _


@dataclass
class BatchResult:
    profile: str
    written: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: Finding | None = None
    rendered: bool = False
    has_website: bool = True
    # The documents, when not written (bytes for the protocol's spreadsheet).
    texts: list[str | bytes] = field(default_factory=list)


def render_one(
    path: str,
    out_dir: str | None,
    formats: Sequence[str],
    fragment: bool = False,
    today: dt.date | None = None,
    draft: bool = False,
    only: str | None = None,
    languages: Sequence[str] | None = None,
) -> BatchResult:
    """Load, check and render one profile; write its files when `out_dir` is given,
    else keep the documents' text in the result.

    A profile with errors is not rendered, unless as a `draft`: then each document
    opens with the list of errors, and what the profile does not say is marked.
    """
    from notice_tui.pipeline import analyse, plan_outputs, write_outputs
    from notice_tui.profile.store import ProfileError, SaveError

    result = BatchResult(path)
    try:
        analysis = analyse(path, fast=True)
    except ProfileError as exc:
        result.error = exc.finding
        return result
    result.findings = analysis.findings
    if not analysis.valid or (not draft and has_errors(analysis.compliance)):
        return result
    assert analysis.profile is not None
    result.has_website = analysis.profile.module("website") is not None
    errors = [f for f in analysis.compliance if f.severity is Severity.ERROR]
    outputs = plan_outputs(
        analysis.profile,
        Path(out_dir or "."),
        formats,
        fragment=fragment,
        today=today,
        draft=draft_list(errors) if draft else None,
        languages=languages,
    )
    if only:
        outputs = [o for o in outputs if o.kind == only]
    if out_dir is not None:
        try:
            write_outputs(outputs)
        except SaveError as exc:
            result.error = Finding(path="", message=str(exc), file=path)
            return result
        result.written = [str(o.path) for o in outputs]
    else:
        result.texts = [o.text for o in outputs]
    result.rendered = True
    return result


def draft_list(errors: Sequence[Finding]) -> list[str]:
    """The errors as a draft's banner lists them: where, and what to answer."""
    return [f"{f.path}: {f.message}" if f.path else f.message for f in errors]


def _render_chunk(args: tuple) -> list[BatchResult]:
    jobs, formats, fragment, today, draft, only, languages = args
    results = []
    for path, out in jobs:
        try:
            results.append(render_one(path, out, formats, fragment, today, draft, only, languages))
        except Exception as exc:  # a bug must cost one profile, never the batch
            result = BatchResult(path)
            result.error = Finding(
                path="",
                file=path,
                message=_("internal error while rendering: {error}").format(error=repr(exc)),
            )
            results.append(result)
    return results


def _die_with_parent(parent: int) -> None:
    """Run first in each worker: end when the process that started it ends.

    A `render` killed (ctrl+c twice, SIGKILL, a closed terminal) must not leave its
    workers running and writing into the folder. Linux ends them at once; elsewhere,
    and should that fail, a watch on the parent process id does within half a second.
    """
    with contextlib.suppress(Exception):  # not Linux, or no libc to ask
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def worker_count(requested: int | None, work: int) -> int:
    """Processes to render with: as asked, but never more than the cores or the work."""
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return max(1, min(requested or cores, cores, work))


def render_many(
    jobs: Sequence[tuple[str, str | None]],
    formats: Sequence[str],
    *,
    fragment: bool = False,
    today: dt.date | None = None,
    draft: bool = False,
    only: str | None = None,
    workers: int | None = None,
    languages: Sequence[str] | None = None,
) -> list[BatchResult]:
    """Render (profile, out_dir) pairs; `workers` processes (default: one per core)."""
    workers = worker_count(workers, len(jobs))
    if workers <= 1 or len(jobs) < 4:
        return _render_chunk((list(jobs), formats, fragment, today, draft, only, languages))
    # Few large chunks: each process pays for its imports and template cache once.
    size = -(-len(jobs) // (workers * 4))
    chunks = [list(jobs[i : i + size]) for i in range(0, len(jobs), size)]
    # Imported here: a single profile (the common case) never pays for multiprocessing.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            max_workers=min(workers, len(chunks)),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            parts = pool.map(
                _render_chunk,
                [(c, formats, fragment, today, draft, only, languages) for c in chunks],
            )
            return [r for part in parts for r in part]
    except BrokenProcessPool:
        # A worker died (killed, out of memory): finish here, one profile at a time,
        # so one bad file costs its own result and not the whole folder's.
        return _render_chunk((list(jobs), formats, fragment, today, draft, only, languages))
