"""The consultant's desk, run as a consultant runs it: a folder of clients under git.

`status` across the folder, `diff` between versions (files and git revisions), and
the change log `diff --record` writes and the notice shows.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from desk_support import (
    COOKIEBOT,
    FBP_COOKIE,
    GA,
    GA_COOKIE,
    META,
    git,
    profile,
    run,
    website,
)

TODAY = "2026-12-01"


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    """Five clients in two subfolders, plus YAML that is no profile."""
    root = tmp_path / "klienter"
    (root / "oslo").mkdir(parents=True)
    (root / "bergen").mkdir()
    (root / ".git-like").mkdir()
    (root / "oslo" / "alfa.yaml").write_text(
        profile(
            "Alfa Kafé AS", newsletter=True, site=website(GA_COOKIE), site_processors=COOKIEBOT + GA
        ),
        encoding="utf-8",
    )
    (root / "oslo" / "beta.yaml").write_text(profile("Beta Regnskap AS"), encoding="utf-8")
    # Not reviewed for two years, cookies neither.
    (root / "bergen" / "gamma.yaml").write_text(
        profile(
            "Gamma Frisør AS",
            updated="2024-10-01",
            site=website(reviewed="2024-10-01"),
            site_processors=COOKIEBOT,
        ),
        encoding="utf-8",
    )
    # An error: the contact module says nothing of how long it keeps enquiries.
    (root / "bergen" / "delta.yaml").write_text(
        profile("Delta Bygg AS").replace("  retention: 12mo\n", "", 1), encoding="utf-8"
    )
    (root / "bergen" / "notater.yaml").write_text("huskeliste: [ring Alfa]\n", encoding="utf-8")
    (root / ".git-like" / "skjult.yaml").write_text(profile("Skjult AS"), encoding="utf-8")
    return root


def status(*args: str, lang: str = "en") -> tuple[int, str, str]:
    res = run("status", *args, "--date", TODAY, lang=lang)
    return res.returncode, res.stdout, res.stderr


def test_status_has_one_line_per_profile_worst_first(clients: Path) -> None:
    code, out, err = status(str(clients))
    assert code == 1, err  # Delta has an error
    lines = out.splitlines()
    assert len(lines) == 4, out  # no line for the notes, nor for the hidden folder
    assert "Delta Bygg AS" in lines[0] and "1 error" in lines[0]
    assert "Gamma Frisør AS" in lines[1]
    assert "updated 2024-10-01 (26 months ago)" in lines[1]
    assert "cookies checked 2024-10-01 (26 months ago) [check the cookies again]" in lines[1]
    assert "Skjult" not in out and "notater" not in out
    assert all("languages nb" in line for line in lines)
    # Beta has no website, so says nothing of cookies.
    beta = next(line for line in lines if "Beta Regnskap AS" in line)
    assert "cookies" not in beta and "0 errors" in beta


def test_status_json_for_scripts(clients: Path) -> None:
    code, out, _err = status(str(clients), "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert rows[0]["business"] == "Delta Bygg AS"
    gamma = next(r for r in rows if r["business"] == "Gamma Frisør AS")
    assert gamma["last_updated"] == "2024-10-01" and gamma["last_updated_days"] == 791
    assert gamma["cookies_stale"] is True and gamma["errors"] == 0
    alfa = next(r for r in rows if r["business"] == "Alfa Kafé AS")
    assert alfa["cookies_stale"] is False and alfa["languages"] == ["nb"]


def test_status_exit_0_when_no_profile_has_errors(clients: Path) -> None:
    (clients / "bergen" / "delta.yaml").unlink()
    code, out, err = status(str(clients))
    assert code == 0, err
    assert len(out.splitlines()) == 3


def test_status_uses_finds_a_service_by_alias_as_processor_or_cookie_provider(
    clients: Path,
) -> None:
    # Only a cookie names Google Analytics here; GA4 is the catalogue's alias.
    (clients / "oslo" / "epsilon.yaml").write_text(
        profile("Epsilon Butikk AS", site=website(GA_COOKIE), site_processors=COOKIEBOT),
        encoding="utf-8",
    )
    code, out, _err = status(str(clients), "--uses", "GA4")
    lines = out.splitlines()
    assert code == 0  # Delta, with its error, does not use it and is not listed
    assert len(lines) == 2, out
    alfa = next(line for line in lines if "Alfa Kafé AS" in line)
    assert "uses it at processors[3], website.cookies[1]" in alfa
    epsilon = next(line for line in lines if "Epsilon Butikk AS" in line)
    assert "uses it at website.cookies[1]" in epsilon
    code, out, err = status(str(clients), "--uses", "Hotjar")
    assert out == "" and "no profiles matched" in err


def test_status_stale_lists_those_not_reviewed_in_the_period(clients: Path) -> None:
    code, out, _err = status(str(clients), "--stale", "12mo")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 and "Gamma Frisør AS" in lines[0]
    assert "[not reviewed in that time]" in lines[0]
    # A period in words works as in profiles; a date is no period.
    assert status(str(clients), "--stale", "3 år")[1] == ""
    code, _out, err = status(str(clients), "--stale", "someday")
    assert code == 2 and "not a period" in err


def test_status_out_tells_documents_older_than_their_profile(clients: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "publisert"
    alfa, beta = clients / "oslo" / "alfa.yaml", clients / "oslo" / "beta.yaml"
    res = run("render", str(alfa), str(beta), "--out", str(out_dir), "--format", "md")
    assert res.returncode == 0, res.stderr
    # Beta is edited after it was rendered.
    rendered = (out_dir / "beta" / "personvernerklaering.md").stat().st_mtime
    os.utime(beta, (rendered + 60, rendered + 60))
    os.utime(alfa, (rendered - 60, rendered - 60))
    code, out, _err = status(str(clients), "--out", str(out_dir))
    assert code == 1  # Delta's error
    line = {
        name: next(x for x in out.splitlines() if name in x) for name in ("Alfa", "Beta", "Gamma")
    }
    assert "documents up to date" in line["Alfa"]
    assert "documents older than the profile: render again" in line["Beta"]
    assert "documents not rendered" in line["Gamma"]


def test_status_names_clients_hit_by_a_catalogue_fact_that_changed(
    clients: Path, tmp_path: Path
) -> None:
    log = tmp_path / "facts_changed.yaml"
    log.write_text(
        "- service: Mailchimp\n  version: '0.2.0'\n  date: 2026-11-20\n  facts: [transfer]\n"
        "- service: Cookiebot\n  version: '0.2.0'\n  date: 2026-11-20\n  facts: [location]\n"
        "- service: Google Analytics 4\n  version: '0.2.0'\n  date: 2026-10-01\n"
        "  facts: [cookies]\n",
        encoding="utf-8",
    )
    code, out, _err = status(str(clients), "--catalog-log", str(log))
    assert code == 1  # Delta's error
    lines = out.splitlines()
    alfa = lines.index(next(x for x in lines if "Alfa Kafé AS" in x))
    notes = [x for x in lines[alfa + 1 :] if x.startswith("  ! ")]
    # Alfa was last updated 2026-11-01, before the Mailchimp and Cookiebot changes;
    # its cookies were checked after the Google Analytics one.
    assert any(
        "Mailchimp: the catalogue's transfer changed in notice-tui 0.2.0 "
        "(2026-11-20); look at processors[1].transfer" in n
        for n in notes
    ), out
    assert any(
        "Cookiebot" in n
        and "processors[2].location" in n
        and "(the profile says EU/EØS, the catalogue now says" not in n
        for n in notes
    ), out
    assert not any("Google Analytics" in n for n in notes)
    # Worst first: a client to look at comes before one with nothing to do.
    beta = lines.index(next(x for x in lines if "Beta Regnskap AS" in x))
    assert alfa < beta
    assert json.loads(
        run("status", str(clients), "--format", "json", "--catalog-log", str(log)).stdout
    )


def test_status_of_an_unreadable_profile_says_where(clients: Path) -> None:
    (clients / "oslo" / "ødelagt.yaml").write_text("controller: [\n", encoding="utf-8")
    code, out, err = status(str(clients))
    assert code == 2
    assert "ødelagt.yaml: cannot be read" in out.splitlines()[0]
    assert "Traceback" not in err


def test_status_of_a_missing_folder_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = status(str(tmp_path / "ingen"))
    assert code == 2 and "no such file or folder" in err


# --- diff --------------------------------------------------------------------------------


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "gammel.yaml"
    new = tmp_path / "ny.yaml"
    old.write_text(
        profile("Alfa Kafé AS", newsletter=True, site=website(), site_processors=COOKIEBOT),
        encoding="utf-8",
    )
    new.write_text(
        profile(
            "Alfa Kafé AS",
            contact_retention="6mo",
            klaviyo=True,
            site=website(FBP_COOKIE),
            site_processors=COOKIEBOT + META,
        ),
        encoding="utf-8",
    )
    return old, new


def test_diff_speaks_the_notices_terms_in_bokmal(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    res = run("diff", str(old), str(new), lang="nb")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    for expected in (
        "- Lagringstid for henvendelser: 12 måneder → 6 måneder",
        "- Nyhetsbrevet er fjernet",
        "- Ny leverandør: Klaviyo (USA, Data Privacy Framework)",
        "- Ny leverandør: Meta Pixel (USA, Data Privacy Framework)",
        "- Leverandør fjernet: Mailchimp",
        "- Ny informasjonskapsel: _fbp (markedsføring)",
    ):
        assert expected in lines, res.stdout
    assert len(lines) == 6


def test_diff_in_english_and_as_json(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    res = run("diff", str(old), str(new), "--format", "json")
    assert "Retention for enquiries: 12 months → 6 months" in json.loads(res.stdout)


def test_diff_ignores_what_the_documents_do_not_say(tmp_path: Path) -> None:
    old, _new = _versions(tmp_path)
    moved = tmp_path / "flyttet.yaml"
    text = old.read_text(encoding="utf-8")
    # A comment, flow style and a duration written in words: the same facts.
    moved.write_text(
        "# ny kommentar\n"
        + text.replace("channels: [email, phone]", "channels:\n    - email\n    - phone").replace(
            "retention: 12mo", "retention: 12mo  # uendret"
        ),
        encoding="utf-8",
    )
    res = run("diff", str(old), str(moved))
    assert res.returncode == 0
    assert res.stdout == "" and "no changes" in res.stderr


def test_diff_since_a_git_revision(tmp_path: Path) -> None:
    repo = tmp_path / "klienter"
    (repo / "oslo").mkdir(parents=True)
    git(repo, "init", "-q")
    path = repo / "oslo" / "alfa.yaml"
    path.write_text(profile("Alfa Kafé AS", newsletter=True), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alfa")
    git(repo, "tag", "i-fjor")
    path.write_text(
        profile("Alfa Kafé AS", contact_retention="6mo", newsletter=True), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "kortere lagring")
    path.write_text(profile("Alfa Kafé AS", contact_retention="6mo"), encoding="utf-8")
    # Uncommitted, against the last commit; and from another folder, against a tag.
    res = run("diff", str(path), "--since", "HEAD")
    assert res.stdout.splitlines() == [
        "- The newsletter has been removed",
        "- Supplier removed: Mailchimp",
    ], res.stderr
    res = run("diff", "oslo/alfa.yaml", "--since", "i-fjor", cwd=repo)
    assert res.stdout.splitlines() == [
        "- Retention for enquiries: 12 months → 6 months",
        "- The newsletter has been removed",
        "- Supplier removed: Mailchimp",
    ]
    res = run("diff", str(path), "--since", "no-such-rev")
    assert res.returncode == 2 and "cannot be read from git" in res.stderr
    assert "Traceback" not in res.stderr


def test_diff_needs_two_versions(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    assert run("diff", str(old)).returncode == 2
    assert run("diff", str(old), str(new), "--since", "HEAD").returncode == 2
    broken = tmp_path / "feil.yaml"
    broken.write_text(
        old.read_text(encoding="utf-8").replace("channels", "kanaler"), encoding="utf-8"
    )
    res = run("diff", str(broken), str(new))
    assert res.returncode == 2 and "kanaler" in res.stderr and "Traceback" not in res.stderr


def test_diff_record_appends_an_entry_the_notice_shows(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    new.write_text(
        new.read_text(encoding="utf-8").replace(
            "processors:\n", "# leverandørene våre\nprocessors:\n"
        ),
        encoding="utf-8",
    )
    res = run("diff", str(old), str(new), "--record", "--date", "2026-11-30")
    assert res.returncode == 0, res.stderr
    assert "recorded in" in res.stderr
    saved = new.read_text(encoding="utf-8")
    assert "# leverandørene våre\n" in saved  # comments survive
    got = run("get", str(new), "changes[0]").stdout
    assert "date: 2026-11-30" in got
    # The entry is for the notice's readers: in bokmål, whatever the UI speaks.
    assert "Lagringstid for henvendelser: 12 måneder → 6 måneder; Nyhetsbrevet er fjernet" in got
    assert run("check", str(new)).returncode == 0
    notice = run("render", str(new), "--only", "privacy", "--format", "md", "--out", "-").stdout
    assert "- **30. november 2026:** Lagringstid for henvendelser: 12 måneder → 6 måneder" in notice
    # Nothing changed: nothing recorded.
    res = run("diff", str(new), str(new), "--record")
    assert res.returncode == 0 and "nothing to record" in res.stderr
    assert run("get", str(new), "changes[1]").returncode == 1


def test_notice_shows_the_last_five_changes_newest_first_escaped(tmp_path: Path) -> None:
    entries = "".join(f"  - date: 2026-0{m}-01\n    text: Endring {m}\n" for m in range(1, 8))
    entries += (
        '  - date: 2026-09-15\n    text: "Ny *viktig* leverandør: '
        '[Klaviyo](https://klaviyo.example)"\n'
    )
    path = tmp_path / "p.yaml"
    path.write_text(profile("Alfa Kafé AS") + "changes:\n" + entries, encoding="utf-8")
    res = run("render", str(path), "--only", "privacy", "--format", "md", "--out", "-")
    assert res.returncode == 0, res.stderr
    items = [x for x in res.stdout.splitlines() if x.startswith("- **") and "2026:**" in x]
    assert items == [
        r"- **15. september 2026:** Ny \*viktig\* leverandør: \[Klaviyo\](https://klaviyo.example).",
        "- **1. juli 2026:** Endring 7.",
        "- **1. juni 2026:** Endring 6.",
        "- **1. mai 2026:** Endring 5.",
        "- **1. april 2026:** Endring 4.",
    ]
    html = run("render", str(path), "--only", "privacy", "--format", "html", "--out", "-").stdout
    assert "Ny *viktig* leverandør: [Klaviyo](https://klaviyo.example)." in html
    assert "<em>viktig" not in html and 'href="https://klaviyo' not in html
    # Without a change log, the section reads as before.
    plain = tmp_path / "q.yaml"
    plain.write_text(profile("Alfa Kafé AS"), encoding="utf-8")
    text = run("render", str(plain), "--only", "privacy", "--format", "md", "--out", "-").stdout
    assert "Siste endringer" not in text


@pytest.mark.slow
async def test_the_wizard_keeps_the_change_log_at_review(tmp_path: Path) -> None:
    import datetime as dt

    from pilot_support import settle, wizard
    from textual.widgets import Input

    from notice_tui.tui.app import WizardApp
    from notice_tui.tui.widgets.fields import field_id

    path = tmp_path / "alfa.yaml"
    path.write_text(profile("Alfa Kafé AS"), encoding="utf-8")

    app = WizardApp(path, today=dt.date(2026, 12, 1))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.step.id == "review"
        await screen.complete_form()
        screen.query_one("#f-changes #add").scroll_visible(animate=False)
        await settle(pilot)
        await pilot.click("#f-changes #add")
        await settle(pilot)
        await screen.complete_form()
        for key, text in (
            ("changes[0].date", "2026-11-30"),
            ("changes[0].text", "Vi bruker nå Klaviyo"),
        ):
            editor = screen.query_one(f"#{field_id(key)} #editor", Input)
            editor.focus()
            await pilot.pause()
            editor.value = text
            await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    got = run("get", str(path), "changes[0]").stdout
    assert "date: 2026-11-30" in got and "text: Vi bruker nå Klaviyo" in got
    notice = run("render", str(path), "--only", "privacy", "--format", "md", "--out", "-").stdout
    assert "- **30. november 2026:** Vi bruker nå Klaviyo." in notice


def test_the_shipped_change_log_names_only_services_the_catalogue_knows() -> None:
    from notice_tui.catalog import load_catalog
    from notice_tui.desk.catalog_changes import FACTS, load_log

    catalog = load_catalog()
    for change in load_log():
        assert catalog.find(change.service) is not None, change
        assert set(change.facts) <= set(FACTS)


def test_a_broken_change_log_is_named_not_a_traceback(clients: Path, tmp_path: Path) -> None:
    log = tmp_path / "facts_changed.yaml"
    log.write_text(
        "- service: Mailchimp\n  version: '0.2.0'\n  date: 2026-11-20\n  facts: [colour]\n",
        encoding="utf-8",
    )
    code, _out, err = status(str(clients), "--catalog-log", str(log))
    assert code == 2
    assert "facts_changed.yaml[0].facts" in err and "Traceback" not in err


def test_status_with_several_document_languages(tmp_path: Path) -> None:
    root = tmp_path / "klienter"
    root.mkdir()
    path = root / "alfa.yaml"
    path.write_text(
        profile("Alfa Kafé AS").replace("language: nb\n", "language: nb\nlanguages: [nb, en]\n"),
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = run("render", str(path), "--out", str(out), "--format", "md")
    assert res.returncode == 0, res.stderr
    code, text, err = status(str(root), "--out", str(out))
    assert code == 0, err
    assert "languages nb, en" in text and "documents up to date" in text


def test_the_change_log_in_each_document_language(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        profile("Alfa Kafé AS").replace("language: nb\n", "language: nb\nlanguages: [nb, en]\n")
        + "changes:\n  - date: 2026-11-30\n    text: {nb: Ny leverandør, "
        "en: A new supplier}\n",
        encoding="utf-8",
    )
    out = tmp_path / "ut"
    res = run("render", str(path), "--only", "privacy", "--format", "md", "--out", str(out))
    assert res.returncode == 0, res.stderr
    nb = (out / "nb" / "personvernerklaering.md").read_text(encoding="utf-8")
    en = next((out / "en").glob("*.md")).read_text(encoding="utf-8")
    assert "- **30. november 2026:** Ny leverandør." in nb
    assert "*Recent changes*" in en and "A new supplier." in en and "30 November 2026" in en


def test_diff_record_writes_each_document_language(tmp_path: Path) -> None:
    old, new = _versions(tmp_path)
    for path in (old, new):
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "language: nb\n", "language: nb\nlanguages: [nb, en]\n"
            ),
            encoding="utf-8",
        )
    res = run("diff", str(old), str(new), "--record", "--date", "2026-11-30", lang="nb")
    assert res.returncode == 0, res.stderr
    assert (
        "Retention for enquiries: 12 months → 6 months"
        in run("get", str(new), "changes[0].text.en").stdout
    )
    assert "Lagringstid for henvendelser" in run("get", str(new), "changes[0].text.nb").stdout
    assert run("check", str(new)).returncode == 0
