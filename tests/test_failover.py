"""The hot-standby failover model: one scenario per rule, event parsing, the command."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from tests.support.records import build, systems
from zowe_ha_lib.cli import main
from zowe_ha_lib.record.load import dump_yaml, load_record
from zowe_ha_lib.tcpip.failover import (
    BackupStack,
    HotStandby,
    Target,
    from_lint,
    from_record,
    parse_event,
    run,
    simulate,
)


def model(autoswitchback: bool = True, healthswitch: bool = True, backups: int = 2) -> HotStandby:
    mapping = {
        "change": {"id": "F", "title": "failover"},
        "sysplex": {"name": "P", "systems": systems(backups + 1)},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.5", "ports": [7554],
                           "preferred": "SYSA", "backups": [f"SYS{chr(66 + i)}" for i in range(backups)],
                           "autoswitchback": autoswitchback, "healthswitch": healthswitch}],
    }
    record = build(mapping)
    return from_record(record, record.distributions[0])


def actives(m: HotStandby, *events: str) -> list[str | None]:
    return [e["active"] for e in run(m, list(events))["timeline"]]


def test_start_is_the_preferred_target():
    assert actives(model()) == ["SYSA"]


def test_preferred_down_goes_to_the_highest_ranked_backup():
    assert actives(model(), "SYSA:down") == ["SYSA", "SYSB"]
    assert actives(model(), "SYSA:down", "SYSB:down") == ["SYSA", "SYSB", "SYSC"]


def test_autoswitchback_returns_to_the_preferred():
    assert actives(model(), "SYSA:down", "SYSA:up") == ["SYSA", "SYSB", "SYSA"]


def test_autoswitchback_does_not_move_between_backups():
    """Only the preferred target pulls connections back; a returning higher backup does not."""
    assert actives(model(), "SYSA:down", "SYSB:down", "SYSB:up") == ["SYSA", "SYSB", "SYSC", "SYSC"]


def test_noautoswitchback_stays_on_the_active_target():
    timeline = run(model(autoswitchback=False), ["SYSA:down", "SYSA:up", "SYSB:down"])["timeline"]
    assert [e["active"] for e in timeline] == ["SYSA", "SYSB", "SYSB", "SYSA"]
    assert "NOAUTOSWITCHBACK" in timeline[2]["reason"]
    assert "first ready listener" in timeline[0]["reason"]


def test_healthswitch_leaves_an_unhealthy_active_target():
    timeline = run(model(), ["SYSA:unhealthy", "SYSA:healthy"])["timeline"]
    assert [e["active"] for e in timeline] == ["SYSA", "SYSB", "SYSA"]
    assert timeline[1]["reason"].startswith("HEALTHSWITCH")
    assert timeline[1]["states"] == {"SYSA": "unhealthy", "SYSB": "listening", "SYSC": "listening"}


def test_nohealthswitch_stays_on_an_unhealthy_target():
    timeline = run(model(healthswitch=False), ["SYSA:unhealthy", "SYSA:down"])["timeline"]
    assert [e["active"] for e in timeline] == ["SYSA", "SYSA", "SYSB"]
    assert "NOHEALTHSWITCH" in timeline[1]["reason"]


def test_healthswitch_skips_unhealthy_backups():
    assert actives(model(), "SYSB:unhealthy", "SYSA:down") == ["SYSA", "SYSA", "SYSC"]


def test_no_healthy_target_keeps_the_listening_one():
    assert actives(model(backups=1), "SYSA:unhealthy", "SYSB:unhealthy") == ["SYSA", "SYSB", "SYSB"]


def test_no_target_available_is_none_and_recovers():
    timeline = run(model(backups=1), ["SYSA:server-down", "SYSB:server-down", "SYSB:server-up"])["timeline"]
    assert [e["active"] for e in timeline] == ["SYSA", "SYSB", None, "SYSB"]
    assert [e["distributor"] for e in timeline] == ["SYSA"] * 4  # only servers stopped: the DVIPA stays on SYSA
    assert timeline[2]["reason"] == "no target is listening"


def test_up_resets_health():
    assert actives(model(backups=1), "SYSA:unhealthy", "SYSA:down", "SYSA:up") == ["SYSA", "SYSB", "SYSB", "SYSA"]


def test_equal_ranks_first_listed_wins():
    m = HotStandby("203.0.113.5", (7554,), (
        Target("198.51.100.1", "preferred", None),
        Target("198.51.100.3", "backup", 10),
        Target("198.51.100.2", "backup", 10),
        Target("198.51.100.4", "backup", 5),
    ), owner="198.51.100.9")
    assert actives(m, "198.51.100.1:down") == ["198.51.100.1", "198.51.100.3"]


def test_rank_order_not_list_order_decides():
    m = HotStandby("203.0.113.5", (7554,), (
        Target("198.51.100.1", "preferred", None),
        Target("198.51.100.2", "backup", 50),
        Target("198.51.100.3", "backup", 100),
    ), owner="198.51.100.9")
    # IBM's example: BACKUP 100 wins over BACKUP 50
    assert actives(m, "198.51.100.1:down") == ["198.51.100.1", "198.51.100.3"]


def test_events_by_destip_and_case():
    m = model()
    assert actives(m, "198.51.100.011:down", "sysa:UP") == ["SYSA", "SYSB", "SYSA"]
    assert run(m, ["198.51.100.11:down"])["timeline"][1]["event"] == "198.51.100.11:down"


def test_ipv6_destip_events():
    m = HotStandby("2001:db8:1::50", (7554,), (
        Target("2001:db8::11", "preferred", None), Target("2001:db8::12", "backup", 50)),
        owner="2001:db8::11", backup_stacks=(BackupStack("2001:db8::12", 100),))
    timeline = run(m, ["2001:db8::11:down"])["timeline"]
    assert [(e["distributor"], e["active"]) for e in timeline] == [("2001:db8::11",) * 2, ("2001:db8::12",) * 2]


@pytest.mark.parametrize(("text", "words"), [
    ("SYSA", "not TARGET:CHANGE"),
    ("SYSA:", "not TARGET:CHANGE"),
    (":down", "not TARGET:CHANGE"),
    ("SYSA:gone", "not one of"),
    ("SYSQ:down", "not a target"),
    ("198.51.100.99:down", "not a target"),
])
def test_bad_events_are_one_line_errors(text, words):
    with pytest.raises(ValueError, match=words) as info:
        parse_event(text, model())
    assert "\n" not in str(info.value)


def test_from_lint_uses_the_contract_shape():
    item = {"dvipa": "198.51.100.50", "ports": [7554], "method": "HOTSTANDBY", "autoswitchback": False,
            "healthswitch": True, "targets": [{"destip": "198.51.100.11", "role": "preferred", "rank": None},
                                              {"destip": "198.51.100.12", "role": "backup", "rank": 1}]}
    m = from_lint(item, {"198.51.100.12": "SYSB"})
    # without lint's ownership the preferred target's stack is taken as the owner
    assert m.owner == "198.51.100.11" and m.backup_stacks == ()
    assert actives(m, "198.51.100.11:server-down", "198.51.100.11:server-up") == ["198.51.100.11", "SYSB", "SYSB"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["SYSA", "SYSB", "SYSC", "SYSD"]),
                       st.sampled_from(["down", "up", "server-down", "server-up", "unhealthy", "healthy"])), max_size=25),
    st.booleans(), st.booleans(),
)
def test_model_invariants(events, autoswitchback, healthswitch):
    m = model(autoswitchback, healthswitch, backups=3)
    timeline = simulate(m, [parse_event(f"{t}:{c}", m) for t, c in events])
    assert len(timeline) == len(events) + 1
    for e in timeline:
        states, stacks = e["states"], e["stacks"]
        listening = [n for n, s in states.items() if s in ("listening", "unhealthy")]
        up = [n for n, s in stacks.items() if s == "up"]
        # every stack here distributes and can create the DVIPA: it is gone only when every stack is
        assert (e["distributor"] is None) == (not up)
        if e["distributor"]:
            assert stacks[e["distributor"]] == "up"
        if stacks["SYSA"] == "up":
            assert e["distributor"] == "SYSA", "MOVEABLE IMMEDIATE: the owner has the DVIPA whenever its stack is up"
        # an active target always listens; none only when nobody does or no stack has the DVIPA
        assert (e["active"] is None) == (not listening or e["distributor"] is None)
        if e["active"]:
            assert e["active"] in listening
        if healthswitch and e["active"] and states[e["active"]] == "unhealthy":
            assert all(states[n] != "listening" for n in states), "HEALTHSWITCH keeps no unhealthy target while a healthy one listens"
        if autoswitchback and (states["SYSA"] == "listening" or (not healthswitch and states["SYSA"] == "unhealthy")):
            assert e["active"] == "SYSA", "AUTOSWITCHBACK: the preferred target wins whenever it qualifies"


# --------------------------------------------------------------------------- the command


def test_cli_json_matches_the_contract(capsys):
    assert main(["failover", str(EXAMPLE), "--event", "SYSA:down", "--event", "SYSA:up", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [{k: e[k] for k in ("event", "active")} for e in data["timeline"]] == [
        {"event": "start", "active": "SYSA"}, {"event": "SYSA:down", "active": "SYSB"},
        {"event": "SYSA:up", "active": "SYSA"}]


def test_cli_text_table(capsys):
    assert main(["failover", str(EXAMPLE), "--event", "SYSA:down"]) == 0
    out = capsys.readouterr().out
    assert "zowe-gateway 203.0.113.50 port 7554" in out
    row = next(line for line in out.splitlines() if line.startswith("SYSA:down"))
    assert row.split()[:3] == ["SYSA:down", "SYSB", "SYSB"]
    assert "distributor stacks: SYSA owner (VIPADEFINE); SYSB VIPABACKUP rank 100; SYSC VIPABACKUP rank 50" in out
    assert "non-disruptive takeover" in out


def test_cli_port_chooses_the_zosmf_distribution(capsys):
    assert main(["failover", str(EXAMPLE), "--port", "443", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["distribution"]["name"] == "zosmf"


@pytest.mark.parametrize(("argv", "words"), [
    (["--dvipa", "203.0.113.50"], "ambiguous"),
    (["--dvipa", "203.0.113.99"], "no hot-standby distribution matches"),
    (["--dvipa", "not-an-ip"], "not an IPv4 address"),
    (["--event", "SYSQ:down"], "not a target"),
    (["--event", "SYSA-down"], "TARGET:CHANGE"),
])
def test_cli_bad_input_exits_2_with_one_line(capsys, argv, words):
    assert main(["failover", str(EXAMPLE), *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and words in err[0]


def test_cli_needs_a_record_or_profiles(capsys):
    assert main(["failover", "--event", "SYSA:down"]) == 2
    assert "either a change record" in capsys.readouterr().err


def test_cli_svg_written(tmp_path, capsys):
    out = tmp_path / "t.svg"
    assert main(["failover", str(EXAMPLE), "--event", "SYSA:down", "--svg", str(out)]) == 0
    assert out.read_text().startswith("<svg")


def test_record_without_gateway_and_one_distribution_needs_no_options(tmp_path, capsys):
    mapping = {
        "change": {"id": "O", "title": "one other distribution"},
        "sysplex": {"name": "P", "systems": systems(2)},
        "distributions": [{"name": "web", "dvipa": "203.0.113.5", "ports": [8443],
                           "preferred": "SYSB", "backups": ["SYSA"]}],
    }
    (tmp_path / "change.yaml").write_text(dump_yaml(mapping))
    assert main(["failover", str(tmp_path), "--event", "SYSB:down", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["distribution"]["name"] == "web"
    assert [e["active"] for e in data["timeline"]] == ["SYSB", "SYSA"]


def test_from_record_keeps_names():
    record = load_record(EXAMPLE)
    m = from_record(record, record.distributions[1])
    assert m.name == "zosmf" and [t.name for t in m.preference] == ["SYSA", "SYSB", "SYSC"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_event_any_text_is_an_event_or_a_value_error(text):
    m = model()
    try:
        event = parse_event(text, m)
    except ValueError as exc:
        assert "\n" not in str(exc)
    else:
        assert event.change in ("down", "up", "unhealthy", "healthy")
        assert event.target in m.targets
