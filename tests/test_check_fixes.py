"""A z/OS system programmer's review of the requirement checks' fixes.

A fix is typed at a console or into a profile by someone under pressure: each
test plants one fault in a copy of the example record and asserts that the
fix names a real command, spelt in full, with the operands it needs.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.paths import ROOT
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.record.load import load_record


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def _findings(rec: Path, requirement: str):
    return [f for f in run_checks(load_record(rec)).findings if f.requirement == requirement]


def test_missing_vipabackup_fix_is_a_complete_statement_with_the_mask(example_copy: Path):
    # VIPABACKUP rank MOVEABLE IMMEDIATE needs the mask before the address (reference 1.5).
    _edit(example_copy / "evidence" / "SYSB" / "tso-netstat.txt",
          "  VIPA Backup:\n    IpAddr/PrefixLen: 203.0.113.50/24\n", "  VIPA Backup:\n")
    found = next(f for f in _findings(example_copy, "sysplex-distributor") if f.system == "SYSB" and "VIPABACKUP" in f.message)
    assert found.status == "fail"
    assert "'VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50'" in found.fix


def test_whenidle_backup_fix_names_the_real_mask_not_a_placeholder(example_copy: Path):
    _edit(example_copy / "evidence" / "SYSC" / "operlog-extract.txt", "MOVEABLE: IMMEDIATE", "MOVEABLE: WHENIDLE")
    found = next(f for f in _findings(example_copy, "sysplex-distributor") if f.system == "SYSC" and "VIPABACKUP" in f.message)
    assert found.status == "warn"
    assert "'VIPABACKUP 50 MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50'" in found.fix
    assert "mask 203" not in found.fix


def test_dvipa_active_elsewhere_fix_is_a_complete_reactivate_command(example_copy: Path):
    # VARY TCPIP,,SYSPLEX,REACTIVATE needs DVIPA=; it is issued on the stack that should own it.
    _edit(example_copy / "evidence" / "SYSA" / "zosmf-console.txt", "TCPIP    SYSA     ACTIVE      BOTH", "TCPIP    SYSD     ACTIVE      BOTH")
    found = next(f for f in _findings(example_copy, "sysplex-distributor") if "the planned distributor is SYSA" in f.message)
    assert found.status == "warn"
    assert "V TCPIP,TCPIP,SYSPLEX,REACTIVATE,DVIPA=203.0.113.50 on SYSA" in found.fix
    assert "MOVEABLE IMMEDIATE" in found.fix


def test_stack_not_in_sysplex_fix_offers_joingroup_and_both_xcfinit_values(example_copy: Path):
    (example_copy / "evidence" / "SYSC" / "d-tcpip-sysplex.txt").write_text("EZZ8269I TCPIP SYSC IS NOT A MEMBER OF A SYSPLEX GROUP\n")
    found = next(f for f in _findings(example_copy, "sysplex-distributor") if f.status == "fail")
    assert "VARY TCPIP,,SYSPLEX,JOINGROUP" in found.fix
    assert "XCFINIT=YES or XCFINIT=DEFINE" in found.fix


def test_quiesced_grs_member_fix_is_vary_grs_restart_only():
    found = next(f for f in _findings(ROOT / "runbooks" / "CHG0002", "shared-dasd") if f.status == "fail")
    assert "V GRS(SYSB),RESTART" in found.fix
    assert "SETGRS" not in found.fix  # SETGRS changes GRS mode; it does not restart a quiesced member
