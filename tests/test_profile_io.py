"""Loading and saving profiles: round trips, atomic saves, migrations."""

import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_tui.profile import migrations, paths
from notice_tui.profile.store import ProfileError, SaveError, atomic_write, load, parse_text

SAMPLES = sorted((Path(__file__).parents[1] / "sample_profiles").glob("*.yaml"))

HAND_WRITTEN = """\
# Kundens profil, redigert for hånd.
schema_version: 1   # ikke endre
controller:
    name: 'Eksempel AS'      # med enkle anførselstegn
    email: "post@eksempel.no"
    org_number: "310123455"

processors:
  -   name: Tripletex
      service: regnskap
      location: Norge
# en kommentar til slutt
"""


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_samples_round_trip_byte_for_byte(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / sample.name
    target.write_bytes(sample.read_bytes())
    load(target).save()
    assert target.read_bytes() == sample.read_bytes()


def test_hand_written_file_survives_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    load(target).save()
    assert target.read_text(encoding="utf-8") == HAND_WRITTEN


def test_editing_one_value_changes_only_that_line(tmp_path: Path) -> None:
    sample = Path(__file__).parents[1] / "sample_profiles" / "fjordkaffe.yaml"
    target = tmp_path / "p.yaml"
    target.write_bytes(sample.read_bytes())
    doc = load(target)
    paths.set_value(doc.tree, "controller.contact_person", "Per Hansen, daglig leder")
    doc.save()
    before = sample.read_text(encoding="utf-8").splitlines()
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            '  contact_person: "Kari Nordmann, daglig leder"',
            '  contact_person: "Per Hansen, daglig leder"',
        )
    ]


def test_comments_survive_an_edit_elsewhere(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    doc = load(target)
    paths.set_value(doc.tree, "controller.phone", "+47 22 22 22 22")
    doc.save()
    text = target.read_text(encoding="utf-8")
    for comment in ("# Kundens profil", "# ikke endre", "# med enkle", "# en kommentar til slutt"):
        assert comment in text
    assert "name: 'Eksempel AS'" in text


def test_unknown_keys_are_kept_on_save(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN + "x_internal_note: behold meg\n", encoding="utf-8")
    doc = load(target)
    paths.set_value(doc.tree, "controller.name", "Nytt Navn AS")
    doc.save()
    assert "x_internal_note: behold meg" in target.read_text(encoding="utf-8")


def test_save_into_read_only_folder_keeps_old_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    doc = load(target)
    paths.set_value(doc.tree, "controller.name", "Nytt AS")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(SaveError, match=r"unchanged|uendret"):
            doc.save()
    finally:
        tmp_path.chmod(0o700)
    assert target.read_text(encoding="utf-8") == HAND_WRITTEN


def test_save_refused_by_the_folder_keeps_old_file(tmp_path: Path, monkeypatch) -> None:
    """What a read-only folder does to a non-root user, simulated so it runs as root too."""
    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    doc = load(target)
    paths.set_value(doc.tree, "controller.name", "Nytt AS")
    real_open = os.open

    def refuse(file, flags, *args, **kwargs):
        if flags & os.O_CREAT:  # making a file in the folder: the temp file
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(SaveError, match="Permission denied"):
        doc.save()
    assert target.read_text(encoding="utf-8") == HAND_WRITTEN


def test_failed_write_leaves_no_temp_file_and_old_content(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("gammel\n", encoding="utf-8")

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(SaveError, match="No space left"):
        atomic_write(target, "ny\n")
    assert target.read_text(encoding="utf-8") == "gammel\n"
    assert [p.name for p in tmp_path.iterdir()] == ["p.yaml"]


def test_atomic_write_keeps_file_mode(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("a\n")
    target.chmod(0o640)
    atomic_write(target, "b\n")
    assert target.read_text() == "b\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_newer_schema_version_is_refused_with_location() -> None:
    with pytest.raises(ProfileError) as err:
        parse_text("schema_version: 99\ncontroller: {name: A, email: a@b.no}\n", "p.yaml")
    text = err.value.finding.format()
    assert text.startswith("p.yaml:1:")
    assert "99" in text


def test_migrations_run_in_order_and_keep_comments() -> None:
    doc = parse_text(
        "# behold\nschema_version: 1\nold_key: 5\ncontroller: {name: A, email: a@b.no}\n"
    )

    def one_to_two(tree) -> None:
        tree["new_key"] = tree.pop("old_key")

    def two_to_three(tree) -> None:
        tree["new_key"] *= 2

    passed = migrations.migrate(doc.tree, {1: one_to_two, 2: two_to_three}, target=3)
    assert passed == [2, 3]
    assert doc.tree["schema_version"] == 3
    assert doc.tree["new_key"] == 10
    assert "# behold" in doc.dumps()


def test_key_paths_get_set_and_locate() -> None:
    doc = parse_text(HAND_WRITTEN)
    assert paths.get(doc.tree, "processors[0].name") == "Tripletex"
    assert paths.locate(doc.tree, "processors[0].location") == (11, 7)
    paths.set_value(doc.tree, "website.url", "https://eksempel.no")
    assert doc.tree["website"]["url"] == "https://eksempel.no"
    assert paths.delete(doc.tree, "website")
    assert "website" not in doc.tree


def test_a_save_removes_temp_files_a_killed_save_left(tmp_path: Path) -> None:
    target = tmp_path / "p.yaml"
    target.write_text("a\n")
    old = tmp_path / ".p.yaml.abc123.tmp"
    fresh = tmp_path / ".p.yaml.def456.tmp"
    other = tmp_path / ".q.yaml.abc123.tmp"
    for f in (old, fresh, other):
        f.write_text("half")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    atomic_write(target, "b\n")
    # Only old leftovers of this file go; a fresh one may be another save at work.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".p.yaml.def456.tmp",
        ".q.yaml.abc123.tmp",
        "p.yaml",
    ]


def test_a_temp_name_already_taken_is_skipped_not_overwritten(tmp_path: Path, monkeypatch) -> None:
    """A crashed process with the same pid may have left the very name a save would use."""
    import itertools

    from notice_tui import files

    monkeypatch.setattr(files, "_temp_counter", itertools.count(5))
    taken = tmp_path / f".p.yaml.{os.getpid()}-5.tmp"
    taken.write_text("someone else's")
    target = tmp_path / "p.yaml"
    atomic_write(target, "ny\n")
    assert target.read_text() == "ny\n"
    assert taken.read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == [taken.name, "p.yaml"]


def _nested_yaml() -> st.SearchStrategy[str]:
    """YAML texts of random nesting, written block style, flow style and mixed."""
    from ruamel.yaml import YAML

    leaves = st.one_of(st.integers(), st.text("ab -:", max_size=4))
    trees = st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.lists(kids, min_size=1, max_size=3),
            st.dictionaries(st.text("abc", min_size=1, max_size=3), kids, min_size=1, max_size=3),
        ),
        max_leaves=40,
    )

    def dump(tree: object, flow: bool | None, indent: tuple[int, int, int]) -> str:
        y = YAML(typ="safe", pure=True)
        y.default_flow_style = flow
        y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
        buf = io.StringIO()
        y.dump({"schema_version": 1, "x": tree}, buf)
        return buf.getvalue()

    return st.builds(
        dump,
        trees,
        st.sampled_from([False, True, None]),
        st.sampled_from([(2, 2, 0), (2, 4, 2), (4, 4, 2), (1, 3, 2)]),
    )


@settings(max_examples=300, deadline=None)
@given(text=_nested_yaml(), limit=st.integers(1, 12))
def test_the_quick_nesting_bound_never_lets_a_too_deep_file_through(text: str, limit: int) -> None:
    """The shortcut may only say "not too deep" when counting the parser's events agrees."""
    from notice_tui.profile.store import _too_deep, _too_deep_exact

    assert _too_deep(text, limit) == _too_deep_exact(text, limit)


_SCALARS = st.one_of(
    st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "off",
            "true",
            "False",
            "TRUE",
            "null",
            "~",
            "Null",
            "0o17",
            "017",
            "0x1F",
            "1_000",
            "1e3",
            "-.5",
            ".inf",
            "-.INF",
            ".nan",
            "2026-11-22",
            "2026-11-22 10:00:00",
            "2026-11-22T10:00:00+01:00",
            "12:30",
            "=",
            "<<",
            "+1",
            "-0",
            "3.",
            "1,5",
            "0b101",
            "",
        ]
    ),
    st.text("0123456789.-+:eEoxTtFfNn_ ", max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_SCALARS, min_size=1, max_size=6))
def test_the_quick_reader_types_values_as_ruamel_does(values: list[str]) -> None:
    from ruamel.yaml import YAML

    from notice_tui.profile.store import _fast_yaml

    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    try:
        expected = YAML(typ="safe", pure=False).load(text)
    except Exception as exc:  # what ruamel refuses, the quick reader must refuse alike
        with pytest.raises(type(exc)):
            _fast_yaml().load(text)
        return
    got = _fast_yaml().load(text)
    assert got == expected or repr(got) == repr(expected)  # nan != nan
