"""Operator sheet, zowe.yaml fragment, generate.json and the zowe-ha generate command."""

from __future__ import annotations

import json
import re

import yaml

from tests.conftest import EXAMPLE
from tests.helpers_generate import build, page_record, systems, tokens
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.outputs import generate_json, render_outputs
from zowe_ha_lib.tcpip.sheet import apply_order, operator_sheet, rollback_text, zowe_fragment_yaml


def _sections(sheet: str) -> list[str]:
    return [line for line in sheet.splitlines() if line.startswith("#")]


def test_render_outputs_names_every_file():
    record = load_record(EXAMPLE)
    assert sorted(render_outputs(record)) == sorted([
        "profiles/SYSA.tcpip", "profiles/SYSB.tcpip", "profiles/SYSC.tcpip",
        "operator-sheet.md", "zowe-fragment.yaml", "generate.json",
    ])


def test_render_outputs_is_deterministic():
    record = load_record(EXAMPLE)
    assert render_outputs(record) == render_outputs(record)


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


def test_zowe_fragment_parses_with_the_right_values():
    data = yaml.safe_load(zowe_fragment_yaml(load_record(EXAMPLE)))
    assert data["zowe"] == {"externalDomains": ["zowe.plex1.example.com"], "externalPort": 7554}
    assert data["zOSMF"] == {"host": "zowe.plex1.example.com", "port": 443}
    assert data["haInstances"] == {
        "sysa": {"hostname": "sysa.plex1.example.com", "sysname": "SYSA"},
        "sysb": {"hostname": "sysb.plex1.example.com", "sysname": "SYSB"},
        "sysc": {"hostname": "sysc.plex1.example.com", "sysname": "SYSC"},
    }


def test_zowe_fragment_agrees_with_the_example_zowe_yaml():
    """The example's hand-written zowe.yaml holds the same values the fragment proposes."""
    fragment = yaml.safe_load(zowe_fragment_yaml(load_record(EXAMPLE)))
    full = yaml.safe_load((EXAMPLE / "zowe.yaml").read_text())
    assert full["zowe"]["externalDomains"] == fragment["zowe"]["externalDomains"]
    assert full["zowe"]["externalPort"] == fragment["zowe"]["externalPort"]
    assert {k: full["zOSMF"][k] for k in ("host", "port")} == fragment["zOSMF"]
    for key, item in fragment["haInstances"].items():
        assert {k: full["haInstances"][key][k] for k in item} == item


def test_zowe_fragment_without_host_names_uses_the_dvipa_and_says_what_is_missing():
    mapping = {
        "change": {"id": "N", "title": "no names"},
        "sysplex": {"name": "P", "systems": [{"name": "SYSA", "dynamic_xcf": "198.51.100.1"},
                                              {"name": "SYSB", "dynamic_xcf": "198.51.100.2"}]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554, 7555],
                           "preferred": "SYSA", "backups": ["SYSB"]}],
    }
    text = zowe_fragment_yaml(build(mapping))
    data = yaml.safe_load(text)
    assert data["zowe"] == {"externalDomains": ["203.0.113.5"], "externalPort": 7554}
    assert data["haInstances"]["sysa"] == {"sysname": "SYSA"}
    assert "haInstances.sysa.hostname" in text and "first" in text
    assert "zOSMF" not in data


def test_generate_json_shape():
    data = generate_json(page_record())
    assert data["apply_order"] == ["SYSB", "SYSA"]
    assert data["distributions"][0]["targets"] == [
        {"system": "SYSA", "destip": "198.51.100.1", "role": "preferred", "rank": None},
        {"system": "SYSB", "destip": "198.51.100.2", "role": "backup", "rank": 50},
    ]
    assert data["systems"][1]["roles"] == [{"dvipa": "203.0.113.10", "role": "backup", "rank": 50}]
    assert data["systems"][0]["profile"] == generate_profile(page_record(), "SYSA")


# --------------------------------------------------------------------------- the command


def test_cli_system_prints_only_that_profile(capsys):
    assert main(["generate", str(EXAMPLE), "--system", "sysb"]) == 0
    out = capsys.readouterr().out
    assert out == generate_profile(load_record(EXAMPLE), "SYSB")


def test_cli_default_prints_every_system_with_a_header(capsys):
    assert main(["generate", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    for name in ("SYSA", "SYSB", "SYSC"):
        assert f"; ===== {name}: put these statements in SYS1.TCPPARMS(ZWEHAS{name[-1]}) =====" in out
    assert all(len(line) <= 71 for line in out.splitlines())


def test_cli_unknown_system_exits_2_listing_the_systems(capsys):
    assert main(["generate", str(EXAMPLE), "--system", "SYSZ"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "SYSA, SYSB, SYSC" in err[0] and "SYSZ" in err[0]


def test_cli_out_writes_exactly_render_outputs(tmp_path, capsys):
    out = tmp_path / "gen"
    assert main(["generate", str(EXAMPLE), "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    assert written == render_outputs(load_record(EXAMPLE))


def test_cli_out_with_bad_record_writes_nothing(tmp_path, example_copy, capsys):
    (example_copy / "change.yaml").write_text((example_copy / "change.yaml").read_text().replace("preferred: SYSA", "preferred: SYSQ", 1))
    out = tmp_path / "gen"
    assert main(["generate", str(example_copy), "--out", str(out)]) == 2
    assert not out.exists()
    assert "SYSQ" in capsys.readouterr().err


def test_cli_json_is_generate_json(capsys):
    assert main(["generate", str(EXAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == generate_json(load_record(EXAMPLE))
