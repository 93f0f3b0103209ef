"""Requirement checks end to end: the two example records, and single planted faults."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.requirements.registry import IDS as REQUIREMENTS

EVIDENCE = "evidence"


def _json(capsys, *argv: str) -> tuple[int, dict]:
    rc = main(["check", *argv, "--json"])
    return rc, json.loads(capsys.readouterr().out)


def test_chg0001_passes_everything(capsys):
    """Every requirement passes; resilience (beyond the page) may only warn, and on the example it passes too."""
    rc, data = _json(capsys, str(ROOT / "runbooks" / "CHG0001"))
    assert rc == 0
    assert data["change"] == "CHG0001"
    assert set(data) == {"change", "findings", "summary", "ready", "verdict", "missing"}  # fields are only ever added
    assert (data["ready"], data["verdict"], data["missing"]) == (True, "ready to apply", [])
    page = [f for f in data["findings"] if f["requirement"] != "resilience"]
    assert {f["status"] for f in page} <= {"pass", "n/a"}, [f for f in page if f["status"] not in ("pass", "n/a")]
    assert {f["status"] for f in data["findings"] if f["requirement"] == "resilience"} <= {"pass", "warn"}
    statuses = {f["status"] for f in data["findings"]}
    assert statuses <= {"pass", "n/a"}, [f for f in data["findings"] if f["status"] not in ("pass", "n/a")]
    assert {f["requirement"] for f in data["findings"]} == set(REQUIREMENTS)
    na = [f for f in data["findings"] if f["status"] == "n/a"]
    assert [f["requirement"] for f in na] == ["vsam-rls"]
    assert data["summary"]["pass"] == sum(f["status"] == "pass" for f in data["findings"])
    for f in data["findings"]:
        assert set(f) == {"requirement", "system", "status", "message", "evidence", "fix"}
        if f["status"] == "pass" and f["requirement"] != "zowe-config":
            # resilience takes the record's word that automation restarts the Zowe started tasks
            assert re.match(r"^evidence/SYS[ABC]/[^:]+:\d+$|^change\.yaml:\d+$", f["evidence"]), f


def test_chg0002_fails_exactly_its_faults(capsys):
    rc, data = _json(capsys, str(ROOT / "runbooks" / "CHG0002"))
    assert rc == 1
    fails = sorted((f["requirement"], f["system"] or "-") for f in data["findings"] if f["status"] == "fail")
    assert fails == [("coupling-facility", "-"), ("shared-dasd", "SYSB"), ("sysplex-timer", "SYSC"),
                     ("zowe-config", "-"), ("zowe-config", "-")]
    text = " ".join(f["message"] for f in data["findings"] if f["status"] == "fail")
    for words in ("CFRM ACTIVE POLICY IS EMPTY", "QUIESCED", "LOCAL", "7555", "inMemory"):
        assert words in text


def test_findings_sorted_by_requirement_then_system():
    result = run_checks(load_record(ROOT / "runbooks" / "CHG0001"))
    order = [(REQUIREMENTS.index(f.requirement), -1 if f.system is None else "ABC".index(f.system[-1])) for f in result.findings]
    assert order == sorted(order)


def test_text_output_uses_status_words(capsys):
    assert main(["check", str(ROOT / "runbooks" / "CHG0002")]) == 1
    out = capsys.readouterr().out
    assert "\nsysplex-timer\n" in out and "  FAIL    SYSC" in out and "UNKNOWN" in out and "fix: " in out
    # The last line is the verdict (it used to end "- FAILED"): what failed, and what has no evidence.
    assert out.rstrip().splitlines()[-1] == (
        "FAIL CHG0002: not ready: 4 failed (coupling-facility, sysplex-timer, shared-dasd, zowe-config); "
        "1 requirement has no evidence (cf-connectivity)")


@pytest.fixture
def rec(example_copy: Path) -> Path:
    return example_copy


def _findings(rec: Path, requirement: str, evidence: Path | None = None):
    return [f for f in run_checks(load_record(rec), evidence).findings if f.requirement == requirement]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def test_no_evidence_gives_unknown_not_fail(rec: Path, capsys):
    shutil.rmtree(rec / EVIDENCE)
    result = run_checks(load_record(rec))
    # zowe.yaml and change.yaml are not evidence: what rests on them alone may still pass;
    # resilience (advisory) warns about what nobody captured instead of calling it unknown
    by = {f.status for f in result.findings if f.requirement not in ("zowe-config", "vsam-rls", "resilience")
          and not (f.evidence or "").startswith("change.yaml")}
    assert {f.status for f in result.findings if f.requirement == "resilience"} <= {"warn", "pass"}
    assert by == {"unknown"}
    assert all(f.fix for f in result.findings if f.status == "unknown")
    assert main(["check", str(rec)]) == 0  # unknown does not fail the check
    capsys.readouterr()


def test_evidence_option_and_bad_folder(rec: Path, tmp_path: Path, capsys):
    moved = tmp_path / "captured"
    shutil.move(rec / EVIDENCE, moved)
    rc, data = _json(capsys, str(rec), "--evidence", str(moved))
    assert rc == 0 and data["summary"]["unknown"] == 0
    assert main(["check", str(rec), "--evidence", str(tmp_path / "nope")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_cut_off_display_is_an_unknown_finding_naming_file_and_line(rec: Path):
    log = rec / EVIDENCE / "SYSA" / "syslog-plex1-20241125.txt"
    lines = log.read_text().splitlines()
    cut = next(i for i, line in enumerate(lines) if "ISG343I" in line)
    log.write_text("\n".join(lines[: cut + 2]) + "\n")
    found = _findings(rec, "shared-dasd")
    assert any(f.status == "unknown" and f.evidence == f"evidence/SYSA/syslog-plex1-20241125.txt:{cut + 1}" for f in found)


def test_two_active_targets_and_no_ready_backup_fail(rec: Path):
    table = rec / EVIDENCE / "SYSA" / "netstat-distributor.txt"
    _edit(table, "Flg: Backup", "Flg: Active")
    _edit(table, "Rdy: 001", "Rdy: 000", 3)
    found = [f for f in _findings(rec, "sysplex-distributor") if "port table" in f.message]
    assert found and found[0].status == "fail" and "2 active targets" in found[0].message and "Rdy 0" in found[0].message


def test_missing_vipabackup_and_not_moveable(rec: Path):
    _edit(rec / EVIDENCE / "SYSB" / "tso-netstat.txt", "  VIPA Backup:\n    IpAddr/PrefixLen: 203.0.113.50/24\n", "  VIPA Backup:\n")
    _edit(rec / EVIDENCE / "SYSC" / "operlog-extract.txt", "MOVEABLE: IMMEDIATE", "MOVEABLE: WHENIDLE")
    found = {f.system: f for f in _findings(rec, "sysplex-distributor") if "VIPABACKUP" in f.message}
    assert found["SYSB"].status == "fail" and found["SYSC"].status == "warn" and "Whenidle" in found["SYSC"].message


def test_distribution_differs_from_the_plan(rec: Path):
    _edit(rec / "change.yaml", "    autoswitchback: true", "    autoswitchback: false")
    found = [f for f in _findings(rec, "sysplex-distributor") if f.message.startswith("zowe-gateway (")]
    assert found[0].status == "fail" and "Autoswitchback Yes, planned No" in found[0].message


def test_stack_not_in_sysplex_fails(rec: Path):
    (rec / EVIDENCE / "SYSC" / "d-tcpip-sysplex.txt").write_text("EZZ8269I TCPIP SYSC IS NOT A MEMBER OF A SYSPLEX GROUP\n")
    found = [f for f in _findings(rec, "sysplex-distributor") if f.status == "fail"]
    assert [(f.system, f.evidence) for f in found] == [("SYSC", "evidence/SYSC/d-tcpip-sysplex.txt:1")]


def test_external_port_not_distributed(rec: Path):
    _edit(rec / "zowe.yaml", "  externalPort: 7554", "  externalPort: 7443")
    found = [f for f in _findings(rec, "sysplex-distributor") if "externalPort" in f.message]
    assert found[0].status == "fail" and "7443" in found[0].message


def test_grs_missing_system_and_star_connected(rec: Path):
    log = rec / EVIDENCE / "SYSA" / "syslog-plex1-20241125.txt"
    _edit(log, " SYSC      CONNECTED", " SYSD      CONNECTED")
    found = {f.system: f.status for f in _findings(rec, "shared-dasd")}
    assert found == {"SYSA": "pass", "SYSB": "pass", "SYSC": "fail"}


def test_racf_different_database_and_irrxcf00(rec: Path):
    _edit(rec / EVIDENCE / "SYSB" / "console-displays.txt", "RACF01   SYS1.PLEX1.RACFPRIM", "RACF09   SYS1.SYSB.RACFPRIM")
    log = rec / EVIDENCE / "SYSA" / "syslog-plex1-20241125.txt"
    _edit(log, "    SYSC                SYSC       RACF       ACTIVE", "    SYSC                SYSC       RACF       FAILED")
    found = [(f.system, f.status) for f in _findings(rec, "shared-saf") if f.status != "pass"]
    assert found == [("SYSB", "fail"), ("SYSC", "fail")]


def test_jes2_other_mas_and_inactive_member(rec: Path):
    _edit(rec / EVIDENCE / "SYSB" / "console-displays.txt", "XCFGRPNM=JESPLEX1", "XCFGRPNM=JESTEST")
    _edit(rec / EVIDENCE / "SYSA" / "sdsf-log-jes2.txt", "NAME=SYSC,STATUS=ACTIVE", "NAME=SYSC,STATUS=INACTIVE")
    found = [(f.system, f.status) for f in _findings(rec, "jes2-mas") if f.status != "pass"]
    assert found == [("SYSB", "fail"), ("SYSC", "fail")]


def test_uss_sysplex_no_and_local_directory(rec: Path):
    _edit(rec / EVIDENCE / "SYSB" / "console-displays.txt", "SYSPLEX        =        YES", "SYSPLEX        =         NO")
    _edit(rec / "zowe.yaml", "workspaceDirectory: /global/zowe/workspace", "workspaceDirectory: /var/zowe/workspace")
    found = [(f.system, f.status) for f in _findings(rec, "shared-uss") if f.status != "pass"]
    assert found == [("SYSA", "fail"), ("SYSB", "fail"), ("SYSB", "fail"), ("SYSC", "fail")]


def test_node_version_and_timing(rec: Path):
    (rec / EVIDENCE / "SYSB" / "node-version.txt").write_text("v16.20.2\n")
    assert [(f.system, f.status) for f in _findings(rec, "nodejs") if f.status != "pass"] == [("SYSB", "fail")]


def test_unrecognised_file_is_reported_under_evidence(rec: Path):
    (rec / EVIDENCE / "SYSA" / "readme.txt").write_text("captured on Monday\n")
    (rec / EVIDENCE / "PLEX" ).mkdir()
    (rec / EVIDENCE / "PLEX" / "grs.txt").write_text("ISG343I 13.45.07 GRS STATUS\n SYSTEM STATE\n SYSA ACTIVE\n")
    result = run_checks(load_record(rec))
    tail = [(f.requirement, f.status, f.evidence) for f in result.findings if f.requirement == "evidence"]
    assert tail == [("evidence", "warn", "evidence/PLEX"), ("evidence", "unknown", "evidence/SYSA/readme.txt:1")]
    assert result.findings[-1].requirement == "evidence"


def test_sysplex_wide_displays_captured_on_several_systems_count_once(example_copy):
    """D TCPIP,,SYSPLEX,VIPADYN and D XCF,CF show the whole sysplex; capturing them on two systems
    (a common habit) must not look like two distributors or list each CF twice."""
    import shutil

    from zowe_ha_lib.checks import run_checks
    from zowe_ha_lib.record.load import load_record

    ev = example_copy / "evidence"
    shutil.copy(ev / "SYSA" / "zosmf-console.txt", ev / "SYSB" / "zosmf-console-copy.txt")
    shutil.copy(ev / "SYSA" / "syslog-plex1-20241125.txt", ev / "SYSC" / "syslog-copy.txt")
    result = run_checks(load_record(example_copy))
    assert result.summary()["fail"] == 0, [f for f in result.findings if f.status == "fail"]
    connected = [f.message for f in result.findings if f.requirement == "cf-connectivity" and "coupling facility" in f.message]
    assert connected and all(m.endswith("CF01, CF02") for m in connected), connected
