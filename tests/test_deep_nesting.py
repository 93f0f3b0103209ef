"""Input nested a thousand levels deep is bad input (exit 2, one line), never a RecursionError (exit 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.cli import assert_clean_rejection, zowe_ha
from tests.support.reports import fake_report
from zowe_ha_lib.record.yamlsrc import load_text
from zowe_ha_lib.util import jsontext
from zowe_ha_lib.util.errors import InputError

DEPTH = 1000
DEEP_YAML = {
    "flow sequences": "[" * DEPTH + "]" * DEPTH + "\n",
    "flow mappings": "{a: " * DEPTH + "1" + "}" * DEPTH + "\n",
    "block mappings": "a:\n" + "".join(" " * i + "b:\n" for i in range(1, DEPTH)),
    "block sequences": "- " * DEPTH + "x\n",
}
DEEP_JSON = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("shape", sorted(DEEP_YAML))
def test_a_change_yaml_nested_1000_deep_is_bad_input(tmp_path: Path, shape: str, capsys):
    (tmp_path / "change.yaml").write_text(DEEP_YAML[shape])
    for command in ("validate", "check", "generate"):
        answer = zowe_ha(capsys, command, tmp_path)
        assert_clean_rejection(answer, "nested more than")
        assert len(answer.err.strip().splitlines()) == 1


def test_a_zowe_yaml_nested_1000_deep_is_bad_input(example_copy: Path, capsys):
    (example_copy / "zowe.yaml").write_text(DEEP_YAML["block mappings"])
    answer = zowe_ha(capsys, "check", example_copy)
    assert answer.code in (1, 2) and "RecursionError" not in answer.err and "internal error" not in answer.err
    assert "nested more than" in answer.out + answer.err


def test_a_manifest_nested_deep_is_reported_not_a_crash(example_copy: Path, capsys, tmp_path: Path):
    fake_report(example_copy)
    (example_copy / "report" / "manifest.json").write_text(DEEP_JSON)
    answer = zowe_ha(capsys, "verify", example_copy)
    assert answer.code == 1 and "internal error" not in answer.err, answer.err
    assert "nested too deeply" in answer.out
    answer = zowe_ha(capsys, "publish", example_copy, "--out", tmp_path / "site")
    assert_clean_rejection(answer, "manifest.json")


def test_a_signoff_record_nested_deep_is_invalid_not_a_crash(example_copy: Path, capsys):
    fake_report(example_copy)
    signoffs = example_copy / "report" / "signoffs"
    signoffs.mkdir()
    (signoffs / "001-reviewer-alice.json").write_text(DEEP_JSON)
    answer = zowe_ha(capsys, "verify", example_copy)
    assert answer.code == 1 and "internal error" not in answer.err, answer.err
    assert "INVALID" in answer.out and "nested too deeply" in answer.out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["[", "{a: ", "- ", "]", "}", "\n", " ", "x", ","]), max_size=400))
def test_yaml_loader_answers_any_nesting_with_a_value_or_bad_input(parts: list[str]):
    try:
        load_text("".join(parts) * 3, "f.yaml")
    except InputError as exc:
        assert all(p.file == "f.yaml" for p in exc.problems)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3000))
def test_json_reader_answers_any_depth_with_a_value_or_a_decode_error(depth: int):
    try:
        jsontext.loads("[" * depth + "]" * depth)
    except json.JSONDecodeError as exc:
        assert "nested too deeply" in str(exc)
