"""SVG pictures: well-formed, accessible, escaped, and saying everything in text too."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE
from tests.support.records import build, systems
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.runbook.blocks import drill_views
from zowe_ha_lib.runbook.pictures import (
    DISTRIBUTOR_CAPTION,
    NO_TARGET,
    TIMELINE_CAPTION,
    TIMELINE_HEADING,
    fit,
    text_width,
    timeline_rows,
    timeline_svg,
    topology_svg,
    wrap,
)
from zowe_ha_lib.runbook.steps import drills
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


# --------------------------------------------------------------------------- text stays inside


def shown_text(el: ET.Element) -> str:
    """The characters a <text> draws (a <title> child is a tooltip, not drawn)."""
    parts = [el.text or ""] + [child.tail or "" for child in el]
    return "".join(parts)


def extent(el: ET.Element) -> tuple[float, float]:
    """Left and right edge of a <text> by the kit's width estimate."""
    x = float(el.get("x"))
    w = text_width(shown_text(el), float(el.get("font-size", "12")), el.get("font-weight") == "bold")
    anchor = el.get("text-anchor", "start")
    return {"start": (x, x + w), "middle": (x - w / 2, x + w / 2), "end": (x - w, x)}[anchor]


def assert_text_inside(svg: str) -> ET.Element:
    """Every label inside its box (``<g class='box'>``) and every text inside the picture."""
    root = parse(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    for el in root.iter(f"{NS}text"):
        left, right = extent(el)
        assert left >= 0 and right <= width and float(el.get("y")) <= height, (shown_text(el), left, right, width)
    for g in root.iter(f"{NS}g"):
        if g.get("class") != "box":
            continue
        rect = g.find(f"{NS}rect")
        x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
        for el in g.iter(f"{NS}text"):
            left, right = extent(el)
            assert x <= left and right <= x + w, (shown_text(el), (left, right), (x, x + w))
            assert y < float(el.get("y")) <= y + h, shown_text(el)
    return root


def drill_timeline(events: list[str], record=None) -> tuple[list[dict], list[str]]:
    record = record or load_record(EXAMPLE)
    result = run(from_record(record, record.gateway()), events)
    return result["timeline"], result["distribution"]["targets"]


def test_timeline_caption_and_heading_fit_any_number_of_columns():
    for events in ([], ["SYSA:down"], ["SYSA:down", "SYSA:up"], ["SYSA:down", "SYSB:unhealthy", "SYSB:down", "SYSC:down",
                                                                  "SYSC:up", "SYSA:up"]):
        timeline, targets = drill_timeline(events)
        root = assert_text_inside(timeline_svg(timeline, targets))
        drawn = " ".join(shown_text(el) for el in root.iter(f"{NS}text"))
        assert "\u2026" not in drawn, drawn  # nothing of the example needed shortening
        # the caption whole, over its lines (the model's timelines name the distributor, so its caption)
        assert " ".join(DISTRIBUTOR_CAPTION.split()) in " ".join(drawn.split())
        assert TIMELINE_HEADING in drawn


def test_no_target_row_only_when_a_step_has_no_target():
    timeline, targets = drill_timeline(["SYSA:down", "SYSA:up"])
    root = parse(timeline_svg(timeline, targets))
    assert NO_TARGET not in all_text(root)
    assert timeline_rows(timeline, targets) == ["SYSA", "SYSB", "SYSC"]
    timeline, targets = drill_timeline(["SYSA:down", "SYSB:down", "SYSC:down"])
    root = parse(timeline_svg(timeline, targets))
    assert all_text(root).count(NO_TARGET) == 1 and "NO TARGET" in all_text(root)
    assert timeline_rows(timeline, targets)[-1] == NO_TARGET


def test_a_timeline_without_a_distributor_has_the_shorter_caption():
    timeline = [{"event": "start", "active": "SYSA", "states": {"SYSA": "listening"}}]
    root = assert_text_inside(timeline_svg(timeline, ["SYSA"]))
    drawn = " ".join(" ".join(shown_text(el) for el in root.iter(f"{NS}text")).split())
    assert " ".join(TIMELINE_CAPTION.split()) in drawn and "distributor" not in drawn


def test_timeline_rows_are_data_a_new_row_gets_drawn():
    timeline, targets = drill_timeline(["SYSA:down"])
    rows = [*targets, {"name": "distributor"}]
    root = assert_text_inside(timeline_svg(timeline, rows))
    assert "distributor" in all_text(root)


def test_each_picture_names_itself():
    record = load_record(EXAMPLE)
    titles = [parse(topology_svg(record)).find(f"{NS}title").text]
    for view in drill_views(drills(record)):
        if hasattr(view, "svg_text"):
            titles.append(parse(view.svg_text).find(f"{NS}title").text)
    assert titles[0] == "Topology of CHG0001: sysplex PLEX1, systems SYSA, SYSB, SYSC"
    assert len(titles) == len(set(titles)) >= 4, titles
    assert "Failover timeline of zowe-gateway: SYSA fails and comes back" in titles


def test_topology_labels_stay_in_their_boxes():
    root = assert_text_inside(topology_svg(load_record(EXAMPLE)))
    drawn = " ".join(shown_text(el) for el in root.iter(f"{NS}text"))
    assert "\u2026" not in drawn and "VIPABACKUP 203.0.113.50 rank 100" in drawn


NAME = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=4, unique=True), st.lists(NAME, min_size=1, max_size=7))
def test_any_names_and_events_stay_inside(names, events):
    timeline = [{"event": ev, "active": names[i % len(names)] if i % 3 else None,
                 "states": {n: "unhealthy" for n in names}} for i, ev in enumerate(events)]
    assert_text_inside(timeline_svg(timeline, names))


@settings(max_examples=30, deadline=None)
@given(st.text(min_size=0, max_size=200), st.floats(min_value=20, max_value=600), st.sampled_from([9, 11, 15]),
       st.booleans())
def test_fit_and_wrap_keep_to_the_width(text, width, size, bold):
    assert text_width(fit(text, width, size, bold), size, bold) <= width
    for line in wrap(text, width, size, bold):
        assert text_width(line, size, bold) <= width


def test_long_names_are_shortened_with_the_full_text_as_tooltip():
    mapping = {
        "change": {"id": "X", "title": "long"},
        "sysplex": {"name": "P", "systems": systems(2)},
        "distributions": [{"name": "a-long-distribution-name-for-the-gateway", "dvipa": "203.0.113.5",
                           "hostname": "a-very-long-host-name.with.many.subdomains.example.com",
                           "ports": [7554, 7555, 7556, 7557, 7558, 7559], "preferred": "SYSA", "backups": ["SYSB"]}],
    }
    root = assert_text_inside(topology_svg(build(mapping)))
    shortened = [el for el in root.iter(f"{NS}text") if shown_text(el).endswith("\u2026")]
    assert shortened and all(el.find(f"{NS}title") is not None for el in shortened)
