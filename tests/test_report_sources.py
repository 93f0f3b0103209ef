"""The evidence a report's findings cite is kept with the report (report/sources/), scrubbed, never via a link."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.paths import FAULTY, NOTEBOOK_FIXTURES, copy_record
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.report import sources
from zowe_ha_lib.requirements.findings import Finding


def finding(evidence: str | None) -> Finding:
    return Finding("sysplex-timer", "SYSA", "pass", "ok", evidence)


def test_copies_the_files_read_and_cited_as_text(tmp_path: Path) -> None:
    (tmp_path / "evidence" / "SYSA").mkdir(parents=True)
    (tmp_path / "evidence" / "SYSA" / "d-etr.txt").write_text(" D ETR\n IEA386I\n")
    (tmp_path / "evidence" / "SYSA" / "ebcdic.txt").write_bytes(" D GRS ISG343I".encode("cp037"))
    (tmp_path / "zowe.yaml").write_text("zowe:\n  externalPort: 7554\n")
    got = sources.copies(tmp_path, [finding("evidence/SYSA/d-etr.txt:2"), finding("zowe.yaml:2"), finding(None),
                                     finding("evidence/SYSB")], ["evidence/SYSA/ebcdic.txt"])
    assert got == {"sources/evidence/SYSA/d-etr.txt": " D ETR\n IEA386I\n", "sources/zowe.yaml": "zowe:\n  externalPort: 7554\n",
                   "sources/evidence/SYSA/ebcdic.txt": " D GRS ISG343I"}


def test_never_follows_a_link_or_leaves_the_record(tmp_path: Path) -> None:
    record, outside = tmp_path / "rec", tmp_path / "outside"
    (record / "evidence" / "SYSA").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("not the record's\n")
    os.symlink(outside / "secret.txt", record / "evidence" / "SYSA" / "link.txt")
    os.symlink(outside, record / "evidence" / "SYSB")
    (record / "big.txt").write_bytes(b"x" * (sources.MAX_COPY_BYTES + 1))
    cited = ["evidence/SYSA/link.txt:1", "evidence/SYSB/secret.txt:1", "../outside/secret.txt:1", "/etc/passwd:1",
             "big.txt:1", "evidence/SYSA/missing.txt:3"]
    assert sources.copies(record, [finding(c) for c in cited], []) == {}


@pytest.mark.parametrize(("evidence", "path"), [("evidence/SYSA/a.txt:12", "evidence/SYSA/a.txt"), ("zowe.yaml", "zowe.yaml"),
                                                ("", None), (None, None), ("evidence/SYSB", "evidence/SYSB")])
def test_cited_path(evidence: str | None, path: str | None) -> None:
    assert sources.cited_path(evidence) == path


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_run_keeps_the_evidence_scrubbed_and_the_failing_sheet_says_do_not_apply(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    record = copy_record(FAULTY, tmp_path / "CHG0002")
    secret = "Zq7-not-a-real-password-41"
    monkeypatch.setenv("ZOWE_HA_TEST_PASSWORD", secret)
    log = record / "evidence" / "SYSA" / "syslog-plex1-20241125.txt"
    log.write_text(log.read_text() + f"N 0000000 SYSA     24330 13:46:00.00          00000090  LOGON PASSWORD {secret}\n")
    assert cli(["run", str(record), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) == 0
    capsys.readouterr()
    report = record / "report"
    listed = {f["path"] for f in json.loads((report / "manifest.json").read_bytes())["files"]}
    assert {"sources/zowe.yaml", "sources/evidence/SYSA/syslog-plex1-20241125.txt",
            "sources/evidence/SYSC/operlog-extract.txt"} <= listed
    kept = (report / "sources" / "evidence" / "SYSA" / "syslog-plex1-20241125.txt").read_text()
    assert secret not in kept and "LOGON PASSWORD <redacted>" in kept
    assert kept.splitlines()[41] == log.read_text().splitlines()[41]  # line numbers as the findings cite them
    sheet = (report / "generated" / "operator-sheet.md").read_text()
    assert sheet.startswith("**Do not apply: 4 failures (coupling-facility, sysplex-timer, shared-dasd, zowe-config).")
    assert "\n# Operator sheet: CHG0002" in sheet
