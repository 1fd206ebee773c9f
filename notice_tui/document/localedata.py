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

from typing import Any

from notice_tui import cache as cache_folder

# [first, end): babel's minor versions whose `localedata._cache` this fills.
BABEL_VERSIONS = ((2, 14), (2, 20))


def _babel_cache() -> dict[str, Any] | None:
    from babel import localedata

    cache = getattr(localedata, "_cache", None)
    # A babel that keeps its cache another way just reads its files as usual.
    return cache if isinstance(cache, dict) else None


def prime(name: str) -> None:
    """Make babel's data for locale `name` ready, from the cache folder when it can."""
    cache = _babel_cache()
    if cache is None or name in cache or not cache_folder.enabled():
        return
    import babel
    from babel import localedata

    path = cache_folder.entry("cldr", name, babel.__version__)
    data = cache_folder.load(path)
    if isinstance(data, dict) and data:
        with localedata._cache_lock:
            cache.setdefault(name, data)
        return
    merged = localedata.load(name)  # babel's own way, which fills its cache
    cache_folder.store(path, merged)
