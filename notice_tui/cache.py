"""The cache folder: what can be made again, kept between runs.

One folder (platformdirs' user cache, e.g. ~/.cache/notice-tui), one opt-out
(NOTICE_TUI_NO_CACHE=1: nothing is read or written), one versioning: every
entry's name carries a digest of FORMAT, notice-tui's version, the Python that
wrote it and whatever the entry was made from, so a copy made by anything else
is never read. Old copies of an entry are removed when a new one is written.

A cache that cannot be read or written is no error: the caller makes the value
again. What each kind is worth is in the README ("The cache folder").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

import notice_tui
from notice_tui.files import SaveError, atomic_write

# Bump to disown every entry written before (a change of this module's layout).
FORMAT = 1

# What unpickling a damaged or foreign file can raise, besides OSError.
_UNREADABLE = (
    EOFError,
    ValueError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
)


def enabled() -> bool:
    return not os.environ.get("NOTICE_TUI_NO_CACHE")


def folder(kind: str) -> Path | None:
    """The folder for one kind of entry ("catalog", "cldr", "dataclasses", "locales",
    "templates", "textual-css"), or None
    when caching is off. Not created here: only a write creates it."""
    if not enabled():
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notice-tui")) / kind


def entry(kind: str, stem: str, *made_from: str | bytes, suffix: str = "pickle") -> Path | None:
    """Where the value named `stem` lives, for the inputs it is made from."""
    where = folder(kind)
    if where is None:
        return None
    digest = hashlib.sha256()
    for part in (
        str(FORMAT),
        notice_tui.__version__,
        sys.implementation.cache_tag or "",
        *made_from,
    ):
        data = part.encode() if isinstance(part, str) else part
        # Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return where / f"{stem}-{digest.hexdigest()[:16]}.{suffix}"


def load(path: Path | None) -> object | None:
    """The value kept at path, or None when there is none or it cannot be read."""
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, *_UNREADABLE):
        return None


def store(path: Path | None, value: object) -> None:
    """Keep value at path (never torn), and drop older copies of the same stem."""
    if path is not None:
        write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_bytes(path: Path | None) -> bytes | None:
    """What is kept at path as it is (for a format other than pickle), or None."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_bytes(path: Path, data: bytes) -> None:
    """Keep data at path (never torn), and drop older copies of the same stem."""
    stem = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # durable=False: a copy lost to a power cut is made again on the next run.
        atomic_write(path, data, durable=False)
    except (OSError, SaveError):
        return
    for old in path.parent.glob(f"{stem}-*{path.suffix}"):
        if old != path and old.name.rsplit("-", 1)[0] == stem:
            with contextlib.suppress(OSError):
                old.unlink()
