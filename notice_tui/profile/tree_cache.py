"""Round-trip trees of profiles read before, kept in the cache folder.

ruamel's round-trip reader, which keeps comments and positions so a save
changes only what was edited, is written in Python: 30 ms for a 5 KB profile,
a sixth of opening it in the wizard. The tree it made is kept, pickled, under a
hash of the very text it was read from, so a profile opened again (the
consultant's daily round) is read in half a millisecond. A text never seen
before, or changed by a single byte, is read the slow way.
"""

from __future__ import annotations

import contextlib
import copyreg
import hashlib
import io
import os
import pickle
import random
from pathlib import Path
from typing import Any

KEEP = 256  # trees; a few MB at most
_FORMAT = 3  # bump when what is stored changes shape, or how the reader builds it


def _folder() -> Path | None:
    if os.environ.get("NOTICE_TUI_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notice-tui")) / "trees"


def _file(text: str) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    import ruamel.yaml

    key = hashlib.sha256(f"{_FORMAT}\0{ruamel.yaml.__version__}\0{text}".encode()).hexdigest()
    return folder / f"{key[:32]}.pickle"


def get(text: str) -> Any | None:
    """The tree read from `text` before, or None."""
    path = _file(text)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, damaged or from another version: read the text
        return None


def put(text: str, tree: Any) -> None:
    """Keep the tree just read from `text`; a cache that cannot be written is no error."""
    path = _file(text)
    if path is None:
        return
    from notice_tui.profile.store import SaveError, atomic_write

    try:
        data = _pickled(tree)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data, durable=False)
    except (OSError, SaveError, pickle.PicklingError, RecursionError, TypeError):
        return
    if random.random() < 1 / 16:  # listing the folder on every write would cost more
        _prune(path.parent)


def _pickled(tree: Any) -> bytes:
    """The tree as bytes, every value as it was read. datetime's own pickling drops
    what ruamel keeps on a timestamp (the "T" of 2026-11-22T10:00:00, written back
    as a space by the next save of a profile opened from the cache)."""
    from ruamel.yaml.timestamp import TimeStamp

    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, TimeStamp: _reduce_timestamp}
    pickler.dump(tree)
    return buf.getvalue()


def _reduce_timestamp(value: Any) -> tuple[Any, tuple[Any, ...]]:
    args = (value.year, value.month, value.day, value.hour, value.minute, value.second,
            value.microsecond, value.tzinfo)
    return _timestamp, (args, dict(getattr(value, "_yaml", {})))


def _timestamp(args: tuple[Any, ...], extra: dict[str, Any]) -> Any:
    from ruamel.yaml.timestamp import TimeStamp

    value = TimeStamp(*args)
    value._yaml.update(extra)
    return value


def _prune(folder: Path) -> None:
    with contextlib.suppress(OSError):
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for old in entries[KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()
