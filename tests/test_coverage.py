"""The art. 13/14 checklist against rendered notices: the samples cover every point, and
taking a required paragraph out of a notice is noticed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from notice_tui import i18n
from notice_tui.checks.coverage import POINTS, CoverageItem, coverage, missing
from notice_tui.document.render import render_documents
from notice_tui.pipeline import analyse, analyse_document
from notice_tui.profile.model import Profile
from notice_tui.profile.store import parse_text

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("sample_profiles").glob("*.yaml"))
DATE = dt.date(2026, 11, 22)

BRIEF_IDS = {
    "controller", "dpo", "purposes_and_basis", "legitimate_interests", "recipients",
    "transfers", "retention", "rights_access", "rights_rectification", "rights_erasure",
    "rights_restriction", "rights_portability", "objection", "withdraw_consent", "complaint",
    "required", "automated", "sources", "response_time",
}  # fmt: skip


def load(name: str) -> Profile:
    result = analyse(Path(__file__).resolve().parent.parent / "sample_profiles" / f"{name}.yaml")
    assert result.profile is not None
    return result.profile


def notice(profile: Profile) -> str:
    doc = render_documents(profile, DATE).get("privacy")
    assert doc is not None
    return doc.markdown


def item(items: list[CoverageItem], point: str) -> CoverageItem:
    return next(i for i in items if i.id == point)


def without_section(markdown: str, heading: str) -> str:
    """The text with one heading and everything under it (up to the next heading of
    the same or a higher level) taken out."""
    lines = markdown.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("#") and line.lstrip("#").strip() == heading
    )
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next(
        (i for i in range(start + 1, len(lines)) if re.match(rf"#{{1,{level}}} ", lines[i])),
        len(lines),
    )
    assert end > start + 1
    return "\n".join(lines[:start] + lines[end:])


def without_lines(markdown: str, pattern: str) -> str:
    kept = [line for line in markdown.splitlines() if not re.search(pattern, line)]
    assert len(kept) < len(markdown.splitlines()), pattern
    return "\n".join(kept)


# -- the checklist itself -----------------------------------------------------------------


def test_the_checklist_has_every_point_once() -> None:
    ids = [p.id for p in POINTS]
    assert len(ids) == len(set(ids))
    assert set(ids) == BRIEF_IDS


def test_items_carry_label_and_article() -> None:
    items = coverage(load("minimal"), notice(load("minimal")))
    assert [i.id for i in items] == [p.id for p in POINTS]
    for i in items:
        assert i.label and i.article.startswith("art.")


def test_labels_follow_the_language() -> None:
    profile = load("minimal")
    english = [i.label for i in coverage(profile, notice(profile))]
    i18n.set_language("nb")
    norwegian = [i.label for i in coverage(profile, notice(profile))]
    assert len(english) == len(norwegian) and all(norwegian)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_covers_every_point_that_applies(path: Path) -> None:
    result = analyse(path)
    assert result.profile is not None
    md = notice(result.profile)
    assert missing(result.profile, md) == []


def test_what_applies_follows_the_profile() -> None:
    minimal = {i.id: i.applies for i in coverage(load("minimal"), notice(load("minimal")))}
    assert minimal["complaint"] and minimal["rights_access"] and minimal["controller"]
    assert not minimal["dpo"] and not minimal["transfers"] and not minimal["withdraw_consent"]
    shop = {
        i.id: i.applies
        for i in coverage(load("nordlys-nettbutikk"), notice(load("nordlys-nettbutikk")))
    }
    assert shop["dpo"] and shop["transfers"] and shop["withdraw_consent"]
    accounts = {
        i.id: i.applies
        for i in coverage(load("tallhuset-regnskap"), notice(load("tallhuset-regnskap")))
    }
    assert accounts["sources"] and accounts["transfers"]  # Microsoft 365 (USA, DPF)


# -- a notice with a paragraph missing fails --------------------------------------------


def test_removing_the_complaint_paragraph_is_noticed() -> None:
    profile = load("fjordkaffe")
    md = notice(profile)
    assert item(coverage(profile, md), "complaint").covered
    # Datatilsynet is still named (breach reporting), but not as where to complain.
    cut = without_section(md, "Klage til Datatilsynet")
    assert "Datatilsynet" in cut
    after = coverage(profile, cut)
    assert not item(after, "complaint").covered
    assert [i.id for i in after if not i.ok] == ["complaint"]


@pytest.mark.parametrize(
    ("sample", "cut", "point"),
    [
        ("nordlys-nettbutikk", r"^- \*\*Innsyn:", "rights_access"),
        ("nordlys-nettbutikk", r"^- \*\*Retting:", "rights_rectification"),
        ("nordlys-nettbutikk", r"^- \*\*Sletting:", "rights_erasure"),
        ("nordlys-nettbutikk", r"^- \*\*Begrensning:", "rights_restriction"),
        ("nordlys-nettbutikk", r"^- \*\*Dataportabilitet:", "rights_portability"),
        ("nordlys-nettbutikk", r"én måned", "response_time"),
        ("nordlys-nettbutikk", r"^Vi har et personvernombud", "dpo"),
        ("nordlys-nettbutikk", r"^\| \[?Klaviyo", "recipients"),
        ("nordlys-nettbutikk", r"^Disse amerikanske selskapene", "transfers"),
        ("nordlys-nettbutikk", r"Lagringstid", "retention"),
        ("nordlys-nettbutikk", r"Må du gi oss opplysningene", "required"),
        ("nordlys-nettbutikk", r"artikkel 22", "automated"),
        ("nordlys-nettbutikk", r"^- \*\*Rettslig grunnlag:\*\* Avtale", "purposes_and_basis"),
        ("nordlys-nettbutikk", r"direkte markedsføring", "objection"),
        ("nordlys-nettbutikk", r"bokstav a\)", "purposes_and_basis"),
        ("tallhuset-regnskap", r"brreg\.no", "sources"),
        ("tallhuset-regnskap", r"artikkel 9 nr\. 2", "purposes_and_basis"),
        ("brobygg-radgivning", r"Kurs og frokostmøter", "purposes_and_basis"),
        ("minimal", r"behandlingsansvarlig", "controller"),
    ],
)
def test_a_missing_paragraph_is_noticed(sample: str, cut: str, point: str) -> None:
    profile = load(sample)
    md = notice(profile)
    assert item(coverage(profile, md), point).ok
    broken = item(coverage(profile, without_lines(md, cut)), point)
    assert broken.applies and not broken.covered


def test_a_basis_without_its_interest_is_noticed() -> None:
    profile = load("nordlys-nettbutikk")
    sentence = "Vår berettigede interesse er å kunne svare deg og følge opp saken du tar opp."
    md = notice(profile)
    assert sentence in md
    after = coverage(profile, md.replace(sentence, ""))
    assert not item(after, "legitimate_interests").covered
    assert [i.id for i in after if not i.ok] == ["legitimate_interests"]


def test_withdrawing_consent_must_be_possible_at_any_time() -> None:
    profile = load("fjordkaffe")
    md = notice(profile)
    cut = without_section(md, "Trekke tilbake samtykke")
    cut = without_lines(cut, r"samtykket tilbake")
    # "når du trekker tilbake et samtykke" (under erasure) does not tell of the right itself.
    assert "trekker tilbake et samtykke" in cut
    assert not item(coverage(profile, cut), "withdraw_consent").covered


def test_a_vague_retention_in_the_text_is_not_coverage() -> None:
    profile = load("fjordkaffe")
    md = notice(profile).replace(
        "12 måneder etter at henvendelsen er ferdig behandlet", "så lenge det er nødvendig", 1
    )
    assert "så lenge det er nødvendig" in md
    assert not item(coverage(profile, md), "retention").covered


def test_the_right_to_object_must_stand_apart() -> None:
    profile = load("fjordkaffe")  # legitimate interest and a newsletter
    md = notice(profile).replace("**", "")
    assert "protestere" in md
    assert not item(coverage(profile, md), "objection").covered


def test_safeguards_copy_is_required_for_standard_clauses() -> None:
    text = (
        "schema_version: 1\ncontroller:\n  name: Test AS\n  email: post@test.no\n"
        "contact:\n  channels: [email]\n  retention: 1y\n  systems: [Utvikler]\n"
        "processors:\n  - name: Utvikler\n    service: drift\n    location: India\n"
        "    transfer: scc\n"
    )
    profile = analyse_document(parse_text(text)).profile
    assert profile is not None
    md = notice(profile)
    assert item(coverage(profile, md), "transfers").ok
    assert not item(coverage(profile, without_lines(md, r"kopi av garantiene")), "transfers").ok
