"""The operator sheet: the order of the steps, the displays that verify them, the roll-back.

Many tests pin a statement the sheet makes to what the reference says
(zos-tcpip-and-sysplex.md, from a z/OS system programmer's review), so a
wording that would mislead an operator at the console fails here.
"""

from __future__ import annotations

import re

from tests.support.paths import EXAMPLE
from tests.support.records import build, systems, tokens, two_system_mapping
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.outputs import generate_json
from zowe_ha_lib.tcpip.sheet import apply_order, operator_sheet, rollback_text


def _sections(sheet: str) -> list[str]:
    return [line for line in sheet.splitlines() if line.startswith("#")]


def _section(sheet: str, start: str, end: str | None = None) -> str:
    text = sheet[sheet.index(start):]
    return text[: text.index(end)] if end and end in text else text


def test_apply_order_reason_is_ibms_not_an_invented_takeover():
    sheet = operator_sheet(load_record(EXAMPLE))
    first = next(line for line in sheet.splitlines() if line.startswith("Apply in this order"))
    assert "take it over the moment the owner activates it" not in first
    assert "has its backups from the moment the owner activates it" in first


def test_sheet_warns_a_moveable_backup_may_own_the_dvipa_before_the_owner_step():
    sheet = operator_sheet(load_record(EXAMPLE))
    intro = _section(sheet, "Apply in this order", "## 1. Apply")
    note = next(p for p in intro.split("\n\n") if "may activate the DVIPA itself" in p)
    assert "UNSURE" in note  # confirmed at IPL only
    assert "MOVEABLE IMMEDIATE" in note and "takes it over" in note


def test_no_backup_note_when_no_stack_backs_the_dvipa_up():
    mapping = two_system_mapping()
    mapping["distributions"][0]["distributor_backups"] = []
    sheet = operator_sheet(build(mapping))
    assert "may activate the DVIPA itself" not in sheet


def test_every_apply_step_checks_dynamic_xcf_before_the_obeyfile():
    record = load_record(EXAMPLE)
    sheet = operator_sheet(record)
    intro = _section(sheet, "Apply in this order", "## 1. Apply")
    note = next(p for p in intro.split("\n\n") if p.startswith("Each data set starts with IPCONFIG"))
    assert "UNSURE" in note and "delete the IPCONFIG line" in note
    apply = _section(sheet, "## 1. Apply", "## 2.")
    steps = apply.split("### Step")[1:]
    assert len(steps) == len(record.sysplex.systems)
    for step in steps:
        config = step.index("D TCPIP,TCPIP,NETSTAT,CONFIG")
        assert config < step.index("V TCPIP,TCPIP,SYNTAXCHECK,") < step.index("V TCPIP,TCPIP,OBEYFILE,DSN=")


def test_sysplex_vipadyn_expectation_uses_the_display_column_words():
    # EZZ8260I prints STATUS, a three-digit RANK and DIST (BOTH for a distributor
    # that is also a target): the sheet names what the operator will read.
    sheet = operator_sheet(load_record(EXAMPLE))
    verify = _section(sheet, "## 2. Verify the sysplex", "D TCPIP,TCPIP,NETSTAT,VDPT")
    assert "203.0.113.50 on SYSA: STATUS ACTIVE, DIST BOTH" in verify
    assert "203.0.113.50 on SYSB: STATUS BACKUP, RANK 100, DIST DEST" in verify
    assert "203.0.113.50 on SYSC: STATUS BACKUP, RANK 050, DIST DEST" in verify
    assert "DIST/DEST" not in verify
    assert not re.search(r"RANK \d{1,2}\b", verify)


def test_make_it_permanent_avoids_a_second_ipconfig_and_names_real_mechanisms():
    sheet = operator_sheet(load_record(EXAMPLE))
    permanent = _section(sheet, "## 3. Make it permanent", "## 4.")
    assert "started task run the OBEYFILE" not in permanent
    assert "INCLUDE" in permanent and "single IPCONFIG DYNAMICXCF" in permanent


def test_sheet_applies_backup_stacks_first_then_the_owner():
    record = load_record(EXAMPLE)
    sheet = operator_sheet(record)
    steps = [h for h in _sections(sheet) if h.startswith("### Step")]
    assert [h.split()[3] for h in steps] == ["SYSB", "SYSC", "SYSA"]
    obey = re.findall(r"^V TCPIP,TCPIP,OBEYFILE,DSN=SYS1\.TCPPARMS\((ZWEHAS.)\)$", sheet, re.M)
    assert obey == ["ZWEHASB", "ZWEHASC", "ZWEHASA"]
    # syntax check before each apply
    assert sheet.index("V TCPIP,TCPIP,SYNTAXCHECK,SYS1.TCPPARMS(ZWEHASB)") < sheet.index(
        "V TCPIP,TCPIP,OBEYFILE,DSN=SYS1.TCPPARMS(ZWEHASB)")


def test_sheet_verifying_displays_say_what_to_expect():
    sheet = operator_sheet(load_record(EXAMPLE))
    assert sheet.count("D TCPIP,TCPIP,NETSTAT,VIPADCFG") == 3
    assert "D TCPIP,TCPIP,NETSTAT,VDPT" in sheet and "D TCPIP,TCPIP,SYSPLEX,VIPADYN" in sheet
    assert "`Rank: 000100`" in sheet and "`Rank: 000050`" in sheet  # VIPABACKUP, six digits
    assert "SrvType: Backup  Rank: 050" in sheet  # VIPADISTRIBUTE backup, three digits
    assert "`IpAddr/PrefixLen: 203.0.113.50/24`" in sheet
    assert "`Dest: 203.0.113.50..7554`" in sheet and "`Dest: 203.0.113.50..443`" in sheet
    assert "203.0.113.50 on SYSA: STATUS ACTIVE, DIST BOTH" in sheet
    assert "203.0.113.50 on SYSB: STATUS BACKUP, RANK 100" in sheet
    assert "`Flg: Active` on DestXCF 198.51.100.11" in sheet


def test_sheet_roll_back_in_order_with_delete_statements():
    record = load_record(EXAMPLE)
    sheet = operator_sheet(record)
    rollback = sheet[sheet.index("## 4. Roll back"):]
    assert [h.split()[1] for h in _sections(rollback) if h.startswith("### ")] == ["SYSB", "SYSC", "SYSA"]
    for name in ("SYSA", "SYSB"):
        toks = tokens(rollback_text(record, name))
        assert toks[0] == "VIPADYNAMIC" and toks[-1] == "ENDVIPADYNAMIC"
        assert toks.count("VIPADISTRIBUTE") == 2 and toks.count("DELETE") == 2
        assert toks[-3:] == ["VIPADELETE", "203.0.113.50", "ENDVIPADYNAMIC"]
        for line in rollback_text(record, name).splitlines():
            assert len(line) <= 71


def test_sheet_placeholder_when_no_obeyfile_and_custom_proc():
    mapping = {
        "change": {"id": "P", "title": "placeholder <b>bold</b>"},
        "sysplex": {"name": "P", "systems": [{**s, "tcpip_proc": "TCPCS"} for s in systems(2)]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB"]}],
    }
    sheet = operator_sheet(build(mapping))
    assert "V TCPIP,TCPCS,OBEYFILE,DSN=<OBEYFILE data set for SYSB>" in sheet
    assert "D TCPIP,TCPCS,NETSTAT,VDPT" in sheet


def test_target_only_system_is_applied_early_and_not_rolled_back():
    mapping = {
        "change": {"id": "T", "title": "target only"},
        "sysplex": {"name": "P", "systems": systems(3)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB", "SYSC"], "distributor_backups": ["SYSB"]}],
    }
    record = build(mapping)
    assert apply_order(record) == ["SYSB", "SYSC", "SYSA"]
    assert rollback_text(record, "SYSC") == ""
    assert generate_json(record)["rollback_order"] == ["SYSB", "SYSA"]
