"""The compliance rules. Each is a generator of findings over the typed profile."""

from __future__ import annotations

from collections.abc import Iterator

from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.model import Profile
from notice_tui.checks.registry import rule


@rule("cookie-necessary-tracking", Severity.ERROR)
def cookie_necessary_tracking(profile: Profile) -> Iterator[Finding]:
    """A cookie from an analytics or advertising service declared necessary."""
    website = profile.module("website")
    if website is None:
        return
    for i, cookie in enumerate(website.cookies):  # type: ignore[attr-defined]
        if cookie.category == "necessary" and cookie.name.startswith(("_ga", "_gid", "_fbp")):
            yield Finding(
                path=f"website.cookies[{i}].category",
                message=_("{name} is an analytics or advertising cookie, never strictly "
                          "necessary").format(name=cookie.name),
                hint=_("use category statistics or marketing; they need consent"),
            )
