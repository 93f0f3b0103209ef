"""The failover model knows the distributor: takeover, takeback, inheritance, server-only failures."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import EXAMPLE
from tests.support.records import build, systems
from zowe_ha_lib.cli import main
from zowe_ha_lib.tcpip.failover import from_lint, from_record, run


def record_model(n: int, autoswitchback: bool = True, **dist):
    names = [f"SYS{chr(65 + i)}" for i in range(n)]
    mapping = {
        "change": {"id": "D", "title": "distributor"},
        "sysplex": {"name": "P", "systems": systems(n)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554], "preferred": "SYSA",
                           "backups": names[1:], "autoswitchback": autoswitchback, **dist}],
    }
    record = build(mapping)
    return from_record(record, record.distributions[0])


def steps(model, *events):
    return [(e["distributor"], e["active"]) for e in run(model, list(events))["timeline"]]


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("autoswitchback", [True, False])
def test_takeover_and_takeback_of_the_distributor(n, autoswitchback):
    back = "SYSA" if autoswitchback else "SYSB"
    assert steps(record_model(n, autoswitchback), "SYSA:down", "SYSA:up") == [
        ("SYSA", "SYSA"),  # the owner distributes, the preferred target is active
        ("SYSB", "SYSB"),  # the whole system: the rank-1 VIPABACKUP stack takes the DVIPA over, its server the connections
        ("SYSA", back),    # MOVEABLE IMMEDIATE takes the DVIPA back; AUTOSWITCHBACK decides the target
    ]


@pytest.mark.parametrize("n", [2, 3, 4])
@pytest.mark.parametrize("autoswitchback", [True, False])
def test_server_only_failures_leave_the_distributor_alone(n, autoswitchback):
    back = "SYSA" if autoswitchback else "SYSB"
    assert steps(record_model(n, autoswitchback), "SYSA:server-down", "SYSA:server-up") == [
        ("SYSA", "SYSA"), ("SYSA", "SYSB"), ("SYSA", back)]


@pytest.mark.parametrize("n", [2, 3, 4])
def test_losing_the_distributor_and_its_first_backup(n):
    got = steps(record_model(n), "SYSA:down", "SYSB:down", "SYSB:up")
    if n == 2:
        # no stack left: the DVIPA is gone; SYSB comes back and creates it (MOVEABLE IMMEDIATE and a mask)
        assert got == [("SYSA", "SYSA"), ("SYSB", "SYSB"), (None, None), ("SYSB", "SYSB")]
    else:
        # the next VIPABACKUP by rank takes over; a returning backup stack does not take the DVIPA back
        assert got == [("SYSA", "SYSA"), ("SYSB", "SYSB"), ("SYSC", "SYSC"), ("SYSC", "SYSC")]


def test_four_systems_down_one_by_one_follow_the_ranks():
    assert steps(record_model(4), "SYSA:down", "SYSB:down", "SYSC:down", "SYSD:down") == [
        ("SYSA", "SYSA"), ("SYSB", "SYSB"), ("SYSC", "SYSC"), ("SYSD", "SYSD"), (None, None)]


def test_a_distributor_that_is_not_the_preferred_target():
    model = record_model(3, distributor="SYSC", distributor_backups=["SYSB"])
    timeline = run(model, ["SYSC:down", "SYSC:up"])["timeline"]
    assert [(e["distributor"], e["active"]) for e in timeline] == [("SYSC", "SYSA"), ("SYSB", "SYSA"), ("SYSC", "SYSA")]
    lost = timeline[1]["connections"]
    assert "kept" in lost and "non-disruptive takeover" in lost and "lost" not in lost.split(";")[0]
    assert timeline[2]["distributor_reason"].startswith("takeback")


def test_connections_prose_names_what_is_lost_and_what_is_kept():
    timeline = run(record_model(3), ["SYSA:down", "SYSB:server-down", "SYSB:unhealthy"])["timeline"]
    assert "connections to SYSA's server are lost" in timeline[1]["connections"]
    assert "non-disruptive takeover" in timeline[1]["connections"]
    assert "connections to SYSB's server are lost" in timeline[2]["connections"]
    assert "takeover" not in timeline[2]["connections"]  # only the server stopped: SYSB still distributes
    assert timeline[2]["distributor"] == "SYSB" and timeline[2]["states"]["SYSB"] == "stopped"


def test_a_backup_stack_without_vipadistribute_inherits_but_creates_undistributed():
    item = {"dvipa": "203.0.113.5", "ports": [7554], "method": "HOTSTANDBY", "autoswitchback": True, "healthswitch": True,
            "targets": [{"destip": "198.51.100.11", "role": "preferred", "rank": None},
                        {"destip": "198.51.100.12", "role": "backup", "rank": 1}]}
    ownership = {"owner": "198.51.100.11", "owner_moveable": "IMMEDIATE",
                 "backups": [{"stack": "198.51.100.12", "rank": 100, "distributes": False, "creates": True}]}
    names = {"198.51.100.11": "SYSA", "198.51.100.12": "SYSB"}
    timeline = run(from_lint(item, names, ownership), ["SYSA:down", "SYSB:down", "SYSB:up", "SYSA:up"])["timeline"]
    assert [(e["distributor"], e["active"]) for e in timeline] == [
        ("SYSA", "SYSA"), ("SYSB", "SYSB"), (None, None), ("SYSB", "SYSB"), ("SYSA", "SYSA")]
    assert "inherits from SYSA" in timeline[1]["distributor_reason"]
    assert "nothing to inherit" in timeline[3]["distributor_reason"] and "not distributed" in timeline[3]["reason"]


def test_whenidle_owner_does_not_take_the_dvipa_back():
    item = {"dvipa": "203.0.113.5", "ports": [7554], "targets": [
        {"destip": "198.51.100.11", "role": "preferred", "rank": None}, {"destip": "198.51.100.12", "role": "backup", "rank": 1}]}
    ownership = {"owner": "198.51.100.11", "owner_moveable": "WHENIDLE",
                 "backups": [{"stack": "198.51.100.12", "rank": 1, "distributes": True, "creates": True}]}
    timeline = run(from_lint(item, None, ownership), ["198.51.100.11:down", "198.51.100.11:up"])["timeline"]
    assert [e["distributor"] for e in timeline] == ["198.51.100.11", "198.51.100.12", "198.51.100.12"]
    assert "WHENIDLE" in timeline[2]["distributor_reason"]


def test_events_name_stacks_that_are_not_targets():
    item = {"dvipa": "203.0.113.5", "ports": [7554], "targets": [
        {"destip": "198.51.100.11", "role": "preferred", "rank": None}, {"destip": "198.51.100.12", "role": "backup", "rank": 1}]}
    ownership = {"owner": "198.51.100.30", "backups": [{"stack": "198.51.100.31", "rank": 5}]}
    timeline = run(from_lint(item, None, ownership), ["198.51.100.30:down"])["timeline"]
    assert [(e["distributor"], e["active"]) for e in timeline] == [("198.51.100.30", "198.51.100.11"), ("198.51.100.31", "198.51.100.11")]
    assert timeline[1]["event"] == "198.51.100.30:down"


def test_cli_json_matches_the_contract_shape(capsys):
    argv = ["failover", str(EXAMPLE), "--event", "SYSA:down", "--event", "SYSA:up", "--event", "SYSA:server-down", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert [{k: e[k] for k in ("event", "distributor", "active")} for e in data["timeline"]] == [
        {"event": "start", "distributor": "SYSA", "active": "SYSA"},
        {"event": "SYSA:down", "distributor": "SYSB", "active": "SYSB"},
        {"event": "SYSA:up", "distributor": "SYSA", "active": "SYSA"},
        {"event": "SYSA:server-down", "distributor": "SYSA", "active": "SYSB"},
    ]
    assert data["distribution"]["distributor"] == "SYSA"
    assert [(b["name"], b["rank"]) for b in data["distribution"]["distributor_backups"]] == [("SYSB", 100), ("SYSC", 50)]


def test_cli_text_shows_the_distributor_and_the_connections(capsys):
    assert main(["failover", str(EXAMPLE), "--event", "SYSA:server-down"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("event"))
    assert header.split()[:3] == ["event", "distributor", "active"]
    assert "connections: connections to SYSA's server are lost" in out
