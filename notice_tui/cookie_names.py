"""Cookie names against the patterns the catalogue and the checks use ("_ga_*").

fnmatch compiles a regular expression for every pattern, and the first check
of a profile met some seventy of them: a few milliseconds of every run, for
patterns that only ever use "*".
"""

from __future__ import annotations

import fnmatch
from functools import cache


@cache
def _pieces(pattern: str) -> tuple[str, ...] | None:
    if "?" in pattern or "[" in pattern:
        return None  # fnmatch's other wildcards: let fnmatch do it
    return tuple(pattern.split("*"))


def matches(name: str, pattern: str) -> bool:
    """What fnmatch.fnmatchcase(name, pattern) says."""
    pieces = _pieces(pattern)
    if pieces is None:
        return fnmatch.fnmatchcase(name, pattern)
    if len(pieces) == 1:
        return name == pattern
    first, *middle, last = pieces
    if len(name) < len(first) + len(last) or not name.startswith(first) \
            or not name.endswith(last):
        return False
    # Each piece as early as it fits leaves the most room for the ones after it.
    pos, end = len(first), len(name) - len(last)
    for piece in middle:
        found = name.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return True
