"""Display helpers (nb.py) and step verdicts (steps.py), without a kernel."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import ROOT
from zowe_ha_lib.record.load import check_mapping, load_record
from zowe_ha_lib.requirements.findings import Finding
from zowe_ha_lib.runbook import blocks as nb
from zowe_ha_lib.runbook import steps


def test_every_value_is_escaped_and_has_a_text_twin() -> None:
    t = nb.table(["a", "status"], [["<script>x</script>", "fail"]], caption="c&d", status_column=1)
    assert "<script>" not in t._repr_html_() and "&lt;script&gt;" in t._repr_html_()
    assert "c&amp;d" in t._repr_html_()
    assert "<script>x</script>" in repr(t) and "FAIL" in t._repr_html_()
    code = nb.code("VIPADEFINE <x>", title="T")
    assert "&lt;x&gt;" in code._repr_html_() and repr(code) == "T\nVIPADEFINE <x>"


def test_badges_always_carry_the_word() -> None:
    for status in ("pass", "warn", "fail", "unknown", "n/a", "error"):
        b = nb.badge(status)
        assert status.upper() in b._repr_html_() and repr(b) == status.upper()


def test_findings_table_from_objects_and_dicts() -> None:
    f = Finding("sysplex-timer", "SYSC", "fail", "timing mode LOCAL", "evidence/SYSC/d-etr.txt:3", "enable STP")
    for item in (f, f.to_json()):
        t = nb.findings_table([item])
        assert "evidence/SYSC/d-etr.txt:3" in t._repr_html_() and "timing mode LOCAL" in repr(t)
    assert repr(nb.findings_table([])) == "No findings."


def test_requirement_steps_take_the_worst_finding() -> None:
    result = steps.requirements(load_record(ROOT / "runbooks" / "CHG0002"))
    by_id = {s["id"]: s for s in result.steps}
    assert by_id["sysplex-timer"]["status"] == "fail" and "SYSC" in by_id["sysplex-timer"]["message"]
    assert result.status == "fail"
    assert [s["id"] for s in result.steps] == list(steps.SYSPLEX_REQUIREMENTS)


def _record(n_backups: int, switchback: bool):
    names = [f"S{i}" for i in range(n_backups + 1)]
    mapping = {
        "change": {"id": "C1", "title": "t"},
        "sysplex": {"name": "P", "systems": [{"name": n, "dynamic_xcf": f"198.51.100.{i + 1}"} for i, n in enumerate(names)]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "203.0.113.9", "ports": [7554], "preferred": names[0],
                           "backups": names[1:], "autoswitchback": switchback}],
    }
    record, problems = check_mapping(mapping)
    assert not problems
    return record


@given(n=st.integers(1, 4), switchback=st.booleans(), data=st.data())
@settings(max_examples=150, deadline=None)
def test_failover_model_agrees_with_the_rules_written_out(n: int, switchback: bool, data: st.DataObject) -> None:
    """The drill check compares the model with an independent statement of IBM's rules;
    for any sequence of whole-system and server-only failures the two must agree on the
    distributing stack and the active target, or every report would fail."""
    record = _record(n, switchback)
    dist = record.distributions[0]
    names = [dist.preferred, *dist.backups]
    changes = st.sampled_from(["down", "up", "server-down", "server-up"])
    events = data.draw(st.lists(st.tuples(st.sampled_from(names), changes), max_size=8))
    texts = [f"{name}:{what}" for name, what in events]
    timeline = steps.timeline(record, dist, texts)
    actives, distributors = steps._expected(dist, texts)
    assert [e["active"] for e in timeline] == actives
    assert [e["distributor"] for e in timeline] == distributors


def test_drills_pass_for_the_example() -> None:
    drills = steps.drills(load_record(ROOT / "runbooks" / "CHG0001"))
    assert drills and all(d.status == "pass" for d in drills)
    assert steps.failover_step(drills)["status"] == "pass"
    lost = next(d for d in drills if d.title == "SYSA fails and comes back")
    assert lost.distributors == ["SYSA", "SYSB", "SYSA"]  # SYSA's system is also the distributor
    server = next(d for d in drills if d.title == "only SYSA's server stops and starts")
    assert server.distributors == ["SYSA"] * 3 and server.actives == ["SYSA", "SYSB", "SYSA"]


def test_a_drill_that_disagrees_on_the_distributor_fails() -> None:
    drill = steps.drills(load_record(ROOT / "runbooks" / "CHG0001"))[0]
    drill.expected_distributors = [None] * len(drill.expected_distributors)
    assert drill.status == "fail"
    assert "distributors" in steps.failover_step([drill])["message"]


# ------------------------------------------------------------------ what the notebook cells used to compute


def test_summary_verdict_of_the_examples() -> None:
    good = steps.summary(load_record(ROOT / "runbooks" / "CHG0001"))
    assert (good.status, good.failing, good.headline) == ("pass", [], "CHG0001: ready to apply")
    assert good.steps[0]["id"] == "operator-sheet" and "SYSA, SYSB, SYSC" in good.steps[0]["message"]
    assert [s["id"] for s in good.steps[1:]] == [s["id"] for s in steps.all_steps(load_record(ROOT / "runbooks" / "CHG0001"))]
    bad = steps.summary(load_record(ROOT / "runbooks" / "CHG0002"))
    assert bad.status == "fail"
    assert {"coupling-facility", "sysplex-timer", "shared-dasd", "zowe-config"} <= set(bad.failing)
    assert bad.verdict == (f"not ready: {len(bad.failing)} failed ({', '.join(bad.failing)}); "
                           "1 requirement has no evidence (cf-connectivity)")
    assert bad.failing == [s["id"] for s in bad.steps if s["status"] == "fail"]  # in the runbook's order


@given(st.lists(st.sampled_from(["pass", "warn", "fail", "unknown", "n/a"]), max_size=6))
def test_a_failed_step_or_one_without_evidence_makes_the_change_not_ready(statuses: list[str]) -> None:
    """Changed by design: an unknown step used to leave the change "ready to apply"; now it stops it."""
    summary = steps.Summary("C1", [steps.step(f"s{i}", "t", s, "m") for i, s in enumerate(statuses)])
    failing = [f"s{i}" for i, s in enumerate(statuses) if s == "fail"]
    unknown = [f"s{i}" for i, s in enumerate(statuses) if s == "unknown"]
    warned = [f"s{i}" for i, s in enumerate(statuses) if s == "warn"]
    assert summary.failing == failing
    assert summary.ready == (not failing and not unknown)
    assert summary.status == steps.overall(summary.steps) != "unknown"
    if failing:
        assert summary.status == "fail" and f"{len(failing)} failed ({', '.join(failing)})" in summary.headline
    elif unknown:
        assert summary.status == "incomplete"
    if unknown:
        assert "no evidence (" + ", ".join(unknown) + ")" in summary.headline
    if summary.ready:
        assert summary.status != "pass" or not warned
        assert summary.headline.startswith("C1: ready to apply")
        assert all(w in summary.headline for w in warned)
    else:
        assert summary.headline.startswith("C1: not ready: ")


def test_ipconfig_statements_are_whole_statements_without_comments() -> None:
    rows = steps.ipconfig_statements(load_record(ROOT / "runbooks" / "CHG0001"))
    assert rows == [(name, f"198.51.100.{n}", f"IPCONFIG SYSPLEXROUTING DYNAMICXCF 198.51.100.{n} 255.255.255.0 1")
                    for name, n in (("SYSA", 11), ("SYSB", 12), ("SYSC", 13))]
    table = nb.ipconfig_table(rows)
    assert "IPCONFIG per system" in repr(table) and "DYNAMICXCF 198.51.100.12" in table._repr_html_()


def test_ipconfig_statements_of_an_ipv6_stack_are_two_rows() -> None:
    mapping = {
        "change": {"id": "C6", "title": "t"},
        "sysplex": {"name": "P", "systems": [{"name": "S1", "dynamic_xcf": "2001:db8::11"},
                                             {"name": "S2", "dynamic_xcf": "2001:db8::12"}]},
        "distributions": [{"name": "zowe-gateway", "dvipa": "2001:db8::50", "interface": "ZOWEV6", "ports": [7554],
                           "preferred": "S1", "backups": ["S2"]}],
    }
    record, problems = check_mapping(mapping)
    assert not problems, problems
    rows = steps.ipconfig_statements(record)
    assert rows[:2] == [("S1", "2001:db8::11", "IPCONFIG SYSPLEXROUTING"), ("S1", "2001:db8::11", "IPCONFIG6 DYNAMICXCF 2001:db8::11")]
    assert len(rows) == 4


def test_profile_blocks_title_each_system() -> None:
    blocks = nb.profile_blocks({"SYSA": "VIPADYNAMIC\n<x>\n", "SYSB": "ENDVIPADYNAMIC\n"})
    assert [repr(b).splitlines()[0] for b in blocks] == ["SYSA: statements for its OBEYFILE data set",
                                                         "SYSB: statements for its OBEYFILE data set"]
    assert "&lt;x&gt;" in blocks[0]._repr_html_() and "language-tcpip" in blocks[0]._repr_html_()


def test_drill_views_are_heading_picture_table_per_drill() -> None:
    drills = steps.drills(load_record(ROOT / "runbooks" / "CHG0001"))
    views = nb.drill_views(drills)
    assert len(views) == 3 * len(drills)
    for drill, (head, picture, table) in zip(drills, zip(views[::3], views[1::3], views[2::3], strict=True), strict=True):
        assert repr(head) == f"{drill.distribution.name}: {drill.title}" and head._repr_html_().startswith("<h4>")
        assert isinstance(picture, nb.Svg) and picture._repr_svg_().startswith("<svg")
        assert drill.rows == steps.timeline_rows(load_record(ROOT / "runbooks" / "CHG0001"), drill.distribution)
        assert "IBM's hot-standby rules say" in repr(table)
