"""The protocol (art. 30) and the processor register, as files a consultant hands over.

The spreadsheet is opened with openpyxl and read cell by cell; the protocol must say
what the notice says, and mark (never fill in) what the profile does not tell.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from desk_support import COOKIEBOT, GA, GA_COOKIE, profile, run, website

REQUIRED = [
    "Behandling",
    "Behandlingsansvarlig og kontaktperson",
    "Formål med behandlingen",
    "Kategorier av registrerte",
    "Kategorier av personopplysninger",
    "Kategorier av mottakere",
    "Overføring til land utenfor EU/EØS, og grunnlaget",
    "Planlagte frister for sletting",
    "Tekniske og organisatoriske sikkerhetstiltak",
]
REGISTER = [
    "Leverandør",
    "Hva de gjør for oss",
    "Rolle",
    "Hvor opplysningene behandles",
    "Overføringsgrunnlag",
    "Databehandleravtale signert",
    "Brukes til",
]

SEMINARS = """\
other_activities:
  - title: Kurs og seminarer
    purpose: administrere påmeldinger
    data: [navn, e-postadresse]
    legal_basis: contract
    retention: 3mo
    systems: [Microsoft 365]
"""


@pytest.fixture
def client(tmp_path: Path) -> Path:
    path = tmp_path / "alfa.yaml"
    text = profile(
        "Alfa Kafé AS",
        newsletter=True,
        site=website(GA_COOKIE),
        site_processors=COOKIEBOT + GA,
        extra=SEMINARS,
    )
    # One agreement has its date.
    text = text.replace(
        "    service: utsending av nyhetsbrev\n",
        "    service: utsending av nyhetsbrev\n    dpa_signed: 2025-05-02\n",
    )
    path.write_text(text, encoding="utf-8")
    return path


def rows(path: Path, sheet: int = 0) -> list[list[str | None]]:
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[sheet]
    return [[c.value for c in row] for row in ws.iter_rows()]


def by_name(table: list[list[str | None]]) -> dict[str, dict[str, str | None]]:
    header = table[0]
    return {str(r[0]): dict(zip(header, r, strict=True)) for r in table[1:]}


def test_render_only_protocol_writes_the_three_files(client: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    res = run(
        "render", str(client), "--only", "protocol", "--out", str(out), "--date", "2026-12-01"
    )
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "behandlingsprotokoll.html",
        "behandlingsprotokoll.md",
        "behandlingsprotokoll.xlsx",
    ]
    assert "the protocol has 4 gaps" in res.stderr  # 3 agreements, 1 answer

    table = rows(out / "behandlingsprotokoll.xlsx")
    # The required columns, then the optional ones the profile has.
    assert table[0] == [*REQUIRED, "Behandlingsgrunnlag", "Databehandlere"]
    processing = by_name(table)
    assert list(processing) == [
        "Henvendelser",
        "Nyhetsbrev",
        "Nettstedet: serverlogger og nødvendige informasjonskapsler",
        "Statistikk over bruken av nettstedet",
        "Kurs og seminarer",
    ]
    contact = processing["Henvendelser"]
    assert contact["Behandlingsansvarlig og kontaktperson"] == "Alfa Kafé AS, post@alfakaféas.no"
    assert contact["Kategorier av registrerte"] == "Personer som kontakter oss"
    assert (
        contact["Planlagte frister for sletting"]
        == "12 måneder etter at henvendelsen er ferdig behandlet"
    )
    assert (
        contact["Kategorier av mottakere"]
        == "Microsoft 365 (databehandler), offentlige myndigheter når loven krever det"
    )
    assert contact["Overføring til land utenfor EU/EØS, og grunnlaget"] == "Nei"
    assert (
        contact["Tekniske og organisatoriske sikkerhetstiltak"]
        == "Tilgangsstyring, kryptering, rutine for å håndtere og melde avvik"
    )
    assert contact["Behandlingsgrunnlag"] == "Berettiget interesse (artikkel 6 nr. 1 bokstav f)"
    news = processing["Nyhetsbrev"]
    assert (
        news["Overføring til land utenfor EU/EØS, og grunnlaget"]
        == "Mailchimp (USA): EU-U.S. Data Privacy Framework (artikkel 45)"
    )
    assert news["Planlagte frister for sletting"] == "Til du melder deg av"
    stats = processing["Statistikk over bruken av nettstedet"]
    assert stats["Kategorier av registrerte"] == "Besøkende på nettstedet som har samtykket"
    assert stats["Behandlingsgrunnlag"] == "Samtykke (artikkel 6 nr. 1 bokstav a)"
    # Nobody wrote whose data the seminars hold: the protocol says so, not a guess.
    assert (
        processing["Kurs og seminarer"]["Kategorier av registrerte"]
        == "[MANGLER: hvem opplysningene gjelder]"
    )

    register = rows(out / "behandlingsprotokoll.xlsx", 1)
    assert register[0] == REGISTER
    procs = by_name(register)
    assert list(procs) == ["Microsoft 365", "Mailchimp", "Cookiebot", "Google Analytics"]
    assert procs["Mailchimp"]["Databehandleravtale signert"] == "2025-05-02"
    assert (
        procs["Microsoft 365"]["Databehandleravtale signert"]
        == "[MANGLER: når databehandleravtalen ble signert]"
    )
    assert procs["Microsoft 365"]["Brukes til"] == "Henvendelser, Kurs og seminarer"
    assert (
        procs["Google Analytics"]["Overføringsgrunnlag"]
        == "EU-U.S. Data Privacy Framework (artikkel 45)"
    )

    md = (out / "behandlingsprotokoll.md").read_text(encoding="utf-8")
    assert md.startswith("# Behandlingsprotokoll for Alfa Kafé AS\n")
    assert "**[MANGLER: hvem opplysningene gjelder]**" in md
    html = (out / "behandlingsprotokoll.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html


def test_protocol_and_notice_say_the_same(client: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    res = run("render", str(client), "--with", "protocol", "--format", "md", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert {p.name for p in out.iterdir()} >= {
        "personvernerklaering.md",
        "informasjonskapsler.md",
        "behandlingsprotokoll.xlsx",
    }
    notice = (out / "personvernerklaering.md").read_text(encoding="utf-8")
    processing = by_name(rows(out / "behandlingsprotokoll.xlsx"))
    assert "12 måneder etter at henvendelsen er ferdig behandlet" in notice
    assert "3 måneder" in processing["Kurs og seminarer"]["Planlagte frister for sletting"]
    assert "3 måneder" in notice
    # Change the retention in the profile: both change together.
    client.write_text(
        client.read_text(encoding="utf-8").replace("retention: 12mo", "retention: 6mo", 1),
        encoding="utf-8",
    )
    run("render", str(client), "--with", "protocol", "--format", "md", "--out", str(out))
    notice = (out / "personvernerklaering.md").read_text(encoding="utf-8")
    assert "6 måneder etter at henvendelsen er ferdig behandlet" in notice
    assert (
        by_name(rows(out / "behandlingsprotokoll.xlsx"))["Henvendelser"][
            "Planlagte frister for sletting"
        ]
        == "6 måneder etter at henvendelsen er ferdig behandlet"
    )


def test_check_protocol_asks_for_the_gaps_with_the_key(client: Path) -> None:
    assert run("check", str(client)).returncode == 0  # the notice itself needs nothing
    res = run("check", str(client), "--protocol")
    assert res.returncode == 1
    gaps = [x for x in res.stdout.splitlines() if "[protocol-missing]" in x]
    assert len(gaps) == 1, res.stdout
    assert "other_activities[0].data_subjects: the protocol lacks who the data is about" in gaps[0]
    assert f"notice-tui set {client} other_activities[0].data_subjects" in gaps[0]
    # The unsigned agreements are a tip in every check, never an error.
    assert "processors[0].dpa_signed" in res.stdout and "[processor-dpa-missing]" in res.stdout
    assert (
        run("set", str(client), "other_activities[0].data_subjects", "[kursdeltakere]").returncode
        == 0
    )
    res = run("check", str(client), "--protocol")
    assert res.returncode == 0, res.stdout


def test_a_profile_without_security_measures_or_recipients_is_marked(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        profile("Beta Bygg AS")
        .replace(
            "security:\n  measures: [tilgangsstyring, kryptering]\n  breach_routine: true\n", ""
        )
        .replace("  complete: true\n", "")
        .replace("  systems: [Microsoft 365]\n", "")
        .replace("  authorities_when_required: true\n", "  partners: \n"),
        encoding="utf-8",
    )
    res = run("check", str(path), "--protocol", "--format", "json")
    import json

    found = json.loads(res.stdout)
    keys = {f["path"] for f in found if f["rule"] == "protocol-missing"}
    # The systems are asked for by check's own rule already: asked once, not twice.
    assert keys == {"security.measures"}, res.stdout
    assert any(f["path"] == "contact.systems" for f in found)
    out = tmp_path / "ut"
    run("render", str(path), "--only", "protocol", "--out", str(out))
    contact = by_name(rows(out / "behandlingsprotokoll.xlsx"))["Henvendelser"]
    assert contact["Tekniske og organisatoriske sikkerhetstiltak"] == "[MANGLER: sikkerhetstiltak]"
    assert contact["Kategorier av mottakere"] == "[MANGLER: hvem som får opplysningene]"


def test_user_text_stays_text_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        profile("Alfa | Kafé AS").replace(
            "    service: e-post og dokumentlagring\n",
            '    service: "=HYPERLINK(\\"https://angrep.example\\",\\"klikk\\") *e-post*"\n',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = run("render", str(path), "--only", "protocol", "--out", str(out))
    assert res.returncode == 0, res.stderr
    book = openpyxl.load_workbook(out / "behandlingsprotokoll.xlsx")
    cell = book.worksheets[1]["B2"]
    assert cell.data_type == "s"  # a string, never a formula
    assert cell.value.startswith("=HYPERLINK(")
    md = (out / "behandlingsprotokoll.md").read_text(encoding="utf-8")
    assert r"Alfa \| Kafé AS" in md and r"\*e-post\*" in md
    html = (out / "behandlingsprotokoll.html").read_text(encoding="utf-8")
    assert "<em>e-post" not in html and "*e-post*" in html


def test_no_protocol_while_check_finds_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        profile("Delta Bygg AS").replace("  retention: 12mo\n", "", 1), encoding="utf-8"
    )
    out = tmp_path / "ut"
    res = run("render", str(path), "--only", "protocol", "--out", str(out))
    assert res.returncode == 1 and "no protocol written" in res.stderr
    assert not out.exists()
    res = run("render", str(path), "--only", "protocol", "--out", str(out), "--draft")
    assert res.returncode == 0, res.stderr
    md = (out / "behandlingsprotokoll.md").read_text(encoding="utf-8")
    assert "**[MANGLER: lagringstid]**" in md


def test_protocol_to_standard_output(client: Path) -> None:
    res = run("render", str(client), "--only", "protocol", "--format", "md", "--out", "-")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("# Behandlingsprotokoll for Alfa Kafé AS")
    assert "| Mailchimp | Utsending av nyhetsbrev | databehandler | USA |" in res.stdout


def test_several_profiles_each_get_their_folder(client: Path, tmp_path: Path) -> None:
    other = tmp_path / "beta.yaml"
    other.write_text(profile("Beta Bygg AS"), encoding="utf-8")
    out = tmp_path / "ut"
    res = run("render", str(client), str(other), "--only", "protocol", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert (out / "alfa" / "behandlingsprotokoll.xlsx").is_file()
    assert (
        by_name(rows(out / "beta" / "behandlingsprotokoll.xlsx"))["Henvendelser"][
            "Behandlingsansvarlig og kontaktperson"
        ]
        == "Beta Bygg AS, post@betabyggas.no"
    )


async def test_the_wizard_exports_the_protocol_beside_the_documents(tmp_path: Path) -> None:
    import datetime as dt
    import shutil

    from pilot_support import settle, wizard
    from textual.widgets import Checkbox, Input

    from notice_tui.tui.app import WizardApp

    path = tmp_path / "tallhuset.yaml"
    shutil.copyfile(Path(__file__).parents[1] / "sample_profiles" / "tallhuset-regnskap.yaml", path)
    out = tmp_path / "ut"

    app = WizardApp(path, today=dt.date(2026, 12, 1))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.step.id == "review"
        screen.query_one("#export-folder", Input).value = str(out)
        screen.query_one("#export-html", Checkbox).value = False
        screen.query_one("#export-protocol", Checkbox).scroll_visible(animate=False)
        await settle(pilot)
        await pilot.click("#export-protocol")
        await settle(pilot)
        screen.query_one("#export").scroll_visible(animate=False)
        await settle(pilot)
        await pilot.click("#export")
        await settle(pilot)

    assert sorted(p.name for p in out.iterdir()) == [
        "behandlingsprotokoll.html",
        "behandlingsprotokoll.md",
        "behandlingsprotokoll.xlsx",
        "personvernerklaering.md",
    ]
    assert (
        by_name(rows(out / "behandlingsprotokoll.xlsx"))["Rekruttering"][
            "Kategorier av registrerte"
        ]
        == "Jobbsøkere"
    )
