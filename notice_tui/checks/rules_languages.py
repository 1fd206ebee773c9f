"""Rules over the languages: texts a document prints in another language than its own.

A profile's own texts (purposes, data lists, notes) are printed as they are
written. Where the documents are also written in a language other than the
profile's `language`, those texts stand in the other language's document
untranslated: true, but not what a reader abroad can read. The profile may give
them per language (`purpose: {nb: ..., en: ...}`); these rules say where it
does not, once per module, and where a text given per language lacks one of
the languages the documents are written in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from notice_tui.checks.registry import rule
from notice_tui.findings import Finding, Severity
from notice_tui.i18n import N_, _
from notice_tui.profile import model
from notice_tui.profile.durations import Duration

LANGUAGE_NAMES = {"nb": N_("bokmål"), "nn": N_("nynorsk"), "en": N_("English")}


def language_name(lang: str) -> str:
    name = LANGUAGE_NAMES.get(lang)
    return _(name) if name else lang


@dataclass(frozen=True)
class _Value:
    path: str
    section: str  # the top-level key: a module, controller, processors ...
    key: str  # the field's own name
    value: Any


def _printed(value: Any, path: str = "", section: str = "") -> Iterator[_Value]:
    """Every text the documents print as the profile wrote it, with its key path."""
    if isinstance(value, model.Module) and not value.enabled:
        return
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        sub = f"{path}.{f.name}" if path else f.name
        top = section or f.name
        if f.metadata.get("local") and item not in (None, "", []):
            if not _is_default(value, f, item) and not (
                isinstance(item, Duration) and item.is_period and not item.texts
            ):
                yield _Value(sub, top, f.name, item)
            continue
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            yield from _printed(item, sub, top)
        elif isinstance(item, list):
            for i, element in enumerate(item):
                if dataclasses.is_dataclass(element) and not isinstance(element, type):
                    yield from _printed(element, f"{sub}[{i}]", top)


def _is_default(owner: Any, f: dataclasses.Field[Any], item: Any) -> bool:
    # The program's own default (the logs' purpose) is worded in every language's terms.
    return (
        f.default is not dataclasses.MISSING
        and item == f.default
        and not isinstance(item, model.LocalText)
    )


def _given_in(value: Any) -> set[str] | None:
    """The languages a value is given in; None for a plain value (the profile's language)."""
    if isinstance(value, (model.LocalText, model.LocalList)):
        return set(value.texts)
    if isinstance(value, Duration) and value.texts:
        return {lang for lang, _text in value.texts}
    return None


def _known_place(value: Any, lang: str) -> bool:
    """A location the documents translate themselves ("EU/EØS", "USA")."""
    from notice_tui.document.environment import load_terms

    places = load_terms(lang).get("places", {})
    return " ".join(str(value).split()) in places


def _from_catalog(profile: model.Profile) -> list[_Value]:
    """What the notice prints from the service catalogue, which is written in bokmål:
    the profile can give it per language under the processor's own key."""
    from notice_tui import parties

    found = []
    for party in parties.parties(profile):
        proc = party.processor
        for key in ("role_note", "arrangement"):
            if (
                getattr(party, key)
                and not getattr(proc, key)
                and (party.role in ("controller", "joint_controller"))
            ):
                found.append(
                    _Value(
                        f"processors[{party.index}].{key}", "processors", key, getattr(party, key)
                    )
                )
    return found


@rule("language-untranslated", Severity.WARNING)
def language_untranslated(profile: model.Profile) -> Iterator[Finding]:
    """Texts printed as written in a document of another language, once per module."""
    others = [lang for lang in profile.document_languages if lang != profile.language]
    if not others:
        return
    values = list(_printed(profile))
    values += _from_catalog(profile)
    for lang in others:
        keys: dict[str, list[str]] = {}
        for v in values:
            if _given_in(v.value) is not None:
                continue
            if v.key == "location" and _known_place(v.value, lang):
                continue
            keys.setdefault(v.section, [])
            if v.key not in keys[v.section]:
                keys[v.section].append(v.key)
        for section, names in keys.items():
            yield Finding(
                path=section,
                message=_(
                    "the {language} documents print {keys} as written here, in {written}"
                ).format(
                    language=language_name(lang),
                    keys=", ".join(names),
                    written=language_name(profile.language),
                ),
                hint=_(
                    "give the texts that matter per language, e.g. {key}: {{{main}: ..., "
                    "{lang}: ...}}"
                ).format(key=names[0], main=profile.language, lang=lang),
            )


@rule("language-missing-translation", Severity.WARNING)
def language_missing_translation(profile: model.Profile) -> Iterator[Finding]:
    """Texts given per language that lack a language the documents are written in,
    once per module and language, at the first of them."""
    for lang in profile.document_languages:
        lacking: dict[str, list[_Value]] = {}
        for v in _printed(profile):
            given = _given_in(v.value)
            if given is not None and lang not in given:
                lacking.setdefault(v.section, []).append(v)
        for found in lacking.values():
            first = found[0]
            given = _given_in(first.value) or set()
            shown = profile.language if profile.language in given else sorted(given)[0]
            keys = ", ".join(v.path.removeprefix(first.section + ".") for v in found)
            yield Finding(
                path=first.path,
                message=_(
                    "no {language} text for {keys}: the {language} documents print the {shown} text"
                ).format(language=language_name(lang), keys=keys, shown=language_name(shown)),
                hint=_("add {lang}: ... under each of these keys").format(lang=lang),
            )
