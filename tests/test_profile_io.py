"""Loading and saving profiles: round trips, atomic saves, migrations."""

import os
from pathlib import Path

import pytest

from notice_tui.profile import migrations, paths
from notice_tui.profile.store import ProfileError, SaveError, atomic_write, load, parse_text

SAMPLES = sorted((Path(__file__).parents[1] / "sample_profiles").glob("*.yaml"))

HAND_WRITTEN = """\
# Kundens profil, redigert for hånd.
schema_version: 1   # ikke endre
controller:
    name: 'Eksempel AS'      # med enkle anførselstegn
    email: "post@eksempel.no"
    org_number: "921368496"

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
        ('  contact_person: "Kari Nordmann, daglig leder"',
         '  contact_person: "Per Hansen, daglig leder"')
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
    import tempfile

    target = tmp_path / "p.yaml"
    target.write_text(HAND_WRITTEN, encoding="utf-8")
    doc = load(target)
    paths.set_value(doc.tree, "controller.name", "Nytt AS")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
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
    doc = parse_text("# behold\nschema_version: 1\nold_key: 5\n"
                     "controller: {name: A, email: a@b.no}\n")

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
        ".p.yaml.def456.tmp", ".q.yaml.abc123.tmp", "p.yaml"]
