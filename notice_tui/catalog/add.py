"""Adding one catalogue service to a profile: its processor entry and its cookies.

The wizard and `add-service` both come here, so a service already in the
profile under an alias is found the same way by both.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from notice_tui.profile import edit

from .lookup import processor_name, profile_cookies, website
from .model import CatalogCookie, Service
from .reports import AddReport


def cookie_entry(cookie: CatalogCookie, provider: str) -> dict[str, Any]:
    entry = cookie.as_profile_cookie(provider)
    # "cookie" is the default; hand-written profiles leave it out, and so do we.
    if entry.get("storage") == "cookie":
        del entry["storage"]
    return entry


def add_processor(tree: CommentedMap, service: Service, problems: list[str]) -> tuple[bool, bool]:
    """Append the service's processor entry. (added, had to create the list)"""
    created = tree.get("processors") is None
    if not edit.extend(tree, "processors", "", [service.as_processor()]):
        problems.append("processors")
        return False, False
    return True, created


def add_service(tree: CommentedMap, service: Service) -> AddReport:
    """Add `service` as a processor and, when the profile has a website, its cookies.

    Nothing already there is changed or duplicated: the processor is matched
    by name or alias ignoring case, cookies by exact name. A website module is
    never created: declaring cookies is only meaningful for a site that exists.
    """
    existing = processor_name(tree, service)
    report = AddReport(service=service.name, provider=existing or service.name)
    if existing is None:
        report.processor_added, report.processors_created = add_processor(
            tree, service, report.problems
        )
    if not service.cookies:
        return report
    site = website(tree)
    if site is None:
        report.cookies_without_website = [c.name for c in service.cookies]
        return report
    report.website_disabled = site.get("enabled") is False
    present = {str(c.get("name")) for c in profile_cookies(tree)}
    todo = []
    for cookie in service.cookies:
        if cookie.name in present:
            report.cookies_present.append(cookie.name)
        else:
            todo.append(cookie)
    if not todo:
        return report
    entries = [cookie_entry(cookie, report.provider) for cookie in todo]
    if not edit.extend(site, "cookies", "website", entries):
        report.problems.append("website.cookies")
        return report
    report.cookies_added = [cookie.name for cookie in todo]
    return report
