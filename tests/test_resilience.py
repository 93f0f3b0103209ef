"""resilience: the single points of failure behind a pass, each with its display and fix; it never fails a record.

And IBM Health Checker output as corroborating evidence: an exception or an
inactive check becomes a warning of the requirement the check bears on.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, FAULTY, copy_record
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.checks.healthchecks import requirement_of
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.requirements import registry
from zowe_ha_lib.requirements.displays import BY_KEY, CONSOLE_DISPLAYS

SYSLOG = Path("evidence") / "SYSA" / "syslog-plex1-20241125.txt"
REQ = "resilience"


def _resilience(rec: Path):
    return [f for f in run_checks(load_record(rec)).findings if f.requirement == REQ]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def _about(findings, words: str):
    return [f for f in findings if words in f.message]


def test_registered_after_the_page_with_its_displays_collected() -> None:
    req = registry.requirement(REQ)
    assert registry.IDS.index(REQ) == registry.IDS.index("nodejs") + 1 and req.notebook == registry.SYSPLEX_NOTEBOOK
    wanted = {"D XCF,COUPLE", "D XCF,POLICY,TYPE=SFM", "D XCF,ARMSTATUS", "$D CKPTDEF", "D XCF,STR,STRNAME=ALL",
              "D NET,VTAMOPTS,OPTION=XCFINIT", "D TCPIP,{proc},SYSPLEX,GROUP"}
    assert wanted <= {BY_KEY[k].template for k in req.displays}
    assert wanted <= {d.template for d in CONSOLE_DISPLAYS}  # collect issues every one of them
    assert not BY_KEY["health-checks"].console  # SDSF CK and HZSPRINT are copied by hand


def test_the_example_shows_every_item_passing() -> None:
    found = _resilience(EXAMPLE)
    assert {f.status for f in found} == {"pass"}
    for words in ("SYSPLEX couple data sets", "CFRM couple data sets", "management policy SFMPOL01", "automation restarts",
                  "IRRXCF00_P001", "IRRXCF00_B001", "JES2 checkpoint", "XCFINIT=YES", "sysplex group EZBTCPCS"):
        assert _about(found, words), words


def test_missing_alternates_and_a_shared_volume_warn(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    _edit(log, "ALTERNATE  DSN: SYS1.PLEX1.XCF.CDS02", "           FORMAT: SYS1.PLEX1.XCF.CDS02")
    _edit(log, "           VOLSER: XCFAL1      DEVN: 2B20\nDR                                       350 00000090              FORMAT TOD            MAXSYSTEM\n"
               "DR                                       350 00000090              10/01/2024 09:13:09",
          "           VOLSER: XCFPR1      DEVN: 2B20\nDR                                       350 00000090              FORMAT TOD            MAXSYSTEM\n"
          "DR                                       350 00000090              10/01/2024 09:13:09")
    found = _resilience(example_copy)
    (plex,) = _about(found, "SYSPLEX couple data set")
    assert plex.status == "warn" and "no alternate" in plex.message and "SETXCF COUPLE,ACOUPLE=" in plex.fix
    (cfrm,) = _about(found, "CFRM couple data sets")
    assert cfrm.status == "warn" and "both on volume XCFPR1" in cfrm.message and "TYPE=CFRM" in cfrm.fix


def test_no_sfm_policy_warns(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    _edit(log, "     STARTED:      10/02/2024 06:14:03", "     POLICY NOT STARTED")
    (f,) = _about(_resilience(example_copy), "failure management (SFM)")
    assert f.status == "warn" and "SETXCF START,POLICY,TYPE=SFM" in f.fix


def test_restart_by_arm_or_by_the_records_word(example_copy: Path) -> None:
    change = example_copy / "change.yaml"
    _edit(change, "  restarted_by: automation\n", "")
    found = _resilience(example_copy)
    arm = [f for f in found if "ARM" in f.message]
    assert [(f.system, f.status) for f in arm] == [("SYSA", "warn"), ("SYSB", "warn"), ("SYSC", "warn")]
    assert "ZWE1SV" in arm[0].message and "restarted_by: automation" in arm[0].fix
    log = example_copy / SYSLOG
    _edit(log, "EZASBTCPIP         AVAILABLE SYSB     SYSB     TCPIP    0046     1",
          "EZASBTCPIP         AVAILABLE SYSB     SYSB     TCPIP    0046     1\n"
          "DR                                       352 00000090   ZWESYSB            AVAILABLE SYSB     SYSB     ZWE1SV   0051     2")
    arm = {f.system: f for f in _resilience(example_copy) if "ARM" in f.message}
    assert arm["SYSB"].status == "pass" and "ZWESYSB" in arm["SYSB"].message and arm["SYSA"].status == "warn"
    _edit(log, "ARM RESTARTS ARE ENABLED", "ARM RESTARTS ARE DISABLED")
    (off,) = [f for f in _resilience(example_copy) if "ARM" in f.message]
    assert off.status == "warn" and "DISABLED" in off.message


def test_checkpoint_not_duplexed_warns_per_member(example_copy: Path) -> None:
    _edit(example_copy / "evidence" / "SYSB" / "console-displays.txt", "MODE=DUPLEX,DUPLEX=ON", "MODE=DUPLEX,DUPLEX=OFF")
    ckpt = {f.system: f for f in _about(_resilience(example_copy), "checkpoint")}
    assert ckpt["SYSB"].status == "warn" and "DUPLEX=OFF" in ckpt["SYSB"].message and "DUPLEX=ON" in ckpt["SYSB"].fix
    assert ckpt["SYSA"].status == ckpt["SYSC"].status == "pass"


def test_a_structure_that_cannot_leave_its_cpc_warns(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    text = log.read_text()
    head, _, tail = text.partition("STRNAME: IRRXCF00_P001")
    tail = tail.replace("PREFERENCE LIST: CF01     CF02", "PREFERENCE LIST: CF01", 1)
    log.write_text(head + "STRNAME: IRRXCF00_P001" + tail)
    (f,) = _about(_resilience(example_copy), "IRRXCF00_P001")
    assert f.status == "warn" and "names one coupling facility (CF01)" in f.message and "SETXCF START,REBUILD,STRNAME=IRRXCF00_P001" in f.fix


def test_a_preference_list_on_one_cpc_warns_when_another_cpc_has_a_cf(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    # Both CFs on CPC 04A1B2: there is no other CPC to rebuild in, so nothing to warn about ...
    log.write_text(log.read_text().replace("003906.IBM.02.00000004C3D4", "003906.IBM.02.00000004A1B2"))
    (one_cpc,) = _about(_resilience(example_copy), "IRRXCF00_P001")
    assert one_cpc.status == "pass" and "no other CPC" in one_cpc.message
    # ... but with a third CF on another CPC left out of the preference list, the structure dies with its CPC.
    _edit(log, "DR                                       341 00000090     CF02       003906.IBM.02.00000004A1B2      N/A",
          "DR                                       341 00000090     CF02       003906.IBM.02.00000004A1B2      N/A\n"
          "DR                                       341 00000090     CF03       003906.IBM.02.00000004E5F6      N/A")
    (lost,) = _about(_resilience(example_copy), "IRRXCF00_P001")
    assert lost.status == "warn" and "CF03 on another CPC is not listed" in lost.message


def test_xcfinit_no_and_a_second_tcpip_group_warn(example_copy: Path) -> None:
    _edit(example_copy / "evidence" / "SYSC" / "operlog-extract.txt", "IST1189I XCFINIT  = YES", "IST1189I XCFINIT  = NO")
    _edit(example_copy / "evidence" / "SYSB" / "console-displays.txt", "AT SYSB IS EZBTCPCS", "AT SYSB IS EZBT0102")
    found = _resilience(example_copy)
    (vtam,) = [f for f in found if "XCFINIT=NO" in f.message]
    assert vtam.system == "SYSC" and vtam.status == "warn" and "ISTLSXCF" in vtam.fix
    (group,) = [f for f in found if f.status == "warn" and "sysplex group" in f.message]
    assert group.system == "SYSB" and "EZBT0102" in group.message and "XCFGRPID" in group.fix


def test_without_its_displays_resilience_warns_and_never_blocks_the_record(tmp_path: Path, capsys) -> None:
    """Advisory: a display nobody captured is a warning naming it, not 'unknown', so readiness never waits for it."""
    assert registry.requirement(REQ).advisory and not any(r.advisory for r in registry.REQUIREMENTS if r.id != REQ)
    rec = copy_record(FAULTY, tmp_path / "CHG0002")
    found = _resilience(rec)
    assert {f.status for f in found} == {"warn", "pass"}
    assert all(f.fix and "Capture" in f.fix for f in found if f.status == "warn")
    assert main(["check", str(rec), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert REQ not in data["missing"] and REQ not in data["verdict"]
    assert not [f for f in data["findings"] if f["requirement"] == REQ and f["status"] in ("fail", "unknown")]


def test_a_cut_off_resilience_display_is_a_warning(example_copy: Path) -> None:
    log = example_copy / SYSLOG
    lines = log.read_text().splitlines()
    cut = next(i for i, line in enumerate(lines) if "IXC364I" in line)
    log.write_text("\n".join(lines[: cut + 2]) + "\n")  # the SYSLOG stops inside the SFM display
    bad = [f for f in _resilience(example_copy) if f.evidence == f"{SYSLOG.as_posix()}:{cut + 1}"]
    assert bad and {f.status for f in bad} == {"warn"}


MUTATIONS = [
    ("ARM RESTARTS ARE ENABLED", "ARM RESTARTS ARE DISABLED"), ("MODE=DUPLEX,DUPLEX=ON", "MODE=DUPLEX,DUPLEX=OFF"),
    ("IST1189I XCFINIT  = YES", "IST1189I XCFINIT  = NO"), ("     STARTED:      10/02/2024 06:14:03", "     NOT STARTED"),
    ("ALTERNATE  DSN:", "ALTERNATE:"), ("PREFERENCE LIST: CF01     CF02", "PREFERENCE LIST: CF01"), ("IS EZBTCPCS", "IS EZBT0909"),
    ("restarted_by: automation", "restarted_by: arm"), ("SYSA     SYSB     SYSC", "SYSA"), ("CF02", "CF09"),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=5, unique=True))
def test_resilience_never_fails_whatever_the_evidence_says(tmp_path_factory, changes) -> None:
    rec = copy_record(EXAMPLE, tmp_path_factory.mktemp("rec") / "CHG0001")
    for old, new in changes:
        for path in [rec / "change.yaml", *sorted((rec / "evidence").rglob("*.txt"))]:
            text = path.read_text()
            if old in text:
                path.write_text(text.replace(old, new))
    assert {f.status for f in _resilience(rec)} <= {"pass", "warn"}


# ------------------------------------------------------------------ IBM Health Checker


def test_checks_are_tied_to_the_requirements_they_bear_on() -> None:
    assert requirement_of("XCF_CF_CONNECTIVITY") == "cf-connectivity" and requirement_of("GRS_MODE") == "shared-dasd"
    assert requirement_of("XCF_SFM_SUM_ACTION") == REQ and requirement_of("CSTCP_SYSPLEXMON_RECOV_TCPIP") == "sysplex-distributor"
    assert requirement_of("RSM_MAXCADS") is None


def test_an_exception_and_an_inactive_check_corroborate_their_requirement(example_copy: Path) -> None:
    panel = example_copy / "evidence" / "SYSA" / "sdsf-ck-health-checks.txt"
    _edit(panel, "GRS_MODE                         IBMGRS           ACTIVE(ENABLED)    SUCCESSFUL",
          "GRS_MODE                         IBMGRS           ACTIVE(ENABLED)    EXCEPTION-MED")
    _edit(panel, "XCF_CF_CONNECTIVITY              IBMXCF           ACTIVE(ENABLED)    SUCCESSFUL",
          "XCF_CF_CONNECTIVITY              IBMXCF           INACTIVE(ENABLED)  INACTIVE")
    (example_copy / "evidence" / "SYSC" / "hzsprint.txt").write_text("\n".join([
        "CHECK(IBMXCF,XCF_CDS_SEPARATION)", "SYSPLEX:    PLEX1     SYSTEM: SYSC", "START TIME: 11/25/2024 13:40:00.123456",
        "CHECK DATE: 20050720  CHECK SEVERITY: MEDIUM", "* Medium Severity Exception *",
        "IXCH0242E The sysplex and CFRM couple data sets share a volume.", "END TIME: 11/25/2024 13:40:00.234567  STATUS: EXCEPTION-MED"]) + "\n")
    result = run_checks(load_record(example_copy))
    cited = {(f.requirement, f.system, f.status): f for f in result.findings if "Health Checker" in f.message}
    grs = cited[("shared-dasd", "SYSA", "warn")]
    assert "CHECK(IBMGRS,GRS_MODE) reports EXCEPTION-MED on SYSA" in grs.message and grs.evidence == "evidence/SYSA/sdsf-ck-health-checks.txt:4"
    cf = cited[("cf-connectivity", "SYSA", "warn")]
    assert "INACTIVE(ENABLED)" in cf.message and "F HZSPROC,ACTIVATE,CHECK=(IBMXCF,XCF_CF_CONNECTIVITY)" in cf.fix
    cds = cited[(REQ, "SYSC", "warn")]
    assert "IXCH0242E" in cds.message and cds.evidence == "evidence/SYSC/hzsprint.txt:7"
    assert not [f for f in result.findings if "RSM_MAXCADS" in f.message]  # a check the kit ties to nothing
    assert result.summary()["fail"] == 0  # corroboration warns; the requirement's own displays decide


def test_a_check_of_a_requirement_that_does_not_apply_says_nothing(example_copy: Path) -> None:
    (example_copy / "evidence" / "SYSB" / "hzs.txt").write_text(
        "HZS0003E CHECK(IBMVSAMRLS,VSAMRLS_SINGLE_POINT_FAILURE): IGWRH0999E SHCDS ON ONE VOLUME\n")
    result = run_checks(load_record(example_copy))
    assert [f.status for f in result.findings if f.requirement == "vsam-rls"] == ["n/a"]


def test_a_misspelt_restarted_by_is_bad_input_naming_the_line(example_copy: Path, capsys) -> None:
    _edit(example_copy / "change.yaml", "restarted_by: automation", "restarted_by: automaton")
    assert main(["check", str(example_copy)]) == 2
    err = capsys.readouterr().err
    assert "change.yaml:" in err and "zowe.restarted_by: 'automaton' is not one of arm, automation; did you mean 'automation'?" in err
