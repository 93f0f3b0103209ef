"""The drill's small parts: the probe target, reply judging, outage arithmetic, the record folders, display reading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from zowe_ha_lib.drill import store
from zowe_ha_lib.drill.execute import rejected
from zowe_ha_lib.drill.observe import ObservationError, displays_in, distributor_of, targets_of
from zowe_ha_lib.drill.picture import reachability_svg, runs
from zowe_ha_lib.drill.probe import Sample, check_health_url, longest_outage, parse_target
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.tcpip import failover
from zowe_ha_lib.util.errors import InputError

SYSTEMS = ("SYSA", "SYSB", "SYSC")


# --------------------------------------------------------------------------- the probe target


@pytest.mark.parametrize(("text", "expected"), [
    ("203.0.113.50:7554", ("203.0.113.50", 7554)),
    ("zowe.plex1.example.com:443", ("zowe.plex1.example.com", 443)),
    ("[2001:db8::50]:7554", ("2001:db8::50", 7554)),
])
def test_probe_targets_parse(text: str, expected: tuple[str, int]) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["203.0.113.50", "host:", ":7554", "host:0", "host:65536", "host:http", "[::1]7554", ""])
def test_bad_probe_targets_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="expected HOST:PORT"):
        parse_target(text)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_probe_target_text_parses_or_is_a_value_error(text: str) -> None:
    try:
        host, port = parse_target(text)
    except ValueError:
        return
    assert host and 1 <= port <= 65535


@pytest.mark.parametrize("url", ["http://zowe.example.com/health", "https://user:pw@zowe.example.com/", "zowe.example.com"])
def test_health_urls_must_be_https_without_credentials(url: str) -> None:
    with pytest.raises(ValueError):
        check_health_url(url)


# --------------------------------------------------------------------------- replies


@pytest.mark.parametrize("reply", [
    "IEE305I VARY     COMMAND INVALID",
    "IEE345I F        AUTHORITY INVALID, FAILED BY SECURITY PRODUCT",
    "EZZ0060I PROCESSING COMMAND: VARY TCPIP,,SYSPLEX,DEACTIVATE,DVIPA=203.0.113.99\rEZD1199I COMMAND FAILED",
    " 13.45.01 IEE342I MODIFY   REJECTED-TASK BUSY",
])
def test_replies_that_refuse_the_command_are_rejections(reply: str) -> None:
    assert rejected(reply)


@pytest.mark.parametrize("reply", [
    "EZZ0060I PROCESSING COMMAND: VARY TCPIP,TCPIP,SYSPLEX,DEACTIVATE,DVIPA=203.0.113.50\r"
    "EZZ0053I COMMAND VARY SYSPLEX COMPLETED SUCCESSFULLY",
    "ZWEL0002I component gateway stopped",
    "",
])
def test_other_replies_are_judged_by_the_displays(reply: str) -> None:
    assert rejected(reply) is None


# --------------------------------------------------------------------------- outage


def _samples(pattern: str, step: float = 0.1) -> list[Sample]:
    return [Sample("", i * step, "tcp", c == "+", 1.0) for i, c in enumerate(pattern)]


@pytest.mark.parametrize(("pattern", "seconds", "failed", "ended"), [
    ("++++", 0.0, 0, True),
    ("++--+++", 0.2, 2, True),
    ("+-++---+", 0.3, 3, True),  # the longest run wins
    ("++---", 0.2, 3, False),  # never came back: up to the last sample
    ("-+", 0.1, 1, True),
])
def test_the_outage_is_the_longest_run_of_failed_samples(pattern: str, seconds: float, failed: int, ended: bool) -> None:
    outage = longest_outage(_samples(pattern))
    assert outage.seconds == pytest.approx(seconds) and outage.samples == failed
    assert outage.ended is ended


@given(st.lists(st.booleans(), max_size=80))
def test_the_outage_covers_the_longest_failed_run(results: list[bool]) -> None:
    samples = [Sample("", i * 0.2, "tcp", ok, 1.0) for i, ok in enumerate(results)]
    outage = longest_outage(samples)
    longest, run = 0, 0
    for ok in results:
        run = 0 if ok else run + 1
        longest = max(longest, run)
    assert outage.samples == longest
    assert outage.seconds <= 0.2 * len(results) + 1e-9


def test_the_picture_draws_runs_and_steps() -> None:
    series = [{"t": i * 0.1, "kind": "tcp", "ok": i not in (3, 4)} for i in range(10)]
    assert [(ok, round(a, 1), round(b, 1)) for ok, a, b in runs(series)] == [(True, 0.0, 0.3), (False, 0.3, 0.5),
                                                                              (True, 0.5, 0.9)]
    svg = reachability_svg(series, [{"t": 0.25, "label": "step 1: <VARY>"}], "CHG0001 & drill", "Longest outage 0.2 s.")
    assert "&lt;VARY&gt;" in svg and "CHG0001 &amp; drill" in svg and "Longest outage 0.2 s." in svg


# --------------------------------------------------------------------------- drill records on disk


def test_drill_folders_sort_by_time_and_only_complete_records_count(tmp_path: Path) -> None:
    base = tmp_path / store.DRILLS
    for name in ("20261130T101500Z-target-switch", "20261201T080000Z-distributor-takeover",
                 "20261201T080000Z-distributor-takeover.2", "20261129T000000Z-target-switch"):
        (base / name).mkdir(parents=True)
        (base / name / store.RECORD).write_text(json.dumps({"verdict": "pass", "steps": []}))
    (base / "20261231T000000Z-half").mkdir()  # no drill.json: not a record
    (base / ".staging-drill-x").mkdir()
    assert [p.name for p in store.drills(tmp_path)] == ["20261129T000000Z-target-switch", "20261130T101500Z-target-switch",
                                                        "20261201T080000Z-distributor-takeover",
                                                        "20261201T080000Z-distributor-takeover.2"]
    assert store.latest(tmp_path).name == "20261201T080000Z-distributor-takeover.2"
    assert store.latest(tmp_path / "nothing") is None
    assert store.folder_name("target-switch", "2026-11-30T10:15:00Z") == "20261130T101500Z-target-switch"


def test_a_broken_drill_record_is_one_line_naming_the_file(tmp_path: Path) -> None:
    folder = tmp_path / store.DRILLS / "20261130T101500Z-target-switch"
    folder.mkdir(parents=True)
    (folder / store.RECORD).write_text("{not json")
    with pytest.raises(InputError, match=r"drill\.json:1: not valid JSON"):
        store.load(folder)


# --------------------------------------------------------------------------- reading the displays


SYSPLEX = "\r".join([
    "EZZ8260I SYSPLEX CS V2R5 361", "VIPA DYNAMIC DISPLAY FROM TCPIP    AT SYSA",
    "IPADDR: 203.0.113.50  LINKNAME: VIPLCB007132", "  ORIGIN: VIPADEFINE", "  TCPNAME  MVSNAME  STATUS RANK DIST",
    "  -------- -------- ------ ---- ----", "  TCPIP    SYSA     DEACTIVATED DEST", "  TCPIP    SYSB     ACTIVE      BOTH",
    "  TCPIP    SYSC     BACKUP 050  DEST", "3 OF 3 RECORDS DISPLAYED", "END OF THE REPORT"])


def test_the_distributor_is_the_active_dist_row_of_the_dvipa() -> None:
    shown = displays_in(SYSPLEX, "SYSA", "D TCPIP,TCPIP,SYSPLEX,VIPADYN", SYSTEMS)
    assert distributor_of(shown, "203.0.113.50", "SYSA", "D") == "SYSB"
    assert distributor_of(shown, "203.0.113.99", "SYSA", "D") is None


def test_the_active_target_comes_from_vdpt_and_names_the_system() -> None:
    text = (EXAMPLE / "evidence" / "SYSA" / "netstat-distributor.txt").read_text()
    vdpt = text[text.index("MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIP           13:46:12"):]
    shown = displays_in(vdpt, "SYSA", "netstat -O", SYSTEMS)
    record = load_record(EXAMPLE)
    active, ready = targets_of(shown, record, "203.0.113.50", 7554, "SYSA", "netstat -O")
    assert active == "SYSA" and ready == {"SYSA": 1, "SYSB": 1, "SYSC": 1}


@pytest.mark.parametrize("text", ["IEE305I D        COMMAND INVALID", "", "EZZ8269I TCPIP SYSC IS NOT A MEMBER OF A SYSPLEX GROUP"])
def test_an_answer_that_is_not_the_display_is_an_observation_error(text: str) -> None:
    with pytest.raises(ObservationError, match="D TCPIP,TCPIP,SYSPLEX,VIPADYN on SYSA"):
        distributor_of(displays_in(text, "SYSA", "D TCPIP,TCPIP,SYSPLEX,VIPADYN", SYSTEMS), "203.0.113.50", "SYSA",
                       "D TCPIP,TCPIP,SYSPLEX,VIPADYN")


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_console_answer_is_read_or_an_observation_error(text: str) -> None:
    try:
        shown = displays_in(SYSPLEX[:40] + text, "SYSA", "D", SYSTEMS)
        distributor_of(shown, "203.0.113.50", "SYSA", "D")
    except ObservationError:
        pass


# --------------------------------------------------------------------------- the model's new events


def test_deactivate_moves_the_dvipa_to_the_best_eligible_backup_and_reactivate_brings_it_back() -> None:
    model = failover.from_record(load_record(EXAMPLE), load_record(EXAMPLE).gateway())
    timeline = failover.run(model, ["SYSB:deactivate", "SYSA:deactivate", "SYSA:reactivate", "SYSB:reactivate"])["timeline"]
    assert [e["distributor"] for e in timeline] == ["SYSA", "SYSA", "SYSC", "SYSA", "SYSA"]
    assert timeline[2]["stacks"] == {"SYSA": "deactivated", "SYSB": "deactivated", "SYSC": "up"}
    assert [e["active"] for e in timeline] == ["SYSA"] * 5  # the servers keep listening (model assumption)
    assert "UNSURE" in timeline[2]["reason"]
