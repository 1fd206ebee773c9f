"""Round-trip trees kept in the cache folder: the same document, without the slow read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES

from notice_tui.profile import paths, store

HAND_WRITTEN = """\
# Kunde: Eksempel AS (ring Kari før endringer)
schema_version: 1
language: nb
controller:
  name: Eksempel AS   # som i Brønnøysund
  email: post@eksempel-as.no
processors:
  - name: Tripletex   # regnskap
    purpose: regnskap
    location: Norge
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("NOTICE_TUI_NO_CACHE", raising=False)
    return tmp_path


def _refusing_reader(real: Any) -> Any:
    """ruamel as the store makes it, except that reading a text fails the test."""

    def make() -> Any:
        y = real()

        def refuse(text: str) -> None:
            raise AssertionError("read the slow way although the tree was kept")

        y.load = refuse
        return y

    return make


def _edited(doc: store.ProfileDocument) -> str:
    paths.set_value(doc.tree, "controller.name", "Nytt Navn AS")
    return doc.dumps()


@pytest.mark.parametrize("text", [HAND_WRITTEN, *(p.read_text(encoding="utf-8")
                                                  for p in sorted(SAMPLES.glob("*.yaml")))])
def test_a_kept_tree_edits_saves_and_locates_as_a_fresh_read(
        text: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = store.parse_text(text)
    fresh_positions = {p: paths.locate(fresh.tree, p)
                       for p in ("controller.name", "controller.email", "processors[0].name")}
    expected = _edited(fresh)
    monkeypatch.setattr(store, "_yaml", _refusing_reader(store._yaml))
    kept = store.parse_text(text)
    assert {p: paths.locate(kept.tree, p) for p in fresh_positions} == fresh_positions
    assert kept.dumps() == text  # unchanged: the file's own bytes
    assert _edited(kept) == expected
    assert "# som i Brønnøysund" in expected or text != HAND_WRITTEN


def test_a_changed_text_is_read_again(cache_home: Path) -> None:
    store.parse_text(HAND_WRITTEN)
    changed = HAND_WRITTEN.replace("Eksempel AS   #", "Eksempel AS  #")
    doc = store.parse_text(changed)
    assert doc.dumps() == changed


def test_a_damaged_cache_file_is_read_past(cache_home: Path) -> None:
    store.parse_text(HAND_WRITTEN)
    [kept] = (cache_home / "notice-tui" / "trees").glob("*.pickle")
    kept.write_bytes(b"\x80\x05garbage")
    doc = store.parse_text(HAND_WRITTEN)
    assert paths.get(doc.tree, "controller.name") == "Eksempel AS"
    assert _edited(doc).startswith("# Kunde: Eksempel AS")


def test_no_cache_means_no_files(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICE_TUI_NO_CACHE", "1")
    store.parse_text(HAND_WRITTEN)
    assert not (cache_home / "notice-tui" / "trees").exists()


def test_the_folder_keeps_only_the_newest_trees(cache_home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from notice_tui.profile import tree_cache

    monkeypatch.setattr(tree_cache, "KEEP", 3)
    monkeypatch.setattr(tree_cache.random, "random", lambda: 0.0)  # prune on every write
    for i in range(6):
        store.parse_text(HAND_WRITTEN.replace("Tripletex", f"Tripletex {i}"))
    assert len(list((cache_home / "notice-tui" / "trees").glob("*.pickle"))) == 3
