"""``zowe-ha drill --execute`` against the simulated sysplex behind the fake z/OSMF.

Each run uses short probe intervals and settle times so the whole file stays
quick. Every fault ends with the restore attempted and the right exit code;
after every test the record folder and everything printed are searched for
the password (and its basic-authentication token).
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import Answer, zowe_ha
from tests.support.fake_sysplex import SimulatedSysplex
from tests.support.fake_zosmf import FakeZosmf, assert_no_secret
from tests.support.paths import ROOT
from zowe_ha_lib.drill import store
from zowe_ha_lib.evidence.reader import read_evidence
from zowe_ha_lib.record.load import load_record

USER, SECRET = "IBMUSER", "dr1ll-Secr3t!pw"
FAST = ["--probe-interval", "0.05", "--settle", "1.5", "--poll", "0.05", "--recover", "1.5", "--pause", "0",
        "--poll-interval", "0", "--follow-ups", "1", "--retries", "1", "--timeout", "5"]


@dataclass
class Env:
    fake: FakeZosmf
    sim: SimulatedSysplex
    record: Path
    cert: Path

    def argv(self, scenario: str, *extra: str, fast: bool = True) -> list[str]:
        return ["drill", str(self.record), "--scenario", scenario, "--execute", "--zosmf", self.fake.url, "--user", USER,
                "--ca-bundle", str(self.cert), "--probe", self.sim.probe_target, *(FAST if fast else []), *extra]

    def operator_commands(self) -> list[str]:
        return [c for _s, c in self.sim.commands]

    def only_record(self) -> Path:
        (folder,) = store.drills(self.record)
        return folder

    def doc(self) -> dict:
        return store.load(self.only_record())


@pytest.fixture
def env(tls, example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Env]:
    cert, key = tls
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", SECRET)
    record = load_record(example_copy)
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        sim = SimulatedSysplex(record, record.gateway(), 7554).attach(fake)
        try:
            yield Env(fake, sim, example_copy, cert)
        finally:
            sim.close()
    assert_no_secret(example_copy, USER, SECRET)


def drill(capsys, *argv: str) -> Answer:
    """Run the command line in-process; what it printed must not hold the password either."""
    answer = zowe_ha(capsys, *argv)
    assert_no_secret(Path(os.devnull).parent / "nonexistent", USER, SECRET, answer.out, answer.err)
    return answer


def run(capsys, env: Env, scenario: str, *extra: str) -> Answer:
    return drill(capsys, *env.argv(scenario, "--yes", *extra))


# --------------------------------------------------------------------------- drills that pass


@pytest.mark.parametrize(("scenario", "commands"), [
    ("distributor-takeover", ["VARY TCPIP,TCPIP,SYSPLEX,DEACTIVATE,DVIPA=203.0.113.50",
                              "VARY TCPIP,TCPIP,SYSPLEX,REACTIVATE,DVIPA=203.0.113.50"]),
    ("target-switch", ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]),
    ("backup-target-fails", ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)",
                             "F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]),
])
def test_a_drill_that_behaves_as_modelled_passes_restores_and_records_everything(capsys, env: Env, scenario: str,
                                                                                  commands: list[str]) -> None:
    answer = run(capsys, env, scenario)
    assert answer.code == 0, answer.err
    assert answer.out.startswith(f"pass: {scenario} on PLEX1")
    assert env.operator_commands() == commands
    assert env.sim.holder == "SYSA" and env.sim.active == "SYSA"
    assert all(n.server and not n.deactivated for n in env.sim.nodes.values())
    folder = env.only_record()
    assert folder.name.endswith(f"-{scenario}")
    doc = env.doc()
    assert doc["verdict"] == "pass" and doc["reasons"] == []
    for step in doc["steps"]:
        assert step["matched"] is True
        assert (step["observed"]["distributor"], step["observed"]["active"]) == \
            (step["expected"]["distributor"], step["expected"]["active"])
        assert step["reply"] and step["issued_at"]
    assert doc["restore"]["proven"] is True and doc["restore"]["manual"] == []
    assert doc["probe"]["recovered"] is True and doc["probe"]["tcp"]["samples"] > 0
    # the captured displays sit beside drill.json and read back as the displays they are
    listed = [d["file"] for d in doc["displays"]]
    assert listed and all((folder / f).is_file() for f in listed)
    evidence = read_evidence(folder / store.DISPLAYS, ("SYSA", "SYSB", "SYSC"))
    kinds = {d.kind for d in evidence.displays}
    assert {"sysplex-vipadyn", "netstat-vdpt", "netstat-vcrt"} <= kinds
    assert not [p for p in evidence.problems if p.internal]
    csv_lines = (folder / store.PROBE_CSV).read_text().splitlines()
    assert csv_lines[0] == "utc,elapsed_s,probe,ok,latency_ms,error" and len(csv_lines) > 1
    svg = ET.fromstring((folder / store.PICTURE).read_text())
    assert svg.tag.endswith("svg") and any(el.tag.endswith("desc") for el in svg)


def test_the_takeover_outage_is_the_longest_run_of_failed_probes(capsys, env: Env) -> None:
    env.sim.takeover_delay = 0.6  # the DVIPA is nowhere for a moment
    answer = run(capsys, env, "distributor-takeover")
    assert answer.code == 0, answer.err
    doc = env.doc()
    outage = doc["probe"]["tcp"]["outage"]
    assert outage["failed_samples"] >= 2 and outage["ended"] is True
    assert doc["outage_s"] == outage["seconds"] > 0
    failed = [s for s in doc["probe"]["samples"] if not s[2]]
    assert failed and min(s[0] for s in failed) >= doc["probe"]["marks"][0]["t"]  # failures only after the command


def test_the_health_url_is_probed_too(capsys, env: Env) -> None:
    answer = run(capsys, env, "target-switch", "--health-url", env.sim.health_url)
    assert answer.code == 0, answer.err
    doc = env.doc()
    assert doc["probe"]["https"]["samples"] > 0 and doc["probe"]["https"]["last_ok"] is True
    assert "https" in (env.only_record() / store.PROBE_CSV).read_text()


def test_execute_json_prints_the_drill_record(capsys, env: Env) -> None:
    answer = run(capsys, env, "target-switch", "--json")
    assert answer.code == 0
    doc = json.loads(answer.out)
    assert doc == env.doc()


# --------------------------------------------------------------------------- faults


def test_zosmf_dying_mid_drill_prints_the_manual_restore_and_exits_1(capsys, env: Env) -> None:
    env.sim.die_after = 1  # z/OSMF drops every connection from the first operator command on
    answer = run(capsys, env, "target-switch")
    assert answer.code == 1
    assert "THE RESTORE WAS NOT PROVEN. Restore by hand, in this order:" in answer.err
    assert "on SYSA: F ZWE1SV,APPL=START(gateway)" in answer.err
    doc = env.doc()
    assert doc["verdict"] == "fail" and doc["restore"]["proven"] is False
    assert doc["restore"]["manual"][0] == "on SYSA: F ZWE1SV,APPL=START(gateway)"
    assert not env.sim.nodes["SYSA"].server  # really not restored: the manual list is needed


def test_a_rejected_command_stops_the_drill_and_the_restore_still_runs(capsys, env: Env) -> None:
    env.sim.reject = {"F ZWE1SV,APPL=STOP(gateway)"}
    answer = run(capsys, env, "target-switch")
    assert answer.code == 1
    assert "rejected F ZWE1SV,APPL=STOP(gateway): IEE345I" in answer.err
    assert env.operator_commands() == ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]
    doc = env.doc()
    assert doc["steps"][0]["rejected"].startswith("IEE345I") and doc["restore"]["proven"] is True


def test_a_takeover_that_never_comes_fails_and_is_restored(capsys, env: Env) -> None:
    env.sim.never_takeover = True
    answer = run(capsys, env, "distributor-takeover")
    assert answer.code == 1
    assert "the model says SYSB" in answer.err
    assert env.operator_commands()[-1] == "VARY TCPIP,TCPIP,SYSPLEX,REACTIVATE,DVIPA=203.0.113.50"
    assert env.sim.holder == "SYSA"
    doc = env.doc()
    assert doc["steps"][0]["observed"]["distributor"] is None and doc["steps"][0]["matched"] is False
    assert doc["restore"]["proven"] is True and doc["verdict"] == "fail"


def test_a_probe_that_never_recovers_fails_the_drill(capsys, env: Env) -> None:
    env.sim.takeover_delay, env.sim.probe_broken = 0.3, True
    answer = run(capsys, env, "distributor-takeover")
    assert answer.code == 1
    assert "the probe did not reach" in answer.err
    doc = env.doc()
    assert doc["probe"]["recovered"] is False and doc["restore"]["proven"] is True
    assert doc["probe"]["tcp"]["outage"]["ended"] is False


def test_a_password_in_a_reply_never_reaches_the_record_or_the_terminal(capsys, env: Env) -> None:
    env.sim.echo = f"DEBUG user={USER} password={SECRET}"
    answer = run(capsys, env, "target-switch")
    assert answer.code == 0, answer.err
    assert SECRET not in answer.out + answer.err
    reply = env.doc()["steps"][0]["reply"]
    assert "password=" in reply and SECRET not in reply  # scrubbed as it arrived, the rest of the reply kept


# --------------------------------------------------------------------------- pre-flight: nothing issued


def test_a_sysplex_not_in_the_start_state_is_refused_with_nothing_issued(capsys, env: Env) -> None:
    env.sim.holder = "SYSB"
    answer = run(capsys, env, "distributor-takeover")
    assert answer.code == 2
    assert "not in the model's start state" in answer.err and "nothing was issued" in answer.err
    assert env.operator_commands() == [] and store.drills(env.record) == []


def test_a_system_that_does_not_answer_is_refused_with_nothing_issued(capsys, env: Env) -> None:
    env.fake.fault("/restconsoles/", "status", 500, times=100, system="SYSC")
    answer = run(capsys, env, "target-switch")
    assert answer.code == 2 and "pre-flight" in answer.err
    assert env.operator_commands() == []


def test_an_unreachable_probe_is_refused_with_nothing_issued(capsys, env: Env) -> None:
    answer = drill(capsys, *env.argv("target-switch", "--yes"), "--probe", "127.0.0.1:9")
    assert answer.code == 2 and "the probe cannot reach 127.0.0.1:9" in answer.err
    assert env.operator_commands() == []


def test_without_a_terminal_and_without_yes_nothing_is_asked_of_zosmf(capsys, env: Env) -> None:
    answer = drill(capsys, *env.argv("target-switch"))
    assert answer.code == 2 and "--yes" in answer.err
    assert env.fake.log == []


def test_a_zosmf_url_through_the_dvipa_under_test_is_refused(capsys, env: Env) -> None:
    argv = env.argv("target-switch", "--yes")
    argv[argv.index("--zosmf") + 1] = "https://zowe.plex1.example.com:443"
    answer = drill(capsys, *argv)
    assert answer.code == 2 and "would cut its own console" in answer.err
    assert env.fake.log == []


# --------------------------------------------------------------------------- the real process: signals, terminal


def _child(env: Env, argv: list[str], **kw) -> subprocess.Popen:
    child_env = {**os.environ, "ZOWE_HA_ZOSMF_PASSWORD": SECRET, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "zowe_ha_lib.cli", *argv], cwd=ROOT, env=child_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _wait_for(stream, text: str, limit: float = 60.0) -> list[str]:
    seen = []
    end = time.monotonic() + limit
    while time.monotonic() < end:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never appeared: {''.join(seen)}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_between_steps_restores_and_exits_1(env: Env, sig: signal.Signals) -> None:
    proc = _child(env, env.argv("backup-target-fails", "--yes", "--pause", "30"))
    try:
        _wait_for(proc.stderr, "watching the new state")
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    assert f"{sig.name}: stopping the drill and restoring" in err and "restore proven" in err
    # step 1 stopped SYSA's gateway; the restore started it again, and nothing else ran
    assert env.operator_commands() == ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]
    assert all(n.server for n in env.sim.nodes.values()) and env.sim.active == "SYSA"
    doc = env.doc()
    assert doc["interrupted"] == sig.name and doc["verdict"] == "fail" and doc["restore"]["proven"] is True
    assert_no_secret(env.record, USER, SECRET, out, err)


def test_sigterm_while_waiting_for_a_takeover_restores(env: Env) -> None:
    env.sim.never_takeover = True
    argv = env.argv("distributor-takeover", "--yes")
    argv[argv.index("--settle") + 1] = "60"
    proc = _child(env, argv)
    try:
        _wait_for(proc.stderr, "step 1:")
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    assert env.sim.holder == "SYSA" and not env.sim.nodes["SYSA"].deactivated
    assert env.doc()["interrupted"] == "SIGTERM"


@pytest.mark.parametrize(("typed", "code"), [("PLEX1", 0), ("no", 2)])
def test_on_a_terminal_the_drill_asks_for_the_sysplex_name(env: Env, typed: str, code: int) -> None:
    master, slave = pty.openpty()
    try:
        proc = _child(env, env.argv("target-switch"), stdin=slave)
        os.close(slave)
        os.write(master, f"{typed}\n".encode())  # the terminal keeps the line until the prompt reads it
        _out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    assert proc.returncode == code, err
    assert "This drill issues these commands on sysplex PLEX1:" in err
    assert "step 1 on SYSA: F ZWE1SV,APPL=STOP(gateway)" in err
    if code == 0:
        assert env.operator_commands() == ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]
    else:
        assert "not confirmed; nothing was issued" in err and env.operator_commands() == []


def test_a_linked_drills_folder_is_refused_before_any_command(capsys, env: Env, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (env.record / "drills").symlink_to(outside, target_is_directory=True)
    answer = run(capsys, env, "distributor-takeover")
    assert answer.code == 2
    assert "drills: is a symbolic link" in answer.err
    assert env.operator_commands() == []
    assert list(outside.iterdir()) == []


def test_the_drill_record_is_refused_while_another_writer_holds_the_record(env: Env) -> None:
    from zowe_ha_lib.record.tree import record_lock
    from zowe_ha_lib.report.scrub import Scrubber
    from zowe_ha_lib.util.errors import InputError

    with record_lock(env.record, "rec", "run"), pytest.raises(InputError, match="working on this record"):
        store.write(env.record, "20261130T000000Z-distributor-takeover", {"drill.json": "{}"}, Scrubber.for_run(env.record))
    assert not (env.record / "drills" / "20261130T000000Z-distributor-takeover").exists()
