"""What a reviewer reads: requirement sections, findings tables, the record summary, unique anchors.

These tests pin the reading order and the context the review asked for:
a requirement's heading comes before its explanation and the block under it
has no heading of its own; tables leave out columns that would say nothing;
the record page says which systems, what was checked, where the evidence is
and who signed; ids stay unique when several notebooks share a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape as html_escape

from tests.support.paths import ROOT
from tests.support.reports import fixture_records
from zowe_ha_lib.publish.pages import breakable
from zowe_ha_lib.publish.site import REQUIREMENT_TITLES, publish, scope_ids
from zowe_ha_lib.publish.source import read_plan
from zowe_ha_lib.requirements.findings import Finding
from zowe_ha_lib.runbook import blocks as nb

ROW = {"id": "sysplex-timer", "title": "A common time source", "why": "ordering", "verify": "D ETR",
       "displays": ["D ETR"], "fix": "join the CTN"}


def _finding(status: str, requirement: str = "sysplex-timer", fix: str | None = None) -> Finding:
    return Finding(requirement, "SYSA", status, "timing mode", "evidence/SYSA/d-etr.txt:3", fix)


def test_requirement_block_has_no_heading_and_starts_with_its_verdict() -> None:
    block = nb.requirement_block(ROW, [_finding("pass")], {"id": "sysplex-timer", "status": "pass"})
    markup = block._repr_html_()
    assert not re.search(r"<h[1-6]", markup)
    assert markup.startswith('<p class="zha-verdict">') and "PASS" in markup.split("</p>", 1)[0]
    assert repr(block).splitlines()[0] == "PASS: A common time source"
    assert "Fix, if it ever fails:" in markup  # a passing requirement's fix is advice, not an action


def test_requirement_block_fix_is_an_action_when_it_fails() -> None:
    markup = nb.requirement_block(ROW, [_finding("fail")], {"id": "sysplex-timer", "status": "fail"})._repr_html_()
    assert "<b>Fix:</b> join the CTN" in markup and "ever fails" not in markup
    assert "Displays to capture on each system:</b> <code>D ETR</code>" in markup


def test_findings_table_leaves_out_columns_that_say_nothing() -> None:
    one = nb.findings_table([_finding("pass"), _finding("pass")])
    head = repr(one).splitlines()[0]
    assert "Requirement" not in head and "Fix" not in head and head.startswith("System")
    mixed = nb.findings_table([_finding("pass"), _finding("fail", "jes2-mas", fix="add it")])
    head = repr(mixed).splitlines()[0]
    assert head.startswith("Requirement") and head.rstrip().endswith("Fix")
    # The same headings as the site's findings tables (requirements.findings.COLUMNS).
    assert "What the evidence shows" in head and "Evidence (file:line)" in head
    assert "FAIL" in mixed._repr_html_()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.sampled_from(["pass", "fail", "warn"]),
                          st.one_of(st.none(), st.just("do x"))), min_size=1, max_size=6))
def test_findings_table_rows_match_headers(items: list[tuple[str, str, str | None]]) -> None:
    table = nb.findings_table([_finding(s, r, f) for r, s, f in items])
    markup = table._repr_html_()
    n_head = markup.count("<th ")
    assert markup.count("<td ") == n_head * len(items)
    assert (n_head == 6) == (len({r for r, _, _ in items}) > 1 and any(f for _, _, f in items))


def test_distributions_table_has_six_columns() -> None:
    from zowe_ha_lib.record.load import load_record

    table = nb.distributions_table(load_record(ROOT / "runbooks" / "CHG0001"))
    markup = table._repr_html_()
    assert markup.count("<th ") == 6
    assert "SYSA preferred; SYSB backup 100; SYSC backup 50" in markup
    assert "AUTOSWITCHBACK, HEALTHSWITCH" in markup


def test_requirement_notebook_names_each_requirement_before_explaining_it() -> None:
    """Every sysplex requirement gets a section from the registry: heading, what it is, then the verdict."""
    from zowe_ha_lib.requirements import registry

    cells = json.loads((ROOT / "notebooks" / "10-requirements.ipynb").read_text("utf-8"))["cells"]
    shown = [c for c in cells if "blocks.requirement_sections(result.views())" in "".join(c["source"])]
    assert len(shown) == 1
    reqs = registry.for_notebook("10-requirements")
    assert len(reqs) == 11  # the page's nine sysplex requirements, nodejs and resilience
    for req in reqs:
        section = nb.requirement_section(req.describe("v3"), [], {"id": req.id, "status": "unknown"})
        text = repr(section)
        assert text.startswith(f"## {REQUIREMENT_TITLES[req.id]} ({req.id})\n"), req.id
        assert text.splitlines()[1].startswith("What it is. ")
        assert text.splitlines()[2].startswith("UNKNOWN: ")
        markup = section._repr_html_()
        assert markup.startswith(f'<h2 id="req-{req.id}">') and markup.count("<h") == 1


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="abO-", min_size=1, max_size=4), max_size=6))
def test_scope_ids_prefixes_ids_and_links_to_them(ids: list[str]) -> None:
    html = "".join(f'<h4 id="{i}">x</h4><a href="#{i}">to</a>' for i in ids) + '<a href="#summary">page</a>'
    out = scope_ids(html, "nb-10-x-")
    assert re.findall(r' id="([^"]*)"', out) == [f"nb-10-x-{i}" for i in ids]
    assert re.findall(r' href="#([^"]*)"', out) == [f"nb-10-x-{i}" for i in ids] + ["summary"]


def test_breakable_escapes_and_offers_breaks_at_slashes() -> None:
    assert str(breakable("evidence/<S>/a.txt:3")) == "evidence/<wbr>&lt;S&gt;/<wbr>a.txt:3"


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["systems", "distributions", "name", "dvipa", "ports", "targets",
                                         "role", "rank", "system", "distributor"]), inner, max_size=4),
                    max_leaves=20))
def test_read_plan_never_fails(tmp_path_factory: pytest.TempPathFactory, value: object) -> None:
    path = tmp_path_factory.mktemp("plan") / "generate.json"
    path.write_text(json.dumps(value))
    plan = read_plan(path)
    assert all(isinstance(s, str) for s in plan.systems) and all(isinstance(x, str) for x in plan.distributions)


def test_read_plan_of_the_generated_example(tmp_path: Path) -> None:
    from zowe_ha_lib.record.load import load_record
    from zowe_ha_lib.tcpip.outputs import generate_json

    path = tmp_path / "generate.json"
    path.write_text(json.dumps(generate_json(load_record(ROOT / "runbooks" / "CHG0001"))))
    plan = read_plan(path)
    assert plan.systems == ["SYSA", "SYSB", "SYSC"]
    assert plan.distributions[0] == ("zowe-gateway: 203.0.113.50 port 7554; new connections go to SYSA, "
                                     "then by BACKUP rank to SYSB (100), SYSC (50); owned by SYSA")


def test_record_page_summary_and_findings_for_a_reviewer(tmp_path: Path, executed_notebooks: dict[str, bytes]) -> None:
    records = fixture_records(tmp_path / "records", executed_notebooks)
    out = tmp_path / "site"
    publish(list(records.values()), out)
    page = (out / "records" / "CHG0001" / "index.html").read_text("utf-8")
    systems = re.search(r'<dd id="record-systems">(.*?)</dd>', page).group(1)
    assert systems == "SYSA, SYSB"  # the fixture has no plan: the systems its findings name
    assert re.search(r'<dd id="record-signers">no one yet</dd>', page)
    assert "relative to the change record folder <code>" in page
    attention = page.split('class="findings findings-attention"', 1)[1].split("</table>", 1)[0]
    assert attention.index("FAIL") < attention.index("WARN") and "PASS" not in attention
    assert "evidence/<wbr>SYSB/<wbr>d-jes.txt:1" in page
    ids = re.findall(r' id="([^"]*)"', page)
    assert len(ids) == len(set(ids))


def _headings(html: str, table_class: str) -> list[str]:
    table = html.split(f'class="findings {table_class}', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col">([^<]*)</th>', table)


def test_requirement_page_explains_before_it_lists_with_the_same_headings(tmp_path: Path,
                                                                          executed_notebooks: dict[str, bytes]) -> None:
    from zowe_ha_lib.requirements.findings import COLUMNS
    from zowe_ha_lib.requirements.registry import requirement

    records = fixture_records(tmp_path / "records", executed_notebooks)
    out = tmp_path / "site"
    publish(list(records.values()), out)
    page = (out / "requirements" / "jes2-mas.html").read_text("utf-8")
    req = requirement("jes2-mas")
    about, results = page.index('id="about-h"'), page.index('id="results-h"')
    assert about < results
    for label, text in (("What it is", req.what), ("Why Zowe HA needs it", req.text("why", "v3")),
                        ("How to verify it", req.text("verify", "v3")), ("How to fix it", req.text("fix", "v3"))):
        assert f"<dt>{label}</dt>" in page[about:results], label
        assert html_escape(text) in page[about:results], label
    record = (out / "records" / "CHG0001" / "index.html").read_text("utf-8")
    on_record = _headings(record, "findings-attention")
    on_requirement = _headings(page, "findings-req")
    assert on_record == [COLUMNS[k] for k in ("requirement", "system", "status", "message", "evidence", "fix")]
    assert on_requirement == on_record[1:]  # the requirement is the page's own subject
    # The evidence link leads to the line kept with the report, from this page too.
    assert 'href="../records/CHG0001/sources/evidence/SYSB/d-jes.txt.html#L1"' in page


def test_a_requirement_the_kit_does_not_know_has_no_explanation() -> None:
    from zowe_ha_lib.publish.pages import explanation

    assert explanation("not-a-kit-requirement", ["v3"]) == []
    labels = [item["label"] for item in explanation("nodejs", ["v1", "v3", "nonsense"])]
    assert labels[:3] == ["What it is", "Why Zowe HA needs it", "How to verify it"]
    why = next(item for item in explanation("nodejs", ["v1", "v3"]) if item["label"] == "Why Zowe HA needs it")
    assert len(why["variants"]) >= 1 and all(text for _, text in why["variants"])
