"""``zowe-ha drill`` without --execute: the plan a system programmer reads, and nothing issued or written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.cli import zowe_ha
from tests.support.paths import EXAMPLE, FAULTY, ROOT, copy_record
from zowe_ha_lib.drill import plan as planning
from zowe_ha_lib.record.load import load_record

SINGLE = ROOT / "runbooks" / "CHG0003"
SCENARIOS = ("distributor-takeover", "target-switch", "backup-target-fails")


@pytest.mark.parametrize("record", [EXAMPLE, FAULTY, SINGLE], ids=lambda p: p.name)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_example_has_a_plan_for_every_scenario_and_nothing_is_written(capsys, record: Path, scenario: str) -> None:
    before = sorted(p.relative_to(record) for p in record.rglob("*"))
    answer = zowe_ha(capsys, "drill", record, "--scenario", scenario)
    assert answer.code == 0, answer.err
    text = answer.out
    assert text.startswith(f"Failover drill '{scenario}' for {record.name} on sysplex PLEX1")
    assert "Restore (always runs" in text and "must show:" in text and "source:" in text
    assert sorted(p.relative_to(record) for p in record.rglob("*")) == before  # a plan writes nothing


def test_the_takeover_plan_names_the_vary_commands_the_backup_stack_and_the_restore(capsys) -> None:
    doc = json.loads(zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "distributor-takeover", "--json").out)
    (step,) = doc["steps"]
    assert step["system"] == "SYSA" and step["command"] == "VARY TCPIP,TCPIP,SYSPLEX,DEACTIVATE,DVIPA=203.0.113.50"
    assert step["event"] == "SYSA:deactivate"
    assert step["expect"]["distributor"] == "SYSB"  # the highest-ranked VIPABACKUP stack
    keys = [d["key"] for d in step["displays"]]
    assert keys == ["sysplex-vipadyn", "vdpt", "vcrt"]
    assert "SYSB ACTIVE with DIST or BOTH" in step["displays"][0]["must_show"]
    (restore,) = doc["restore"]
    assert restore["command"] == "VARY TCPIP,TCPIP,SYSPLEX,REACTIVATE,DVIPA=203.0.113.50" and restore["system"] == "SYSA"
    assert restore["expect"] == {"distributor": "SYSA", "active": "SYSA", "why": restore["expect"]["why"]}
    assert any("UNSURE" in n for n in doc["notes"])
    assert "DVIPA 203.0.113.50 also carries zosmf: the takeover moves their distribution too." in doc["notes"]


def test_target_switch_stops_the_gateway_component_or_the_single_service_api_ml_or_zosmf(capsys) -> None:
    gateway = json.loads(zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "target-switch", "--json").out)
    assert gateway["steps"][0]["command"] == "F ZWE1SV,APPL=STOP(gateway)"
    assert gateway["steps"][0]["expect"]["active"] == "SYSB"
    assert gateway["restore"][0]["command"] == "F ZWE1SV,APPL=START(gateway)"
    single = json.loads(zowe_ha(capsys, "drill", SINGLE, "--scenario", "target-switch", "--json").out)
    assert single["steps"][0]["command"] == "F ZWE1SV,APPL=STOP(apiml)"
    zosmf = json.loads(zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "target-switch", "--port", "443", "--json").out)
    assert zosmf["steps"][0]["command"] == "P IZUSVRA"  # SERVER_PROC of SYSA's IZUPRMxx in the evidence
    assert zosmf["restore"][0]["command"] == "S IZUSVRA"
    given = json.loads(zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "target-switch", "--stop-command", "P ZWEGW",
                               "--start-command", "S ZWEGW", "--json").out)
    assert given["steps"][0]["command"] == "P ZWEGW" and given["restore"][0]["command"] == "S ZWEGW"


def _noautoswitchback(tmp_path: Path) -> Path:
    copy = copy_record(EXAMPLE, tmp_path / "CHG0001")
    path = copy / "change.yaml"
    text = path.read_text(encoding="utf-8")
    assert "autoswitchback: true" in text
    path.write_text(text.replace("autoswitchback: true", "autoswitchback: false"), encoding="utf-8")
    return copy


def test_backup_target_fails_follows_autoswitchback_and_noautoswitchback(capsys, tmp_path: Path) -> None:
    auto = json.loads(zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "backup-target-fails", "--json").out)
    assert [s["expect"]["active"] for s in auto["steps"]] == ["SYSB", "SYSA", "SYSA"]
    record = _noautoswitchback(tmp_path)
    stay = json.loads(zowe_ha(capsys, "drill", record, "--scenario", "backup-target-fails-noautoswitchback", "--json").out)
    assert stay["scenario"] == "backup-target-fails"
    # NOAUTOSWITCHBACK: new connections stay on SYSB when SYSA returns, and go back only when SYSB fails
    assert [s["expect"]["active"] for s in stay["steps"]] == ["SYSB", "SYSB", "SYSA"]
    assert [s["command"] for s in stay["steps"]] == ["F ZWE1SV,APPL=STOP(gateway)", "F ZWE1SV,APPL=START(gateway)",
                                                     "F ZWE1SV,APPL=STOP(gateway)"]
    assert [s["system"] for s in stay["steps"]] == ["SYSA", "SYSA", "SYSB"]
    assert stay["steps"][1]["undoes"] == "1"
    assert [(r["system"], r["command"]) for r in stay["restore"]] == [("SYSB", "F ZWE1SV,APPL=START(gateway)")]


def test_the_restore_undoes_what_is_still_changed_newest_first() -> None:
    plan = planning.build(load_record(EXAMPLE), "backup-target-fails")
    assert [c.text for c in plan.restore_commands(["1"])] == ["F ZWE1SV,APPL=START(gateway)"]
    assert [c.system for c in plan.restore_commands(["1"])] == ["SYSA"]
    assert plan.restore_commands(["1", "2"]) == []  # step 2 undid step 1
    assert [c.system for c in plan.restore_commands(["1", "2", "3"])] == ["SYSB"]
    assert plan.state_after(["1", "2", "3", "R1"]) == ("SYSA", "SYSA")


@pytest.mark.parametrize(("argv", "option"), [
    (["--scenario", "nope"], "--scenario"),
    (["--scenario", "target-switch", "--zosmf", "https://sysb.example.com"], "--zosmf"),
    (["--scenario", "target-switch", "--yes"], "--yes"),
    (["--scenario", "target-switch", "--stop-command", "P X"], None),
    (["--scenario", "target-switch", "--port", "9999"], "--dvipa/--port"),
    (["--scenario", "target-switch", "--probe-interval", "0.3"], "--probe-interval"),
])
def test_bad_drill_options_are_one_line_and_exit_2(capsys, argv: list[str], option: str | None) -> None:
    answer = zowe_ha(capsys, "drill", EXAMPLE, *argv)
    assert answer.code == 2, answer
    lines = answer.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in answer.err
    assert lines[0].startswith("zowe-ha drill: ")
    if option:
        assert lines[0].startswith(f"zowe-ha drill: {option}: ")


def test_the_plan_text_names_every_command_once_per_use(capsys) -> None:
    text = zowe_ha(capsys, "drill", EXAMPLE, "--scenario", "backup-target-fails").out
    assert re.findall(r"^Step (\S+):", text, re.M) == ["1", "2", "3", "R1"]
    assert "undone by:  F ZWE1SV,APPL=START(gateway)  (on SYSA)" in text
