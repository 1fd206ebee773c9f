"""Cookie names against the patterns the catalogue and the checks use ("_ga_*").

fnmatch compiles a regular expression for every pattern, and the first check
of a profile met some seventy of them: a few milliseconds of every run, for
patterns that only ever use "*".

Matching here is linear in the name, whatever the pattern: a cookie scan is
anyone's text, and "*a*a*a*a*a*a*a*a*a*a*b" as a regular expression took 35 s.
"""

from __future__ import annotations

import fnmatch
import re
from functools import cache

# The one form of wildcard a profile or a scan may use: a literal start of two
# characters or more (one of them a letter or digit), then a single "*" at the
# end, as the catalogue writes "_ga_*" and "_pk_id.*" and scanners write their
# cookie families. Anything else with a "*" in it ("*", "*a*b") is a name.
_WILDCARD = re.compile(r"(?=[^*]*[^\W_])[^*]{2,}\*")


def is_pattern(name: str) -> bool:
    """Whether a cookie name in a profile or a scan stands for a family of names."""
    return _WILDCARD.fullmatch(name) is not None


def covers(pattern: str, name: str) -> bool:
    """Whether the profile entry `pattern` declares the cookie `name`: the same name, or
    the wildcard form whose start `name` begins with."""
    if name == pattern:
        return True
    return is_pattern(pattern) and name.startswith(pattern[:-1])


@cache
def _pieces(pattern: str) -> tuple[str, ...] | None:
    if "?" in pattern or "[" in pattern:
        return None  # fnmatch's other wildcards: let fnmatch do it
    return tuple(pattern.split("*"))


def matches(name: str, pattern: str) -> bool:
    """What fnmatch.fnmatchcase(name, pattern) says."""
    pieces = _pieces(pattern)
    if pieces is None:
        # Python's fnmatch makes each "*" an atomic group: no backtracking to blow up.
        return fnmatch.fnmatchcase(name, pattern)
    if len(pieces) == 1:
        return name == pattern
    first, *middle, last = pieces
    if len(name) < len(first) + len(last) or not name.startswith(first) \
            or not name.endswith(last):
        return False
    # Each piece as early as it fits leaves the most room for the ones after it, so no
    # choice is ever taken back: one pass over the name.
    pos, end = len(first), len(name) - len(last)
    for piece in middle:
        found = name.find(piece, pos, end)
        if found < 0:
            return False
        pos = found + len(piece)
    return True
