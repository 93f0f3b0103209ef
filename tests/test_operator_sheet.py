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


def test_apply_order_reason_is_ibms_moveable_backup_activation():
    # IBM: a VIPABACKUP with MOVEABLE and a mask activates the DVIPA when no stack has it;
    # so the owner goes first and the backups find the DVIPA active (changed by design: owner first)
    sheet = operator_sheet(load_record(EXAMPLE))
    first = next(line for line in sheet.splitlines() if line.startswith("Apply in this order"))
    assert first.startswith("Apply in this order: SYSA, SYSB, SYSC.")
    assert "activates the DVIPA when no stack has it active" in first and "takeback" in first


def test_no_backup_stack_means_no_backup_step_words():
    mapping = two_system_mapping()
    mapping["distributions"][0]["distributor_backups"] = []
    sheet = operator_sheet(build(mapping))
    assert "becomes a backup" not in sheet and "takeback:" not in sheet
    assert "STATUS BACKUP" not in sheet


def test_every_apply_step_checks_dynamic_xcf_before_the_obeyfile():
    record = load_record(EXAMPLE)
    sheet = operator_sheet(record)
    intro = _section(sheet, "Apply in this order", "## 1. Apply")
    note = next(p for p in intro.split("\n\n") if p.startswith("Each data set starts with IPCONFIG"))
    # never advise deleting SYSPLEXROUTING along with DYNAMICXCF (changed by design)
    assert "UNSURE" in note and "'IPCONFIG SYSPLEXROUTING'" in note and "keep SYSPLEXROUTING" in note
    assert "delete the IPCONFIG line" not in sheet
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


def test_sheet_applies_the_owner_first_then_the_backups_by_rank():
    record = load_record(EXAMPLE)
    sheet = operator_sheet(record)
    steps = [h for h in _sections(sheet) if h.startswith("### Step")]
    assert [h.split()[3] for h in steps] == ["SYSA", "SYSB", "SYSC"]
    obey = re.findall(r"^V TCPIP,TCPIP,OBEYFILE,DSN=SYS1\.TCPPARMS\((ZWEHAS.)\)$", sheet, re.M)
    assert obey == ["ZWEHASA", "ZWEHASB", "ZWEHASC"]
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
    assert [h.split()[1] for h in _sections(rollback) if h.startswith("### ")] == ["SYSC", "SYSB", "SYSA"]
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
    assert apply_order(record) == ["SYSC", "SYSA", "SYSB"]
    assert rollback_text(record, "SYSC") == ""
    assert generate_json(record)["rollback_order"] == ["SYSB", "SYSA"]


def _steps(sheet: str) -> list[str]:
    return _section(sheet, "## 1. Apply", "## 2.").split("### Step")[1:]


def test_between_every_two_steps_a_display_proves_the_state():
    record = load_record(EXAMPLE)
    steps = _steps(operator_sheet(record))
    assert len(steps) == 3
    for step in steps:
        proof = step[step.index("Before the next step"):]
        assert "D TCPIP,TCPIP,SYSPLEX,VIPADYN" in proof
    assert "203.0.113.50 on SYSA: STATUS ACTIVE, DIST BOTH" in steps[0] and "STATUS BACKUP" not in steps[0]
    assert steps[1].count("STATUS BACKUP") == 1 and "on SYSB: STATUS BACKUP, RANK 100" in steps[1]
    last = steps[2][steps[2].index("Before the next step"):]
    assert "on SYSB: STATUS BACKUP, RANK 100" in last and "on SYSC: STATUS BACKUP, RANK 050" in last


def test_a_target_only_step_proves_dynamic_xcf():
    mapping = {
        "change": {"id": "T", "title": "target only"},
        "sysplex": {"name": "P", "systems": systems(3)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSA", "backups": ["SYSB", "SYSC"], "distributor_backups": ["SYSB"]}],
    }
    first = _steps(operator_sheet(build(mapping)))[0]
    assert first.startswith(" 1: SYSC (target only")
    assert "D TCPIP,TCPIP,NETSTAT,HOME" in first and "`198.51.100.13` in the home list" in first


def test_crossed_owners_show_the_activation_and_the_takeback():
    # SYSA owns .5 and backs up .6; SYSB owns .6 and backs up .5: SYSA's step activates .6 (no stack has it),
    # SYSB's step takes .6 back.
    mapping = {
        "change": {"id": "X", "title": "crossed"},
        "sysplex": {"name": "P", "systems": systems(2)},
        "distributions": [
            {"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554], "preferred": "SYSA", "backups": ["SYSB"]},
            {"name": "zosmf", "dvipa": "203.0.113.6", "ports": [443], "preferred": "SYSB", "backups": ["SYSA"]}],
    }
    sheet = operator_sheet(build(mapping))
    one, two = _steps(sheet)
    assert "SYSA activates 203.0.113.6 itself" in one and "203.0.113.6 on SYSA: STATUS ACTIVE" in one
    assert "takeback: SYSB's VIPADEFINE MOVEABLE IMMEDIATE takes 203.0.113.6 back from SYSA" in two
    proof = two[two.index("Before the next step"):]
    assert "203.0.113.6 on SYSB: STATUS ACTIVE" in proof and "203.0.113.6 on SYSA: STATUS BACKUP, RANK" in proof
    assert "203.0.113.5 on SYSB: STATUS BACKUP, RANK" in proof


def test_sheet_adds_hardening_and_reachability_from_ibms_text():
    sheet = operator_sheet(load_record(EXAMPLE))
    extra = _section(sheet, "## 5. Optional hardening and reachability")
    assert "GLOBALCONFIG SYSPLEXMONITOR DELAYJOIN RECOVERY" in extra
    assert "OMPROUTE" in extra and "OSPF" in extra and "OSA" in extra and "router ID" in extra
    assert "inside the dynamic XCF subnet (mask" not in extra  # CHG0001's DVIPA is outside it


def test_sheet_names_a_dvipa_inside_the_dynamic_xcf_subnet():
    mapping = two_system_mapping()
    mapping["distributions"][0]["dvipa"] = "198.51.100.50"
    extra = _section(operator_sheet(build(mapping)), "## 5.")
    assert "198.51.100.50 is inside the dynamic XCF subnet" in extra


def test_sheet_comes_from_the_shipped_template(monkeypatch, tmp_path):
    from zowe_ha_lib import resources
    from zowe_ha_lib.tcpip import sheet as sheet_module

    assert (resources.sheet_templates_dir() / "operator-sheet.md.j2").is_file()
    text = operator_sheet(load_record(EXAMPLE))
    assert "{{" not in text and "{%" not in text and not any(line != line.rstrip() for line in text.splitlines())
    (tmp_path / "operator-sheet.md.j2").write_text("{{ change_id }}: {{ order | join(' > ') }}\n")
    monkeypatch.setattr(sheet_module, "sheet_templates_dir", lambda: tmp_path)
    monkeypatch.setattr(sheet_module, "_ENV", None)
    assert operator_sheet(load_record(EXAMPLE)) == "CHG0001: SYSA > SYSB > SYSC\n"


def test_validate_warns_about_a_dvipa_inside_the_dynamic_xcf_subnet(tmp_path, capsys):
    from zowe_ha_lib.cli import main
    from zowe_ha_lib.record.load import dump_yaml

    mapping = two_system_mapping()
    (tmp_path / "change.yaml").write_text(dump_yaml(mapping))
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
    mapping["distributions"][0]["dvipa"] = "198.51.100.50"
    (tmp_path / "change.yaml").write_text(dump_yaml(mapping))
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr()
    [line] = out.err.strip().splitlines()
    assert "distributions[0].dvipa" in line and "warning: DVIPA 198.51.100.50 is inside the dynamic XCF subnet" in line
    assert ":9: distributions[0].dvipa: warning:" in line and "change.yaml" in line and "valid" in out.out
