#!/usr/bin/env python3
"""Benchmarks of notice-tui, each held against a baseline measured in the same run.

    python scripts/bench.py            # all
    python scripts/bench.py cli batch  # some

Prints every figure, its baseline and the ratio, and exits 1 when a goal is
missed. Timings are wall-clock medians on this machine; ratios are what the
goals are set in, so a slower machine moves both sides.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
SAMPLES = ROOT / "sample_profiles"
LARGEST = max(SAMPLES.glob("*.yaml"), key=lambda p: p.stat().st_size)

results: list[tuple[str, float, str, float, str, bool]] = []


def report(
    name: str,
    value: float,
    baseline_name: str,
    baseline: float,
    goal: str,
    ok: bool,
    unit: str = "s",
) -> None:
    ratio = value / baseline if baseline else float("nan")
    results.append((name, value, baseline_name, baseline, goal, ok))
    mark = "ok  " if ok else "MISS"
    base = f"{baseline:.3f} {unit} ({baseline_name})" if baseline else baseline_name
    print(
        f"{mark} {name}: {value:.3f} {unit}; baseline {base}; ratio {ratio:.2f}; goal {goal}",
        flush=True,
    )


def wall(
    cmd: list[str], runs: int = 7, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> float:
    times = []
    subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, env=env)  # warm caches
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_pair(base_cmd: list[str], cmd: list[str], runs: int = 9) -> tuple[float, float]:
    """Medians of a baseline and a command, run in turns: a busy spell on the machine
    then slows both sides of the ratio, not only the one that happened to be running."""
    base: list[float] = []
    value: list[float] = []
    for each in (base_cmd, cmd):  # warm caches
        subprocess.run(each, cwd=ROOT, capture_output=True, check=False)
    for _ in range(runs):
        for each, times in ((base_cmd, base), (cmd, value)):
            start = time.perf_counter()
            subprocess.run(each, cwd=ROOT, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
    return statistics.median(base), statistics.median(value)


# -- CLI ----------------------------------------------------------------------


def bench_cli() -> None:
    """CLI render of the largest sample, whole process, against importing its libraries."""
    with tempfile.TemporaryDirectory() as out:
        base, value = wall_pair(
            [sys.executable, "-c", "import jinja2, ruamel.yaml, babel.dates"],
            [
                sys.executable,
                "-m",
                "notice_tui",
                "render",
                str(LARGEST),
                "--format",
                "html",
                "--out",
                out,
            ],
        )
    report(
        "CLI render of the largest sample (whole process)",
        value,
        "python -c 'import jinja2, ruamel.yaml, babel.dates'",
        base,
        "<= 2x",
        value <= 2 * base,
    )


# -- batch --------------------------------------------------------------------


def generate_profiles(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Variants of the samples: other names, addresses, modules and cookies."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    rng = random.Random(seed)
    bases = [yaml.load(p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.yaml"))]
    paths = []
    for i in range(count):
        data = dict(rng.choice(bases))
        ctrl = dict(data["controller"])
        ctrl["name"] = f"Bedrift {i} {rng.choice(['AS', 'ENK', 'SA'])}"
        ctrl["email"] = f"personvern{i}@bedrift{i}.no"
        ctrl.pop("org_number", None)
        data["controller"] = ctrl
        for key in ("newsletter", "recruitment", "contact"):
            if key in data and rng.random() < 0.3:
                del data[key]
        if "website" in data:
            site = dict(data["website"])
            site["url"] = f"https://bedrift{i}.no"
            cookies = list(site.get("cookies", []))
            rng.shuffle(cookies)
            site["cookies"] = cookies[: rng.randint(0, len(cookies))]
            data["website"] = site
        path = folder / f"profil-{i:04d}.yaml"
        out = YAML(typ="safe", pure=True)
        out.default_flow_style = False
        out.width = 4096
        with path.open("w", encoding="utf-8") as fh:
            out.dump(data, fh)
        paths.append(path)
    return paths


def _render_only(paths: list[str]) -> float:
    """The baseline's worker: profiles already loaded, only the rendering is timed."""
    from notice_tui.document import render_documents
    from notice_tui.pipeline import analyse

    profiles = [analyse(p, compliance=False, fast=True).profile for p in paths]
    today = dt.date(2026, 11, 22)
    start = time.perf_counter()
    for profile in profiles:
        if profile is None:
            continue
        for doc in render_documents(profile, today).documents:
            doc.as_format("md")
            doc.as_format("html")
    return time.perf_counter() - start


def bench_batch(count: int = 1000, workers: int = 2) -> None:
    """1,000 generated profiles to Markdown and HTML on two processes, against the
    rendering step alone."""
    from notice_tui.batch import render_many

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate_profiles(folder, count)
        # Baseline: the rendering step alone, on the same number of processes, with
        # profiles already in memory; its wall time is the slowest worker's.
        chunks = [[str(p) for p in paths[i::workers]] for i in range(workers)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            baseline = max(pool.map(_render_only, chunks))
        jobs = [(str(p), str(folder / "out" / p.stem)) for p in paths]
        start = time.perf_counter()
        done = render_many(jobs, ["md", "html"], today=dt.date(2026, 11, 22), workers=workers)
        value = time.perf_counter() - start
        assert all(r.rendered for r in done), [r.error for r in done if not r.rendered][:3]
    report(
        f"batch: {count} generated profiles to md and html, {workers} processes",
        value,
        "rendering alone (templates to Markdown and HTML, profiles in memory)",
        baseline,
        "< 5 s and <= 1.5x",
        value < 5 and value <= 1.5 * baseline,
    )


def bench_batch_scale(workers: int = 2) -> None:
    """Rendering a folder of 500, 1,000 and 2,000 profiles: doubling the folder may double
    the time, never more (a 25% margin for noise)."""
    from notice_tui.batch import render_many

    print(f"     batch-scale: {_load()}", flush=True)
    times: list[tuple[int, float]] = []
    for count in (500, 1000, 2000):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            paths = generate_profiles(folder, count)
            jobs = [(str(p), str(folder / "out" / p.stem)) for p in paths]
            gc.collect()
            start = time.perf_counter()
            # As drafts: a generated profile the checks find an error in is rendered too,
            # so every folder size does the same work per profile.
            done = render_many(
                jobs, ["md", "html"], today=dt.date(2026, 11, 22), workers=workers, draft=True
            )
            times.append((count, time.perf_counter() - start))
            assert all(r.rendered for r in done), [r.error for r in done if not r.rendered][:3]
    for (small, before), (large, after) in itertools.pairwise(times):
        report(
            f"batch, {large} profiles to md and html against {small} ({workers} processes; "
            f"{after / large * 1000:.1f} ms a profile)",
            after,
            f"{small} profiles",
            before,
            "at most 2.5x",
            after <= before * 2.5,
        )
    print(f"     batch-scale: {_load()}", flush=True)


# -- wizard -------------------------------------------------------------------


BARE_APP = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header(); yield Static("hei"); yield Footer()
async def main():
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

WIZARD_APP = """
import asyncio, sys
from notice_tui.tui.app import WizardApp
async def main():
    app = WizardApp(sys.argv[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""


# The wizard leaves work the first screen does not need (the preview's document, rich's
# Markdown behind it, form rows below the screen) until it is needed, so this says when the
# preview arrives: from process start until its first rendering is in the pane, at a width
# that shows it. The process ends there.
WIZARD_PREVIEW = """
import asyncio, sys, time
from notice_tui.tui.app import WizardApp
from notice_tui.tui.widgets.preview import PreviewPane
async def main():
    app = WizardApp(sys.argv[1])
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.query_one(PreviewPane)
        give_up = time.monotonic() + 10
        while not pane.renders and time.monotonic() < give_up:
            await asyncio.sleep(0.002)
        if not pane.renders:
            sys.exit("no preview")
asyncio.run(main())
"""


def bench_wizard_start() -> None:
    """Headless wizard start, cold start and first preview (informational; the start-up
    goal is first-frame's, measured in a terminal)."""
    base, value = wall_pair(
        [sys.executable, "-c", BARE_APP], [sys.executable, "-c", WIZARD_APP, str(LARGEST)], runs=7
    )
    report(
        "wizard start with the largest sample (headless, whole process)",
        value,
        "bare Textual app with Header, Static and Footer, headless",
        base,
        "none (informational; see first-frame)",
        True,
    )
    # The same start with no cache folder at all (a profile never opened before, on a
    # machine that never ran notice-tui): what the caches save, shown, not hidden.
    cold = wall(
        [sys.executable, "-c", WIZARD_APP, str(LARGEST)],
        runs=5,
        env={**os.environ, "NOTICE_TUI_NO_CACHE": "1"},
    )
    report(
        "wizard start, nothing cached (NOTICE_TUI_NO_CACHE=1)",
        cold,
        "bare Textual app with Header, Static and Footer",
        base,
        "none (informational)",
        True,
    )
    cmd = [sys.executable, "-c", WIZARD_PREVIEW, str(LARGEST)]
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)  # a preview, or no figure
    preview = wall(cmd, runs=5)
    report(
        "first preview on screen, largest sample at 160x48 (whole process)",
        preview,
        "bare Textual app with Header, Static and Footer",
        base,
        "none (informational)",
        True,
    )


# -- first frame, as a user sees it -----------------------------------------------------
#
# From launching the command in a tmux pane at 80x24 until `tmux capture-pane` shows the
# first frame's known text, against a bare Textual app showing one word, the two run in
# turns. What tmux costs (starting the pane, the polling) is on both sides. Each launch
# times two moments, the same for both apps: the first frame with the app's content (the
# word; the business step's form), and the frame that also has the footer's keys, which
# Textual draws a frame or two later in both.

BARE_FRAME = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]
    def compose(self):
        yield Header(); yield Static("hei"); yield Footer()
Bare().run()
"""


FrameCase = tuple[list[str], list[Callable[[str], bool]], dict[str, str]]


def _first_frames(cases: list[FrameCase], runs: int) -> list[list[list[float]]]:
    """Per case, per moment it looks for, the seconds of each run."""
    from bench_tty import Tmux

    data = tempfile.TemporaryDirectory(prefix="notice-tui-bench-")
    tmux = Tmux(
        80,
        24,
        {
            "NOTICE_TUI_DATA_DIR": data.name,
            "NOTICE_TUI_LANG": os.environ.get("NOTICE_TUI_LANG", "en"),
            **{k: v for k, v in os.environ.items() if k.startswith("NOTICE_TUI_")},
        },
    )
    try:
        for cmd, shows, env in cases:  # warm the caches: the first run is not timed
            tmux.first_frame(cmd, ROOT, shows, env=env)
        times: list[list[list[float]]] = [[[] for _ in shows] for _cmd, shows, _env in cases]
        for _ in range(runs):
            for (cmd, shows, env), got in zip(cases, times, strict=True):
                for moment, seconds in zip(
                    got, tmux.first_frame(cmd, ROOT, shows, env=env), strict=True
                ):
                    moment.append(seconds)
        return times
    finally:
        tmux.close()
        data.cleanup()


def _bare_frame(screen: str) -> bool:
    return "hei" in screen


def _wizard_frame(screen: str) -> bool:
    # The business step's form: what the first frame of the wizard shows.
    return "Name of the business" in screen


def _with_keys(shows: Callable[[str], bool]) -> Callable[[str], bool]:
    # The footer's keys, in the last line: both apps bind Quit.
    return lambda screen: shows(screen) and "Quit" in screen.rstrip("\n").rsplit("\n", 1)[-1]


def bench_first_frame(runs: int = 15) -> None:
    """Launching `notice-tui PROFILE` in tmux at 80x24 until its first frame shows, against
    a bare Textual app (Header, Static, Footer) showing one word."""
    print(f"     first-frame: {_load()}", flush=True)
    bare, wizard = _first_frames(
        [
            ([sys.executable, "-c", BARE_FRAME], [_bare_frame, _with_keys(_bare_frame)], {}),
            (_wizard_cmd(LARGEST), [_wizard_frame, _with_keys(_wizard_frame)], {}),
        ],
        runs,
    )
    base, value = statistics.median(bare[0]), statistics.median(wizard[0])
    # The goal is judged on each launch against the bare one just before it: a shared
    # machine's speed drifts within a run (the two medians moved apart by up to 0.3 in
    # ratio between runs a minute apart), and a pair shares the moment.
    paired = statistics.median(w / b for w, b in zip(wizard[0], bare[0], strict=True))
    report(
        f"first frame of `notice-tui {LARGEST.name}` in tmux at 80x24 (medians of {runs}; "
        f"median of the paired ratios {paired:.2f})",
        value * 1000,
        "bare Textual app (Header, Static, Footer) showing one word",
        base * 1000,
        "<= 1.5x (paired)",
        paired <= 1.5,
        unit="ms",
    )
    base, value = statistics.median(bare[1]), statistics.median(wizard[1])
    report(
        f"the same, until the footer shows its keys (median of {runs})",
        value * 1000,
        "the bare app until its footer shows Quit",
        base * 1000,
        "none (informational)",
        True,
        unit="ms",
    )
    print(f"     first-frame: {_load()}", flush=True)


PERF_OVERRIDES = (
    "footer",
    "first_restyle",
    "update_styles",
    "gc_freeze",
    "input_layout",
    "css_cache",
    "gc_imports",
    "dataclass_code",
    "gc_start",
)


def bench_overrides(runs: int = 9) -> None:
    """What each of notice_tui/tui/perf.py's overrides buys: the first frame with it turned
    off (NOTICE_TUI_PERF_OFF), against all on, in turns. No goal: the figures are what
    its comments quote, and a saving inside the noise says the override can go."""
    print(f"     overrides: {_load()}", flush=True)
    shows = [_with_keys(_wizard_frame)]
    cases: list[FrameCase] = [(_wizard_cmd(LARGEST), shows, {"NOTICE_TUI_PERF_OFF": ""})]
    cases += [
        (_wizard_cmd(LARGEST), shows, {"NOTICE_TUI_PERF_OFF": name}) for name in PERF_OVERRIDES
    ]
    got = _first_frames(cases, runs)
    on = statistics.median(got[0][0])
    for name, times in zip(PERF_OVERRIDES, got[1:], strict=True):
        report(
            f"first frame in tmux at 80x24 with perf.py's {name} override off (median of {runs})",
            statistics.median(times[0]) * 1000,
            "all overrides on",
            on * 1000,
            "none (informational)",
            True,
            unit="ms",
        )
    print(f"     overrides: {_load()}", flush=True)


# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report
# the peak of the (larger) benchmark process that started it.
PEAK = """
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]))
"""


def bench_wizard_memory() -> None:
    """The wizard's peak memory with the largest sample open."""
    code = WIZARD_APP + PEAK
    res = subprocess.run(
        [sys.executable, "-c", code, str(LARGEST)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    peak_mb = int(res.stdout.strip().splitlines()[-1]) / 1024 if res.returncode == 0 else 1e9
    bare = subprocess.run(
        [sys.executable, "-c", BARE_APP + PEAK], capture_output=True, text=True, check=False
    )
    bare_mb = int(bare.stdout.strip().splitlines()[-1]) / 1024
    report(
        "wizard peak memory with the largest sample",
        peak_mb,
        "bare Textual app",
        bare_mb,
        "< 80 MB",
        peak_mb < 80,
        unit="MB",
    )


# -- typing, as a user sees it ------------------------------------------------------
#
# Keys are written to a real pty at a typist's pace, and the echo is read off the
# terminal: the time from writing a key to the read that puts it in the focused field
# on screen, after Textual's layout and paint, with the preview's debounce firing
# between keys as it does for a user. The baseline is a bare Textual Input in the same
# run, typed the same way.

TYPE_SIZE = (160, 48)
TYPED = " Friluft og Fjellsport avdeling Nordnorge"
FORM_EDGE = "▏"  # the form column's right border, left of the preview
F2 = b"\x1bOQ"
CTRL_E = b"\x05"  # the end of the field

BARE_INPUT = """
import sys
from textual.app import App
from textual.widgets import Input
class Bare(App):
    def compose(self):
        yield Input(sys.argv[1])
Bare().run()
"""


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _field_row(term: Any, value: str) -> tuple[int, int, int] | None:
    """Where the focused field shows `value`: its row and columns (below the header,
    left of the preview)."""
    for y in range(1, term.screen.lines):
        row = term.row(y)
        edge = row.find(FORM_EDGE)
        edge = edge if edge >= 0 else len(row)
        x = row.find(value, 0, edge)
        if x >= 0:
            return y, x, edge
    return None


def _preview_shows(term: Any, word: str) -> bool:
    for y in range(1, term.screen.lines):
        row = term.row(y)
        edge = row.find(FORM_EDGE)
        if edge >= 0 and word in row[edge:]:
            return True
    return False


def _type_into(
    cmd: list[str], initial: str, pace: float, *, preview: bool | None, text: str = TYPED
) -> tuple[list[float], float | None]:
    """Echo times of typing `text` after `initial` in the focused field, and (preview
    on) the time from the last key until the preview shows the last word."""
    from bench_tty import Terminal, type_paced

    columns, lines = TYPE_SIZE
    # A data folder of its own: the recovery copy typing leaves behind would otherwise
    # greet the next run with a dialog.
    data = tempfile.TemporaryDirectory(prefix="notice-tui-bench-")
    term = Terminal(cmd, columns, lines, ROOT, {**os.environ, "NOTICE_TUI_DATA_DIR": data.name})
    try:
        term.wait_for(lambda: _field_row(term, initial) is not None, timeout=30)
        if preview is not None:
            term.wait_for(lambda: _preview_shows(term, "Personvernerkl"), timeout=30)
        if preview is False:
            term.write(F2)
            term.wait_for(lambda: "Preview" not in term.row(1), timeout=10)
        term.drain(0.5)
        found = _field_row(term, initial)
        assert found is not None, term.text()
        y, x0, x1 = found
        term.write(CTRL_E)
        term.drain(0.3)
        full = initial + text

        def echoed(typed: str) -> bool:
            return full[: len(initial) + len(typed)][-20:] in term.row(y, x0, x1)

        echo, last_key = type_paced(term, text, pace, echoed)
        settle = None
        if preview:
            word = text.split()[-1]
            settle = term.wait_for(lambda: _preview_shows(term, word), timeout=30) - last_key
        return echo, settle
    finally:
        term.close()
        data.cleanup()


def _wizard_cmd(path: Path) -> list[str]:
    return [sys.executable, "-m", "notice_tui", str(path)]


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _typing_cases(
    cases: dict[str, tuple[list[str], str, float, bool | None]], rounds: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Each case `rounds` times, the cases in turns (a busy spell slows them all)."""
    got: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
    for _ in range(rounds):
        for name, (cmd, initial, pace, preview) in cases.items():
            echo, settle = _type_into(cmd, initial, pace, preview=preview)
            got[name][0].extend(echo)
            if settle is not None:
                got[name][1].append(settle)
    return got


def bench_typing(rounds: int = 3) -> None:
    """Keystroke to echo in a real terminal at 160x48, preview on (a key every 120 ms and
    every 40 ms) and off, against a bare Textual Input; and the preview's settle time."""
    name = "Nordlys Nettbutikk AS"
    sample = SAMPLES / "nordlys-nettbutikk.yaml"
    bare = [sys.executable, "-c", BARE_INPUT, name]
    print(f"     typing: {_load()}", flush=True)
    got = _typing_cases(
        {
            "bare": (bare, name, 0.120, None),
            "on-120": (_wizard_cmd(sample), name, 0.120, True),
            "on-40": (_wizard_cmd(sample), name, 0.040, True),
            "off-120": (_wizard_cmd(sample), name, 0.120, False),
        },
        rounds,
    )
    base = _p95(got["bare"][0]) * 1000
    print(
        f"     typing: the baseline's median {statistics.median(got['bare'][0]) * 1000:.1f} ms"
        f", p95 {base:.1f} ms",
        flush=True,
    )
    for key, what in (
        ("on-120", "preview on, a key every 120 ms"),
        ("on-40", "preview on, a key every 40 ms"),
        ("off-120", "preview off, a key every 120 ms"),
    ):
        echo = got[key][0]
        p95 = _p95(echo) * 1000
        report(
            f"typing in a {sample.name} field at 160x48, {what}: key to echo on screen, "
            f"p95 of {len(echo)} keys (median {statistics.median(echo) * 1000:.0f} ms)",
            p95,
            "bare Textual Input, a key every 120 ms",
            base,
            "< 50 ms",
            p95 < 50,
            unit="ms",
        )
    for key, what in (("on-120", "120"), ("on-40", "40")):
        settle = statistics.median(got[key][1]) * 1000
        report(
            f"preview shows the last word after the last key (a key every {what} ms, "
            f"median of {len(got[key][1])})",
            settle,
            "goal",
            0,
            "< 500 ms",
            settle < 500,
            unit="ms",
        )
    print(f"     typing: {_load()}", flush=True)


def bench_typing_large(rounds: int = 2) -> None:
    """The same typing in a profile of 200 cookies and 60 processors, whose preview takes
    longer to render than the time between two keys."""
    name = "Skalering AS"
    print(f"     typing-large: {_load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "skalering.yaml"
        path.write_text(large_profile(200, 60), encoding="utf-8")
        got = _typing_cases(
            {
                "bare": ([sys.executable, "-c", BARE_INPUT, name], name, 0.120, None),
                "large": (_wizard_cmd(path), name, 0.120, True),
            },
            rounds,
        )
    base = _p95(got["bare"][0]) * 1000
    echo = got["large"][0]
    p95 = _p95(echo) * 1000
    report(
        f"typing in a 200-cookie, 60-processor profile at 160x48, preview on, a key every "
        f"120 ms: key to echo on screen, p95 of {len(echo)} keys (median "
        f"{statistics.median(echo) * 1000:.0f} ms)",
        p95,
        "bare Textual Input, a key every 120 ms",
        base,
        "< 50 ms",
        p95 < 50,
        unit="ms",
    )
    settle = statistics.median(got["large"][1]) * 1000
    report(
        f"preview of that profile shows the last word after the last key (median of "
        f"{len(got['large'][1])})",
        settle,
        "goal",
        0,
        "< 1000 ms",
        settle < 1000,
        unit="ms",
    )
    print(f"     typing-large: {_load()}", flush=True)


# -- checks against profile size -------------------------------------------------


def large_profile(cookies: int, processors: int) -> str:
    """A profile with this many cookies and processors, as YAML (JSON is YAML): half the
    processors are catalogue services, every cookie names a provider, some unknown."""
    import json

    from notice_tui.catalog import load_catalog

    services = [s.name for s in load_catalog().services]
    names = [
        services[i % len(services)] if i % 2 == 0 else f"Leverandør {i} AS"
        for i in range(processors)
    ]
    procs = [{"name": n, "service": "drift", "location": "Norge"} for n in names]
    rows = [
        {
            "name": f"c_{i}",
            "provider": names[i % processors] if i % 5 else f"Ukjent {i}",
            "category": ("necessary", "statistics", "marketing", "preferences")[i % 4],
            "purpose": "Husker et valg",
            "duration": f"{1 + i % 24}mo",
        }
        for i in range(cookies)
    ]
    data = {
        "schema_version": 1,
        "controller": {"name": "Skalering AS", "email": "post@skalering.no"},
        "contact": {"channels": ["email"], "retention": "12mo", "systems": names[:10]},
        "website": {"url": "https://skalering.no", "consent_tool": "Cookiebot", "cookies": rows},
        "processors": procs,
    }
    return json.dumps(data, ensure_ascii=False)


def bench_checks_scale() -> None:
    """The compliance checks on 100 to 800 cookies: doubling the profile may double
    their time, never more (a 25% margin for noise)."""
    from notice_tui.checks import run_checks
    from notice_tui.pipeline import analyse_document
    from notice_tui.profile.store import parse_text

    times: list[tuple[int, float]] = []
    for cookies in (100, 200, 400, 800):
        profile = analyse_document(
            parse_text(large_profile(cookies, cookies * 3 // 10), "skalering.yaml"),
            compliance=False,
        ).profile
        assert profile is not None
        run_checks(profile)  # warm: the catalogue and compiled patterns
        runs = []
        for _ in range(9):
            # As timeit does: a collection that happens to fall in one run is not the
            # checks' growth (the larger profile holds more objects for it to visit).
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            run_checks(profile)
            runs.append(time.perf_counter() - start)
            gc.enable()
        # The fastest run: the others are the same work plus what the machine did meanwhile.
        times.append((cookies, min(runs)))
    for (small, before), (large, after) in itertools.pairwise(times):
        report(
            f"checks, {large} cookies against {small}",
            after * 1000,
            f"{small} cookies",
            before * 1000,
            "at most 2.5x",
            after <= before * 2.5,
            unit="ms",
        )


BENCHES: dict[str, Callable[[], None]] = {
    "cli": bench_cli,
    "batch": bench_batch,
    "start": bench_wizard_start,
    "memory": bench_wizard_memory,
    "typing": bench_typing,
    "typing-large": bench_typing_large,
    "checks": bench_checks_scale,
    "batch-scale": bench_batch_scale,
    "first-frame": bench_first_frame,
    "overrides": bench_overrides,
}


def _as_installed() -> None:
    """The checkout as the wheel has it: the commands measured here run from ROOT, and
    without the generated numbering plan each of them would import phonenumbers
    (20 ms of a start that an installed notice-tui does not pay)."""
    from notice_tui.profile.numbering_plan import write_module

    write_module(ROOT / "notice_tui" / "profile")


def main() -> int:
    cases = "\n".join(
        f"  {name:<13} {' '.join((bench.__doc__ or '').split()).split('. ')[0]}"
        for name, bench in BENCHES.items()
    )
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"cases:\n{cases}",
    )
    parser.add_argument(
        "names", nargs="*", metavar="CASE", help="which cases to run, one or more (default: all)"
    )
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(unknown)}")
    os.environ.setdefault("NOTICE_TUI_LANG", "en")
    _as_installed()
    # An installed wheel carries bytecode (pip compiles at install); a checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise time Python's compiler on every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "notice_tui")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # A clean data folder: no recovery offer or recent list from earlier runs.
    os.environ["NOTICE_TUI_DATA_DIR"] = tempfile.mkdtemp(prefix="notice-tui-bench-")
    for name in args.names or list(BENCHES):
        try:
            BENCHES[name]()
        except Exception as exc:  # a bench that cannot run is a missed goal, not a crash
            print(f"MISS {name}: could not run: {exc!r}", flush=True)
            results.append((name, 0, "", 0, "", False))
    missed = [r for r in results if not r[5]]
    print(f"{len(results) - len(missed)} goals met, {len(missed)} missed")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
