"""Which hosts are one site, and lifetimes said in the profile's words.

A browser decides first or third party by the registrable domain ("eTLD+1").
The public suffix list is not shipped; the common second-level suffixes under
two-letter country domains ("co.uk", "com.au") are, which is right for the
Norwegian sites this is for (".no" registers directly under the top level).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ltd", "plc"})


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""


def site_of(host: str) -> str:
    """The registrable domain of a host: www.fjordkaffe.no -> fjordkaffe.no."""
    host = host.casefold().strip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host  # an address is a site of its own
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def same_site(host: str, other: str) -> bool:
    return bool(host) and site_of(host) == site_of(other)


# The largest lifetime Chromium gives a cookie (400 days, RFC 6265bis): a site that
# asks for two years gets this, so a declared "2y" is not contradicted by it.
BROWSER_CAP_SECONDS = 400 * 86400

# Weeks are left out: "57w" says less to a reader than "400d".
_UNITS = (
    ("y", 365.25 * 86400),
    ("mo", 30.44 * 86400),
    ("d", 86400),
    ("h", 3600),
    ("min", 60),
    ("s", 1),
)


def duration_text(seconds: float | None) -> str:
    """A cookie's remaining lifetime in profile syntax: the largest unit it is a whole
    number of (within 1 %), else days, hours or minutes rounded; None is "session"."""
    if seconds is None:
        return "session"
    seconds = max(1.0, seconds)
    for unit, size in _UNITS:
        if seconds < size * 0.99:
            continue
        amount = round(seconds / size)
        if abs(seconds - amount * size) <= max(0.01 * seconds, 60):
            return f"{amount}{unit}"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{round(seconds / size)}{unit}"
    return f"{round(seconds)}s"
