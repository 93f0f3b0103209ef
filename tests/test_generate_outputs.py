"""The zowe.yaml fragment, generate.json and the zowe-ha generate command (the operator sheet: test_operator_sheet.py)."""

from __future__ import annotations

import json

import yaml

from tests.support.paths import EXAMPLE
from tests.support.records import build, page_record
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.outputs import generate_json, render_outputs
from zowe_ha_lib.tcpip.sheet import zowe_fragment_yaml


def test_render_outputs_names_every_file():
    record = load_record(EXAMPLE)
    assert sorted(render_outputs(record)) == sorted([
        "profiles/SYSA.tcpip", "profiles/SYSB.tcpip", "profiles/SYSC.tcpip",
        "operator-sheet.md", "zowe-fragment.yaml", "generate.json",
    ])


def test_render_outputs_is_deterministic():
    record = load_record(EXAMPLE)
    assert render_outputs(record) == render_outputs(record)


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
    assert data["apply_order"] == ["SYSA", "SYSB"]
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
