"""The command line, run as a user runs it: a separate process, files on disk, exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "sample_profiles"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_render_writes_both_documents_as_html(tmp_path: Path) -> None:
    res = run(
        "render",
        str(SAMPLES / "fjordkaffe.yaml"),
        "--format",
        "html",
        "--out",
        str(tmp_path),
        "--date",
        "2026-11-22",
    )
    assert res.returncode == 0, res.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["informasjonskapsler.html", "personvernerklaering.html"]
    page = (tmp_path / "personvernerklaering.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in page
    assert "<style>" in page and "<link" not in page  # works offline
    # The profile's own date wins over --date: it is the one the business stands behind.
    assert "Sist oppdatert 1. november 2026" in page


def test_date_fills_in_only_where_the_profile_has_none(tmp_path: Path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text(
        (SAMPLES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace("last_updated: 2026-11-01\n", ""),
        encoding="utf-8",
    )
    res = run("render", str(prof), "--format", "md", "--out", "-", "--date", "2026-11-22")
    assert res.returncode == 0, res.stderr
    assert "Sist oppdatert 22. november 2026" in res.stdout
    assert "last-updated-missing" in run("check", str(prof)).stdout


def _with_an_error(tmp_path: Path) -> Path:
    """Minimal, with the retention removed: check finds one error."""
    prof = tmp_path / "p.yaml"
    prof.write_text(
        (SAMPLES / "minimal.yaml").read_text(encoding="utf-8").replace("  retention: 12mo\n", ""),
        encoding="utf-8",
    )
    return prof


def test_render_refuses_a_profile_with_errors(tmp_path: Path) -> None:
    prof = _with_an_error(tmp_path)
    out = tmp_path / "out"
    res = run("render", str(prof), "--format", "md", "--out", str(out))
    assert res.returncode == 1
    assert "retention-missing" in res.stderr and "--draft" in res.stderr
    assert not out.exists()
    # --strict is still accepted: it is the default now.
    assert run("render", str(prof), "--strict", "--out", str(out)).returncode == 1
    assert not out.exists()


def test_draft_is_marked_and_shows_what_is_missing(tmp_path: Path) -> None:
    prof = _with_an_error(tmp_path)
    res = run("render", str(prof), "--draft", "--format", "md", "--out", "-")
    assert res.returncode == 1, res.stderr  # written, but problems were found
    text = res.stdout
    assert "UTKAST – ikke publiser: 1 feil" in text
    assert "contact.retention" in text.split("Sist oppdatert")[0]
    assert "**[MANGLER: hvor lenge opplysningene lagres]**" in text
    # No period nobody chose: the usual 12 months appear nowhere.
    assert "12 måneder" not in text


def test_a_complete_profile_has_no_draft_marks(tmp_path: Path) -> None:
    for sample in sorted(SAMPLES.glob("*.yaml")):
        res = run("render", str(sample), "--format", "md", "--out", "-")
        assert res.returncode == 0, (sample.name, res.stderr)
        assert "MANGLER" not in res.stdout and "UTKAST" not in res.stdout, sample.name


def test_render_fragment_is_bare_markup(tmp_path: Path) -> None:
    res = run(
        "render",
        str(SAMPLES / "fjordkaffe.yaml"),
        "--format",
        "html",
        "--fragment",
        "--out",
        str(tmp_path),
    )
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "personvernerklaering.html").read_text(encoding="utf-8")
    assert text.startswith("<h1")
    assert "<html" not in text and "<style" not in text


def test_render_several_profiles_into_one_folder_each(tmp_path: Path) -> None:
    res = run(
        "render",
        str(SAMPLES / "fjordkaffe.yaml"),
        str(SAMPLES / "minimal.yaml"),
        "--format",
        "md",
        "--out",
        str(tmp_path),
    )
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "fjordkaffe" / "personvernerklaering.md").is_file()
    assert (tmp_path / "fjordkaffe" / "informasjonskapsler.md").is_file()
    # No website, so no cookie declaration, and the user is told why.
    assert sorted(p.name for p in (tmp_path / "minimal").iterdir()) == ["personvernerklaering.md"]
    assert "no cookie declaration" in res.stderr


def test_render_to_stdout(tmp_path: Path) -> None:
    res = run("render", str(SAMPLES / "minimal.yaml"), "--format", "md", "--out", "-")
    assert res.returncode == 0
    assert res.stdout.startswith("# Personvernerklæring for Lien Snekkerverksted")
    assert list(tmp_path.iterdir()) == []


def test_render_refuses_invalid_profile_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncontroller:\n  name: X AS\n  email: nope\n")
    out = tmp_path / "out"
    res = run("render", str(bad), "--out", str(out))
    assert res.returncode == 1
    assert f"{bad}:4:10: error: controller.email:" in res.stderr
    assert not out.exists()


def test_check_exit_codes(tmp_path: Path) -> None:
    assert run("check", str(SAMPLES / "fjordkaffe.yaml")).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncontroller:\n  name: X AS\n  email: nope\n")
    res = run("check", str(bad))
    assert res.returncode == 1
    assert res.stdout.startswith(f"{bad}:4:10: error: controller.email: ")
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\ncontroller: [\n")
    res = run("check", str(broken))
    assert res.returncode == 2
    assert res.stdout.startswith(f"{broken}:3:")
    res = run("check", str(tmp_path / "missing.yaml"))
    assert res.returncode == 2 and "no such file" in res.stdout
    assert "Traceback" not in res.stdout + res.stderr


def test_check_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\ncontroller:\n  name: X AS\n  email: nope\n")
    res = run("check", str(bad), "--format", "json")
    data = json.loads(res.stdout)
    assert data[0]["path"] == "controller.email"
    assert data[0]["line"] == 4 and data[0]["severity"] == "error"


def test_schema_is_json_schema_of_the_model() -> None:
    res = run("schema")
    schema = json.loads(res.stdout)
    assert schema["required"] == ["schema_version", "controller"]
    cookie = schema["$defs"]["Cookie"]
    assert cookie["properties"]["category"]["enum"] == [
        "necessary",
        "preferences",
        "statistics",
        "marketing",
    ]
    assert "retention" in schema["$defs"]["Contact"]["properties"]


def test_new_set_get_round_trip(tmp_path: Path) -> None:
    prof = tmp_path / "kunde.yaml"
    assert run("new", str(prof), "--name", "Kunde AS", "--email", "post@kunde.no").returncode == 0
    assert run("set", str(prof), "newsletter.data", "[e-postadresse]").returncode == 0
    assert run("set", str(prof), "newsletter.retention", "til du melder deg av").returncode == 0
    assert run("set", str(prof), "recipients.complete", "true").returncode == 0
    res = run("get", str(prof), "newsletter.data")
    assert res.stdout.strip() == "[e-postadresse]"
    res = run("set", str(prof), "controller.email", "nope")
    assert res.returncode == 1 and "controller.email" in res.stderr
    assert run("get", str(prof), "controller.email").stdout.strip() == "post@kunde.no"
    assert run("check", str(prof)).returncode == 0


def test_cli_render_does_not_import_textual() -> None:
    code = (
        "import sys, notice_tui.cli as c\n"
        "c.main(['render', sys.argv[1], '--out', '-', '--format', 'html'])\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules), "
        "'textual imported'\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(SAMPLES / "fjordkaffe.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_samples_check_clean(sample: Path) -> None:
    res = run("check", str(sample))
    assert res.returncode == 0, res.stdout


@pytest.mark.slow
def test_set_keeps_codes_as_text_and_reads_periods_in_words(tmp_path: Path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text((SAMPLES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    address = '{street: Gata 1, postal_code: "0150", city: Oslo}'
    assert run("set", str(prof), "controller.address", address).returncode == 0
    res = run("set", str(prof), "controller.address.postal_code", "0151")
    assert res.returncode == 0, res.stderr  # not the integer 151
    assert run("get", str(prof), "controller.address.postal_code").stdout.strip() == "0151"
    for words, canonical in (
        ("3 år", "3y"),
        ("12 måneder", "12mo"),
        ("6 mnd", "6mo"),
        ("30 dager", "30d"),
        ("2 uker", "2w"),
        ("24 timer", "24h"),
    ):
        assert run("set", str(prof), "contact.retention", words).returncode == 0, words
        assert run("get", str(prof), "contact.retention").stdout.strip() == canonical
    assert run("check", str(prof)).returncode == 0


def test_set_gives_a_web_address_its_scheme(tmp_path: Path) -> None:
    prof = tmp_path / "p.yaml"
    prof.write_text((SAMPLES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("set", str(prof), "controller.website", "liensnekker.no").returncode == 0
    assert run("get", str(prof), "controller.website").stdout.strip() == "https://liensnekker.no"


def test_render_writes_markdown_and_html_when_both_are_asked_for(tmp_path: Path) -> None:
    res = run(
        "render",
        str(SAMPLES / "fjordkaffe.yaml"),
        "--format",
        "md",
        "--format",
        "html",
        "--out",
        str(tmp_path),
    )
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "informasjonskapsler.html",
        "informasjonskapsler.md",
        "personvernerklaering.html",
        "personvernerklaering.md",
    ]
    assert res.stderr.count("wrote ") == 4


def test_render_quiet_prints_only_errors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run("render", str(SAMPLES / "minimal.yaml"), "--quiet", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert (out / "personvernerklaering.html").is_file()
    assert res.stderr == "" and res.stdout == ""
    # Without --quiet the same run says what it wrote, and its tips.
    loud = run("render", str(SAMPLES / "minimal.yaml"), "--out", str(out))
    assert "wrote " in loud.stderr
    res = run("render", str(_with_an_error(tmp_path)), "-q", "--out", str(out))
    assert res.returncode == 1
    assert "retention-missing" in res.stderr and "not rendered" in res.stderr


def _minimal(tmp_path: Path) -> Path:
    prof = tmp_path / "kunde.yaml"
    prof.write_text((SAMPLES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return prof


def test_set_says_what_it_saved_and_a_postal_code_fills_the_town(tmp_path: Path) -> None:
    prof = _minimal(tmp_path)
    res = run("set", str(prof), "controller.address.postal_code", "0150")
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines() == [
        f'saved controller.address.postal_code = "0150" in {prof}',
        'filled in controller.address.city = "Oslo" from the postal code',
    ]
    assert run("get", str(prof), "controller.address.city").stdout.strip() == "Oslo"
    # A town already there is the user's: a new code leaves it alone.
    assert run("set", str(prof), "controller.address.city", "Nydalen").returncode == 0
    res = run("set", str(prof), "controller.address.postal_code", "0151")
    assert "filled in" not in res.stderr
    assert run("get", str(prof), "controller.address.city").stdout.strip() == "Nydalen"
    res = run("set", str(prof), "controller.phone", "+47 22 33 44 55")
    assert res.stderr.strip() == f'saved controller.phone = "+47 22 33 44 55" in {prof}'
    res = run("set", str(prof), "controller.phone", "~")
    assert res.stderr.strip() == f"removed controller.phone from {prof}"


def test_set_appends_to_a_list_with_plus_or_the_length(tmp_path: Path) -> None:
    prof = _minimal(tmp_path)
    fiken = "{name: Fiken, service: regnskap, location: Norge, transfer: none}"
    res = run("set", str(prof), "processors[+]", fiken)
    assert res.returncode == 0, res.stderr
    assert res.stderr.startswith('saved processors[0] = {"name": "Fiken"')
    res = run("set", str(prof), "processors[1]", fiken.replace("Fiken", "Tripletex"))
    assert res.returncode == 0, res.stderr
    res = run("set", str(prof), "processors[+].name", "Visma")
    assert res.returncode == 1 and "processors[2].service" in res.stderr
    assert "not saved" in res.stderr
    res = run("set", str(prof), "processors[5].name", "Visma")
    assert res.returncode == 1 and "the list is shorter" in res.stderr
    names = run("get", str(prof), "processors").stdout
    assert "- name: Fiken\n" in names and "- name: Tripletex\n" in names  # block entries
    assert "Visma" not in prof.read_text(encoding="utf-8")
    help_text = run("set", "--help").stdout
    assert "processors[+]" in help_text


def test_warnings_and_tips_leave_the_exit_code_at_0_as_the_readme_says(tmp_path: Path) -> None:
    prof = tmp_path / "kafe.yaml"
    prof.write_text((SAMPLES / "fjordkaffe.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("set", str(prof), "website.cookies_reviewed", "2024-01-01").returncode == 0
    res = run("check", str(prof))
    assert "warning: website.cookies_reviewed" in res.stdout and "hint:" in res.stdout
    assert res.returncode == 0
    res = run("render", str(prof), "--out", str(tmp_path / "out"))
    assert "warning: website.cookies_reviewed" in res.stderr
    assert res.returncode == 0
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| exit code | `check` | `render` |" in readme
    assert "| 0 | no profile has an error (warnings and tips may be printed) |" in readme
    assert "Only errors change the exit code" in readme


def _run_nb(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": "nb"}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_argparse_speaks_the_ui_language() -> None:
    res = _run_nb("render", "--help")
    assert res.returncode == 0
    assert res.stdout.startswith("bruk: notice-tui render")
    assert "\nargumenter:\n" in res.stdout and "\nvalg:\n" in res.stdout
    assert "vis denne hjelpeteksten og avslutt" in res.stdout
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in res.stdout
    res = _run_nb("render")
    assert res.returncode == 2
    assert "notice-tui render: feil: disse argumentene mangler: PROFILE" in res.stderr
    res = _run_nb("render", "x.yaml", "--format", "pdf")
    assert "ugyldig valg: 'pdf' (velg blant 'md', 'html')" in res.stderr
    res = _run_nb("check", "x.yaml", "--nonsense")
    assert "ukjente argumenter: --nonsense" in res.stderr
    # --lang en, or an English setting, keeps argparse's own words.
    res = _run_nb("--lang", "en", "render", "--help")
    assert res.stdout.startswith("usage: notice-tui render")
    assert "show this help message and exit" in res.stdout
