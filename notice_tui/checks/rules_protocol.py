"""Rules for the protocol (art. 30) and the processor register.

`processor-dpa-missing` runs with every check, as a tip: the notice does not need
the date, so no existing profile stops rendering. What the protocol itself cannot
fill in is asked for only by `check --protocol` (`protocol_findings`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from notice_tui import parties
from notice_tui.checks.registry import rule
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import N_, _
from notice_tui.profile import paths
from notice_tui.profile.model import Profile

# What each gap in the protocol asks for, in the UI's words.
NEEDS = {
    "data_subjects": N_("who the data is about (categories of data subjects)"),
    "recipients": N_(
        "who receives the data (the systems that hold it, or "
        "recipients.complete: true when nobody does)"
    ),
    "retention": N_("how long the data is kept"),
    "basis": N_("the legal basis"),
    "security": N_("a general description of the security measures"),
    "location": N_("whether the data is processed outside the EU/EEA"),
    "dpa_signed": N_("when the data processing agreement was signed"),
}
EXAMPLES = {
    "data_subjects": "[kursdeltakere]",
    "recipients": "[Microsoft 365]",
    "security": "[tilgangsstyring, kryptering, sikkerhetskopi]",
    "dpa_signed": "2026-01-15",
}


@rule("processor-dpa-missing", Severity.HINT)
def processor_dpa_missing(profile: Profile) -> Iterator[Finding]:
    """A processor without the date its data processing agreement was signed."""
    for party in parties.parties(profile):
        if party.role != "processor" or party.processor.dpa_signed is not None:
            continue
        yield Finding(
            path=f"processors[{party.index}].dpa_signed",
            message=_("no date for the data processing agreement with {name} (art. 28)").format(
                name=party.name
            ),
            hint=_(
                "set it to the day it was signed or accepted, e.g. {example}; the "
                "processor register in the protocol shows it"
            ).format(example="2026-01-15"),
        )


def protocol_findings(
    profile: Profile, tree: Any = None, file: str | None = None, known: list[Finding] | None = None
) -> list[Finding]:
    """Every cell of the protocol the profile cannot fill, with the key that fills it.

    Gaps `check` already reports (a missing retention, an unsigned agreement) are
    left to those findings, so each answer is asked for once.
    """
    from notice_tui.desk.protocol import build_protocol

    reported = {f.path for f in known or []}
    found = []
    for gap in build_protocol(profile).missing:
        if gap.key in reported or gap.need == "dpa_signed":
            continue
        line, col = paths.locate(tree, gap.key) if tree is not None else (None, None)
        if tree is not None and line is None:
            # Not in the file yet: the answer goes into the entry it belongs to.
            parent = gap.key.rsplit(".", 1)[0]
            line, col = paths.locate(tree, parent) if parent != gap.key else (None, None)
            line, col = (line, col) if line is not None else (1, 1)
        example = EXAMPLES.get(gap.need, "…")
        found.append(
            Finding(
                path=gap.key,
                message=_("the protocol lacks {what} for {processing}").format(
                    what=_(NEEDS.get(gap.need, gap.need)), processing=gap.processing
                ),
                hint=_('notice-tui set {file} {key} "{example}"').format(
                    file=file or "PROFILE", key=gap.key, example=example
                ),
                rule="protocol-missing",
                severity=Severity.ERROR,
                line=line,
                column=col,
                file=file,
            )
        )
    return found
