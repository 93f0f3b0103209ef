"""The requirements registry is the one home of each requirement, and every reader uses it."""

from __future__ import annotations

import json

import pytest

from tests.support.paths import ROOT
from zowe_ha_lib import checks
from zowe_ha_lib.checks.context import CHECKS, check
from zowe_ha_lib.collect.commands import DISPLAYS as COLLECTED
from zowe_ha_lib.publish.site import REQUIREMENT_TITLES
from zowe_ha_lib.requirements import registry, releases
from zowe_ha_lib.requirements.displays import BY_KEY, CONSOLE_DISPLAYS, DISPLAYS
from zowe_ha_lib.requirements.releases import RELEASE_LINES
from zowe_ha_lib.requirements.status import (
    FINDING_STATUSES,
    LABELS,
    ORDER,
    OUTCOME_STATUSES,
    Status,
    css,
    label,
    outcome,
    rank,
    worst,
)
from zowe_ha_lib.runbook import steps
from zowe_ha_lib.runbook.outcome import STATUSES as NOTEBOOK_STATUSES


def test_the_page_requirements_and_the_zowe_yaml_cross_check_are_registered_in_order() -> None:
    """The page's requirements, then resilience (what a pass rests on), then the zowe.yaml cross-check."""
    assert registry.IDS == (
        "cf-connectivity", "coupling-facility", "sysplex-timer", "shared-dasd", "shared-saf", "sysplex-distributor",
        "vsam-rls", "shared-uss", "jes2-mas", "zosmf-ha", "nodejs", "resilience", "zowe-config",
    )
    assert registry.requirement("resilience").notebook == registry.SYSPLEX_NOTEBOOK
    assert registry.ORDER[-1] == registry.EVIDENCE


def test_every_requirement_has_exactly_one_check_and_every_check_a_requirement() -> None:
    assert set(CHECKS) == set(registry.IDS)
    assert checks.run_checks.__module__ == "zowe_ha_lib.checks"


def test_a_check_for_an_unregistered_requirement_or_a_second_check_is_refused() -> None:
    with pytest.raises(KeyError, match="not in the requirements registry"):
        check("no-such-requirement")
    with pytest.raises(ValueError, match="already has a check"):
        check("nodejs")(lambda ctx: [])
    assert CHECKS["nodejs"].__name__ == "nodejs"


@pytest.mark.parametrize("release", RELEASE_LINES)
def test_every_entry_says_what_why_how_and_the_fix_for_every_release(release: str) -> None:
    for row in registry.describe(release):
        for key in ("short", "title", "what", "why", "verify", "fix"):
            assert isinstance(row[key], str) and len(row[key]) >= 10, (release, row["id"], key)
        assert row["displays"], row["id"]
        assert row["notebook"] in (registry.SYSPLEX_NOTEBOOK, registry.CONFIG_NOTEBOOK)


def test_displays_are_from_the_catalogue_and_collect_issues_every_console_display() -> None:
    for req in registry.REQUIREMENTS:
        assert all(key in BY_KEY for key in req.displays), req.id
    used = {key for req in registry.REQUIREMENTS for key in req.displays}
    assert used <= {d.key for d in DISPLAYS}
    assert COLLECTED == CONSOLE_DISPLAYS
    assert {d.key for d in CONSOLE_DISPLAYS} >= {k for k in used if BY_KEY[k].console}
    assert all(not d.console for d in DISPLAYS if d.key in ("node-version", "izuprm", "zowe-yaml"))


def test_per_release_text_follows_the_release_line() -> None:
    node = registry.requirement("nodejs")
    assert node.text("title", "v1") != node.text("title", "v3")
    assert node.text("title", "v3") == node.text("title", "v3.4")  # a level reads its line's text
    with pytest.raises(ValueError):
        node.text("title", "v9")


def test_notebooks_steps_and_site_read_the_registry() -> None:
    for ids in (steps.SYSPLEX_REQUIREMENTS, steps.CONFIG_REQUIREMENTS):
        in_registry_order = tuple(r for r in registry.IDS if r in ids)
        assert ids == in_registry_order
    assert set(steps.SYSPLEX_REQUIREMENTS) | set(steps.CONFIG_REQUIREMENTS) == set(registry.IDS)
    assert {r.id: r.short for r in registry.REQUIREMENTS} == REQUIREMENT_TITLES
    for name in (registry.SYSPLEX_NOTEBOOK, registry.CONFIG_NOTEBOOK):
        cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text("utf-8"))["cells"]
        assert any("blocks.requirement_sections(result.views())" in "".join(c["source"]) for c in cells), name


def test_one_status_order_and_one_set_of_labels() -> None:
    assert ORDER == ("error", "fail", "incomplete", "unknown", "warn", "pass", "n/a")
    assert [s.value for s in sorted(Status, key=lambda s: s.rank)] == list(ORDER)
    # A finding may be unknown; an outcome is then incomplete (never unknown, never pass).
    assert set(FINDING_STATUSES) | set(OUTCOME_STATUSES) == set(ORDER)
    assert set(FINDING_STATUSES) - set(OUTCOME_STATUSES) == {"unknown"}
    assert set(OUTCOME_STATUSES) - set(FINDING_STATUSES) == {"incomplete", "error"}
    assert NOTEBOOK_STATUSES == OUTCOME_STATUSES
    assert LABELS["n/a"] == "N/A" and label("fail") == "FAIL" and label("odd") == "ODD"
    assert worst(["pass", "warn", "unknown"]) == "unknown" and worst([]) == "n/a" and worst(["n/a"]) == "n/a"
    assert worst(["fail", "error"]) == "error"
    assert outcome(["pass", "unknown", "warn"]) == "incomplete" and outcome(["unknown", "fail"]) == "fail"
    assert outcome(["pass", "warn", "n/a"]) == "warn" and outcome([]) == "n/a"
    assert rank("fail") < rank("incomplete") < rank("unknown") < rank("warn") < rank("pass") < rank("n/a") < rank("nonsense")
    assert css("n/a") == "na" and css("<x>") == "x" and css("") == "unknown"
    assert Status.FAIL == "fail" and json.dumps({"s": Status.NA}) == '{"s": "n/a"}'
    assert Status.PASS.settled and not Status.WARN.settled


def test_requirements_command_prints_the_registry_text(capsys) -> None:
    from zowe_ha_lib.cli import main

    assert main(["requirements", "sysplex-timer", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["requirements"] == [registry.requirement("sysplex-timer").describe("v3")]
    assert main(["requirements", "--release", "v1", "nodejs"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("nodejs: " + registry.requirement("nodejs").text("title", "v1"))
    assert "Displays: node --version" in text


# ---------------------------------------------------------------- the text, as each release's documentation says it


def _text(req_id: str, release: str) -> str:
    return " ".join(v for k, v in registry.requirement(req_id).describe(release).items() if isinstance(v, str))


@pytest.mark.parametrize("release", ["v1", "v2", "v2.15", "v2.18", "v3", "v3.0", "v3.4"])
def test_every_entry_names_its_sources_for_every_release(release: str) -> None:
    for row in registry.describe(release):
        assert len(row["sources"]) > 40, (release, row["id"])
        assert "../shared" not in row["sources"] and "contract" not in row["sources"]


@pytest.mark.parametrize("release", ["v1", "v2", "v3", "v3.4"])
def test_statements_the_sources_do_not_support_are_gone(release: str) -> None:
    every = " ".join(_text(r, release) for r in registry.IDS)
    assert "through JES2" not in every  # zwe start routes S ZWESLSTC with the MVS ROUTE command
    assert "RO sysname" in _text("jes2-mas", release)
    assert "lock structures of VSAM RLS and RACF" not in every  # RACF data sharing uses CF cache structures
    assert "cache structures" in _text("shared-saf", release) and "cache structures" in _text("cf-connectivity", release)
    assert "only safe in RLS" not in every  # the docs recommend RLS for a sysplex and allow NONRLS
    assert "NONRLS is also allowed" in _text("vsam-rls", release)
    assert "D IZU" not in every.replace("DISPLAY IZU", "")  # IBM documents F <server>,DISPLAY IZU, not D IZU
    assert "logs users on through z/OSMF" not in every  # z/OSMF is optional for Zowe


def test_zosmf_ha_says_what_ibm_supports_and_that_the_layout_is_zowes() -> None:
    row = registry.requirement("zosmf-ha").describe("v3")
    assert "cannot be implemented in a high-availability cluster" in row["what"]
    assert "jobs REST services" in row["what"] and "Retrieve the contents of a z/OS data set or member" in row["what"]
    assert "Zowe's z/OSMF HA page" in row["what"] and "IBM" in row["sources"] and "recommend" not in row["what"]
    assert "optional for Zowe" in row["why"] and "authentication provider is zosmf" in row["why"]
    assert "F <server>,DISPLAY IZU" in row["verify"] and "IZUPRM=" in row["verify"]


@pytest.mark.parametrize(("release", "words"), [
    ("v1", "Support for Zowe v1 ended on 30 September 2024"),
    ("v2", "the record names only v2"),
    ("v2.15", "before v2.16.0"),
    ("v2.16", "only for the Desktop"),
    ("v3", "only when the Desktop"),
])
def test_nodejs_when_follows_the_level(release: str, words: str) -> None:
    assert words in registry.requirement("nodejs").text("when", release)


@pytest.mark.parametrize(("release", "page"), [
    ("v1", "v1.28.x"), ("v2", "v2.18.x"), ("v2.0", "v2.0.x"), ("v2.15", "v2.15.x"), ("v2.18", "v2.18.x"),
    ("v3.0", "v3.0.x"), ("v3.4", "v3.1.x"), ("v3", "v3.1.x"),
])
def test_nodejs_verify_says_which_page_the_verdict_rests_on(release: str, page: str) -> None:
    row = registry.requirement("nodejs").describe(release)
    assert page in row["verify"]
    assert row["title"] == f"Node.js {releases.node_requirement(release)}"
    assert releases.node_requirement(release) in row["fix"]


def test_level_keys_choose_the_highest_level_at_or_below() -> None:
    text = {"v2": "line", "v2.16": "from 2.16", "v2.18": "from 2.18", "*": "default"}
    assert registry.pick(text, "v2") == "line" and registry.pick(text, "v2.15") == "line"
    assert registry.pick(text, "v2.16") == "from 2.16" and registry.pick(text, "v2.17.3") == "from 2.16"
    assert registry.pick(text, "v2.18.1") == "from 2.18" and registry.pick(text, "v3.4") == "default"
    with pytest.raises(ValueError):
        registry.pick("plain text", "v4")
