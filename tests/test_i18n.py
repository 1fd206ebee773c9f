"""The bokmål catalog: complete, consistent with the code, and actually used.

A string added to the code without a translation fails here, so CI catches it
before a Norwegian user sees English in the middle of bokmål.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
PO = ROOT / "locales" / "nb" / "LC_MESSAGES" / "notice_tui.po"
BABEL_CFG = ROOT / "babel.cfg"

# {name}, {n}, {path} ...; doubled braces are literal braces, not placeholders.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")

needs_po = pytest.mark.skipif(not PO.is_file(), reason=f"no catalog at {PO} (not a checkout)")


def _load(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _ids(message: Message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message: Message) -> tuple[str, ...]:
    s = message.string
    if isinstance(s, (tuple, list)):
        return tuple(s)
    return (s or "",)


def _translated(message: Message) -> bool:
    return all(_strings(message)) and not message.fuzzy


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _label(message: Message) -> str:
    return repr(_ids(message)[0])


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    if not PO.is_file():
        pytest.skip(f"no catalog at {PO} (not a checkout)")
    return _load(PO)


def _messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


@needs_po
def test_every_message_is_translated_and_not_fuzzy(catalog: Catalog) -> None:
    missing = [_label(m) for m in _messages(catalog) if not all(_strings(m))]
    fuzzy = [_label(m) for m in _messages(catalog) if m.fuzzy]
    assert not missing, f"{len(missing)} untranslated message(s) in {PO.name}:\n" + "\n".join(
        missing
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy message(s) in {PO.name}:\n" + "\n".join(fuzzy)


@needs_po
def test_translations_keep_the_placeholders(catalog: Catalog) -> None:
    wrong = []
    for m in _messages(catalog):
        expected = set().union(*(_placeholders(i) for i in _ids(m)))
        for form in _strings(m):
            if form and _placeholders(form) != expected:
                wrong.append(
                    f"{_label(m)}: {sorted(expected)} became "
                    f"{sorted(_placeholders(form))} in {form!r}"
                )
    assert not wrong, "placeholders differ from the msgid:\n" + "\n".join(wrong)


@needs_po
def test_catalog_compiles(catalog: Catalog) -> None:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    assert buf.getvalue()


@needs_po
def test_ui_speaks_bokmal(catalog: Catalog) -> None:
    from notice_tui import i18n

    before = i18n.current_language()
    try:
        i18n.set_language("nb")
        assert i18n._("error") == catalog["error"].string == "feil"
    finally:
        i18n.set_language(before)


def test_cli_findings_in_bokmal(tmp_path: Path) -> None:
    profile = tmp_path / "broken.yaml"
    profile.write_text(
        "schema_version: 1\ncontroller:\n  name: X AS\n  email: nope\n", encoding="utf-8"
    )
    env = {**os.environ, "NOTICE_TUI_LANG": "nb"}
    res = subprocess.run(
        [sys.executable, "-m", "notice_tui", "check", str(profile)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "feil" in out, out
    assert "error:" not in out, out


@needs_po
@pytest.mark.skipif(
    not BABEL_CFG.is_file(), reason="babel.cfg is not here: extraction needs the source checkout"
)
def test_every_string_in_the_code_has_a_translation(catalog: Catalog, tmp_path: Path) -> None:
    pot = tmp_path / "x.pot"
    # The module form runs in this interpreter; the pybabel script may belong to another.
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(BABEL_CFG),
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    extracted = [m for m in _load(pot) if m.id]
    assert extracted, "extraction found no messages"
    missing = []
    for m in extracted:
        found = catalog.get(m.id)
        if found is None or not _translated(found):
            missing.append(_label(m))
    assert not missing, (
        f"{len(missing)} message(s) in the code lack a translation in {PO.name}; run "
        "pybabel extract / update and translate them:\n" + "\n".join(missing)
    )


def test_a_checkouts_catalog_is_compiled_once_and_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from notice_tui import i18n

    monkeypatch.delenv("NOTICE_TUI_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    po = (Path(__file__).parents[1] / "locales/nb/LC_MESSAGES/notice_tui.po").read_bytes()
    compiled = i18n._compiled("nb", po)
    assert b"Avslutt" in compiled
    (kept,) = (tmp_path / "notice-tui" / "locales").iterdir()
    # What is kept is what the next start reads, without compiling again.
    kept.write_bytes(pickle.dumps(compiled.replace(b"Avslutt", b"AVSLUTT")))
    assert b"AVSLUTT" in i18n._compiled("nb", po)
    # A changed .po is another entry: compiled again, the old copy removed.
    changed = po.replace(b'msgstr "Avslutt"', b'msgstr "Avslutt n\xc3\xa5"')
    assert changed != po
    assert "Avslutt nå".encode() in i18n._compiled("nb", changed)
    assert len(list((tmp_path / "notice-tui" / "locales").iterdir())) == 1
