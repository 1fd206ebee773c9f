"""Shared fixtures: the repository's sample profiles, a private data folder, golden files.

Every test gets its own NOTICE_TUI_DATA_DIR, so recent files and recovery
copies never touch the user's real data folder or leak between tests.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from syrupy.location import PyTestLocation

# One cache folder for the whole run (compiled templates, CLDR data), shared with the
# child processes tests start, and never the user's own.
os.environ["XDG_CACHE_HOME"] = _CACHE = tempfile.mkdtemp(prefix="notice-tui-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

REPO = Path(__file__).resolve().parent.parent
# Child processes (`python -m notice_tui` from another folder) test this checkout, not
# whatever copy happens to be installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
)
SAMPLES = REPO / "sample_profiles"


def _write_numbering_plan() -> None:
    """Give the checkout the module hatch_build.py puts in the wheel, so the tests (and the
    child processes they start) run what is installed: Norwegian numbers read without
    phonenumbers."""
    folder = REPO / "notice_tui" / "profile"
    # From its file, as hatch_build.py loads it: not the installed copy, nor the package.
    spec = importlib.util.spec_from_file_location(
        "_numbering_plan_source", folder / "numbering_plan.py"
    )
    assert spec is not None and spec.loader is not None
    source = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(source)
    source.write_module(folder)


_write_numbering_plan()


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Tests read messages by their English msgids; the product itself defaults to bokmål.

    Tests of the bokmål UI ask for it with `ui_language("nb")`, which runs after this.
    Defined first, so it is set up before and torn down after every monkeypatch.
    """
    from notice_tui import i18n

    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("notice-tui-data")
    monkeypatch.setenv("NOTICE_TUI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def sample_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a sample profile into the test's folder (tests must not edit the originals)."""

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}.yaml"
        shutil.copyfile(SAMPLES / f"{name}.yaml", target)
        return target

    return copy


@pytest.fixture
def ui_language() -> Iterator[Callable[[str], str]]:
    """Switch the UI language for one test and switch back afterwards."""
    from notice_tui import i18n

    before = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(before)


# -- golden documents -----------------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"


class _GoldenText(SingleFileSnapshotExtension):
    """One document per file, as the user gets it, so a wording change reads as a plain diff.

    Under tests/golden/<test module>/ rather than syrupy's __snapshots__ (which holds
    the TUI's pictures): the folder must be named after the module for syrupy to tie
    each file to its test, and so report a file no test writes any more.
    """

    _write_mode = WriteMode.TEXT

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(GOLDEN / test_location.basename)


class GoldenMarkdown(_GoldenText):
    _file_extension = "md"


class GoldenHtml(_GoldenText):
    _file_extension = "html"


GOLDEN_FORMATS: dict[str, type[_GoldenText]] = {"md": GoldenMarkdown, "html": GoldenHtml}


@pytest.fixture
def golden(snapshot: SnapshotAssertion) -> Callable[[dict[str, str]], None]:
    """Compare rendered files ({"personvernerklaering.md": text, ...}) with their goldens.

    `pytest --snapshot-update` rewrites them (and deletes those no test writes); read the
    diff before committing.
    """

    # One assertion per format, made once: syrupy looks for obsolete files through the
    # extension an assertion has at the end of the run, and `snapshot(extension_class=...)`
    # lasts for one comparison only.
    by_format = {ext: snapshot.use_extension(cls) for ext, cls in GOLDEN_FORMATS.items()}

    def compare(files: dict[str, str]) -> None:
        for name, text in sorted(files.items()):
            stem, _, ext = name.rpartition(".")
            assert text == by_format[ext](name=stem), name

    return compare
