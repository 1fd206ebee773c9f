"""What a profile's tree already holds that a catalogue service or a scan is matched
against: its website, its cookies, and the names it gives its processors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml.comments import CommentedMap

from notice_tui.parties import fold

from .model import Service
from .store import Catalog


def website(tree: Any) -> CommentedMap | None:
    site = tree.get("website") if isinstance(tree, Mapping) else None
    return site if isinstance(site, CommentedMap) else None


def processor_entries(tree: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    procs = tree.get("processors")
    if not isinstance(procs, list):
        return []
    return [p for p in procs if isinstance(p, Mapping) and p.get("name")]


def profile_cookies(tree: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    site = website(tree)
    cookies = site.get("cookies") if site is not None else None
    if not isinstance(cookies, list):
        return []
    return [c for c in cookies if isinstance(c, Mapping)]


def processor_name(tree: Mapping[str, Any], service: Service) -> str | None:
    """The name the profile already uses for `service` in `processors`, if any.

    By name or alias, ignoring case; failing that, by the provider the profile
    gives to cookies of this service, when that provider is a processor (a
    profile may list the Meta Pixel as plain "Meta").
    """
    names = {fold(n) for n in service.names}
    procs = [str(p["name"]) for p in processor_entries(tree)]
    for name in procs:
        if fold(name) in names:
            return name
    by_fold = {fold(n): n for n in procs}
    for cookie in profile_cookies(tree):
        cname = str(cookie.get("name", ""))
        if any(c.name == cname or c.matches(cname) for c in service.cookies):
            found = by_fold.get(fold(str(cookie.get("provider", ""))))
            if found:
                return found
    return None


# -- domains -----------------------------------------------------------------------------


def host(value: str) -> str | None:
    """The host name in a domain cell or URL (".example.no", "https://www.example.no/")."""
    text = value.strip().casefold()
    if not text or " " in text:
        return None
    if "://" in text:
        try:
            text = urlsplit(text).hostname or ""
        except ValueError:  # "http://[::1": no host a cookie could come from
            return None
    text = text.split("/")[0].lstrip(".")
    if text.startswith("www."):
        text = text[4:]
    return text if "." in text and re.fullmatch(r"[a-z0-9æøå.-]+", text) else None


def same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


# Second-level labels under which a country registers names (www.bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})


def site_label(hostname: str) -> tuple[str, str]:
    """(registered domain, its name label): ("googletagmanager.com", "googletagmanager")
    for "www.googletagmanager.com"."""
    labels = hostname.split(".")
    size = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    registered = labels[-size:]
    return ".".join(registered), registered[0]


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]+", "", text.casefold())


def _owner(hostname: str, candidates: list[tuple[str, list[str], list[str]]]) -> str | None:
    """The one candidate (name, names, URLs) a host belongs to: by its registered domain
    among the URLs, else by its name label among the names ("timma" is Timma). None
    when no candidate or more than one fits: Google's services share one privacy page."""
    domain, label = site_label(hostname)
    for fits in (
        lambda urls, names: any(
            (h := host(u)) is not None and site_label(h)[0] == domain for u in urls
        ),
        lambda urls, names: any(_compact(n) == label for n in names),
    ):
        found = {name for name, names, urls in candidates if fits(urls, names)}
        if len(found) == 1:
            return found.pop()
    return None


def processor_for_host(tree: Mapping[str, Any], hostname: str) -> str | None:
    """The profile's processor a cookie's domain belongs to, by its `url` or its name."""
    candidates = [
        (str(p["name"]), [str(p["name"])], [str(p.get("url") or "")])
        for p in processor_entries(tree)
    ]
    return _owner(hostname, candidates)


def service_for_host(catalog: Catalog, hostname: str) -> Service | None:
    """The catalogue service a cookie's domain belongs to, by its pages or its names."""
    by_name = {s.name: s for s in catalog}
    candidates = [(s.name, list(s.names), [s.privacy_url, s.source]) for s in catalog]
    found = _owner(hostname, candidates)
    return by_name.get(found) if found is not None else None
