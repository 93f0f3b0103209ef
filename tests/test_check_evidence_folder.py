"""check given evidence that is not a folder of text files: said plainly, never silently UNKNOWN."""

from __future__ import annotations

import json
import shutil

from tests.support.cli import assert_clean_rejection, zowe_ha
from zowe_ha_lib.evidence.reader import read_evidence


def test_evidence_that_is_a_file_is_bad_input(example_copy, capsys):
    shutil.rmtree(example_copy / "evidence")
    (example_copy / "evidence").write_text("D XCF,CF\n")
    answer = zowe_ha(capsys, "check", example_copy)
    assert_clean_rejection(answer, "evidence")
    assert "not a folder" in answer.err


def test_reader_reports_an_evidence_path_that_is_a_file(tmp_path):
    """The notebooks read evidence without the command: there it is an unknown finding, not silence."""
    (tmp_path / "evidence").write_text("x\n")
    evidence = read_evidence(tmp_path / "evidence", ["SYSA"], base=tmp_path)
    assert [p.message for p in evidence.problems if "not a folder" in p.message]


def test_evidence_folder_holding_only_empty_files_is_unknown_not_pass(example_copy, capsys):
    for path in (example_copy / "evidence").rglob("*"):
        if path.is_file():
            path.write_bytes(b"")
    answer = zowe_ha(capsys, "check", example_copy, "--json")
    assert answer.code in (0, 1), answer.err
    statuses = {f["status"] for f in json.loads(answer.out)["findings"] if f["requirement"] == "sysplex-timer"}
    assert statuses == {"unknown"}
