"""`pip install .` must put templates, catalogs and samples inside the package."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    return next(out.glob("notice_tui-*.whl"))


def test_wheel_carries_templates_catalogs_and_samples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "notice_tui/templates/nb/privacy.md.j2",
        "notice_tui/templates/nb/cookies.md.j2",
        "notice_tui/templates/nb/terms.yaml",
        "notice_tui/templates/page.html.j2",
        "notice_tui/locales/nb/LC_MESSAGES/notice_tui.mo",
        "notice_tui/sample_profiles/fjordkaffe.yaml",
        "notice_tui/profile/_numbering_plan.py",
    ):
        assert required in names
    assert not any(n.endswith(".po") for n in names)


def test_wheel_carries_the_numbering_plan_phonenumbers_has(wheel: Path) -> None:
    from notice_tui.profile.numbering_plan import Plan, plan_from_phonenumbers

    source = zipfile.ZipFile(wheel).read("notice_tui/profile/_numbering_plan.py").decode()
    space: dict[str, object] = {}
    exec(compile(source, "_numbering_plan.py", "exec"), space)
    assert isinstance(space["PLAN"], Plan)
    assert space["PLAN"] == plan_from_phonenumbers()


def test_installed_package_renders_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    sample = ROOT / "sample_profiles" / "fjordkaffe.yaml"
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import notice_tui, notice_tui.cli as c;"
            "assert notice_tui.__file__.startswith(sys.argv[1]), notice_tui.__file__;"
            "code = c.main(['render', sys.argv[2], '--format', 'md', '--out', 'out']);"
            # The numbering plan generated into the wheel: Norwegian numbers, no phonenumbers.
            "assert 'phonenumbers' not in sys.modules, 'phonenumbers imported';"
            "raise SystemExit(code)",
            str(target),
            str(sample),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "Fjordkaffe AS" in (elsewhere / "out" / "personvernerklaering.md").read_text()


def test_the_readme_runs_the_tests_as_ci_does() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [ln for ln in readme.splitlines() if ln.startswith("pip install '.[test]' && ")]
    install, _, tests = line.partition(" && ")
    ci = [
        ln
        for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    assert install in ci and tests in ci
    assert ci.index(install) < ci.index(tests)
