"""Rules over the user's own words, wherever in the profile they stand.

These catch what copied notices carry with them: "by using the site you
accept", Privacy Shield, "§ 6", placeholders, another company's name.
The patterns cover bokmål and English, since users write either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from notice_tui.checks.registry import rule
from notice_tui.checks.rules_common import (
    TRACKING_CATEGORIES,
    Text,
    fold,
    is_tracking_provider,
    quote,
    search,
    texts,
    website,
)
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import _
from notice_tui.profile.model import Profile

_I = re.IGNORECASE

# Using the site (not a button or a form) taken as acceptance.
_SITE_NB = (
    r"(?:\w+\s+){0,2}?(?:nett(?:sted|side|butikk)\w*|sid(?:en|ene)|tjenest\w*|app(?:en)?"
    r"|oss)\b"
)
_SITE_EN = r"(?:\w+\s+){0,2}?(?:site|website|pages?|services?|app)\b"
_USE_NB = (
    r"(?:\bved\s+(?:å\s+(?:bruke|besøke|benytte(?:\s+deg\s+av)?)|"
    rf"(?:videre\s+|fortsatt\s+)?bruk\s+av)\s+{_SITE_NB}|\bved\s+å\s+fortsette\b)"
)
_USE_EN = rf"(?:\bby\s+(?:using|visiting|browsing|accessing)\s+{_SITE_EN}|\bby\s+continuing\b)"
_ACCEPT_NB = r"\b(?:godtar|aksepterer|samtykker|godkjenner)\b"
_ACCEPT_EN = r"\b(?:accept|agree|consent)"
_ACCEPT_BY_USE = [
    re.compile(p, _I)
    for p in (
        rf"{_USE_NB}[^.!?]{{0,80}}?{_ACCEPT_NB}",
        rf"{_ACCEPT_NB}[^.!?]{{0,80}}?{_USE_NB}",
        rf"\bfortsetter\s+du\s+å\s+(?:bruke|besøke|benytte)\b[^.!?]{{0,80}}?{_ACCEPT_NB}",
        rf"{_USE_EN}[^.!?]{{0,80}}?{_ACCEPT_EN}",
        rf"{_ACCEPT_EN}\w*\b[^.!?]{{0,80}}?{_USE_EN}",
        r"\bcontinued\s+use\b",
    )
]

_ANONYMOUS = re.compile(r"\banonym", _I)
_ANALYTICS_WORDS = re.compile(
    r"statisti|analy|besøk|trafikk|måling|\bIP\b|ip-adress|google|matomo|visitor|traffic|"
    r"cookie|informasjonskaps",
    _I,
)

_PLACEHOLDERS = [
    re.compile(p, _I)
    for p in (
        r"\bse\s+her\b",
        r"\bklikk\s+her\b",
        r"\bclick\s+here\b",
        r"\bTODO\b",
        r"\bFIXME\b",
        r"\bTBD\b",
        r"\bX{3,}\b",
        r"lorem\s+ipsum",
        r"\[\s*(?:\.{2,}|…)\s*\]",
        r"\[[^\]\n]*(?:sett\s+inn|fyll\s+inn|insert|navn|name|dato|date|firma|company)[^\]\n]*\]",
        r"<[^<>\n]{1,40}>",
        r"\{\{[^}]*\}\}",
        r"^\s*(?:\.{2,}|…)\s*$",
    )
]
_EXAMPLE_DOMAIN = re.compile(r"\bexample\.(?:com|org|net|no)\b|\beksempel\.no\b", _I)

_PRIVACY_SHIELD = re.compile(r"privacy[\s-]*shield", _I)

# "§ 6" as a citation of GDPR art. 6. A Norwegian act's own § 6 (or § 6-2) is fine.
_PARAGRAPH_6 = re.compile(r"(?:§+|\bparagraf)\s*6(?![\d-])", _I)
_ACT_BEFORE = re.compile(r"(?<!personvern)(?:loven|lova|forskriften)\s*$", _I)

_COMPANY = re.compile(r"((?:[A-ZÆØÅ0-9][\w&'.-]*\s+){1,4})(ASA|AS)\b")

_NO_SHARING = [
    re.compile(p, _I)
    for p in (
        r"\b(?:deler|gir|utleverer|overfører)\s+(?:aldri|ikke)\b[^.!?]{0,60}?"
        r"\b(?:med|til)\s+(?:noen|andre|tredjepart\w*|utenforstående)\b(?!\s+enn)",
        r"\b(?:never|not|don't|do\s+not)\s+(?:share|disclose|give|pass)\b[^.!?]{0,60}?"
        r"\b(?:anyone|third\s+parties|others|outsiders)\b(?!\s+(?:than|except))",
    )
]

_DATE_STAMP = re.compile(r"sist\s+(?:oppdatert|endret)|last\s+(?:updated|modified|changed)", _I)


def _finding(text: Text, message: str, hint: str) -> Finding:
    return Finding(path=text.path, message=message, hint=hint)


@rule("text-accept-by-use", Severity.ERROR)
def text_accept_by_use(profile: Profile) -> Iterator[Finding]:
    """Text saying that visitors accept by using the site."""
    for text in texts(profile):
        if not text.is_contact and search(_ACCEPT_BY_USE, text.text):
            yield _finding(
                text,
                _("'{text}' says that using the site means accepting; that is not consent").format(
                    text=quote(text.text)
                ),
                _(
                    "consent must be a clear act, asked for before (art. 4 nr. 11, art. 7); "
                    "remove the sentence and let the consent banner ask"
                ),
            )


def _tracks_visitors(profile: Profile) -> bool:
    site = website(profile)
    if site is not None and (
        site.ip_logging is not None or any(c.category in TRACKING_CATEGORIES for c in site.cookies)
    ):
        return True
    return any(is_tracking_provider(p.name) for p in profile.processors)


@rule("text-anonymous-analytics", Severity.ERROR)
def text_anonymous_analytics(profile: Profile) -> Iterator[Finding]:
    """Text calling visitor statistics anonymous while IP addresses or IDs are collected."""
    if not _tracks_visitors(profile):
        return
    for text in texts(profile):
        if not text.is_prose or not _ANONYMOUS.search(text.text):
            continue
        # Only claims about visitors: "we anonymise applications after a year" is fine.
        if text.path.startswith("website.") or _ANALYTICS_WORDS.search(text.text):
            yield _finding(
                text,
                _(
                    "'{text}' calls the data anonymous, but the site logs IP addresses or sets "
                    "statistics cookies with unique IDs"
                ).format(text=quote(text.text)),
                _(
                    "data that single out a visitor are personal data, even with a shortened IP "
                    "address; say what is collected instead"
                ),
            )


@rule("text-placeholder", Severity.ERROR)
def text_placeholder(profile: Profile) -> Iterator[Finding]:
    """A placeholder left in ("se her", "TODO", "[...]", "<navn>", example.com)."""
    for text in texts(profile):
        match = (
            _EXAMPLE_DOMAIN.search(text.text)
            if text.is_contact
            else search(_PLACEHOLDERS, text.text)
        )
        if match:
            yield _finding(
                text,
                _("'{found}' looks like a placeholder that was never filled in").format(
                    found=match.group(0).strip() or text.text
                ),
                _("write the real text; the reader cannot follow 'se her' or fill in a blank"),
            )


@rule("text-privacy-shield", Severity.ERROR)
def text_privacy_shield(profile: Profile) -> Iterator[Finding]:
    """Privacy Shield mentioned; it was struck down in 2020."""
    for text in texts(profile):
        if _PRIVACY_SHIELD.search(text.text):
            yield _finding(
                text,
                _(
                    "Privacy Shield was struck down by the EU Court in July 2020 (Schrems II) "
                    "and is no basis for anything"
                ),
                _(
                    "for a certified U.S. company use transfer: dpf (EU-U.S. Data Privacy "
                    "Framework), otherwise scc; remove the mention"
                ),
            )


@rule("text-paragraph-6", Severity.WARNING)
def text_paragraph_6(profile: Profile) -> Iterator[Finding]:
    """GDPR art. 6 cited as "§ 6"."""
    for text in texts(profile):
        if text.is_contact:
            continue
        for match in _PARAGRAPH_6.finditer(text.text):
            if _ACT_BEFORE.search(text.text[: match.start()]):
                continue
            yield _finding(
                text,
                _("'{text}' cites '§ 6'; the GDPR has articles, not paragraphs").format(
                    text=quote(text.text)
                ),
                _(
                    'write "personvernforordningen artikkel 6 nr. 1 bokstav ..." (a for consent, '
                    "b contract, c legal obligation, f legitimate interest)"
                ),
            )
            break


def _known_names(profile: Profile) -> set[str]:
    names = {profile.controller.name}
    names.update(p.name for p in profile.processors)
    site = website(profile)
    if site is not None:
        names.update(c.provider for c in site.cookies)
        if site.consent_tool:
            names.add(site.consent_tool)
    for key in ("contact", "customers"):
        mod = profile.module(key)
        names.update(getattr(mod, "social_media_platforms", []) or [])
        names.update(getattr(mod, "public_sources", []) or [])
    out = set()
    for name in names:
        folded = fold(name)
        out.add(folded)
        out.add(re.sub(r"\s+(?:asa|as)$", "", folded))
    return out


@rule("text-other-company", Severity.WARNING)
def text_other_company(profile: Profile) -> Iterator[Finding]:
    """Another company's name (… AS) in the text, perhaps left from a copied notice."""
    known = _known_names(profile)
    for text in texts(profile):
        if not text.is_prose:
            continue
        for match in _COMPANY.finditer(text.text):
            words = match.group(1).split()
            # Try the shortest names last: "Kontakt Fjordkaffe AS" is Fjordkaffe AS.
            candidates = [" ".join(words[k:]) for k in range(len(words))]
            if any(fold(c) in known or fold(f"{c} {match.group(2)}") in known for c in candidates):
                continue
            name = f"{match.group(1).strip()} {match.group(2)}"
            yield _finding(
                text,
                _("'{name}' is not this business ({controller}) or one of its processors").format(
                    name=name, controller=profile.controller.name
                ),
                _(
                    "if the text was copied from another notice, rewrite it; if {name} gets "
                    "data, add it to processors or recipients"
                ).format(name=name),
            )
            break


@rule("text-no-sharing-claim", Severity.WARNING)
def text_no_sharing_claim(profile: Profile) -> Iterator[Finding]:
    """Text saying data is shared with no one, while processors or recipients exist."""
    rec = profile.recipients
    shares = bool(profile.processors) or (
        rec is not None and (rec.authorities_when_required or bool(rec.partners))
    )
    if not shares:
        return
    for text in texts(profile):
        if text.is_prose and search(_NO_SHARING, text.text):
            yield _finding(
                text,
                _(
                    "'{text}' says the data is shared with no one, but the profile lists "
                    "processors or other recipients"
                ).format(text=quote(text.text)),
                _("say who gets the data instead; the notice lists them under recipients"),
            )


@rule("text-last-updated", Severity.WARNING)
def text_last_updated(profile: Profile) -> Iterator[Finding]:
    """A "last updated" date written into the text."""
    for text in texts(profile):
        if text.is_prose and _DATE_STAMP.search(text.text):
            yield _finding(
                text,
                _(
                    "'{text}' carries its own 'last updated'; the notice would show two dates"
                ).format(text=quote(text.text)),
                _("remove it and set last_updated at the top of the profile"),
            )
