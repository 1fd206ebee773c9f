"""Documents in bokmål, nynorsk and English from one profile.

Every language directory under templates/ is covered as soon as it exists: the
same templates and terms in each, no other language's words in its documents,
its own CLDR dates and durations, and golden documents for every sample
(tests/golden/test_languages/; bokmål's are in tests/golden/test_golden/, see
test_golden.py). Regenerate with `pytest tests/test_languages.py --snapshot-update`,
then read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import os
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from notice_tui.document.render import render_all, render_documents
from notice_tui.pipeline import analyse, analyse_document, plan_outputs
from notice_tui.profile import model
from notice_tui.profile.durations import parse_duration
from notice_tui.profile.store import parse_text

ROOT = Path(__file__).parents[1]
TEMPLATES = ROOT / "templates"
SAMPLES = sorted((ROOT / "sample_profiles").glob("*.yaml"))
DATE = dt.date(2026, 11, 22)
LANGS = [d.name for d in sorted(TEMPLATES.iterdir()) if (d / "terms.yaml").is_file()]
OTHERS = [lang for lang in LANGS if lang != "nb"]

# Words only one of the languages writes: a document in one language that has
# another's is a template that was copied and not written (case-sensitive, whole words).
MARKERS = {
    "nb": [
        "ikke",
        "personopplysninger",
        "opplysningene",
        "behandlingsansvarlig",
        "hva",
        "hvordan",
        "hvis",
        "dere",
        "deres",
        "nettstedet",
    ],
    "nn": [
        "ikkje",
        "personopplysningar",
        "opplysningane",
        "behandlingsansvarleg",
        "kva",
        "korleis",
        "dykk",
        "nettstaden",
    ],
    "en": ["the", "and", "we", "your", "you", "data", "which", "with"],
}
# Bokmål and nynorsk share many words; these are bokmål's that nynorsk never writes.
SHARED = {("nb", "nn"): {"dere", "deres", "nettstedet"}, ("nn", "nb"): set()}


def _terms(lang: str, name: str = "terms.yaml") -> Any:
    return YAML(typ="safe").load((TEMPLATES / lang / name).read_text(encoding="utf-8"))


def _key_paths(value: Any, prefix: str = "") -> set[str]:
    if not isinstance(value, dict):
        return {prefix}
    out = set()
    for key, sub in value.items():
        out |= _key_paths(sub, f"{prefix}.{key}" if prefix else str(key))
    return out


def _templates(lang: str) -> set[str]:
    return {
        str(p.relative_to(TEMPLATES / lang)) for p in (TEMPLATES / lang).rglob("*") if p.is_file()
    }


# -- the same structure in every language --------------------------------------------


@pytest.mark.parametrize("lang", OTHERS)
def test_every_template_exists_in_every_language(lang: str) -> None:
    assert _templates(lang) == _templates("nb")


@pytest.mark.parametrize("lang", OTHERS)
def test_every_term_exists_in_every_language(lang: str) -> None:
    for name in sorted(n for n in _templates("nb") if n.endswith(".yaml")):
        nb, other = _key_paths(_terms("nb", name)), _key_paths(_terms(lang, name))
        assert sorted(nb - other) == [], f"{name}: in nb, not in {lang}"
        assert sorted(other - nb) == [], f"{name}: in {lang}, not in nb"


# The file names, as docs/profile-spec.md documents them; bokmål's as they always were.
FILES = {
    "nb": ("personvernerklaering", "informasjonskapsler"),
    "nn": ("personvernerklaering", "informasjonskapslar"),
    "en": ("privacy-notice", "cookie-declaration"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_file_names_are_the_documented_ones(lang: str) -> None:
    files = _terms(lang)["files"]
    assert (files["privacy"], files["cookies"]) == FILES[lang]
    assert re.fullmatch(r"[a-z-]+", files["privacy"] + files["cookies"])  # safe in a URL


_CONDITION = re.compile(r"{%-?\s*(if|elif|for)\b(.*?)-?%}", re.DOTALL)


def _conditions(path: Path) -> list[str]:
    return sorted(
        f"{kind} {' '.join(rest.split())}"
        for kind, rest in _CONDITION.findall(path.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_says_a_thing_under_the_same_conditions(lang: str) -> None:
    """Each condition of the bokmål wording stands in the other language too: no
    sentence is said, or left out, in one language on grounds the other does not
    have. (A language may add its own, for its grammar: "1 error", "2 errors".)"""
    from collections import Counter

    for name in sorted(_templates("nb")):
        if not name.endswith(".j2"):
            continue
        nb = Counter(_conditions(TEMPLATES / "nb" / name))
        other = Counter(_conditions(TEMPLATES / lang / name))
        assert not nb - other, f"{lang}/{name} lacks {sorted((nb - other).elements())}"


def test_bokmal_terms_say_what_the_model_defaults_say() -> None:
    """The model's defaults are bokmål; the nb terms that stand for them are the same."""
    terms = _terms("nb")
    anchors = terms["defaults"]["anchors"]
    for cls in (
        model.Contact,
        model.Bookings,
        model.Customers,
        model.Newsletter,
        model.Recruitment,
        model.Employees,
    ):
        assert anchors[cls.__name__.casefold()] == cls.ANCHOR
    assert anchors["module"] == model.Module.ANCHOR
    purpose = next(f for f in dataclasses.fields(model.IpLogging) if f.name == "purpose")
    assert terms["defaults"]["ip_logging_purpose"] == purpose.default
    assert terms["sources"] == model.KNOWN_SOURCES


def test_a_language_without_templates_is_refused_with_a_message(tmp_path: Path) -> None:
    missing = [lang for lang in model.LANGUAGES if lang not in model.SUPPORTED_LANGUAGES]
    if not missing:
        pytest.skip("every language has its templates")
    result = analyse_document(
        parse_text(
            f"schema_version: 1\nlanguage: {missing[0]}\n"
            "controller: {name: X AS, email: post@x.no}\n",
            "p.yaml",
        )
    )
    (finding,) = [f for f in result.schema if f.path == "language"]
    assert missing[0] in finding.message and finding.line == 2


# -- no other language's words ---------------------------------------------------------


def _neutral(profile: model.Profile) -> model.Profile:
    """The profile with every text a user wrote replaced by a word of no language, so
    what is left of a document is the templates' own wording."""

    def walk(obj: Any) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.metadata.get("local") and value not in (None, "", []):
                if isinstance(value, list):
                    setattr(obj, f.name, ["zzz"])
                elif isinstance(value, model.Duration):
                    if value.is_free_text:
                        setattr(obj, f.name, parse_duration("zzz"))
                elif f.metadata.get("kind") != "url":
                    setattr(obj, f.name, "zzz")
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                walk(value)
            elif isinstance(value, list):
                for item in value:
                    if dataclasses.is_dataclass(item) and not isinstance(item, type):
                        walk(item)

    profile = dataclasses.replace(profile)
    walk(profile)
    for proc in profile.processors:  # the catalogue's own texts are bokmål too
        proc.role_note = proc.arrangement = "zzz"
    if profile.customers is not None:
        profile.customers.public_sources = [
            s for s in profile.customers.public_sources if ":" not in s
        ]
    return profile


def _words(text: str) -> set[str]:
    text = re.sub(r"\]\(<[^>]*>\)|`[^`]*`", " ", text)  # link targets and code
    return set(re.findall(r"[^\W\d_]+", text))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_document_has_another_languages_words(lang: str, sample: Path) -> None:
    result = analyse(sample, compliance=False)
    assert result.profile is not None
    docs = render_documents(_neutral(result.profile), DATE, language=lang).documents
    assert docs and all(d.language == lang for d in docs)
    for doc in docs:
        words = _words(doc.markdown)
        for other, markers in MARKERS.items():
            if other == lang:
                continue
            allowed = SHARED.get((other, lang), set()) if {other, lang} == {"nb", "nn"} else set()
            found = sorted((words & set(markers)) - allowed)
            assert not found, f"{lang} {doc.kind} has {other} words: {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_draft_marks_what_is_missing_in_its_own_language(lang: str) -> None:
    result = analyse_document(
        parse_text(
            "schema_version: 1\ncontroller: {name: X AS, email: post@x.no}\n"
            "contact: {channels: [email]}\n",
            "p.yaml",
        )
    )
    assert result.profile is not None
    doc = render_documents(result.profile, DATE, ["contact.retention: missing"], language=lang).get(
        "privacy"
    )
    assert doc is not None
    marks = re.findall(r"\*\*\[([^:\]]+):", doc.markdown)
    assert marks and len(set(marks)) == 1, marks
    word = marks[0]
    assert word == {"nb": "MANGLER", "nn": "MANGLAR", "en": "MISSING"}[lang]
    for other in LANGS:
        if other != lang:
            assert f"[{_missing_word(other)}:" not in doc.markdown


def _missing_word(lang: str) -> str:
    source = (TEMPLATES / lang / "_macros.md.j2").read_text(encoding="utf-8")
    match = re.search(r"\*\*\[([A-ZÆØÅ]+):", source)
    assert match, lang
    return match.group(1)


# -- the page around the text -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_html_page_speaks_the_documents_language(lang: str) -> None:
    result = analyse(ROOT / "sample_profiles" / "fjordkaffe.yaml", compliance=False)
    assert result.profile is not None
    terms = _terms(lang)
    for doc in render_documents(result.profile, DATE, language=lang).documents:
        page = doc.html_page()
        assert f'<html lang="{lang}">' in page
        assert f"<title>{html.escape(terms['titles'][doc.kind], quote=False)} – " in page
        labels = set(re.findall(r'data-label="([^"]+)"', page))
        captions = re.findall(r"<caption>(.*?)</caption>", page)
        assert labels and captions
        text = " ".join([*labels, *captions])
        for other, markers in MARKERS.items():
            if other != lang and {other, lang} != {"nb", "nn"}:
                assert not _words(text) & set(markers), (lang, text)
        if doc.kind == "cookies":
            assert set(terms["captions"].values()) & set(captions)


# -- dates, durations and lists from CLDR ------------------------------------------------


def test_english_dates_durations_and_lists() -> None:
    from notice_tui.document.environment import _date, _duration, _join_list

    assert _date(dt.date(2023, 2, 15), "en_GB") == "15 February 2023"
    assert _date(dt.date(2023, 2, 15), "nb") == "15. februar 2023"
    assert str(_duration("30d", "en_GB")) == "30 days"
    assert str(_duration("1d", "en_GB")) == "1 day"
    assert str(_duration("13mo", "en_GB")) == "13 months"  # never "1 year"
    assert str(_duration("session", "en_GB")) == "until you close the browser"
    assert str(_join_list(["a", "b", "c"], "en_GB")) == "a, b and c"
    # An item with "and" in it: the last one is set apart, so nothing runs together.
    assert str(_join_list(["hours and absence", "pay"], "en_GB")) == "hours and absence, and pay"


def test_nynorsk_durations_say_dagar_not_dogn() -> None:
    assert parse_duration("30d").format("nn") == "30 dagar"
    assert parse_duration("1d").format("nn") == "1 dag"
    assert parse_duration("13mo").format("nn") == "13 månadar"
    assert parse_duration("session").format("nn") == "til du lukkar nettlesaren"


@pytest.mark.parametrize("lang", LANGS)
def test_the_document_dates_are_the_languages_own(lang: str) -> None:
    result = analyse(ROOT / "sample_profiles" / "minimal.yaml", compliance=False)
    assert result.profile is not None
    doc = render_documents(result.profile, DATE, language=lang).get("privacy")
    assert doc is not None
    expected = {"nb": "1. november 2026", "nn": "1. november 2026", "en": "1 November 2026"}
    assert expected[lang] in doc.markdown


# -- texts per language ----------------------------------------------------------------


PER_LANGUAGE = """\
schema_version: 1
language: nb
languages: [nb, en]
controller:
  name: Kurs AS
  email: post@kurs.no
  description: {nb: kurssenter i Tromsø, en: a course centre in Tromsø}
other_activities:
  - title: {nb: Kurs, en: Courses}
    purpose: {nb: administrere påmeldinger, en: handle sign-ups}
    data: {nb: [navn, e-postadresse], en: [name, e-mail address]}
    legal_basis: contract
    retention: 3mo
    retention_note: {nb: etter kurset}
newsletter:
  data: [e-postadresse]
  retention: {nb: til du melder deg av, en: until you unsubscribe}
automated_decisions: false
recipients: {complete: true}
"""


def _per_language() -> model.Profile:
    result = analyse_document(parse_text(PER_LANGUAGE, "p.yaml"))
    assert result.valid and result.profile is not None, [f.format() for f in result.schema]
    return result.profile


def test_a_text_given_per_language_shows_in_each_documents_language() -> None:
    profile = _per_language()
    docs = render_all(profile, DATE)
    nb = docs["nb"].get("privacy").markdown  # type: ignore[union-attr]
    en = docs["en"].get("privacy").markdown  # type: ignore[union-attr]
    assert "kurssenter i Tromsø" in nb and "a course centre in Tromsø" in en
    assert "### Kurs\n" in nb and "### Courses\n" in en
    assert "Name and e-mail address." in en and "Navn og e-postadresse." in nb
    assert "Until you unsubscribe" in en and "Til du melder deg av" in nb
    # No English for the note: the English document prints the bokmål one, and check says so.
    assert "3 months etter kurset" in en


def test_check_names_each_text_without_the_documents_language() -> None:
    from notice_tui.checks import run_checks

    profile = _per_language()
    findings = run_checks(profile)
    missing = [f.path for f in findings if f.rule == "language-missing-translation"]
    assert missing == ["other_activities[0].retention_note"]
    untranslated = [f for f in findings if f.rule == "language-untranslated"]
    # Plain texts: once per module, naming the keys.
    assert [f.path for f in untranslated] == ["newsletter"]
    assert "data" in untranslated[0].message and "English" in untranslated[0].message


def test_plain_texts_with_one_language_need_no_translation() -> None:
    from notice_tui.checks import run_checks

    result = analyse(ROOT / "sample_profiles" / "fjordkaffe.yaml")
    assert result.profile is not None
    assert not [f for f in run_checks(result.profile) if f.rule.startswith("language-")]


def test_a_text_in_an_unknown_language_is_an_error_at_its_key() -> None:
    result = analyse_document(
        parse_text(PER_LANGUAGE.replace("en: a course centre", "de: ein Kurszentrum"), "p.yaml")
    )
    (finding,) = [f for f in result.schema if f.path == "controller.description.de"]
    assert finding.line == 7 and "nb, nn, en" in finding.message


def test_a_text_per_language_survives_the_worker_processes() -> None:
    import pickle

    profile = pickle.loads(pickle.dumps(_per_language()))
    assert profile.controller.description.texts["en"] == "a course centre in Tromsø"
    assert profile.other_activities[0].data.in_language("en") == ["name", "e-mail address"]


# -- files and links -----------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.skipif("en" not in LANGS, reason="no English templates")
def test_several_languages_write_one_folder_each_linked_together(tmp_path: Path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text(PER_LANGUAGE, encoding="utf-8")
    res = _run("render", str(prof), "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    files = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.*"))
    assert files == ["en/privacy-notice.html", "nb/personvernerklaering.html"]
    en = (tmp_path / "out" / "en" / "privacy-notice.html").read_text(encoding="utf-8")
    nb = (tmp_path / "out" / "nb" / "personvernerklaering.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and '<html lang="nb">' in nb
    assert (
        '<a href="../nb/personvernerklaering.html" hreflang="nb" lang="nb">Norsk bokmål</a>' in en
    )
    assert '<a href="../en/privacy-notice.html" hreflang="en" lang="en">English</a>' in nb
    assert '<link rel="alternate" hreflang="en" href="../en/privacy-notice.html">' in nb


@pytest.mark.skipif("en" not in LANGS, reason="no English templates")
def test_render_language_overrides_the_profile_for_one_run(tmp_path: Path) -> None:
    res = _run(
        "render",
        str(ROOT / "sample_profiles" / "fjordkaffe.yaml"),
        "--language",
        "en",
        "--out",
        str(tmp_path),
    )
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cookie-declaration.html",
        "privacy-notice.html",
    ]
    page = (tmp_path / "privacy-notice.html").read_text(encoding="utf-8")
    assert "Other languages" not in page  # one language this run: nothing to link to
    assert '<a href="cookie-declaration.html">' in page


def test_render_language_refuses_a_language_it_cannot_write() -> None:
    res = _run(
        "render", str(ROOT / "sample_profiles" / "minimal.yaml"), "--language", "de", "--out", "-"
    )
    assert res.returncode == 2
    assert "--language" in res.stderr and "'de'" in res.stderr and "Traceback" not in res.stderr


def test_the_wizard_exports_every_language_of_the_profile(tmp_path: Path) -> None:
    outputs = plan_outputs(_per_language(), tmp_path, "md", today=DATE)
    assert sorted(str(o.path.relative_to(tmp_path)) for o in outputs) == (
        ["en/privacy-notice.md", "nb/personvernerklaering.md"]
        if "en" in LANGS
        else ["personvernerklaering.md"]
    )


# -- golden documents in every language ----------------------------------------------------


@cache  # also read by test_golden.py's look for golden files no test writes
def _rendered(sample: Path, lang: str) -> dict[str, str]:
    result = analyse(sample, compliance=False)
    assert result.valid and result.profile is not None
    profile = result.profile
    own = lang in profile.document_languages
    docs = render_all(profile, DATE, languages=None if own else [lang])[lang]
    out = {}
    for doc in docs.documents:
        out[doc.filename("md")] = doc.as_format("md")
        out[doc.filename("html")] = doc.html_page()
    return out


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_golden_in_every_language(
    sample: Path, lang: str, golden: Callable[[dict[str, str]], None]
) -> None:
    golden(_rendered(sample, lang))


def test_the_wizard_edits_the_profiles_own_language_and_keeps_the_others(sample_copy: Any) -> None:
    from notice_tui.tui.session import Session

    session = Session.open(sample_copy("saksefryd-frisor"))
    assert session.get("controller.description") == "frisørsalong i Bodø"
    assert session.answer("controller.description", "frisør i Bodø sentrum")
    assert session.answer("bookings.data", ["navn", "mobilnummer"])
    tree = session.tree
    assert dict(tree["controller"]["description"]) == {
        "nb": "frisør i Bodø sentrum",
        "en": "a hair salon in Bodø",
    }
    assert list(tree["bookings"]["data"]["en"])[:2] == ["name", "mobile number"]
    assert list(tree["bookings"]["data"]["nb"]) == ["navn", "mobilnummer"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_languages_pages_are_valid_html(sample: Path, lang: str) -> None:
    from test_html_valid import elements, parse_strict

    result = analyse(sample, compliance=False)
    assert result.profile is not None
    # Every language of the set at once, so the links between them are in the pages.
    langs = list(dict.fromkeys([*result.profile.document_languages, lang]))
    for doc in render_all(result.profile, DATE, languages=langs)[lang].documents:
        dom = parse_strict(doc.html_page(), False)
        ids = [e.getAttribute("id") for e in elements(dom) if e.getAttribute("id")]
        assert len(ids) == len(set(ids))
        assert len(elements(dom, "h1")) == 1
        links = [e for e in elements(dom, "a") if e.getAttribute("hreflang")]
        assert len(links) == len(langs) - 1
        for link in links:
            assert link.getAttribute("lang") == link.getAttribute("hreflang") != lang


@pytest.mark.parametrize("lang", LANGS)
def test_each_languages_cldr_data_is_kept_in_the_cache_folder(lang: str, tmp_path: Path) -> None:
    """The second run reads the language's merged CLDR data in one piece, as for bokmål."""
    code = """
import datetime as dt, sys
from babel import localedata
from notice_tui.document import render_documents
from notice_tui.pipeline import analyse
profile = analyse(sys.argv[1], fast=True).profile
docs = render_documents(profile, dt.date(2026, 11, 22), language=sys.argv[2]).documents
print("".join(d.markdown for d in docs).count("2026"), "root" in localedata._cache)
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(ROOT / "sample_profiles" / "fjordkaffe.yaml"), lang],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][1] == "True" and runs[1][1] == "False"
    assert runs[0][0] == runs[1][0] != "0"
    assert list((tmp_path / "notice-tui" / "cldr").glob("*.pickle"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_record_of_processing_is_in_the_profiles_language(lang: str) -> None:
    from notice_tui.desk.protocol import build_protocol, document

    result = analyse(ROOT / "sample_profiles" / "nordlys-nettbutikk.yaml", compliance=False)
    assert result.profile is not None
    profile = _neutral(result.profile)
    profile.language = lang  # type: ignore[assignment]
    doc = document(build_protocol(profile, DATE))
    assert f'<html lang="{lang}">' in doc.html_page()
    assert _terms(lang, "protocol.yaml")["title"] in doc.markdown
    words = _words(doc.markdown)
    for other, markers in MARKERS.items():
        if other != lang and {other, lang} != {"nb", "nn"}:
            assert not words & set(markers), (other, sorted(words & set(markers)))


def test_status_finds_the_documents_of_every_language(tmp_path: Path) -> None:
    from notice_tui.desk.status import documents_state, profile_status

    prof = tmp_path / "p.yaml"
    prof.write_text(PER_LANGUAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert documents_state(prof, out, several=False) == "missing"
    for o in plan_outputs(_per_language(), out, "html", today=DATE):
        o.path.parent.mkdir(parents=True, exist_ok=True)
        o.path.write_text(o.text, encoding="utf-8")
    assert documents_state(prof, out, several=False) == "current"
    status = profile_status(prof, today=DATE)
    assert status is not None and status.languages == ["nb", "en"]
