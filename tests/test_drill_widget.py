"""The guided setup's drill panel: the plan preview, and a drill only after an explicit confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fake_sysplex import SimulatedSysplex
from tests.support.fake_zosmf import FakeZosmf, assert_no_secret
from zowe_ha_lib.collect.credentials import ENV_PASSWORD
from zowe_ha_lib.drill import store
from zowe_ha_lib.drill.execute import Timing
from zowe_ha_lib.drill.widget import DrillPanel
from zowe_ha_lib.record.load import load_record

USER, SECRET = "IBMUSER", "w1dget-Secr3t!"
FAST = Timing(settle=1.5, poll=0.05, recover=1.5, pause=0, follow_ups=1, poll_interval=0)


def test_without_a_zosmf_url_the_panel_only_shows_the_plan(example_copy: Path) -> None:
    panel = DrillPanel.open(example_copy, "distributor-takeover", "")
    assert "VARY TCPIP,TCPIP,SYSPLEX,DEACTIVATE,DVIPA=203.0.113.50" in panel.preview.value
    assert "Execution is off" in panel.status.value
    panel.sysplex.value, panel.agree.value = "PLEX1", True
    assert panel.button.disabled and panel.run() is None
    assert store.drills(example_copy) == []


def test_an_unknown_scenario_shows_why_there_is_no_plan(example_copy: Path) -> None:
    panel = DrillPanel.open(example_copy, "sideways", "")
    assert "No drill plan" in panel.preview.value and panel.plan is None


def test_the_drill_runs_only_after_the_sysplex_name_and_the_tick(tls, example_copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_PASSWORD, raising=False)
    cert, key = tls
    record = load_record(example_copy)
    asked: list[str] = []
    with FakeZosmf(cert, key, users={USER: SECRET}) as fake:
        sim = SimulatedSysplex(record, record.gateway(), 7554).attach(fake)
        try:
            panel = DrillPanel.open(example_copy, "target-switch", fake.url, USER, ca_bundle=str(cert), timing=FAST,
                                    probe=sim.probe_target, probe_interval=0.05,
                                    ask=lambda prompt: asked.append(prompt) or SECRET)
            assert asked == [f"Password for {USER} at {fake.url}: "]
            assert panel.button.disabled
            panel.sysplex.value = "PLEX2"
            panel.agree.value = True
            assert panel.button.disabled  # the wrong sysplex name
            assert panel.run() is None and sim.commands == [] and fake.log == []
            panel.sysplex.value = "plex1"
            assert not panel.button.disabled
            panel.button.click()
            assert panel.verdict == "pass"
            assert [c for _s, c in sim.commands] == ["F ZWE1SV,APPL=STOP(GATEWAY)", "F ZWE1SV,APPL=START(GATEWAY)"]
            assert panel.folder is not None and panel.folder.parent.name == "drills"
            assert not panel.agree.value and panel.button.disabled  # one confirmation, one drill
            assert "pass: record drills/" in panel.status.value
            assert SECRET not in panel.status.value + panel.preview.value
            assert SECRET not in repr(panel.box.get_state())
        finally:
            sim.close()
    assert_no_secret(example_copy, USER, SECRET)
