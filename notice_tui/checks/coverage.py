"""The GDPR art. 13/14 checklist, checked against a rendered privacy notice.

Each point says when it applies to a profile and how to recognise it in the
bokmål Markdown of the notice. The rules judge the profile; this judges the
text that comes out, so a template change that drops a required paragraph
fails a test instead of reaching a reader. The wizard's review step shows the
same list.

What a point looks for is derived from the profile here, not from the
renderer's own facts: a check that reused the renderer's reasoning would
agree with it by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from notice_tui.checks.rules_common import described, fold, modules
from notice_tui.i18n import N_, _
from notice_tui.profile import geography
from notice_tui.profile.model import BASIS_LETTER, Customers, Profile, Recruitment, Website

Covered = Callable[[str, Profile], bool]
Applies = Callable[[Profile], bool]


@dataclass(frozen=True)
class CoverageItem:
    """One point of the checklist, judged for one profile and one text."""

    id: str
    label: str
    article: str
    applies: bool
    covered: bool

    @property
    def ok(self) -> bool:
        """Nothing missing: covered, or not required for this profile."""
        return self.covered or not self.applies


@dataclass(frozen=True)
class Point:
    id: str
    label: str  # an msgid, translated when the list is built
    article: str
    applies: Applies
    covered: Covered


# -- reading the text -----------------------------------------------------------------

_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|~&!#.+\-=(){}])")


def _plain(markdown: str) -> str:
    """The Markdown with its escapes removed, so user text reads as the user wrote it."""
    return _ESCAPE.sub(r"\1", markdown)


def _fold(text: str) -> str:
    return fold(_plain(text))


def _has(text: str, needle: str) -> bool:
    return _fold(needle) in _fold(text)


def _sections(markdown: str) -> Iterator[tuple[str, str]]:
    """(heading, body) for every heading of the text, the preamble under ""."""
    heading, body = "", list[str]()
    for line in markdown.splitlines():
        if line.startswith("#"):
            yield heading, "\n".join(body)
            heading, body = line.lstrip("#").strip(), []
        else:
            body.append(line)
    yield heading, "\n".join(body)


def _chapter(markdown: str, title: str) -> str:
    """The text under the level-2 headings whose title matches `title`, subsections included."""
    keep, out = False, []
    pattern = re.compile(title, re.IGNORECASE)
    for line in markdown.splitlines():
        if re.match(r"#{1,2} ", line):
            keep = bool(pattern.search(line))
        elif keep:
            out.append(line)
    return "\n".join(out)


def _lines_with(markdown: str, label: str) -> list[str]:
    """Lines of running text (tables left out: the summary's headings are no answer)."""
    return [
        line
        for line in _plain(markdown).splitlines()
        if label in line and not line.lstrip().startswith("|")
    ]


def _sentences(markdown: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n", _plain(markdown)) if s.strip()]


# -- what the profile needs -----------------------------------------------------------


def bases(profile: Profile) -> set[str]:
    """Every art. 6 basis the notice must cite."""
    found: set[str] = set()
    for _path, mod in modules(profile):
        if isinstance(mod, Website):
            if mod.ip_logging is not None or any(not c.needs_consent for c in mod.cookies):
                found.add("legitimate_interest")
            if mod.consent_cookies:
                found.add("consent")
            continue
        # Each module knows its own bases (a business customer's contact person adds f).
        found.update(b for b in mod.bases() if b)
        if isinstance(mod, Recruitment) and mod.keep_longer_with_consent:
            found.add("consent")
    if profile.module("employees") is not None:
        found.add("legal_obligation")
    return found


def _purpose_count(profile: Profile) -> int:
    """Processings that each need their own retention and "must you give it" answer."""
    count = 0
    for _path, mod in modules(profile):
        if isinstance(mod, Website):
            count += mod.ip_logging is not None
        else:
            count += 1
    return count


def _has_purposes(profile: Profile) -> bool:
    return bool(bases(profile))


def _abroad(profile: Profile) -> list[tuple[str, str]]:
    """(name, transfer) of every processor the notice must list as a transfer."""
    out: list[tuple[str, str]] = []
    for proc in profile.processors:
        if geography.in_eea(proc.location) is False or proc.transfer not in (None, "none"):
            out.append((proc.name, proc.transfer or "scc"))
    return out


def _uses_objection_prominently(profile: Profile) -> bool:
    found = bases(profile)
    return (
        bool({"legitimate_interest", "public_task"} & found)
        or profile.module("newsletter") is not None
    )


# -- the points -------------------------------------------------------------------------


def _controller(md: str, p: Profile) -> bool:
    return (
        _has(md, p.controller.name)
        and _has(md, p.controller.email)
        and _has(md, "behandlingsansvarlig")
    )


def _dpo(md: str, p: Profile) -> bool:
    dpo = p.controller.dpo
    return dpo is not None and _has(md, dpo.email) and _has(md, "personvernombud")


def _purposes(md: str, p: Profile) -> bool:
    # Each processing states its own basis, and every basis in use is cited in full.
    stated = _lines_with(md, "Rettslig grunnlag")
    if len(stated) < _purpose_count(p) or any(
        "artikkel 6 nr. 1 bokstav" not in line for line in stated
    ):
        return False
    for basis in bases(p):
        if not _has(md, f"artikkel 6 nr. 1 bokstav {BASIS_LETTER[basis]}"):
            return False
    if any(not _has(md, act.title) for act in p.activities):
        return False
    letters = [mod.sensitive.art9_basis for _path, mod in modules(p) if mod.sensitive]
    sensitive = described(p.sensitive_data)
    if sensitive is not None and sensitive.art9_basis:
        letters.append(sensitive.art9_basis)
    return all(_has(md, f"artikkel 9 nr. 2 bokstav {letter}") for letter in letters)


_INTEREST = re.compile(r"\binteresse(?:n)?\s+(?:vår\s+)?er\b", re.IGNORECASE)


def _interests(md: str, p: Profile) -> bool:
    own = [_fold(m.legitimate_interest)[:40] for _path, m in modules(p) if m.legitimate_interest]
    for _heading, body in _sections(md):
        if not _has(body, "artikkel 6 nr. 1 bokstav f"):
            continue
        if not (_INTEREST.search(_plain(body)) or any(t in _fold(body) for t in own)):
            return False
    return True


def _recipients_apply(p: Profile) -> bool:
    rec = p.recipients
    return bool(p.processors) or (
        rec is not None and (rec.authorities_when_required or bool(rec.partners))
    )


_RECIPIENTS_CHAPTER = r"får opplysningene|mottakere"
_RIGHTS_CHAPTER = r"rettigheter"


def _recipients(md: str, p: Profile) -> bool:
    # Named in the recipients chapter itself; a mention under a purpose is not the list.
    md = _chapter(md, _RECIPIENTS_CHAPTER)
    if any(not _has(md, proc.name) for proc in p.processors):
        return False
    rec = p.recipients
    if rec is not None and rec.authorities_when_required and not _has(md, "myndigheter"):
        return False
    return not (rec is not None and rec.partners and not _has(md, rec.partners))


_MECHANISM = {
    "adequacy": "artikkel 45",
    "dpf": "Data Privacy Framework",
    "scc": "artikkel 46",
    "bcr": "artikkel 47",
    "derogation": "artikkel 49",
}


def _transfers(md: str, p: Profile) -> bool:
    section = "\n".join(body for heading, body in _sections(md) if "utenfor EU/EØS" in heading)
    for name, transfer in _abroad(p):
        if not _has(section, name) or not _has(section, _MECHANISM.get(transfer, "")):
            return False
    # Art. 13 nr. 1 bokstav f: how to get a copy of the safeguards (art. 46/47).
    needs_copy = any(t in ("scc", "bcr") for _n, t in _abroad(p))
    return not needs_copy or _has(section, "kopi")


_VAGUE_TEXT = re.compile(
    r"så lenge det er nødvendig|til du ber (?:oss )?om (?:å )?slett"
    r"|(?:når|til) formålet er oppfylt",
    re.IGNORECASE,
)


def _retention(md: str, p: Profile) -> bool:
    return len(_lines_with(md, "Lagringstid")) >= _purpose_count(p) and not _VAGUE_TEXT.search(
        _plain(md)
    )


def _right(word: str) -> Covered:
    def covered(md: str, _p: Profile) -> bool:
        # The summary's "innsyn, retting og sletting" is a teaser, not the list of rights.
        return _has(_chapter(md, _RIGHTS_CHAPTER), word)

    return covered


_PROMINENT = re.compile(r"\*\*[^*\n]*protestere[^*\n]*\*\*", re.IGNORECASE)


def _objection(md: str, p: Profile) -> bool:
    if not _has(md, "protestere"):
        return False
    if not _uses_objection_prominently(p):
        return True
    # Art. 21 nr. 4: the right to object stands clearly and apart.
    bold = _PROMINENT.findall(md)
    if not bold:
        return False
    if p.module("newsletter") is not None:
        return any("markedsføring" in b.casefold() for b in bold)
    return True


_WITHDRAW = re.compile(
    r"når som helst[^.]*trekke[^.]*samtykke[^.]*tilbake|trekke[^.]*samtykke[^.]*tilbake[^.]*"
    r"når som helst",
    re.IGNORECASE,
)


def _withdraw(md: str, _p: Profile) -> bool:
    return any(_WITHDRAW.search(s) for s in _sentences(md))


def _complaint(md: str, _p: Profile) -> bool:
    return any("klage" in s.casefold() and "Datatilsynet" in s for s in _sentences(md))


def _required(md: str, p: Profile) -> bool:
    return len(_lines_with(md, "Må du gi oss opplysningene")) >= _purpose_count(p)


def _automated(md: str, p: Profile) -> bool:
    if not (_has(md, "artikkel 22") and _has(md, "automati")):
        return False
    desc = described(p.automated_decisions)
    return desc is None or _has(md, " ".join(desc.description.split()[:6]))


def _sources_apply(p: Profile) -> bool:
    mod = p.module("customers")
    return isinstance(mod, Customers) and bool(mod.public_sources)


def _sources(md: str, p: Profile) -> bool:
    mod = p.module("customers")
    sources = mod.public_sources if isinstance(mod, Customers) else []
    return all(_has(md, s) for s in sources)


def _response_time(md: str, _p: Profile) -> bool:
    return _has(md, "én måned")


def _always(_p: Profile) -> bool:
    return True


POINTS: tuple[Point, ...] = (
    Point(
        "controller",
        N_("Who is responsible, with contact details"),
        "art. 13 nr. 1 a",
        _always,
        _controller,
    ),
    Point(
        "dpo",
        N_("The data protection officer's contact details"),
        "art. 13 nr. 1 b",
        lambda p: p.controller.dpo is not None,
        _dpo,
    ),
    Point(
        "purposes_and_basis",
        N_("Each purpose with its legal basis"),
        "art. 13 nr. 1 c",
        _has_purposes,
        _purposes,
    ),
    Point(
        "legitimate_interests",
        N_("The legitimate interests, in words"),
        "art. 13 nr. 1 d",
        lambda p: "legitimate_interest" in bases(p),
        _interests,
    ),
    Point(
        "recipients",
        N_("Recipients and processors"),
        "art. 13 nr. 1 e",
        _recipients_apply,
        _recipients,
    ),
    Point(
        "transfers",
        N_("Transfers outside the EU/EEA and their safeguards"),
        "art. 13 nr. 1 f",
        lambda p: bool(_abroad(p)),
        _transfers,
    ),
    Point(
        "retention",
        N_("How long data is kept, per purpose"),
        "art. 13 nr. 2 a",
        _has_purposes,
        _retention,
    ),
    Point("rights_access", N_("Right of access"), "art. 13 nr. 2 b", _always, _right("innsyn")),
    Point(
        "rights_rectification",
        N_("Right to rectification"),
        "art. 13 nr. 2 b",
        _always,
        _right("retting"),
    ),
    Point("rights_erasure", N_("Right to erasure"), "art. 13 nr. 2 b", _always, _right("sletting")),
    Point(
        "rights_restriction",
        N_("Right to restriction"),
        "art. 13 nr. 2 b",
        _always,
        _right("begrensning"),
    ),
    Point(
        "rights_portability",
        N_("Right to data portability"),
        "art. 13 nr. 2 b",
        _always,
        _right("dataportabilitet"),
    ),
    Point(
        "objection",
        N_("Right to object, clearly and apart"),
        "art. 13 nr. 2 b, art. 21 nr. 4",
        _always,
        _objection,
    ),
    Point(
        "withdraw_consent",
        N_("Right to withdraw consent at any time"),
        "art. 13 nr. 2 c",
        lambda p: "consent" in bases(p),
        _withdraw,
    ),
    Point(
        "complaint", N_("Right to complain to Datatilsynet"), "art. 13 nr. 2 d", _always, _complaint
    ),
    Point(
        "required",
        N_("Whether giving the data is required, and what happens if not"),
        "art. 13 nr. 2 e",
        _has_purposes,
        _required,
    ),
    Point(
        "automated", N_("Automated decisions and profiling"), "art. 13 nr. 2 f", _always, _automated
    ),
    Point(
        "sources",
        N_("Where data comes from, when not from the person"),
        "art. 14 nr. 2 f",
        _sources_apply,
        _sources,
    ),
    Point(
        "response_time",
        N_("Requests answered within one month"),
        "art. 12 nr. 3",
        _always,
        _response_time,
    ),
)


def coverage(profile: Profile, markdown: str) -> list[CoverageItem]:
    """Judge a rendered privacy notice against every point of the checklist."""
    items = []
    for point in POINTS:
        applies = point.applies(profile)
        items.append(
            CoverageItem(
                id=point.id,
                label=_(point.label),
                article=point.article,
                applies=applies,
                # A point that does not apply is still judged, so the review can show it.
                covered=point.covered(markdown, profile),
            )
        )
    return items


def missing(profile: Profile, markdown: str) -> list[CoverageItem]:
    """The points that apply and are not covered."""
    return [item for item in coverage(profile, markdown) if not item.ok]
