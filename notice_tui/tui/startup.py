"""What the wizard's start does before its first frame beyond building it: around
loading its modules (`with loading_modules():` in tui/app.py) and from the app's start
to that frame. No Textual here: this runs before it loads.

- The cyclic collector is paused while the modules load, then what they made is frozen.
  It lives as long as the process, so the collector visiting it again and again while
  they load is wasted: about 90 collections, 30 ms of the start (measured with
  gc.callbacks on the largest sample). Frozen, the first collection after does not walk
  all ~60,000 objects only to find them alive (15 ms, measured with -X importtime).
- Dataclass methods are compiled once and kept in the cache folder (`dataclasses/`).
  `@dataclass` writes each class's `__init__`, `__repr__`, `__eq__` ... as source and
  compiles it at every start: some 330 functions for Textual's classes and the model's,
  110 ms of compiling on the machine of scripts/bench.py, against 3 ms to read them
  back. Only the compiling is skipped: the source is the one `dataclasses` wrote, each
  kept copy is found by a digest of it, and the folder's entries are tied to the
  Python that compiled them (notice_tui/cache.py).
- The collector stays paused from the app's start until the wizard's first frame is
  on the terminal (`hold_collection`, `resume_collection`): building the first screen
  made it run some 50 times, about 12 ms of a 230 ms build, over widgets that live as
  long as the screen. What was made meanwhile is frozen too, so no later collection
  walks it; a few short-lived cycles of the start are left uncollected with it.

NOTICE_TUI_PERF_OFF=gc_imports, dataclass_code or gc_start turns one off.
"""

from __future__ import annotations

import builtins
import dataclasses
import gc
import hashlib
import marshal
import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any

OFF = frozenset(filter(None, os.environ.get("NOTICE_TUI_PERF_OFF", "").split(",")))

# How often each kept method was used, and how many were compiled (tests/test_perf.py).
counts = {"kept": 0, "compiled": 0}


@contextmanager
def loading_modules() -> Iterator[None]:
    """Around the wizard's imports."""
    pausing = gc.isenabled() and "gc_imports" not in OFF
    serving = "dataclass_code" not in OFF and not hasattr(dataclasses, "exec")
    if pausing:
        gc.disable()
    kept = _KeptCode() if serving else None
    if kept is not None:
        # dataclasses calls exec() by its global name: one defined in the module is found
        # before the builtin, for as long as it is there.
        dataclasses.exec = kept.exec  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if kept is not None:
            del dataclasses.exec  # type: ignore[attr-defined]
            kept.keep()
        if pausing:
            gc.freeze()
            gc.enable()


_held = False


def hold_collection() -> None:
    """Pause the collector until `resume_collection` (the first frame)."""
    global _held
    if not _held and gc.isenabled() and "gc_start" not in OFF:
        gc.disable()
        _held = True


def resume_collection() -> None:
    """Resume what `hold_collection` paused, once; nothing if it paused nothing."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


class _KeptCode:
    def __init__(self) -> None:
        from notice_tui import cache

        self._where = cache.entry("dataclasses", "methods", MAGIC_NUMBER, suffix="marshal")
        self._code: dict[bytes, CodeType] = {}
        self._added = False
        data = cache.read_bytes(self._where)
        if data:
            try:
                found = marshal.loads(data)
            except (EOFError, ValueError, TypeError):
                found = None
            if isinstance(found, dict):
                self._code = found

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        if isinstance(source, str):
            key = hashlib.blake2b(source.encode(), digest_size=16).digest()
            code = self._code.get(key)
            if isinstance(code, CodeType):
                counts["kept"] += 1
            else:
                # As exec() would compile it.
                code = self._code[key] = compile(source, "<string>", "exec")
                self._added = True
                counts["compiled"] += 1
            source = code
        builtins.exec(source, globals, locals)

    def keep(self) -> None:
        if self._added and self._where is not None:
            from notice_tui import cache

            cache.write_bytes(self._where, marshal.dumps(self._code))
