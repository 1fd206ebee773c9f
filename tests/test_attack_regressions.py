"""The exact cases an attack on notice-tui found (issue 14), each as a user meets it.

Every case that used to end in a traceback now ends in `file:line:col: key.path:
message`; what `set` would write must load again; nothing the user wrote is lost.
Most run the command line in-process (`main([...])`, as fast as a function call);
the ones about processes (a pipe that never ends, two writers at once) run
`python -m notice_tui` as a user does.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import notice_tui
from notice_tui.cli import main

PACKAGE_HOME = str(Path(notice_tui.__file__).parents[1])
BASE = "schema_version: 1\ncontroller:\n  name: A AS\n  email: a@b.no\n"
# What BASE lacks to be a complete notice that check passes and render writes.
COMPLETE = "contact: {channels: [phone], retention: 12mo}\nrecipients: {complete: true}\n"
# file:line:col: severity: key.path: message
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<path>[^:]+): ")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def run(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NOTICE_TUI_LANG": "en", "PYTHONPATH": PACKAGE_HOME}
    return subprocess.run(
        [sys.executable, "-m", "notice_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kwargs,
    )


# -- values the YAML constructors cannot make: exit 2, with line, column and key path -------

UNREADABLE_VALUES = [
    # (what follows the base profile, key path, line, column, words of the message)
    ("last_updated: 2026-02-30\n", "last_updated", 5, 15, "2026-02-30' is not a date"),
    ("x_when: 2026-13-45\n", "x_when", 5, 9, "2026-13-45' is not a date"),
    ("last_updated: 0000-01-01\n", "last_updated", 5, 15, "0000-01-01' is not a date"),
    (
        "processors:\n  - name: A\n    x_since: 2026-02-30\n",
        "processors[0].x_since",
        7,
        14,
        "not a date",
    ),
    ("x_big: " + "9" * 5000 + "\n", "x_big", 5, 8, "too many digits"),
    ("x_a: !!int abc\n", "x_a", 5, 6, "'abc' is not a whole number"),
    ("x_a: !!float y\n", "x_a", 5, 6, "'y' is not a number"),
    ("x_a: !!bool maybe\n", "x_a", 5, 6, "'maybe' is not true or false"),
    ("x_a:\n  <<: !!set {a, b}\n", "x_a.<<", 6, 7, "'<<' merges mappings only"),
    ("x_a: !!binary a\n", "x_a", 5, 6, "'a' is not base64 data"),
]


@pytest.mark.parametrize(
    "extra,path,line,col,words", UNREADABLE_VALUES, ids=[c[0][:24] for c in UNREADABLE_VALUES]
)
@pytest.mark.parametrize("command", ["check", "render", "get", "set"])
def test_a_value_that_cannot_be_made_is_a_located_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: str,
    path: str,
    line: int,
    col: int,
    words: str,
    command: str,
) -> None:
    profile = write(tmp_path, BASE + extra)
    before = profile.read_bytes()
    args = {
        "check": ["check", str(profile)],
        "render": ["render", str(profile), "--out", str(tmp_path / "out")],
        "get": ["get", str(profile), "controller.name"],
        "set": ["set", str(profile), "controller.name", "B AS"],
    }[command]
    code, out, err = cli(capsys, *args)
    text = out + err
    assert code == 2, text
    first = text.strip().splitlines()[0]
    assert first.startswith(f"{profile}:{line}:{col}: error: "), first
    if path:
        assert f": error: {path}: " in first, first
    assert words in first, first
    assert profile.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_a_list_as_a_key_is_refused_by_both_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE + "? [a, b]\n: c\n")
    for args in (["check", str(profile)], ["render", str(profile), "--out", str(tmp_path)]):
        code, out, err = cli(capsys, *args)
        assert code == 2, out + err
        assert f"{profile}:5:3: error: a key must be a single word" in out + err
        assert "('a', 'b')" not in out + err  # no Python repr


@pytest.mark.parametrize(
    "value,found",
    [
        ("true", "true/false"),
        ("5", "the number 5"),
        ("1.5", "the number 1.5"),
        ("2026-01-01", "the date 2026-01-01"),
    ],
)
@pytest.mark.parametrize("key", ["processors", "other_activities"])
def test_a_module_list_of_the_wrong_type_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, found: str
) -> None:
    """These crashed the cross-key checks (len() of a bool); they are type errors of
    the profile, so `check` says so and exits 1, as for any other wrong type."""
    profile = write(tmp_path, BASE + f"{key}: {value}\n")
    code, out, err = cli(capsys, "check", str(profile))
    assert code == 1, out + err
    assert f"{profile}:5:{len(key) + 3}: error: {key}: expected a list, found {found}" in out
    code, out, err = cli(capsys, "render", str(profile), "--out", str(tmp_path / "out"))
    assert code == 1 and "Traceback" not in out + err


def test_a_url_that_urlsplit_refuses_is_refused_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for url in ("http://[::1", "https://fjordkaffe.no:99999/", "https://fjord\\0kaffe.no"):
        profile = write(tmp_path, BASE + f'website:\n  url: "{url}"\n  cookies: []\n')
        code, out, err = cli(capsys, "check", str(profile))
        assert code == 1, (url, out, err)
        assert f"{profile}:6:8: error: website.url: not a web address" in out, out
        code, out, err = cli(capsys, "render", str(profile), "--out", str(tmp_path / "out"))
        assert code == 1, (url, out, err)
        assert "internal error" not in out + err


@pytest.mark.parametrize("version", ["0", "-1"])
def test_schema_version_below_one_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    profile = write(tmp_path, BASE.replace("schema_version: 1", f"schema_version: {version}"))
    code, out, _err = cli(capsys, "check", str(profile))
    assert code == 1
    assert f"{profile}:1:17: error: schema_version: schema_version starts at 1" in out


def test_explicit_str_key_reads_the_same_in_both_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`!!str controller:` was a key no field matched in the round-trip reader (check
    failed) and plain text in the C reader (render passed)."""
    profile = write(
        tmp_path,
        "schema_version: 1\n!!str controller:\n  name: !!str 12\n"
        "  email: a@b.no\n"
        # a complete profile, so check and render have nothing to say
        "contact: {channels: [phone], retention: 12mo}\n"
        "recipients: {complete: true}\n",
    )
    assert cli(capsys, "check", str(profile))[0] == 0
    out = tmp_path / "out"
    assert cli(capsys, "render", str(profile), "--out", str(out), "--format", "md")[0] == 0
    assert "# Personvernerklæring for 12" in (out / "personvernerklaering.md").read_text()


def test_binary_data_is_no_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = write(tmp_path, BASE.replace("name: A AS", "name: !!binary QUJD"))
    code, out, _err = cli(capsys, "check", str(profile))
    assert code == 1
    assert f"{profile}:3:9: error: controller.name: expected text, found binary data" in out
    code, _out, _err = cli(capsys, "render", str(profile), "--out", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o").exists()  # never "b'ABC'" in a notice


def test_a_set_is_described_not_shown_as_python(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE + "website: !!set {url}\nprocessors: !!set {a}\n")
    code, out, _err = cli(capsys, "check", str(profile))
    assert code == 1
    assert "website: expected a mapping of keys, found a set" in out
    assert "processors: expected a list, found a set" in out
    assert "odict" not in out and "set(" not in out


def test_empty_required_value_is_empty_not_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE.replace("name: A AS", "name: ~"))
    code, out, _err = cli(capsys, "check", str(profile))
    assert code == 1
    assert f"{profile}:3:9: error: controller.name: required key 'name' is empty" in out


# -- set: paths through a value, values it cannot make ---------------------------------------


def test_set_through_a_single_value_is_a_located_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE)
    code, _out, err = cli(capsys, "set", str(profile), "controller.name.first", "X")
    assert code == 2
    assert err.startswith(
        f"{profile}:3:3: error: controller.name.first: controller.name is a single value"
    ), err
    assert profile.read_text() == BASE


@pytest.mark.parametrize(
    "value,words",
    [
        ("!!int abc", "'abc' is not a whole number"),
        ("2026-02-30", "'2026-02-30' is not a date that exists"),
        ("!!bool maybe", "not true or false"),
        ("&a [*a]", "a list or mapping contains itself"),
        ("&b {k: *b}", "a list or mapping contains itself"),
        ("[&c [*c]]", "a list or mapping contains itself"),
    ],
)
def test_set_refuses_a_value_it_cannot_make(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, words: str
) -> None:
    profile = write(tmp_path, BASE)
    code, _out, err = cli(capsys, "set", str(profile), "x_a", value)
    assert code == 2, err
    assert "x_a: " in err and words in err, err
    assert "not saved" in err
    assert profile.read_text() == BASE


def test_get_prints_a_lone_surrogate_escaped(tmp_path: Path) -> None:
    profile = write(tmp_path, BASE + 'x_s: "a\\udc80b"\n')
    # A strict UTF-8 terminal: the raw surrogate could not even be written.
    res = subprocess.run(
        [sys.executable, "-m", "notice_tui", "get", str(profile), "x_s"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": PACKAGE_HOME, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout == b"a\\udc80b\n"


def test_get_prints_binary_as_base64(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = write(tmp_path, BASE + "x_b: !!binary aGVsbG8=\n")
    code, out, _err = cli(capsys, "get", str(profile), "x_b")
    assert (code, out) == (0, "aGVsbG8=\n")


# -- files that never end --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "get", "set", "render", "import-cookies"])
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    profile = write(tmp_path, BASE + "website:\n  url: https://a.no\n", "real.yaml")
    args = {
        "check": [str(fifo)],
        "get": [str(fifo), "controller"],
        "set": [str(fifo), "controller.name", "B"],
        "render": [str(fifo), "--out", "-"],
        "import-cookies": [str(profile), str(fifo)],
    }[command]
    res = run(command, *args, timeout=30)  # it used to wait for a writer for ever
    assert res.returncode == 2, res.stdout + res.stderr
    assert f"{fifo}: " in res.stdout + res.stderr
    assert "not a regular file" in res.stdout + res.stderr


# -- cookie scans: linear matching, and a "*" that is a name ----------------------------------

SITE = BASE + "website:\n  url: https://fjordkaffe.no\n"
SCAN_HEAD = "Name,Provider,Category,Duration,Purpose\n"


def scan_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "scan.csv"
    path.write_text(
        SCAN_HEAD + "".join(f"{r},x.example,Statistics,1 year,Counts visits\n" for r in rows),
        encoding="utf-8",
    )
    return path


def declared(profile: Path) -> dict[str, str]:
    from notice_tui.profile.store import load

    return {str(c["name"]): str(c["provider"]) for c in load(profile).tree["website"]["cookies"]}


def test_a_starry_cookie_name_does_not_hang_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    profile = write(tmp_path, SITE)
    stars = "*a" * 10 + "*b"
    scan = scan_file(tmp_path, stars, "a" * 40)  # 147 bytes took 35 s as a regular expression
    start = time.perf_counter()
    code, out, err = cli(capsys, "import-cookies", str(profile), str(scan))
    assert code == 0, out + err
    # Once saved, every later import met it again: a long name must be quick too.
    scan = scan_file(tmp_path, "a" * 5000, "b" * 5000)
    code, out, err = cli(capsys, "import-cookies", str(profile), str(scan))
    assert code == 0, out + err
    assert time.perf_counter() - start < 5
    assert list(declared(profile)) == [stars, "a" * 40, "a" * 5000, "b" * 5000]


def test_a_scanned_star_is_a_name_and_hides_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, SITE)
    code, out, _err = cli(
        capsys, "import-cookies", str(profile), str(scan_file(tmp_path, "*", "sporing", "besok_*x"))
    )
    assert code == 0
    assert "added 3, already present 0" in out
    assert list(declared(profile)) == ["*", "sporing", "besok_*x"]


def test_a_pattern_covers_only_its_own_providers_cookies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(
        tmp_path,
        SITE + "  cookies:\n    - name: besok_*\n      provider: Annen AS\n"
        "      category: statistics\n      purpose: Teller\n      duration: 1y\n",
    )
    code, out, _err = cli(
        capsys, "import-cookies", str(profile), str(scan_file(tmp_path, "besok_123"))
    )
    assert code == 0, out
    assert "added 1, already present 0" in out
    assert declared(profile) == {"besok_*": "Annen AS", "besok_123": "x.example"}
    # The same provider's wildcard does declare it.
    code, out, _err = cli(
        capsys, "import-cookies", str(profile), str(scan_file(tmp_path, "besok_123*", "besok_1234"))
    )
    assert "line 3: besok_1234 (covered by besok_123*, added above)" in out


def test_a_domain_urlsplit_refuses_is_no_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, SITE)
    scan = tmp_path / "scan.csv"
    scan.write_text(
        "Name,Domain,Category,Duration,Purpose\nx,http://[::1,Statistics,1 year,y\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "import-cookies", str(profile), str(scan))
    assert code == 0, out + err
    assert declared(profile) == {"x": "http://[::1"}


def test_terminal_escapes_in_a_scan_are_printed_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, SITE)
    scan = tmp_path / "scan.csv"
    scan.write_text(
        "Name,Provider,Category,Duration,Purpose,Notat\x1b[2J\n"
        "a\x1b]0;pwned\x07,x.example,\x1b[31mStatistics,1 year,y,z\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "import-cookies", str(profile), str(scan))
    assert code == 1  # the row's category is not understood: skipped, and said so
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "Notat\\x1b[2J" in out
    assert "a\\x1b]0;pwned\\x07" in out


# -- a killed batch render ------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has stopped; only its reaper is late


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_killing_a_batch_render_ends_its_workers(tmp_path: Path) -> None:
    import shutil
    import signal
    import time

    sample = Path(__file__).parents[1] / "sample_profiles" / "fjordkaffe.yaml"
    profiles = []
    for i in range(2000):  # chunks of 250: each worker has seconds of work left
        target = tmp_path / f"kunde{i}.yaml"
        shutil.copyfile(sample, target)
        profiles.append(str(target))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": PACKAGE_HOME}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "notice_tui",
            "render",
            *profiles,
            "--out",
            str(out),
            "--jobs",
            "2",
            "--format",
            "md",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        # Well into their chunks: a worker that is still being handed its work notices
        # the end of the pipe by itself; one that is busy rendering does not.
        while (
            time.monotonic() < deadline
            and proc.poll() is None
            and not (
                len(_children(proc.pid)) >= 2
                and out.exists()
                and len(list(out.glob("*/*.md"))) >= 40
            )
        ):
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert workers, "the render ended before its workers could be seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        time.sleep(0.5)
        written = len(list(out.rglob("*.md")))
        time.sleep(1.0)
        assert not [w for w in workers if _alive(w)], "workers outlived the render"
        assert len(list(out.rglob("*.md"))) == written, "and went on writing"
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:
            with contextlib.suppress(OSError):
                os.kill(w, signal.SIGKILL)


@pytest.mark.parametrize(
    "requested,work,expected",
    [
        (None, 100, "cores"),
        (64, 100, "cores"),
        (64, 2, 2),
        (0, 3, "min3"),
        (-5, 10, 1),
        (1, 100, 1),
    ],
)
def test_jobs_are_capped_at_the_work_and_the_cores(
    requested: int | None, work: int, expected: object
) -> None:
    from notice_tui.batch import worker_count

    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    want = {"cores": cores, "min3": min(3, cores)}.get(expected, expected)  # type: ignore[call-overload]
    assert worker_count(requested, work) == want


# -- what reaches the reader and the terminal ---------------------------------------------------

COOKIE = (
    '    - name: {name}\n      provider: "{provider}"\n      category: marketing\n'
    "      purpose: Sporing\n      duration: 1y\n      first_party: false\n"
)


def _cookie_declaration_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], provider: str
) -> str:
    profile = write(
        tmp_path,
        COMPLETE + SITE + "  consent_tool: Cookiebot\n"
        "  consent_settings: lenken nederst\n  cookies:\n"
        + COOKIE.format(name="x", provider=provider),
    )
    # A draft where a rule objects to the name ("<div>" reads as a placeholder): the
    # banner is ours, so only what follows it is the text under test.
    code, out, _err = cli(
        capsys,
        "render",
        str(profile),
        "--out",
        "-",
        "--format",
        "html",
        "--fragment",
        "--only",
        "cookies",
        "--draft",
    )
    assert code in (0, 1) and out, _err
    return out.split("</blockquote>", 1)[1] if "UTKAST" in out else out


@pytest.mark.parametrize("provider", ["---", "-- -", "- - -", " ---"])
def test_a_provider_name_is_no_horizontal_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], provider: str
) -> None:
    """The list of third parties writes "- ---", which Markdown reads as a rule."""
    assert "<hr" not in _cookie_declaration_html(tmp_path, capsys, provider)


@pytest.mark.parametrize(
    "provider", ["***", "* * *", "___", "- - -", "# A", "> A", "1. A", "+ A", "```", "<div>"]
)
def test_other_block_starts_in_a_provider_name_stay_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], provider: str
) -> None:
    out = _cookie_declaration_html(tmp_path, capsys, provider)
    for tag in ("<hr", "<h1>A", "<blockquote", "<ol", "<pre", "<div>"):
        assert tag not in out, (provider, tag)


def test_bidi_and_invisible_characters_are_left_out_of_the_notice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spoof = "Fjord\u202ekaffe\u2066 AS\u200b\U000e0041"
    profile = write(tmp_path, BASE.replace("A AS", spoof) + COMPLETE)
    code, out, _err = cli(capsys, "check", str(profile))
    assert code == 0, out
    assert (
        f"{profile}:3:9: warning: controller.name: left out characters that cannot be seen "
        "or that turn text around: U+200B, U+202E, U+2066, U+E0041"
    ) in out
    code, out, _err = cli(capsys, "render", str(profile), "--out", "-", "--format", "md")
    assert code == 0
    assert "Fjordkaffe AS" in out
    assert not re.search("[\u200b\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]", out)


def test_get_prints_escape_sequences_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE.replace("A AS", '"A\\e]0;pwned\\a\\e[2J\\u202e"'))
    code, out, _err = cli(capsys, "get", str(profile), "controller.name")
    assert (code, out) == (0, "A\\x1b]0;pwned\\x07\\x1b[2J\\u202e\n")
    code, out, _err = cli(capsys, "get", str(profile), "controller")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out


def test_messages_for_files_that_are_not_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    utf32 = tmp_path / "utf32.yaml"
    utf32.write_bytes(BASE.encode("utf-32"))
    big = tmp_path / "big.yaml"
    big.write_bytes(b"schema_version: 1\nx_pad: '" + b"a" * (600 * 1024) + b"'\n")
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(
        BASE
        + "x_lol:\n  a0: &a0 [lol]\n"
        + "".join(f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
    )
    deep = tmp_path / "deep.yaml"
    deep.write_text(BASE + "x_deep: " + "[" * 150 + "]" * 150 + "\n")
    expected = {
        utf32: f"{utf32}: error: the file is saved as UTF-32; save it as UTF-8",
        big: f"{big}: error: the file is 0.6 MB; a profile is a small YAML file of at most 512 KB",
        laughs: f"{laughs}:5:1: error: x_lol: the YAML expands to too many values",
        deep: f"{deep}:5:1: error: the YAML is nested too deeply (at most 100 levels)",
    }
    for path, message in expected.items():
        code, out, _err = cli(capsys, "check", str(path))
        assert code == 2
        assert out.startswith(message), out


# -- what the fuzz harness found ------------------------------------------------------------------


def test_a_tab_inside_a_plain_value_is_judged_alike_by_check_and_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The C reader reads "A\\tAS"; ruamel's refuses it: render rendered what check refused."""
    profile = write(tmp_path, BASE.replace("name: A AS", "name: A\tAS"))
    check = cli(capsys, "check", str(profile))
    render = cli(capsys, "render", str(profile), "--out", str(tmp_path / "out"))
    assert check[0] == render[0] == 2
    assert check[1].splitlines()[0] == render[2].splitlines()[0]
    assert not (tmp_path / "out").exists()


def test_a_timestamp_keeps_its_t_through_saves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write(tmp_path, BASE + COMPLETE + "x_when: 2026-11-22T10:00:00\n")
    assert cli(capsys, "check", str(profile))[0] == 0
    assert cli(capsys, "set", str(profile), "controller.name", "B AS")[0] == 0
    assert cli(capsys, "set", str(profile), "controller.name", "C AS")[0] == 0
    assert profile.read_text().endswith("x_when: 2026-11-22T10:00:00\n")


@pytest.mark.parametrize("char", ["\t", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("where", ["value", "comment"])
def test_render_reads_a_profile_as_check_does(tmp_path: Path, char: str, where: str) -> None:
    """Where the readers part ways, render reads what check reads. The C reader reads a
    tab inside a plain value, which ruamel's refuses, and ends a line at NEL, LS and PS
    (YAML 1.1): "# note<NEL>x_hidden: 1" was a key to render and a comment to check."""
    from notice_tui.pipeline import analyse
    from notice_tui.profile.store import ProfileError

    text = (
        BASE.replace("name: A AS", f"name: A{char}B AS")
        if where == "value"
        else (f"# note{char}x_hidden: 1\n" + BASE)
    )
    profile = write(tmp_path, text)
    try:
        slow = analyse(profile)
    except ProfileError as exc:
        with pytest.raises(ProfileError) as fast_exc:
            analyse(profile, fast=True)
        assert fast_exc.value.finding == exc.finding
        return
    fast = analyse(profile, fast=True)
    assert fast.profile == slow.profile
    assert fast.doc.tree == slow.doc.tree


@pytest.mark.parametrize(
    "extra",
    [
        "processors: true\nother_activities: 3\nwebsite:\n  url: https://a.no\n  cookies: 5\n",
        "processors: 2026-01-01\nother_activities: 1.5\nwebsite: true\n",
    ],
)
async def test_the_wizard_opens_a_module_of_the_wrong_type(tmp_path: Path, extra: str) -> None:
    """It showed Textual's crash screen (and exited 0); now every step shows, with the
    finding in the review."""
    import datetime as dt

    from pilot_support import settle, wizard

    from notice_tui import questionnaire as qn
    from notice_tui.tui.app import WizardApp

    profile = write(tmp_path, BASE + extra)

    app = WizardApp(profile, today=dt.date(2026, 11, 22))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = wizard(app)
        for step_id in qn.STEP_IDS:
            screen.show_step(step_id)
            await settle(pilot)
            await screen.complete_form()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert any("expected" in f.message for f in screen.session.findings)
        assert app.is_running
    assert app.return_code in (None, 0)
