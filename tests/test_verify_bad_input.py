"""verify given something that is not a change record: exit 2 naming it, not "report invalid"."""

from __future__ import annotations

from tests.support.cli import assert_clean_rejection, zowe_ha


def test_verify_of_a_missing_record_is_bad_input(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    answer = zowe_ha(capsys, "verify", "CHG9999")
    assert_clean_rejection(answer, "CHG9999")
    assert "no such change record" in answer.err


def test_verify_of_a_plain_file_is_bad_input(tmp_path, capsys):
    stray = tmp_path / "notes.txt"
    stray.write_text("hello\n")
    answer = zowe_ha(capsys, "verify", stray)
    assert_clean_rejection(answer, "notes.txt")


def test_verify_of_a_folder_without_change_yaml_is_bad_input(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    answer = zowe_ha(capsys, "verify", tmp_path / "empty")
    assert_clean_rejection(answer, "change.yaml")
