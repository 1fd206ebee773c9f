"""Cookie names against the patterns the catalogue and the checks use ("_ga_*").

The one form of wildcard is a start and a "*" at the end ("_ga_*"): the catalogue,
the checks' own list and scanners all write families that way. Matching it is a
prefix test, linear in the name: a cookie scan is anyone's text, and fnmatch's
"*a*a*a*a*a*a*a*a*a*a*b" as a regular expression took 35 s.
"""

from __future__ import annotations

import re

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
