"""Generated profiles read back by the parser and lint: clean, and the failover model agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import EXAMPLE, FAULTY, PROFILES
from tests.support.records import page_record
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip.failover import from_lint, from_record, run
from zowe_ha_lib.tcpip.generate import generate_profile
from zowe_ha_lib.tcpip.lint import lint
from zowe_ha_lib.tcpip.outputs import render_outputs
from zowe_ha_lib.tcpip.parse import parse_profile


def _write_profiles(record, folder: Path) -> list[str]:
    paths = []
    for rel, text in render_outputs(record).items():
        if rel.startswith("profiles/"):
            path = folder / rel.split("/")[1]
            path.write_text(text)
            paths.append(str(path))
    return paths


@pytest.mark.parametrize("example", [EXAMPLE, FAULTY], ids=["CHG0001", "CHG0002"])
def test_generated_profiles_lint_clean_together_and_one_by_one(example):
    record = load_record(example)
    profiles = [parse_profile(generate_profile(record, n), f"{n}.tcpip") for n in record.sysplex.system_names]
    together = lint(profiles, record)
    assert [f for f in together.findings if f.severity != "info"] == []
    for profile in profiles:
        alone = lint([profile])
        assert [f for f in alone.findings if f.severity in ("error", "warning")] == []


def test_lint_model_and_record_model_give_the_same_timeline():
    record = load_record(EXAMPLE)
    profiles = [parse_profile(generate_profile(record, n), f"{n}.tcpip") for n in record.sysplex.system_names]
    names = {s.dynamic_xcf: s.name for s in record.sysplex.systems}
    events = ["SYSA:down", "SYSB:unhealthy", "SYSA:up", "SYSA:down", "SYSC:down"]
    result = lint(profiles)
    for dist in record.distributions:
        item = next(d for d in result.distributions if d["ports"] == list(dist.ports))
        from_profiles = run(from_lint(item, names, result.ownership[item["dvipa"]]), events)["timeline"]
        from_rec = run(from_record(record, dist), events)["timeline"]
        assert [(e["distributor"], e["active"]) for e in from_profiles] == [(e["distributor"], e["active"]) for e in from_rec]
        assert from_rec[1]["distributor"] == "SYSB"  # SYSA's stack went down: the rank-100 VIPABACKUP took over


def test_cli_profile_mode(tmp_path, capsys):
    paths = _write_profiles(page_record(autoswitchback=False), tmp_path)
    argv = ["failover", "--profile", *paths, "--event", "198.51.100.1:down", "--event", "198.51.100.1:up", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    # the owner's system goes down: SYSB's stack takes the DVIPA over and its server the connections;
    # SYSA returns: MOVEABLE IMMEDIATE takes the DVIPA back, NOAUTOSWITCHBACK keeps the target on SYSB
    assert [(e["distributor"], e["active"]) for e in data["timeline"]] == [
        ("198.51.100.1", "198.51.100.1"), ("198.51.100.2", "198.51.100.2"), ("198.51.100.1", "198.51.100.2")]
    assert data["distribution"]["autoswitchback"] is False
    assert data["distribution"]["distributor"] == "198.51.100.1"
    assert data["distribution"]["distributor_backups"][0]["name"] == "198.51.100.2"


def test_cli_profile_mode_ambiguous_names_the_choices(tmp_path, capsys):
    paths = _write_profiles(load_record(EXAMPLE), tmp_path)
    assert main(["failover", "--profile", *paths, "--event", "198.51.100.11:down"]) == 2
    err = capsys.readouterr().err
    assert "port 7554" in err and "port 443" in err
    assert main(["failover", "--profile", *paths, "--port", "443", "--event", "198.51.100.11:down"]) == 0


@pytest.mark.parametrize("text", ["", "IPCONFIG DYNAMICXCF 198.51.100.1 255.255.255.0 1\n"])
def test_cli_profile_without_hot_standby_exits_2(tmp_path, capsys, text):
    path = tmp_path / "p.tcpip"
    path.write_text(text)
    assert main(["failover", "--profile", str(path)]) == 2
    assert "HOTSTANDBY" in capsys.readouterr().err


def test_cli_names_an_unranked_backup_in_words(capsys):
    """The Zowe sample codes BACKUP without a rank: say so instead of printing 'rank None'."""
    fixtures = PROFILES
    argv = ["failover", "--profile", str(fixtures / "zowe-sample-sysa.tcpip"), str(fixtures / "zowe-sample-sysb.tcpip"),
            "--event", "198.51.100.11:down"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "198.51.100.12 backup (no rank coded)" in out and "None" not in out
