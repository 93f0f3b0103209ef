"""An empty path option (an unset shell variable in quotes) is a usage error, not silently ignored."""

from __future__ import annotations

from tests.support.cli import assert_clean_rejection, zowe_ha


def test_generate_out_empty_is_refused(example_copy, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    answer = zowe_ha(capsys, "generate", example_copy, "--out", "")
    assert_clean_rejection(answer, "--out")
    assert answer.out == ""


def test_failover_svg_empty_is_refused(example_copy, capsys):
    answer = zowe_ha(capsys, "failover", example_copy, "--svg", "")
    assert_clean_rejection(answer, "--svg")
    assert answer.out == ""


def test_lint_empty_profile_name_is_named(capsys):
    answer = zowe_ha(capsys, "lint", "")
    assert_clean_rejection(answer, "''")
