"""From a profile file to findings and documents: the steps every front end shares.

`notice-tui check`, `notice-tui render` and the wizard call these, so a
profile is judged and rendered the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from notice_tui.files import SaveError, atomic_write
from notice_tui.findings import Finding, has_errors
from notice_tui.i18n import _
from notice_tui.profile.model import Profile
from notice_tui.profile.store import ProfileDocument, load


@dataclass
class Analysis:
    doc: ProfileDocument
    profile: Profile | None
    schema: list[Finding] = field(default_factory=list)
    compliance: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [*self.schema, *self.compliance]

    @property
    def valid(self) -> bool:
        """The profile can be rendered: no schema errors."""
        return self.profile is not None and not has_errors(self.schema)


def analyse_document(doc: ProfileDocument, compliance: bool = True) -> Analysis:
    profile, schema = doc.parse()
    result = Analysis(doc, profile, schema)
    if compliance and result.valid and profile is not None:
        from notice_tui.checks import run_checks

        result.compliance = run_checks(profile, doc.positions, doc.display_name)
    return result


def analyse(path: str | Path, compliance: bool = True, *, fast: bool = False) -> Analysis:
    """Load and check a profile file; raises ProfileError when it cannot be read at all.

    `fast` reads with the C parser, which knows no line numbers: when it finds
    anything to report, the file is read again the slow way so every finding
    has its line and column.
    """
    result = analyse_document(load(path, fast=fast), compliance)
    if fast and result.schema:
        # Schema findings take their positions from the round-trip tree.
        result = analyse_document(load(path), compliance)
    return result


def safe_name(text: str) -> str:
    """A file or folder name that stays inside its folder, whatever the input."""
    name = re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip(".-_")
    return name[:80] or "profil"


@dataclass
class Output:
    path: Path
    text: str | bytes  # bytes for the protocol's spreadsheet
    kind: str = "privacy"
    language: str = "nb"


def plan_outputs(
    profile: Profile,
    out_dir: Path,
    fmt: str | Sequence[str],
    *,
    fragment: bool = False,
    today: dt.date | None = None,
    draft: list[str] | None = None,
    languages: Sequence[str] | None = None,
) -> list[Output]:
    """The files of one profile in one or more formats, from one rendering.

    One language writes its files into `out_dir`; several write one folder per
    language (`nb/`, `en/`), so each set keeps its own file names and the pages
    link to each other the same way wherever the folders are published.
    """
    from notice_tui.document.render import render_all

    rendered = render_all(profile, today, draft, languages)
    formats = [fmt] if isinstance(fmt, str) else list(fmt)
    several = len(rendered) > 1
    return [
        Output(
            (out_dir / lang if several else out_dir) / doc.filename(fmt),  # type: ignore[arg-type]
            doc.as_format(fmt, fragment),  # type: ignore[arg-type]
            doc.kind,
            lang,
        )
        for lang, docs in rendered.items()
        for fmt in formats
        for doc in docs.documents
    ]


def write_outputs(outputs: list[Output]) -> None:
    """Write every file of a set, each atomically; the folder is made when missing."""
    for folder in dict.fromkeys(out.path.parent for out in outputs):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file where the folder should be, no permission ...
            raise SaveError(
                _("could not make the folder {path}: {reason}").format(
                    path=folder, reason=exc.strerror or exc
                )
            ) from None
    for out in outputs:
        atomic_write(out.path, out.text, durable=False)
