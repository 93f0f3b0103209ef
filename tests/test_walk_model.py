"""The guided walk without a browser: its steps, verdicts, saves and progress (zowe_ha_lib.runbook.walk*).

The browser tests (test_walk_jupyterlab.py, test_walk_voila.py) drive the
widgets; here the decisions behind them are checked directly: the steps come
from the registry and the sheet, a paste is judged by the requirement's own
check with the paste in the place of that system's captures, a DVIPA step's
displays are compared with the state the sheet says, saves never replace a
file unasked, and the progress is read from the record folder alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fake_zosmf import FakeZosmf, assert_no_secret
from tests.support.paths import EXAMPLE, NOTEBOOKS, copy_record
from tests.support.walk import (
    ETR_GOOD,
    ETR_LOCAL,
    STEP1_GOOD_STATE,
    STEP1_WRONG_STATE,
    sysplex_vipadyn,
    vipadcfg_sysa,
)
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.requirements import registry
from zowe_ha_lib.runbook import clipboard, pastecheck, walkmodel
from zowe_ha_lib.runbook.applysteps import judge_apply, judge_verify, read_paste
from zowe_ha_lib.runbook.walkmodel import WalkRecord

TIMER = registry.requirement("sysplex-timer")
FINAL_STATE = ("TCPIP    SYSA     ACTIVE      BOTH", "TCPIP    SYSB     BACKUP 100  DEST", "TCPIP    SYSC     BACKUP 050  DEST")


def _vdpt_sysa() -> str:
    text = (EXAMPLE / "evidence" / "SYSA" / "netstat-distributor.txt").read_text()
    return text.split("IBMUSER:/u/ibmuser:>netstat -O", 1)[1].split("\n", 1)[1]


def _backup_config(system: str, rank: str = "000100") -> str:
    """A backup stack's VIPADCFG: SYSB's capture, with its rank."""
    text = (EXAMPLE / "evidence" / "SYSB" / "tso-netstat.txt").read_text()
    body = text.split("NETSTAT VIPADCFG\n", 1)[1]
    return body.replace("Rank: 000100", f"Rank: {rank}")


@pytest.fixture
def walk(tmp_path: Path) -> WalkRecord:
    return WalkRecord.load(copy_record(EXAMPLE, tmp_path / "CHG0001"))


def _judge(walk: WalkRecord, text: str, system: str = "SYSA", requirement: registry.Requirement = TIMER):
    return pastecheck.judge(walk.record, requirement, system, text, walk.evidence, walk.zowe, walk.applies,
                            walkmodel.requirement_file(requirement.id, system))


# ----------------------------------------------------------------- steps


def test_steps_are_the_registry_then_the_sheet(walk: WalkRecord) -> None:
    progress = walk.progress()
    ids = list(progress.statuses)
    assert ids[: len(registry.IDS)] == list(registry.IDS)  # a requirement added to the registry is a step
    assert ids[len(registry.IDS):] == ["apply-SYSA", "apply-SYSB", "apply-SYSC", "verify-203.0.113.50"]
    step = walk.dvipa_steps[0]
    assert "VIPADEFINE MOVEABLE IMMEDIATE 255.255.255.0 203.0.113.50" in step.statements
    assert step.commands == ("V TCPIP,TCPIP,SYNTAXCHECK,SYS1.TCPPARMS(ZWEHASA)",
                             "V TCPIP,TCPIP,OBEYFILE,DSN=SYS1.TCPPARMS(ZWEHASA)")
    assert step.displays == ("D TCPIP,TCPIP,NETSTAT,VIPADCFG", "D TCPIP,TCPIP,SYSPLEX,VIPADYN")
    assert walk.dvipa_steps[2].rollback.startswith("; zowe-ha: roll back CHG0001 on SYSC")
    # Files the record names are read from disk, never pasted.
    assert walkmodel.pasteable(registry.requirement("zowe-config")) == []
    keys = [d.key for d in walkmodel.pasteable(TIMER)]
    assert keys[0] == "d-etr" and keys == list(TIMER.displays)  # the registry's displays, in its order


# ----------------------------------------------------------------- requirement verdicts


def test_a_paste_is_judged_by_the_requirements_own_check(walk: WalkRecord) -> None:
    good = _judge(walk, ETR_GOOD)
    assert good.status == "pass" and "SYSA timing mode STP" in good.message
    assert good.findings[0].evidence == "evidence/SYSA/walk-sysplex-timer.txt:2"
    bad = _judge(walk, ETR_LOCAL, "SYSB")
    assert bad.status == "fail" and "SYSB timing mode LOCAL" in bad.message
    assert [f.system for f in bad.findings] == ["SYSB"] and bad.findings[0].fix


def test_a_paste_replaces_that_systems_captures_so_a_wrong_paste_never_passes(walk: WalkRecord) -> None:
    # SYSA's SYSLOG on disk holds a good D ETR; pasting another display says what is missing.
    grs = (EXAMPLE / "evidence" / "SYSB" / "console-displays.txt").read_text().split("\n")[0]
    verdict = _judge(walk, "D GRS is not what this step reads\n")
    assert verdict.status == "unknown" and verdict.message == "nothing in the pasted text is a display the kit reads"
    assert "no D ETR" in verdict.findings[0].message
    wrong = _judge(walk, grs.replace("IEA386I", "IEE345I"))
    assert wrong.status == "unknown" and "unrecognised response IEE345I" in wrong.problems[0]


def test_verdicts_for_empty_and_not_applicable(walk: WalkRecord) -> None:
    assert _judge(walk, "  \n").status == "unknown"
    assert walk.applies["vsam-rls"] is not None  # CHG0001 runs no caching service in VSAM
    na = _judge(walk, ETR_GOOD, requirement=registry.requirement("vsam-rls"))
    assert na.status == "n/a" and na.message.startswith("does not apply")


# ----------------------------------------------------------------- DVIPA steps


def test_first_step_verified_and_what_differs(walk: WalkRecord) -> None:
    step = walk.dvipa_steps[0]
    good = walk.apply_verdict(step, vipadcfg_sysa() + sysplex_vipadyn(*STEP1_GOOD_STATE))
    assert good.status == "pass" and good.verified and good.differences == []
    wrong = walk.apply_verdict(step, vipadcfg_sysa().replace("Rank: 050", "Rank: 070") + sysplex_vipadyn(*STEP1_WRONG_STATE))
    assert wrong.status == "fail"
    assert "203.0.113.50..7554 (zowe-gateway): SYSC has backup rank 70, the record plans 50" in wrong.differences
    assert "203.0.113.50 is ACTIVE on SYSB; it must be ACTIVE on SYSA only" in wrong.differences
    half = walk.apply_verdict(step, vipadcfg_sysa())
    assert half.status == "unknown" and half.missing == ["D TCPIP,TCPIP,SYSPLEX,VIPADYN"]
    # A VIPADCFG of another stack is said to be one, not compared with SYSA's plan.
    other = judge_apply(walk.record, step, read_paste(walk.record, vipadcfg_sysa(), "evidence/SYSB/x.txt", "SYSB"))
    assert other.status == "fail" and "comes from SYSB; this step verifies SYSA" in other.differences[0]


def test_later_steps_expect_the_state_the_steps_so_far_make(walk: WalkRecord) -> None:
    sysb = walk.dvipa_steps[1]
    config = _backup_config("SYSB")
    ok = walk.apply_verdict(sysb, config + sysplex_vipadyn(*FINAL_STATE[:2]))
    assert ok.status == "pass", ok
    early = walk.apply_verdict(sysb, config + sysplex_vipadyn(*FINAL_STATE))
    assert early.status == "fail"
    assert "203.0.113.50 on SYSC: STATUS BACKUP, which no step so far asked for" in early.differences
    rank = walk.apply_verdict(sysb, _backup_config("SYSB", "000070") + sysplex_vipadyn(*FINAL_STATE[:2]))
    assert "VIPA Backup 203.0.113.50: rank 70, the record plans 100" in rank.differences


def test_sysplex_verification_reads_vipadyn_and_the_port_table(walk: WalkRecord) -> None:
    step = walk.verify_steps[0]
    assert step.owner == "SYSA" and step.final.active == "SYSA" and step.final.backups == ["SYSB", "SYSC"]
    good = walk.verify_verdict(step, sysplex_vipadyn(*FINAL_STATE) + _vdpt_sysa())
    assert good.status == "pass", good
    lame = _vdpt_sysa().replace("TotalConn: 0000000000  Rdy: 001", "TotalConn: 0000000000  Rdy: 000", 1)
    bad = walk.verify_verdict(step, sysplex_vipadyn(*FINAL_STATE) + lame)
    assert bad.status == "fail"
    assert any("no ready listener on SYSB (Rdy 0)" in d for d in bad.differences)


def test_a_target_only_stack_shows_none_of_the_changes_dvipas(tmp_path: Path) -> None:
    folder = copy_record(EXAMPLE, tmp_path / "CHG0001")
    data = yaml.safe_load((folder / "change.yaml").read_text())
    for dist in data["distributions"]:
        dist["distributor_backups"] = ["SYSB"]
    (folder / "change.yaml").write_text(yaml.safe_dump(data))
    walk = WalkRecord.load(folder)
    first = walk.dvipa_steps[0]
    assert (first.system, first.has_role) == ("SYSC", False)  # targets only go first
    assert first.displays == ("D TCPIP,TCPIP,NETSTAT,VIPADCFG",) and first.state_command.endswith("NETSTAT,HOME")
    empty = ("MVS TCP/IP NETSTAT CS V2R5       TCPIP Name: TCPIP           13:47:02\n"
             "Dynamic VIPA Information:\n")
    assert walk.apply_verdict(first, empty).status == "pass"
    shown = walk.apply_verdict(first, _backup_config("SYSC"))
    assert shown.status == "fail"
    assert shown.differences == ["VIPA Backup, VIPA Distribute for 203.0.113.50 on SYSC, which this change gives no "
                                 "role for that DVIPA"]


# ----------------------------------------------------------------- saving and progress


def test_save_is_atomic_and_asks_before_replacing(tmp_path: Path) -> None:
    rel = "evidence/SYSA/walk-sysplex-timer.txt"
    assert walkmodel.save(tmp_path, rel, ETR_LOCAL.rstrip("\n")).outcome == "saved"
    assert (tmp_path / rel).read_text() == ETR_LOCAL  # one trailing newline added
    assert walkmodel.save(tmp_path, rel, ETR_LOCAL).outcome == "unchanged"
    asked = walkmodel.save(tmp_path, rel, ETR_GOOD)
    assert asked.outcome == "exists" and "already exists" in asked.question and "Replace it" in asked.question
    assert (tmp_path / rel).read_text() == ETR_LOCAL
    assert walkmodel.save(tmp_path, rel, ETR_GOOD, replace=True).outcome == "saved"
    assert (tmp_path / rel).read_text() == ETR_GOOD
    assert sorted(p.name for p in (tmp_path / "evidence" / "SYSA").iterdir()) == ["walk-sysplex-timer.txt"]


def test_progress_comes_from_the_record_folder(walk: WalkRecord) -> None:
    before = walk.progress()
    assert before.statuses["sysplex-timer"] == "pass" and before.statuses["apply-SYSA"] == "unknown"
    folder = walk.folder
    walkmodel.save(folder, walkmodel.requirement_file("sysplex-timer", "SYSC"), ETR_LOCAL)
    walkmodel.save(folder, walkmodel.apply_file(walk.dvipa_steps[0]), vipadcfg_sysa() + sysplex_vipadyn(*STEP1_GOOD_STATE))
    # Another person (a new load, nothing in memory) sees the same as the walk after it reads the disk again.
    walk.refresh()
    mine, theirs = walk.progress(), WalkRecord.load(folder).progress()
    assert mine.statuses == theirs.statuses
    assert mine.statuses["sysplex-timer"] == "fail" and mine.statuses["apply-SYSA"] == "pass"
    c0, c1 = before.counts, mine.counts
    assert (c1["done"], c1["failed"], c1["to do"]) == (c0["done"], c0["failed"] + 1, c0["to do"] - 1)
    assert set(mine.ids("failed")) - set(before.ids("failed")) == {"sysplex-timer"}
    assert mine.summary().startswith(f"{c1['done']} done, {c1['failed']} failed, {c1['to do']} to do")


def test_the_next_check_reads_what_the_walk_saved(walk: WalkRecord) -> None:
    rel = walkmodel.requirement_file("sysplex-timer", "SYSB")
    walkmodel.save(walk.folder, rel, ETR_LOCAL)
    findings = [f for f in run_checks(walk.record).findings if f.requirement == "sysplex-timer" and f.system == "SYSB"]
    assert [f.status for f in findings] == ["fail"] and findings[0].evidence.startswith(rel + ":")


def test_commands_name_the_record_as_typed_at_the_repository_root(tmp_path: Path) -> None:
    root = tmp_path / "kit"
    (root / "notebooks").mkdir(parents=True)
    copy_record(EXAMPLE, root / "runbooks" / "CHG0001")
    walk = WalkRecord.load("../runbooks/CHG0001", root / "notebooks")
    assert walk.run_command() == "zowe-ha run runbooks/CHG0001"
    assert walk.sign_command() == ("zowe-ha sign runbooks/CHG0001 --key ~/.ssh/id_ed25519 --signer YOU@example.com "
                                   "--role implementer")
    argv, cwd = walkmodel.report_argv(walk)
    assert argv[1:] == ["-m", "zowe_ha_lib", "run", "runbooks/CHG0001"] and cwd == root.resolve()


# ----------------------------------------------------------------- z/OSMF


def test_collect_fills_the_paste_and_keeps_no_password(walk: WalkRecord, tls: tuple[Path, Path], tmp_path: Path) -> None:
    cert, key = tls
    user, secret = "IBMUSER", "walk-S3cret!42"
    with FakeZosmf(cert, key, users={user: secret}) as fake:
        for display in walkmodel.pasteable(TIMER):  # D ETR, and whatever else the registry names for the timer
            cmd = display.command(walk.record.system("SYSB"))
            fake.respond("SYSB", cmd, ETR_LOCAL if display.key == "d-etr" else f"{display.expect[0]} {cmd} ON SYSB")
        text, notes = walkmodel.collect_text(walk.record, "SYSB", walkmodel.pasteable(TIMER), fake.url, user, secret,
                                             str(cert), poll_interval=0.0)
        assert "SYNCHRONIZATION MODE = LOCAL" in text and text.startswith("# zowe-ha collect: D ETR on SYSB")
        assert notes == []
        assert _judge(walk, text, "SYSB").status == "fail"
        with pytest.raises(walkmodel.CollectFailed) as failed:
            walkmodel.collect_text(walk.record, "SYSB", walkmodel.pasteable(TIMER), fake.url, user, "wrong",
                                   str(cert), poll_interval=0.0)
    assert secret not in str(failed.value)
    assert_no_secret(tmp_path, user, secret, text, str(failed.value))
    with pytest.raises(walkmodel.CollectFailed, match="none of these displays is a console command"):
        walkmodel.collect_text(walk.record, "SYSA", walkmodel.pasteable(registry.requirement("nodejs")), "https://x",
                               user, secret)


# ----------------------------------------------------------------- hostile paste


_FRAGMENTS = [vipadcfg_sysa(), sysplex_vipadyn(*FINAL_STATE), _vdpt_sysa(), ETR_GOOD, ETR_LOCAL, "EZZ8260I", "IPADDR:",
              "Dest: 203.0.113.50..", "VIPA Backup:", "Rank: ", "\r", "\x00", "IEA386I", "Dynamic VIPA Information:"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=80)), max_size=6),
       st.integers(min_value=0, max_value=400))
def test_no_paste_makes_a_verdict_raise(walk: WalkRecord, parts: list[str], cut: int) -> None:
    """Whatever is pasted (cut anywhere, mixed with noise), every verdict is a status word, never an exception."""
    text = "\n".join(parts)
    text = text[: len(text) - cut] if cut < len(text) else text
    for step in walk.dvipa_steps:
        assert walk.apply_verdict(step, text).status in ("pass", "fail", "unknown")
    assert judge_verify(walk.record, walk.verify_steps[0],
                        read_paste(walk.record, text, "evidence/SYSA/x.txt", "SYSA")).status in ("pass", "fail", "unknown")
    for req in registry.REQUIREMENTS:
        assert _judge(walk, text, "SYSB", req).status in ("pass", "warn", "fail", "unknown", "n/a")


# ----------------------------------------------------------------- display helpers


def test_copy_block_escapes_the_text_and_keeps_the_script_in_one_attribute() -> None:
    html = clipboard.copy_block('V TCPIP,TCPIP,OBEYFILE,DSN=A.B(C) <script>"x"</script>', "label & more")
    assert "<script>" not in html and "&lt;script&gt;" in html and "label &amp; more" in html
    onclick = html.split('onclick="', 1)[1].split('"', 1)[0]
    assert "navigator.clipboard" in onclick and "execCommand" in onclick and "fetch" not in onclick


def test_headless_walk_imports_no_widgets_and_keeps_no_widget_state(tmp_path: Path) -> None:
    probe = ("import sys; from zowe_ha_lib.runbook.walk import show_walk; "
             f"show_walk({str(EXAMPLE)!r}, interactive=False); "
             "sys.exit(1 if 'ipywidgets' in sys.modules else 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.notebook
@pytest.mark.xdist_group("papermill")
def test_walk_notebook_under_papermill_is_a_static_summary(tmp_path: Path) -> None:
    import papermill

    (tmp_path / "notebooks").mkdir()
    copy_record(EXAMPLE, tmp_path / "runbooks" / "CHG0001")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS / "walk.ipynb"), str(out), parameters={"interactive": False},
                               cwd=str(tmp_path / "notebooks"), progress_bar=False, log_output=False)
    executed = json.loads(out.read_text())
    assert "widgets" not in executed["metadata"]
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    todo = WalkRecord.load(tmp_path / "runbooks" / "CHG0001").progress().counts["to do"]
    assert "Walk of CHG0001" in html and f"{todo} to do" in html and "zowe-ha run runbooks/CHG0001" in html


def test_a_broken_zowe_yaml_is_said_not_raised(tmp_path: Path) -> None:
    folder = copy_record(EXAMPLE, tmp_path / "CHG0001")
    (folder / "zowe.yaml").write_text("zowe: [unclosed\n")
    walk = WalkRecord.load(folder)
    assert "zowe.yaml:2: YAML syntax error" in walk.zowe_problem
    progress = walk.progress()
    assert progress.counts["done"] == 0 and progress.counts["failed"] == 0  # nothing judged, nothing claimed
