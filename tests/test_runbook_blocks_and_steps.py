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
    for any down/up sequence the two must agree, or every report would fail."""
    record = _record(n, switchback)
    dist = record.distributions[0]
    names = [dist.preferred, *dist.backups]
    events = data.draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(["down", "up"])), max_size=8))
    texts = [f"{name}:{what}" for name, what in events]
    actives = [e["active"] for e in steps.timeline(record, dist, texts)]
    assert actives == steps._expected(dist, texts)


def test_drills_pass_for_the_example() -> None:
    drills = steps.drills(load_record(ROOT / "runbooks" / "CHG0001"))
    assert drills and all(d.status == "pass" for d in drills)
    assert steps.failover_step(drills)["status"] == "pass"
