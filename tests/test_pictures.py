"""SVG pictures: well-formed, accessible, escaped, and saying everything in text too."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from tests.support.records import build, systems
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.runbook.pictures import timeline_svg, topology_svg
from zowe_ha_lib.tcpip.failover import from_record, run

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}title").text
    assert root.find(f"{NS}desc") is not None and root.find(f"{NS}desc").text
    return root


def all_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{NS}text"))


def test_topology_of_the_example():
    root = parse(topology_svg(load_record(EXAMPLE)))
    text = all_text(root)
    for words in ("SYSA", "SYSB", "SYSC", "Coupling facility", "DVIPA 203.0.113.50", "VIPADEFINE 203.0.113.50",
                  "VIPABACKUP 203.0.113.50 rank 100", "VIPABACKUP 203.0.113.50 rank 50",
                  "zowe-gateway: PREFERRED", "zowe-gateway: BACKUP 100", "zosmf: BACKUP 50", "zowe-gateway: port 7554"):
        assert words in text, words
    desc = root.find(f"{NS}desc").text
    assert "owned and distributed by SYSA" in desc and "SYSB (rank 100)" in desc


def test_timeline_marks_active_and_no_target_in_text():
    record = load_record(EXAMPLE)
    result = run(from_record(record, record.gateway()), ["SYSA:down", "SYSB:unhealthy", "SYSB:down", "SYSC:down"])
    root = parse(timeline_svg(result["timeline"], result["distribution"]["targets"]))
    text = all_text(root)
    assert text.count("ACTIVE") == 4  # start, SYSA:down, SYSB:unhealthy, SYSB:down
    assert "NO TARGET" in text and "unhealthy" in text and "down" in text
    desc = root.find(f"{NS}desc").text
    assert "SYSC:down: distributor none, no target" in desc and "SYSA:down: distributor SYSB, SYSB" in desc
    # the distributor row: who has the DVIPA in each column, "none" once every stack is down
    assert "distributor" in text and text.count("none (no DVIPA)") == 1 and "SYSB" in text


def test_fixed_viewbox_same_input_same_picture():
    record = load_record(EXAMPLE)
    assert topology_svg(record) == topology_svg(record)


def test_script_in_names_is_escaped():
    evil = "<script>alert(1)</script>"
    timeline = [{"event": "start", "active": evil, "states": {evil: "listening"}},
                {"event": f"{evil}:down & 'x'\"", "active": None, "states": {evil: "down"}}]
    svg = timeline_svg(timeline, [{"name": evil}])
    assert "<script" not in svg
    root = parse(svg)
    assert not list(root.iter(f"{NS}script"))
    assert "<script>" in "".join(root.itertext())  # shown as text, not markup


def test_topology_escapes_user_text():
    mapping = {
        "change": {"id": "X", "title": "escape"},
        "sysplex": {"name": "P", "systems": systems(2)},
        "distributions": [{"name": "a&b<c>", "dvipa": "203.0.113.5", "hostname": "zowe.example.com",
                           "ports": [7554], "preferred": "SYSA", "backups": ["SYSB"]}],
    }
    # names are pattern-checked by the record; bypass to prove the picture escapes anyway
    record = build({**mapping, "distributions": [{**mapping["distributions"][0], "name": "ab"}]})
    dist = record.distributions[0]
    object.__setattr__(dist, "name", "a&b<c>")
    root = parse(topology_svg(record))
    assert "a&b<c>: port 7554" in all_text(root)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=12))), min_size=1, max_size=8),
       st.lists(st.text(max_size=12), max_size=4))
def test_timeline_any_text_is_well_formed(entries, targets):
    timeline = [{"event": ev, "active": a, "states": {a: "unhealthy"} if a else {}} for ev, a in entries]
    parse(timeline_svg(timeline, targets))
