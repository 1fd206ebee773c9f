"""Rules about the business itself, the document's dates and the profile-wide answers.

The other rules live beside this file, one module per theme: rules_cookies,
rules_transfers (processors too), rules_modules (bases, retention, special
categories) and rules_text (what the user's own words say).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import described, fold, today
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.model import Profile

# A notice should be looked at again at least once a year.
STALE_AFTER = dt.timedelta(days=366)


@rule("controller-identity-incomplete", Severity.HINT)
def controller_identity_incomplete(profile: Profile) -> Iterator[Finding]:
    """The business has no organisation number or postal address."""
    ctrl = profile.controller
    missing = []
    if not ctrl.org_number:
        missing.append("org_number")
    if ctrl.address is None:
        missing.append("address")
    if missing:
        yield Finding(
            path=f"controller.{missing[0]}",
            message=_("the notice does not give the business's {keys}").format(
                keys=", ".join(missing)
            ),
            hint=_(
                "art. 13 requires the controller's identity and contact details; an "
                "organisation number and a postal address let people identify you and "
                "write to you"
            ),
        )


@rule("dpo-shares-controller-email", Severity.HINT)
def dpo_shares_controller_email(profile: Profile) -> Iterator[Finding]:
    """The personvernombud has the same e-mail as the business."""
    dpo = profile.controller.dpo
    if dpo is not None and fold(dpo.email) == fold(profile.controller.email):
        yield Finding(
            path="controller.dpo.email",
            message=_("the data protection officer has the same e-mail address as the business"),
            hint=_(
                "people may contact the DPO directly (art. 38 nr. 4); give an address "
                "that reaches the DPO and no one else"
            ),
        )


_DPO_WORDS = re.compile(r"personvernombud|\bombud\b|\bDPO\b|data protection officer", re.IGNORECASE)


@rule("dpo-mentioned-without-dpo", Severity.WARNING)
def dpo_mentioned_without_dpo(profile: Profile) -> Iterator[Finding]:
    """The contact person is called personvernombud, but no DPO is appointed."""
    person = profile.controller.contact_person or ""
    if profile.controller.dpo is None and _DPO_WORDS.search(person):
        yield Finding(
            path="controller.contact_person",
            message=_(
                "the contact person is called a data protection officer "
                "(personvernombud), but no DPO is set under controller.dpo"
            ),
            hint=_(
                "'personvernombud' is a role with legal duties (art. 37-39); if one is "
                "appointed, add controller.dpo, otherwise call the person "
                "'kontaktperson for personvern'"
            ),
        )


@rule("last-updated-future", Severity.ERROR)
def last_updated_future(profile: Profile) -> Iterator[Finding]:
    """last_updated is a date that has not come yet."""
    if profile.last_updated is not None and profile.last_updated > today():
        yield Finding(
            path="last_updated",
            message=_("last_updated is {date}, a date in the future").format(
                date=profile.last_updated.isoformat()
            ),
            hint=_(
                "use the date the notice was last changed, or remove the key to use the "
                "date it is rendered"
            ),
        )


@rule("last-updated-old", Severity.HINT)
def last_updated_old(profile: Profile) -> Iterator[Finding]:
    """last_updated is more than a year ago."""
    if profile.last_updated is not None and today() - profile.last_updated > STALE_AFTER:
        yield Finding(
            path="last_updated",
            message=_("the notice was last updated {date}, more than a year ago").format(
                date=profile.last_updated.isoformat()
            ),
            hint=_(
                "check that systems, suppliers and cookies are still as described, then "
                "update the date"
            ),
        )


@rule("children-parental-consent", Severity.HINT)
def children_parental_consent(profile: Profile) -> Iterator[Finding]:
    """The service is aimed at children."""
    if profile.children:
        yield Finding(
            path="children",
            message=_("the service is aimed at children"),
            hint=_(
                "children under 13 cannot consent themselves to online services; ask a "
                "parent (personopplysningsloven § 5, art. 8), and write the notice so a "
                "child understands it (art. 12)"
            ),
        )


@rule("automated-decisions-vague", Severity.HINT)
def automated_decisions_vague(profile: Profile) -> Iterator[Finding]:
    """Automated decisions are described in very few words."""
    desc = described(profile.automated_decisions)
    if desc is not None and len(desc.description.split()) < 12:
        yield Finding(
            path="automated_decisions.description",
            message=_("the description of automated decisions is very short"),
            hint=_(
                "art. 13 nr. 2 bokstav f asks for the logic involved and what the decision "
                "means for the person: say what is decided, on which data, and with what "
                "consequence"
            ),
        )
