"""The documents' CLDR data (dates, lists, units), read in one piece.

The first date babel formats in a process costs 15 ms: it reads the locale's
file and every file it inherits from (root, no, nb) and merges them, which is
more than rendering a whole notice. The merged data is kept in the user's cache
folder, keyed by babel's version, and handed to babel's own per-process cache,
where babel would have put the very same dictionary.

That cache is private to babel: BABEL_VERSIONS are the versions this was written
for, and tests/test_perf.py fails on another one.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from notice_tui.files import SaveError, atomic_write

# [first, end): babel's minor versions whose `localedata._cache` this fills.
BABEL_VERSIONS = ((2, 14), (2, 20))


def _cache_file(name: str) -> Path:
    import babel
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("notice-tui")) / "cldr" / f"{name}-{babel.__version__}.pickle"


def _babel_cache() -> dict[str, Any] | None:
    from babel import localedata

    cache = getattr(localedata, "_cache", None)
    # A babel that keeps its cache another way just reads its files as usual.
    return cache if isinstance(cache, dict) else None


def prime(name: str) -> None:
    """Make babel's data for locale `name` ready, from the cache folder when it can."""
    cache = _babel_cache()
    if cache is None or name in cache or os.environ.get("NOTICE_TUI_NO_CACHE"):
        return
    path = _cache_file(name)
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, EOFError, ValueError, pickle.UnpicklingError, AttributeError,
            ImportError):
        data = None
    if isinstance(data, dict) and data:
        from babel import localedata

        with localedata._cache_lock:
            cache.setdefault(name, data)
        return
    from babel import localedata

    merged = localedata.load(name)  # babel's own way, which fills its cache
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL),
                     durable=False)
    except (OSError, SaveError):  # a cache that cannot be written is no error
        pass
