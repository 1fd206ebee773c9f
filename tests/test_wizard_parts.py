"""The wizard's parts on their own: routing findings to rows, the check after an edit
(off the UI thread, only the newest), the layout's breakpoints and the header."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pilot_support import settle, wizard
from textual.app import App, ComposeResult
from textual.widgets import Input, Static
from textual.widgets._header import HeaderTitle

from notice_tui import questionnaire as qn
from notice_tui.findings import Finding, Severity
from notice_tui.profile.store import parse_text
from notice_tui.tui.app import WizardApp
from notice_tui.tui.latest import LatestOnly
from notice_tui.tui.routing import owner, route
from notice_tui.tui.session import Session
from notice_tui.tui.widgets.fields import FieldRow, field_id
from notice_tui.tui.widgets.steps import StepList

TODAY = dt.date(2026, 11, 22)

SALON = (
    "schema_version: 1\n"
    "controller: {name: Salong AS, email: post@salong.no}\n"
    "contact: {retention: 12mo}\n"
    "customers: {data: [navn], retention: 2y}\n"
    "processors:\n"
    "  - {name: Timma, service: timebestilling, location: Norge}\n"
    "  - {name: Fiken, service: regnskap, location: Norge}\n"
)


def _f(path: str, message: str = "x") -> Finding:
    return Finding(path, message, Severity.WARNING, rule="test")


# -- routing: a pure function of key paths ------------------------------------------------


def test_a_finding_goes_to_the_deepest_row_it_is_under() -> None:
    targets = ["processors", "processors[1].name", "controller.email"]
    routed = route(
        [
            _f("processors[1].name"),
            _f("processors[0].location"),
            _f("processors"),
            _f("controller.email"),
        ],
        targets,
    )
    assert [[f.path for f in claimed] for claimed in routed.by_target] == [
        ["processors[0].location", "processors"],
        ["processors[1].name"],
        ["controller.email"],
    ]
    assert routed.loose == []


def test_a_finding_no_row_claims_is_the_steps_own_and_order_is_kept() -> None:
    targets = ["processors", "controller.name"]
    findings = [
        _f("processors_old"),
        _f("controller"),
        _f("controller.name_x"),
        _f("website.cookies[0].name"),
        _f("controller.name", "second"),
    ]
    routed = route(findings, targets)
    # processors_old is not under processors, nor controller.name_x under controller.name.
    assert [f.path for f in routed.loose] == [
        "processors_old",
        "controller",
        "controller.name_x",
        "website.cookies[0].name",
    ]
    assert routed.by_target == [[], [findings[4]]]


def test_rows_of_the_same_path_the_first_one_wins() -> None:
    assert owner("customers.data[0]", ["customers.data", "customers.data", "customers"]) == 0
    assert owner("customers", ["customers.data"]) is None
    assert owner("customers.data[2]", []) is None
    assert route([_f("a.b")], []).loose == [_f("a.b")]


# -- the check after an edit: off the UI thread, the newest only -------------------------


def _session(text: str = SALON) -> Session:
    return Session(parse_text(text, "salong.yaml"), today=TODAY)


def test_a_check_run_elsewhere_finds_what_a_check_here_finds(
    sample_copy: Callable[[str], Path],
) -> None:
    text = sample_copy("nordlys-nettbutikk").read_text(encoding="utf-8")
    session = _session(text)
    session.answer("processors[0].location", "USA")
    request = session.request_analysis()
    assert request.rules == "all"  # still valid: every rule runs
    worker = threading.Thread(target=request.run)
    worker.start()
    worker.join()
    applied = session.apply_analysis(request)
    assert applied is not None and applied is session.analysis
    here = _session(text)
    here.answer("processors[0].location", "USA")
    assert [f.format() for f in applied.findings] == [f.format() for f in here.analyse().findings]
    assert any(f.path == "processors[0].transfer" for f in applied.compliance)


def test_a_check_of_an_older_profile_is_dropped() -> None:
    session = _session()
    before = session.analysis
    request = session.request_analysis()
    session.answer("controller.email", "post@")  # typed while it ran
    request.run()
    assert session.apply_analysis(request) is None
    assert session.analysis is before


def test_an_older_check_never_replaces_a_newer_one() -> None:
    session = _session()
    older = session.request_analysis()
    newer = session.request_analysis()
    newer.run()
    older.run()
    assert session.apply_analysis(newer) is not None
    assert session.apply_analysis(older) is None
    session.analyse()  # here and at once: newer than anything still running
    assert session.apply_analysis(newer) is None


def test_a_half_typed_answer_keeps_the_findings_of_the_rest() -> None:
    session = _session()
    rules = [f for f in session.analysis.compliance]
    assert rules  # the salon lacks things the rules ask for
    session.answer("controller.name", "")  # required: the profile cannot be rendered now
    request = session.request_analysis()
    assert request.rules is None  # nothing to run: the earlier findings stay
    request.run()
    analysis = session.apply_analysis(request)
    assert analysis is not None and not analysis.valid
    assert [f for f in analysis.compliance if f.path != "controller.name"] == [
        f for f in rules if f.path != "controller.name"
    ]


def test_a_session_opened_unchecked_claims_nothing_until_it_was_checked() -> None:
    """The wizard opens a profile without reading its model or running its rules (both
    come after the first frame): until then no step may claim ✓ or a problem."""
    text = SALON.replace("post@salong.no", "post@")
    session = Session(parse_text(text, "salong.yaml"), today=TODAY, check=False)
    checked = _session(text)
    assert session.rules_pending and session.first_check_due
    assert not session.findings and session.analysis.profile is None
    assert session.get("controller.email") == "post@"  # the answers are there at once
    assert {session.step_status(s) for s in qn.STEPS} == {"checking"}
    request = session.take_first_check()
    assert request is not None and session.take_first_check() is None  # once
    assert not session.first_check_due
    request.run()
    assert session.apply_analysis(request) is not None
    assert not session.rules_pending
    assert session.analysis.schema == checked.analysis.schema
    assert session.analysis.schema  # the half-typed e-mail
    assert session.analysis.compliance == checked.analysis.compliance
    assert {s.id: session.step_status(s) for s in qn.STEPS} == {
        s.id: checked.step_status(s) for s in qn.STEPS
    }
    assert session.step_status(qn.step("business")) == "problem"


def test_an_edit_before_the_first_check_ran_still_runs_the_rules() -> None:
    """Typed in the first moment, an answer that makes the profile invalid must not keep
    the (empty) findings of a check that never ran."""
    session = Session(parse_text(SALON, "salong.yaml"), today=TODAY, check=False)
    first = session.take_first_check()
    session.answer("controller.name", "")
    request = session.request_analysis()
    assert request.rules == "despite"
    request.run()
    assert first is not None
    first.run()
    assert session.apply_analysis(first) is None  # the profile changed meanwhile
    assert session.apply_analysis(request) is not None
    assert session.analysis.compliance and not session.rules_pending


async def test_the_first_frame_comes_before_the_full_read_and_the_rules(
    sample_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened from the command line, the wizard's first frame is drawn once and reaches
    the terminal before the round-trip read of the file and the profile's rules (which
    run off the UI thread); until then it shows what the fast read gave."""
    from notice_tui.profile.store import ProfileDocument, load
    from notice_tui.tui import session as session_module
    from notice_tui.tui.screens.wizard.screen import WizardScreen

    events: list[str] = []
    real_run = session_module.AnalysisRequest.run
    real_display = App._display
    real_read = ProfileDocument.read_in_full

    def run(self: Any) -> None:
        on_ui = threading.current_thread() is threading.main_thread()
        events.append("rules on the UI thread" if on_ui else "rules")
        real_run(self)

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        if isinstance(screen, WizardScreen) and renderable is not None:
            # Textual drops a frame made while the app is in a batch update.
            events.append("dropped frame" if self._batch_count else "frame")
        real_display(self, screen, renderable)

    def read_in_full(self: ProfileDocument) -> ProfileDocument:
        if self.read_only:
            events.append("full read")
        return real_read(self)

    monkeypatch.setattr(session_module.AnalysisRequest, "run", run)
    monkeypatch.setattr(App, "_display", display)
    monkeypatch.setattr(ProfileDocument, "read_in_full", read_in_full)
    path = sample_copy("fjordkaffe")
    # As `notice-tui PROFILE` starts it (tui/app.py: run).
    app = WizardApp(path, today=TODAY, loaded=load(path, fast=True))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = wizard(app)
        await screen.checked()
        await pilot.pause()
        assert events[0] == "frame", events
        assert events.index("full read") < events.index("rules"), events
        assert "dropped frame" not in events and "rules on the UI thread" not in events
        assert not screen.session.rules_pending
        statuses = screen.query_one(StepList)._statuses
        assert "checking" not in statuses.values() and "ok" in statuses.values()


def test_an_unchecked_session_reads_fast_and_edits_the_full_read(tmp_path: Path) -> None:
    """`Session.open(check=False)` shows values from the fast read; the first edit works
    on the round-trip read of the same text, so a save keeps the comments, and a file
    changed on disk since it was opened is still noticed."""
    from notice_tui.profile.store import ConflictError

    path = tmp_path / "salong.yaml"
    path.write_text("# Kunde: salongen\n" + SALON, encoding="utf-8")
    session = Session.open(path, today=TODAY, remember=False, check=False)
    assert session._doc.read_only  # the fast read, until something needs the full one
    assert session.get("controller.name") == "Salong AS"
    assert session.name == "Salong AS"
    session.answer("controller.name", "Salong og Søm AS")
    assert not session._doc.read_only
    session.save()
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# Kunde: salongen\n") and "Salong og Søm AS" in saved

    again = Session.open(path, today=TODAY, remember=False, check=False)
    path.write_text(saved.replace("Søm", "Sting"), encoding="utf-8")  # another program
    again.answer("controller.name", "Salong AS")
    with pytest.raises(ConflictError):
        again.save()


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static()


async def test_only_the_newest_job_asked_for_meanwhile_runs() -> None:
    ran: list[int] = []
    done: list[int] = []
    threads: set[str] = set()
    release = threading.Event()

    def run(job: int) -> None:
        threads.add(threading.current_thread().name)
        if job == 1:
            release.wait(5)
        ran.append(job)

    app = _Host()
    async with app.run_test() as pilot:
        jobs: LatestOnly[int, None] = LatestOnly(
            app, run, lambda job, _result: done.append(job), group="jobs"
        )
        jobs.put(1)
        await pilot.pause()
        for job in (2, 3, 4):  # asked for while 1 runs: each replaces the one waiting
            jobs.put(job)
        release.set()
        await jobs.wait()
        assert not jobs.busy
    assert ran == [1, 4]
    assert done == [1, 4]
    assert threading.main_thread().name not in threads


async def test_findings_appear_after_typing_with_the_rules_run_off_the_ui_thread(
    sample_copy: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import notice_tui.checks as checks

    threads: list[threading.Thread] = []
    real = checks.run_checks

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    app = WizardApp(sample_copy("fjordkaffe"), today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        assert screen.session.analysis.valid
        email = str(screen.session.get("controller.email"))
        await screen.complete_form()
        row = screen.query_one(f"#{field_id('controller.email')}", FieldRow)
        assert not row.has_class("has-error")
        editor = row.query_one("#editor", Input)
        editor.focus()
        await pilot.pause()
        monkeypatch.setattr(checks, "run_checks", recording)
        editor.value = "post"
        editor.cursor_position = len(editor.value)
        await pilot.press("@")  # typed, then a pause: the check runs by itself
        await screen.checked()
        await pilot.pause()
        assert row.has_class("has-error")
        assert threads == []  # half typed: no rule can run, the earlier findings stay
        editor.value = email[:-2]
        editor.cursor_position = len(editor.value)
        await pilot.press(*email[-2:])
        await screen.checked()
        await pilot.pause()
        assert not row.has_class("has-error")
        assert threads and threading.main_thread() not in threads


# -- layout and header -----------------------------------------------------------------


async def test_the_layout_follows_the_width_by_its_breakpoints(tmp_path: Path) -> None:
    profile = tmp_path / "salong.yaml"
    profile.write_text(SALON, encoding="utf-8")
    app = WizardApp(profile, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        assert screen.has_class("-narrow") and not screen.has_class("-wide", "-preview")
        await pilot.resize_terminal(130, 30)
        await settle(pilot)
        assert screen.has_class("-wide", "-preview") and not screen.has_class("-narrow")
        await pilot.press("f2")  # hidden by choice: the width no longer brings it back
        await pilot.resize_terminal(100, 30)
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert screen.has_class("-wide") and not screen.has_class("-preview")


async def test_the_header_names_the_business_as_it_is_typed(tmp_path: Path) -> None:
    profile = tmp_path / "salong.yaml"
    profile.write_text(SALON, encoding="utf-8")
    app = WizardApp(profile, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        title = screen.query_one(HeaderTitle)
        assert "Salong AS" in str(title.render())
        editor = screen.query_one(f"#{field_id('controller.name')} #editor", Input)
        editor.focus()
        await pilot.pause()
        editor.cursor_position = len(editor.value)
        await pilot.press("x")
        await pilot.pause()
        assert "Salong ASx" in str(title.render())
        assert "salong.yaml" in str(title.render())


# -- the recovery copy, dumped on a thread ---------------------------------------------


def test_a_recovery_copy_made_while_the_profile_changed_is_not_written(
    sample_copy: Callable[[str], Path],
) -> None:
    from notice_tui import recovery

    path = sample_copy("minimal")
    session = Session.open(path, remember=False)
    session.answer("controller.contact_person", "Per Lien")
    copy = session.recovery_copy()
    copy.run()  # on the thread: meanwhile the user typed on
    session.answer("controller.contact_person", "Per Lie")
    assert not session.keep_recovery(copy)
    assert recovery.find_for(path) is None
    fresh = session.recovery_copy()
    fresh.run()
    assert session.keep_recovery(fresh)
    found = recovery.find_for(path)
    assert found is not None and "Per Lie\n" in found.text


def test_a_recovery_copy_that_finishes_after_a_save_is_not_written(
    sample_copy: Callable[[str], Path],
) -> None:
    from notice_tui import recovery

    path = sample_copy("minimal")
    session = Session.open(path, remember=False)
    session.answer("controller.contact_person", "Per Lien")
    copy = session.recovery_copy()
    copy.run()
    session.save()  # ctrl+s while the copy was on its way: the save discarded recovery
    assert not session.keep_recovery(copy)
    assert recovery.find_for(path) is None
