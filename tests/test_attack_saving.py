"""Nothing the user wrote is lost (issue 14): the cases of saving, locking and recovery.

A save keeps what the YAML tree does not hold (the header before the first key,
line endings, a byte order mark), writes through a symbolic link, keeps hard links,
owner and group, refuses a read-only file and never writes over a change made on
disk since the file was read: `set` and `add-service` lock, and the wizard asks.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pilot_support import settle, wizard
from textual.widgets import Input, OptionList

import notice_tui
from notice_tui import recovery
from notice_tui.cli import main
from notice_tui.profile import paths
from notice_tui.profile.store import ConflictError, SaveError, load
from notice_tui.tui.app import WizardApp
from notice_tui.tui.screens.dialogs import ConfirmDialog, ConflictDialog
from notice_tui.tui.screens.start import StartScreen
from notice_tui.tui.screens.wizard import WizardScreen
from notice_tui.tui.widgets.fields import field_id

PACKAGE_HOME = str(Path(notice_tui.__file__).parents[1])
BASE = "schema_version: 1\ncontroller:\n  name: A AS\n  email: a@b.no\n"
TODAY = dt.date(2026, 11, 22)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- what the tree does not keep ------------------------------------------------------------

HEADER = (
    "%YAML 1.2\n# Kunde: Hemmelig AS (konfidensielt)\n\n---  # profil\n# laget av konsulenten\n"
)


def test_set_keeps_the_header_before_the_document_byte_for_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_bytes((HEADER + BASE).encode())
    assert cli(capsys, "set", str(profile), "controller.name", "B AS")[0] == 0
    assert profile.read_bytes() == (HEADER + BASE.replace("A AS", "B AS")).encode()


def test_set_keeps_crlf_line_endings_and_the_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    lines = BASE.splitlines()
    lines[0] += "  # merknad"
    original = "\ufeff# topp\r\n" + "\r\n".join(lines) + "\r\n"
    profile.write_bytes(original.encode())
    assert cli(capsys, "set", str(profile), "controller.name", "B AS")[0] == 0
    data = profile.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# topp\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare line feed: not mixed
    assert data == original.replace("A AS", "B AS").encode()


def test_the_wizard_keeps_the_header_too(tmp_path: Path) -> None:
    from notice_tui.tui.session import Session

    profile = tmp_path / "p.yaml"
    profile.write_bytes((HEADER + BASE).encode())
    session = Session.open(profile)
    session.answer("controller.contact_person", "Ola")
    session.save()
    assert profile.read_text().startswith(HEADER + "schema_version: 1\n")
    session.answer("controller.contact_person", "Kari")
    session.save()  # and again, after the first save forgot the text it was read from
    assert profile.read_text().startswith(HEADER + "schema_version: 1\n")


# -- links, owners, read-only -----------------------------------------------------------------


def test_saving_through_a_symlink_writes_the_file_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real" / "p.yaml"
    real.parent.mkdir()
    real.write_text(BASE)
    link = tmp_path / "p.yaml"
    link.symlink_to(real)
    assert cli(capsys, "set", str(link), "controller.name", "B AS")[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "B AS" in real.read_text()
    assert sorted(p.name for p in real.parent.iterdir()) == ["p.yaml"]  # no temp left


def test_a_hard_linked_profile_stays_one_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        BASE + "contact: {channels: [phone], retention: 12mo}\nrecipients: {complete: true}\n"
    )
    other = tmp_path / "kopi.yaml"
    os.link(profile, other)
    assert cli(capsys, "set", str(profile), "controller.name", "B AS")[0] == 0
    assert os.path.samefile(profile, other)
    assert "B AS" in other.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kopi.yaml", "p.yaml"]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_a_save_keeps_owner_and_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    os.chown(profile, 1234, 4321)
    profile.chmod(0o640)
    assert cli(capsys, "set", str(profile), "controller.name", "B AS")[0] == 0
    st = profile.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 4321, 0o640)


def test_a_read_only_profile_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    profile.chmod(0o444)
    code, _out, err = cli(capsys, "set", str(profile), "controller.name", "B AS")
    assert code == 2
    assert f"{profile} is read-only; not saved" in err
    assert profile.read_text() == BASE


def test_a_planted_symlink_at_an_output_path_decides_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hemmelig\n")
    secret.chmod(0o600)  # private, and not to be copied onto a web page
    out = tmp_path / "out"
    out.mkdir()
    (out / "personvernerklaering.md").symlink_to(secret)
    profile = tmp_path / "p.yaml"
    profile.write_text(
        BASE + "contact: {channels: [phone], retention: 12mo}\nrecipients: {complete: true}\n"
    )
    assert cli(capsys, "render", str(profile), "--format", "md", "--out", str(out))[0] == 0
    written = out / "personvernerklaering.md"
    assert not written.is_symlink()
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~_umask()
    assert secret.read_text() == "hemmelig\n" and stat.S_IMODE(secret.stat().st_mode) == 0o600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- not a profile, or not loadable afterwards --------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["set", "{p}", "foo", "3"],
        ["add-service", "{p}", "Google Analytics"],
    ],
)
def test_a_yaml_file_that_is_no_profile_is_not_rewritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    system = tmp_path / "config.yaml"
    system.write_text("foo: 1\nbar: [2]\n")
    code, _out, err = cli(capsys, *[a.format(p=system) for a in command])
    assert code == 2
    assert "does not look like a profile (no schema_version, controller)" in err
    assert system.read_text() == "foo: 1\nbar: [2]\n"


def test_import_cookies_refuses_a_file_that_is_no_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    system = tmp_path / "config.yaml"
    system.write_text("website: {url: 'https://a.no'}\n")
    scan = tmp_path / "scan.csv"
    scan.write_text("Name,Provider,Category,Duration,Purpose\n_ga,Google,Statistics,2 years,x\n")
    code, _out, err = cli(capsys, "import-cookies", str(system), str(scan))
    assert code == 2 and "does not look like a profile" in err
    assert system.read_text() == "website: {url: 'https://a.no'}\n"


@pytest.mark.parametrize(
    "value,words",
    [
        ("[" * 150 + "]" * 150, "nested too deeply"),
        ("a" * (600 * 1024), "more than the 512 KB a profile may be"),
    ],
    ids=["150 deep", "600 KB"],
)
def test_set_refuses_to_write_what_could_not_be_loaded_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, words: str
) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    code, _out, err = cli(capsys, "set", str(profile), "x_big", value)
    assert code == 2, err
    assert words in err
    assert profile.read_text() == BASE


def test_set_leaves_a_recursive_alias_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was read as `[null]` and written back so: now the file is refused, unchanged."""
    profile = tmp_path / "p.yaml"
    text = BASE + "x_self: &r\n  - 1\n  - *r\n"
    profile.write_text(text)
    code, _out, err = cli(capsys, "set", str(profile), "controller.name", "B AS")
    assert code == 2
    assert f"{profile}:5:9: error: x_self: the alias *r is inside the value it refers to" in err
    assert profile.read_text() == text


# -- changes made on disk meanwhile ------------------------------------------------------------


def test_a_save_does_not_write_over_a_change_made_since_the_file_was_read(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    doc = load(profile)
    paths.set_value(doc.tree, "controller.name", "Mine AS")
    theirs = BASE.replace("A AS", "Theirs AS")
    profile.write_text(theirs)  # `git pull`, an editor, another `set`
    with pytest.raises(ConflictError, match="changed by another program"):
        doc.save()
    assert profile.read_text() == theirs
    doc.save(force=True)
    assert "Mine AS" in profile.read_text()


def test_set_says_so_when_the_file_changed_while_it_worked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor does not lock: the content check before the rename catches it."""
    from notice_tui import pipeline

    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    theirs = BASE.replace("A AS", "Editor AS")
    real = pipeline.analyse_document

    def edited_meanwhile(*args: Any, **kwargs: Any) -> Any:
        profile.write_text(theirs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse_document", edited_meanwhile)
    code, _out, err = cli(capsys, "set", str(profile), "controller.contact_person", "Ola")
    assert code == 2
    assert "was changed by another program since it was opened; not saved" in err
    assert profile.read_text() == theirs


def test_parallel_sets_keep_every_change(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    env = {**os.environ, "PYTHONPATH": PACKAGE_HOME, "NOTICE_TUI_LANG": "en"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "notice_tui", "set", str(profile), f"x_k{i}", f"v{i}"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(10)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        if p.stderr:
            p.stderr.close()
    assert [code for code, _err in results] == [0] * 10, results
    tree = load(profile).tree
    assert {f"x_k{i}": f"v{i}" for i in range(10)}.items() <= dict(tree).items()


async def test_the_wizard_asks_before_writing_over_a_change_on_disk(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    app = WizardApp(profile, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        # Another shell: `notice-tui set`, with no edit at all in the wizard.
        assert main(["set", str(profile), "controller.contact_person", "Kari"]) == 0
        theirs = profile.read_text()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        assert profile.read_text() == theirs  # not "Lagret" over their change
        await pilot.click("#reload")
        await settle(pilot)
        screen = wizard(app)
        assert screen.session.get("controller.contact_person") == "Kari"
        assert not screen.session.dirty
        # Now a change here, and one there: overwrite is a choice, made knowingly.
        screen.session.answer("controller.name", "Wizard AS")
        profile.write_text(profile.read_text().replace("A AS", "Shell AS"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.click("#overwrite")
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
    text = profile.read_text()
    assert "Wizard AS" in text and "Kari" in text and "Shell AS" not in text


# -- recovery ---------------------------------------------------------------------------------


def test_recovery_is_offered_after_the_file_was_touched(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    key = recovery.key_for(profile)
    recovery.write(key, BASE.replace("A AS", "Unsaved AS"), profile, "Unsaved AS")
    future = dt.datetime.now().timestamp() + 3600
    os.utime(profile, (future, future))  # touched, or changed, after the crash
    found = recovery.find_for(profile)
    assert found is not None and "Unsaved AS" in found.text


def test_recovery_the_file_already_holds_is_removed_not_left_behind(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    key = recovery.key_for(profile)
    recovery.write(key, BASE, profile, "A AS")
    assert recovery.find_for(profile) is None
    assert list(recovery.recovery_dir().iterdir()) == []


def test_recovery_with_a_damaged_note_still_offers_the_work(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    key = recovery.key_for(profile)
    recovery.write(key, BASE + "x_mine: 1\n", profile, "A AS")
    (recovery.recovery_dir() / f"{key}.json").write_text("{not json")
    found = recovery.find_for(profile)
    assert found is not None and "x_mine" in found.text


async def test_work_on_a_deleted_file_is_on_the_start_screen(tmp_path: Path) -> None:
    profile = tmp_path / "kunde.yaml"
    profile.write_text(BASE)
    recovery.write(
        recovery.key_for(profile), BASE.replace("A AS", "Unsaved AS"), profile, "Unsaved AS"
    )
    profile.unlink()  # moved or deleted after the crash
    app = WizardApp(today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        actions = app.screen.query_one("#start-actions", OptionList)
        labels = [str(actions.get_option_at_index(i).prompt) for i in range(actions.option_count)]
        entry = next(i for i, label in enumerate(labels) if "Unsaved AS" in label)
        assert str(profile) in labels[entry]
        actions.highlighted = entry
        actions.focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = wizard(app)
        assert screen.session.name == "Unsaved AS" and screen.session.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "Unsaved AS" in profile.read_text()
    assert recovery.for_files() == []


async def test_recovered_work_asks_before_writing_over_a_file_changed_since(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(BASE)
    app = WizardApp(profile, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        await screen.complete_form()
        editor = screen.query_one(f"#{field_id('controller.contact_person')}  #editor", Input)
        editor.focus()
        editor.value = "Ola"
        await settle(pilot)
        screen.autosave.now()
        await screen.autosave.settled()
    # The wizard "crashed"; then someone changed the file.
    profile.write_text(BASE.replace("A AS", "Later AS"))
    app = WizardApp(profile, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#yes")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
    assert "Later AS" in profile.read_text()


def test_save_error_names_the_file_and_leaves_it(tmp_path: Path) -> None:
    folder = tmp_path / "p.yaml"
    folder.mkdir()
    doc = load(Path(__file__).parents[1] / "sample_profiles" / "minimal.yaml")
    with pytest.raises(SaveError):
        doc.save(folder)
