"""The compliance checks and the documents grow with the profile, not with its square.

They run on every debounced edit in the wizard: counted, not timed, so the test says
the same on a busy machine.
"""

from __future__ import annotations

import cProfile
import importlib.util
import pstats
from pathlib import Path
from types import ModuleType

from notice_tui.checks import run_checks
from notice_tui.document.context import build_facts
from notice_tui.pipeline import analyse_document
from notice_tui.profile.model import Profile
from notice_tui.profile.store import parse_text

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _profile(cookies: int, processors: int) -> Profile:
    text = _bench().large_profile(cookies, processors)
    profile = analyse_document(parse_text(text, "skalering.yaml"), compliance=False).profile
    assert profile is not None
    return profile


def _calls(profile: Profile) -> dict[str, int]:
    """How often each function of interest ran for one check and one document build."""
    prof = cProfile.Profile()
    prof.enable()
    run_checks(profile)
    build_facts(profile)
    prof.disable()
    counts: dict[str, int] = {"total": 0}
    for (file, _line, name), row in pstats.Stats(prof).stats.items():  # type: ignore[attr-defined]
        if "notice_tui" not in file:
            continue  # the libraries' one-off loading (babel's territories) is no growth
        calls = row[1]
        counts["total"] += calls
        if name in ("same_party", "fold", "find", "catalog_service"):
            counts[name] = counts.get(name, 0) + calls
    return counts


def test_doubling_the_profile_at_most_doubles_the_work() -> None:
    _calls(_profile(20, 6))  # the catalogue, locale data and patterns loaded first
    small = _calls(_profile(100, 30))
    large = _calls(_profile(200, 60))
    for name in ("total", "fold", "find", "catalog_service", "same_party"):
        before, after = small.get(name, 0), large.get(name, 0)
        assert after <= 2.2 * before + 10, (name, before, after)


def test_a_name_is_looked_up_in_the_catalogue_once() -> None:
    profile = _profile(100, 30)
    _calls(profile)  # names met once are remembered
    again = _calls(profile)
    assert again.get("find", 0) == 0, again
