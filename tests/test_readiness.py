"""Ready to apply means every applicable requirement passed, everywhere the kit says it.

The rule (:mod:`zowe_ha_lib.requirements.readiness`) is tested on its own, then
on a record with no evidence at all, which must read "not ready" in ``check``
(text, JSON, ``--strict``), in the notebooks papermill executes, in the
manifest's outcome, on the site's index and record page, and in the exit code
of ``run``.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.paths import EXAMPLE, FAULTY, copy_record
from zowe_ha_lib.checks import run_checks
from zowe_ha_lib.cli import main
from zowe_ha_lib.publish.site import publish
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.requirements import readiness, registry
from zowe_ha_lib.requirements.status import OUTCOME_STATUSES, is_ready, outcome
from zowe_ha_lib.runbook import outcome as outcome_mod

WORDS = ["pass", "warn", "fail", "unknown", "n/a"]


# ----------------------------------------------------------------------------- the rule


@given(st.lists(st.tuples(st.sampled_from(["cf-connectivity", "shared-dasd", "nodejs", "failover"]),
                          st.sampled_from(WORDS)), max_size=10))
def test_ready_only_when_every_applicable_item_passed(items: list[tuple[str, str]]) -> None:
    verdict = readiness.assess(items)
    worst = {i: outcome([s for j, s in items if j == i]) for i, _ in items}
    assert verdict.ready == all(s in ("pass", "warn", "n/a") for s in worst.values())
    assert verdict.status == outcome(s for _, s in items) and verdict.status in OUTCOME_STATUSES
    assert verdict.status != "pass" or (not verdict.missing and not verdict.failed)
    assert list(verdict.failed) == [i for i, s in worst.items() if s == "fail"]
    assert verdict.missing_ids == [i for i, s in worst.items() if s == "incomplete"]
    assert list(verdict.warnings) == [i for i, s in worst.items() if s == "warn"]
    if verdict.missing and not verdict.failed:
        assert verdict.status == "incomplete"
        n = len(verdict.missing)
        assert f"{n} requirement{' has' if n == 1 else 's have'} no evidence ({', '.join(verdict.missing_ids)})" in verdict.verdict
    assert verdict.verdict.startswith("ready to apply" if verdict.ready else "not ready: ")


def test_missing_evidence_names_the_displays_to_capture_or_collect() -> None:
    verdict = readiness.assess([("cf-connectivity", "unknown"), ("zosmf-ha", "unknown"), ("failover", "pass")])
    assert verdict.verdict == "not ready: 2 requirements have no evidence (cf-connectivity, zosmf-ha)"
    lines = verdict.advice_for("runbooks/CHG9")
    assert lines[0] == ("cf-connectivity: capture D XCF,CF,CFNAME=ALL, D CF, D XCF,S,ALL and D XCF,CF from each system "
                        "into evidence/<SYSNAME>/")
    assert lines[1].startswith("zosmf-ha: copy into evidence/<SYSNAME>/ by hand: the active IZUPRMxx member")
    assert lines[2] == ("or let the kit capture them: zowe-ha collect runbooks/CHG9 --zosmf URL issues every "
                        "console display through z/OSMF")
    # Every requirement's displays come from the registry's display catalogue.
    for req in registry.REQUIREMENTS:
        missing = readiness.assess([(req.id, "unknown")]).missing[0]
        assert [*missing.console, *missing.manual] == [d.shown for d in req.display_list()]


def test_an_error_outranks_everything_and_warnings_are_listed() -> None:
    assert readiness.assess([("a", "fail")], errors=["30-zowe-zosmf"]).status == "error"
    assert "1 notebook ended in error (30-zowe-zosmf)" in readiness.assess([], errors=["30-zowe-zosmf"]).verdict
    warned = readiness.assess([("a", "pass"), ("b", "warn"), ("c", "n/a")])
    assert warned.ready and warned.verdict == "ready to apply; read 1 warning first (b)"
    assert readiness.assess([]).status == "n/a" and readiness.assess([]).ready


def test_an_outcome_is_never_unknown() -> None:
    assert outcome_mod.outcome_bundle("10-x", "unknown", "s")[outcome_mod.MIME]["status"] == "incomplete"
    with pytest.raises(ValueError):
        outcome_mod.outcome_bundle("10-x", "ready", "s")
    assert not is_ready("incomplete") and not is_ready("fail") and is_ready("warn")


# ----------------------------------------------------------------------------- check


def test_check_prints_failures_and_unknowns_first_and_ends_with_the_verdict(capsys) -> None:
    assert main(["check", str(FAULTY), "--no-color"]) == 1
    lines = capsys.readouterr().out.splitlines()
    statuses = [line.split()[0] for line in lines if re.match(r"^  (PASS|WARN|FAIL|UNKNOWN|N/A) ", line)]
    first_pass = statuses.index("PASS")
    assert set(statuses[:first_pass]) == {"FAIL"}  # the failed requirements lead, each its failures first
    headings = [line for line in lines if line and not line.startswith((" ", "summary", "CHG0002"))]
    assert headings.index("cf-connectivity") < headings.index("shared-saf")  # unknown before a requirement that warns
    assert headings.index("shared-saf") < headings.index("nodejs")  # and warnings before what passed
    assert lines[-1] == ("FAIL CHG0002: not ready: 4 failed (coupling-facility, sysplex-timer, shared-dasd, zowe-config); "
                         "1 requirement has no evidence (cf-connectivity)")


def test_check_only_filters_what_is_shown_not_the_verdict(capsys) -> None:
    assert main(["check", str(FAULTY), "--only", "unknown,WARN", "--no-color"]) == 1
    out = capsys.readouterr().out
    shown = re.findall(r"^  (PASS|WARN|FAIL|UNKNOWN|N/A) ", out, re.M)
    picked = [f for f in run_checks(load_record(FAULTY)).findings if f.status in ("unknown", "warn")]
    assert set(shown) == {"UNKNOWN", "WARN"} and len(shown) == len(picked) > 6  # resilience warns about what is not captured
    assert f"shown: {len(picked)} of " in out and "not ready: 4 failed" in out.splitlines()[-1]
    assert main(["check", str(FAULTY), "--only", "fail", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {f["status"] for f in data["findings"]} == {"fail"} and data["summary"]["pass"] > 0
    assert main(["check", str(FAULTY), "--only", "bad"]) == 2
    assert capsys.readouterr().err.startswith("zowe-ha check: --only: 'bad' is not a status; choose from pass, warn")


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example record with no evidence at all (its zowe.yaml kept)."""
    record = copy_record(EXAMPLE, tmp_path_factory.mktemp("bare") / "CHG0404")
    shutil.rmtree(record / "evidence")
    text = (record / "change.yaml").read_text()
    (record / "change.yaml").write_text(text.replace("id: CHG0001", "id: CHG0404"))
    return record


NO_EVIDENCE = ("cf-connectivity", "coupling-facility", "sysplex-timer", "shared-dasd", "shared-saf",
               "sysplex-distributor", "shared-uss", "jes2-mas", "zosmf-ha", "nodejs")


def test_check_of_a_record_without_evidence_is_not_ready(bare: Path, capsys) -> None:
    assert main(["check", str(bare), "--no-color"]) == 0  # plain check: unknown is not a failure
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"INCOMPLETE CHG0404: not ready: 10 requirements have no evidence ({', '.join(NO_EVIDENCE)})"
    assert "  jes2-mas: capture $D MASDEF and $D MEMBER from each system into evidence/<SYSNAME>/" in lines
    assert any(line.startswith("  or let the kit capture them: zowe-ha collect ") for line in lines)
    assert main(["check", str(bare), "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", str(bare), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] is False and data["verdict"].startswith("not ready: 10 requirements have no evidence")
    assert [m["requirement"] for m in data["missing"]] == sorted(NO_EVIDENCE, key=registry.IDS.index)
    assert {"requirement": "sysplex-timer", "displays": ["D ETR", "D XCF,S,ALL"]} in data["missing"]
    # --strict leaves a ready record alone.
    assert main(["check", str(EXAMPLE), "--strict"]) == 0
    capsys.readouterr()


def test_the_summary_step_verdict_matches_check(bare: Path) -> None:
    from zowe_ha_lib.runbook import steps

    summary = steps.summary(load_record(bare))
    assert summary.status == "incomplete" and not summary.ready
    assert summary.headline.startswith("CHG0404: not ready: 10 requirements have no evidence (")
    assert set(summary.readiness.missing_ids) == set(NO_EVIDENCE)
    assert set(summary.readiness.missing_ids) == set(run_checks(load_record(bare)).readiness.missing_ids)


# ----------------------------------------------------------------------------- run, notebooks, manifest, site


@pytest.fixture(scope="module")
def bare_run(bare: Path) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["run", str(bare), "--no-color"])
    return code, out.getvalue()


@pytest.mark.notebook
def test_run_of_a_record_without_evidence_exits_1_and_says_incomplete(bare: Path, bare_run: tuple[int, str]) -> None:
    code, out = bare_run
    assert code == 1
    manifest = json.loads((bare / "report" / "manifest.json").read_text())
    assert manifest["outcome"] == "incomplete"
    statuses = {nb["name"]: nb["status"] for nb in manifest["notebooks"]}
    assert statuses == {"10-requirements": "incomplete", "20-dvipa": "pass", "30-zowe-zosmf": "incomplete",
                        "40-operations": "incomplete", "50-drill": "n/a"}
    summary = next(nb for nb in manifest["notebooks"] if nb["name"] == "40-operations")["summary"]
    assert summary.startswith("CHG0404: not ready: 10 requirements have no evidence (")
    assert re.search(r"^report: \S+ \(outcome incomplete\): not ready: 10 requirements have no evidence", out, re.M)
    assert "next: capture the missing evidence, then zowe-ha run " in out
    assert "--decision reject --comment" in out


@pytest.mark.notebook
def test_the_executed_summary_notebook_says_not_ready_and_what_to_capture(bare: Path, bare_run: tuple[int, str]) -> None:
    nb = json.loads((bare / "report" / "notebooks" / "40-operations.ipynb").read_text())
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "INCOMPLETE" in html and "not ready: 10 requirements have no evidence" in html
    assert "Capture the missing evidence, then run the report again" in html
    assert "sysplex-timer: capture D ETR and D XCF,S,ALL from each system" in html
    assert "ready to apply" not in html.replace("not ready", "")
    records = outcome_mod.read(nb)
    assert records[-1]["status"] == "incomplete"


@pytest.mark.notebook
def test_the_site_shows_a_record_without_evidence_as_not_ready(bare: Path, bare_run: tuple[int, str],
                                                                 example_run, tmp_path: Path) -> None:
    good = example_run.copy(tmp_path / "recs" / "CHG0001")
    out = tmp_path / "site"
    publish([bare, good], out)
    index = (out / "index.html").read_text()
    row = index.split('data-outcome="incomplete"', 1)[1].split("</tr>", 1)[0]
    assert "INCOMPLETE" in row and "not ready: 10 requirements have no evidence" in row
    assert "ready to apply" in index.split('data-outcome="pass"', 1)[1].split("</tr>", 1)[0]
    page = (out / "records" / "CHG0404" / "index.html").read_text()
    verdict = page.split('id="record-verdict">', 1)[1].split("</dd>", 1)[0]
    assert verdict.startswith("not ready: 10 requirements have no evidence")
    assert "jes2-mas: capture $D MASDEF and $D MEMBER" in verdict and "zowe-ha collect CHG0404 --zosmf URL" in verdict
    assert 'class="status status-incomplete">INCOMPLETE<' in page.split('id="record-outcome">', 1)[1][:200]


@pytest.mark.notebook
def test_run_of_a_ready_record_names_the_sign_and_verify_commands(example_run) -> None:
    lines = example_run.out.splitlines()
    assert example_run.code == 0
    assert re.fullmatch(r"report: \S+ \(outcome pass\): ready to apply", lines[-3].replace("\x1b", ""))
    assert re.fullmatch(r"next: zowe-ha sign \S+CHG0001 --key ~/.ssh/id_ed25519 --signer YOU@example.com "
                        r"--role implementer", lines[-2])
    assert re.fullmatch(r"then: zowe-ha verify \S+CHG0001( --allowed-signers FILE)?", lines[-1])
