"""A z/OS system programmer's review of the generated profiles and the operator sheet.

Each test pins a statement the sheet or a profile comment makes to what the
reference says (zos-tcpip-and-sysplex.md), so a wording that would mislead
an operator at the console fails here.
"""

from __future__ import annotations

import re

from tests.conftest import EXAMPLE
from tests.helpers_generate import build, two_system_mapping
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.sheet import operator_sheet


def _comments(profile: str) -> str:
    return " ".join(line.strip().lstrip(";").strip() for line in profile.splitlines() if line.strip().startswith(";"))


def _section(sheet: str, start: str, end: str | None = None) -> str:
    text = sheet[sheet.index(start):]
    return text[: text.index(end)] if end and end in text else text


def test_vipadefine_comment_says_what_moveable_immediate_does_on_the_owner():
    # On VIPADEFINE, MOVEABLE IMMEDIATE governs the move back to the owner when it
    # asks for the DVIPA again; takeover after a failure needs no MOVEABLE at all.
    text = _comments(generate_profile(load_record(EXAMPLE), "SYSA"))
    assert "a backup may take it over at once" not in text
    assert "takes it back at once" in text


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


def test_lint_on_the_zowe_sample_suggests_a_statement_that_can_be_typed(tmp_path):
    # The Zowe page's sample has no VIPABACKUP; the suggested statement must be
    # complete (a rank, MOVEABLE IMMEDIATE, the mask, the DVIPA), not a template.
    from tests.helpers_generate import ADDR_A, ADDR_B, ADDR_V, PAGE_SAMPLE
    from zowe_ha_lib.tcpip.lint import lint
    from zowe_ha_lib.tcpip.parse import parse_profile

    sysa = tmp_path / "sysa.tcpip"
    sysa.write_text(PAGE_SAMPLE)
    sysb = tmp_path / "sysb.tcpip"
    sysb.write_text(f"IPCONFIG SYSPLEXROUTING DYNAMICXCF {ADDR_B} 255.255.255.0 1\n")
    result = lint([parse_profile(p.read_text(), str(p)) for p in (sysa, sysb)])
    finding = next(f for f in result.findings if f.rule == "dvipa-no-backup-stack")
    assert f"'VIPABACKUP 100 MOVEABLE IMMEDIATE 255.255.255.0 {ADDR_V}'" in finding.message
    assert ADDR_A not in finding.message


def test_lint_destip_not_dynamic_xcf_says_its_effect_is_unsure(tmp_path):
    from tests.helpers_generate import PAGE_SAMPLE
    from zowe_ha_lib.tcpip.lint import lint
    from zowe_ha_lib.tcpip.parse import parse_profile

    text = PAGE_SAMPLE.replace("198.51.100.2  BACKUP", "192.0.2.99  BACKUP")
    assert text != PAGE_SAMPLE
    sysa = tmp_path / "sysa.tcpip"
    sysa.write_text(text)
    sysb = tmp_path / "sysb.tcpip"
    sysb.write_text("IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.2 255.255.255.0 1\n")
    result = lint([parse_profile(p.read_text(), str(p)) for p in (sysa, sysb)])
    finding = next(f for f in result.findings if f.rule == "destip-not-dynamicxcf")
    assert "192.0.2.99" in finding.message and "UNSURE" in finding.message
