"""The sign-off policy: who must approve a change, enforced by ``verify`` (and shown on the site).

Policies sit where a shop keeps them: ``signoff-policy.yaml`` beside the
record folders (the repository's), or in one record's folder (that record's).
Reports are the kit's own (a real ``run`` where a phase needs a run before
and after the change; a report without kernels elsewhere), and every
sign-off is a real SSH signature.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.paths import NOTEBOOK_FIXTURES
from tests.support.reports import fake_report, rewrite_manifest
from tests.support.signing import Team
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.signoff.policy import load_policy
from zowe_ha_lib.signoff.signoffs import sign
from zowe_ha_lib.signoff.terms import NAMESPACE
from zowe_ha_lib.util.errors import InputError

REVIEWED = "policy_version: 1\nroles: [reviewer]\n"
TWO_PHASES = """\
policy_version: 1
roles: [implementer, reviewer]
min_signers: 2
phases: [plan, result]
"""


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path / "keys", tmp_path / "allowed_signers")


@pytest.fixture
def record(example_copy: Path) -> Path:
    """The example record with a report (no kernels) and no sign-offs yet."""
    fake_report(example_copy)
    return example_copy


def policy(folder: Path, text: str) -> Path:
    path = folder / "signoff-policy.yaml"
    path.write_text(text)
    return path


def verify(capsys, rec: Path, *more: str):
    return zowe_ha(capsys, "verify", str(rec), *more)


def missing(out: str) -> list[str]:
    return [line.split("MISSING: ", 1)[1] for line in out.splitlines() if line.startswith("policy: MISSING: ")]


def quick_run(rec: Path) -> None:
    assert cli(["run", str(rec), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) in (0, 1)


# ----------------------------------------------------------------------------- the "done when"


def test_a_policy_that_requires_a_reviewer_fails_verify_until_a_reviewer_signs(record: Path, team: Team, capsys) -> None:
    policy(record.parent, REVIEWED)
    team.sign(record, "alice@example.com", "implementer")
    answer = verify(capsys, record)
    assert answer.code == 1
    assert any(line.startswith("policy: ") and line.endswith("signoff-policy.yaml") for line in answer.out.splitlines())
    assert "  result: approved by a reviewer; at least 1 distinct signer; not by the implementer alone" in answer.out
    assert missing(answer.out) == ["result: no approval by a reviewer",
                                   "result: only the implementer (alice@example.com) approved; the policy asks for an "
                                   "approval by someone else"]
    assert answer.out.splitlines()[-1] == "verify: NOT OK (report signed; policy not met)"

    team.sign(record, "bob@example.com", "reviewer", comment="profiles match the plan")
    answer = verify(capsys, record)
    assert answer.code == 0, answer.out
    assert missing(answer.out) == []
    assert "policy: result: approved by bob@example.com (reviewer, " in answer.out
    assert answer.out.splitlines()[-1] == "verify: OK (report signed; policy met)"


# ----------------------------------------------------------------------------- what a policy asks


def test_distinct_signers_and_the_implementer_alone(record: Path, team: Team, capsys) -> None:
    policy(record.parent, "policy_version: 1\nroles: [implementer, reviewer]\nmin_signers: 2\n")
    team.sign(record, "alice@example.com", "implementer")
    team.sign(record, "alice@example.com", "reviewer", comment="I reviewed my own change")
    assert missing(verify(capsys, record).out) == [
        "result: 1 distinct signer approved (alice@example.com); the policy asks for at least 2",
        "result: only the implementer (alice@example.com) approved; the policy asks for an approval by someone else"]
    team.sign(record, "carol@example.com", "change-manager")
    assert missing(verify(capsys, record).out) == []
    # independent: false lets the implementer approve alone (min_signers still counts people).
    policy(record.parent, "policy_version: 1\nindependent: false\n")
    answer = verify(capsys, record)
    assert answer.code == 0 and "  result: at least 1 distinct signer" in answer.out


def test_only_verified_sign_offs_count(record: Path, team: Team, capsys) -> None:
    policy(record.parent, REVIEWED)
    team.sign(record, "alice@example.com", "implementer")
    stranger = Team(record.parent / "other-keys", record.parent / "other-keys" / "allowed_signers")
    sign(record, stranger.key("bob@example.com"), "bob@example.com", "reviewer", "approve", "looks fine")
    answer = verify(capsys, record)
    assert answer.code == 1
    assert any("result: bob@example.com (reviewer, signoffs/002-reviewer-bob-example.com.json): not counted: unverified"
               in line for line in answer.out.splitlines())
    assert "result: no approval by a reviewer" in missing(answer.out)


def test_the_change_ticket_is_carried_in_the_record_and_the_manifest(record: Path, team: Team, capsys) -> None:
    policy(record.parent, REVIEWED + "ticket: true\n")
    team.sign(record, "bob@example.com", "reviewer")
    assert missing(verify(capsys, record).out) == [
        "ticket: the report names no change ticket: add change.ticket (id and url) to change.yaml, then run the record again"]
    text = (record / "change.yaml").read_text()
    (record / "change.yaml").write_text(text.replace("  zowe_release: v3\n", "  zowe_release: v3\n  ticket:\n    id: CHG0012345\n"))
    rewrite_manifest(record)  # a re-run: the manifest now carries the ticket, and the sign-off is stale
    assert json.loads((record / "report/manifest.json").read_text())["ticket"] == {"id": "CHG0012345", "url": None}
    team.sign(record, "bob@example.com", "reviewer")
    assert missing(verify(capsys, record).out) == [
        "ticket: the report's ticket CHG0012345 has no url: add change.ticket.url to change.yaml, then run the record again"]
    (record / "change.yaml").write_text(text.replace(
        "  zowe_release: v3\n", "  zowe_release: v3\n  ticket:\n    id: CHG0012345\n    url: https://itsm.example.com/change/CHG0012345\n"))
    rewrite_manifest(record)
    for old in (record / "report/signoffs").iterdir():
        old.unlink()
    team.sign(record, "bob@example.com", "reviewer")
    answer = verify(capsys, record, "--json")
    assert answer.code == 0, answer.out
    data = json.loads(answer.out)
    assert data["ok"] is True and data["policy"]["met"] is True
    assert data["policy"]["ticket_carried"] == {"id": "CHG0012345", "url": "https://itsm.example.com/change/CHG0012345"}


def test_a_ticket_link_must_be_an_http_address(example_copy: Path, capsys) -> None:
    text = (example_copy / "change.yaml").read_text()
    (example_copy / "change.yaml").write_text(text.replace(
        "  zowe_release: v3\n", "  zowe_release: v3\n  ticket:\n    id: CHG1\n    url: javascript:alert(1)\n"))
    answer = zowe_ha(capsys, "validate", str(example_copy))
    assert answer.code == 2 and "change.ticket.url: 'javascript:alert(1)' is not valid" in answer.err


# ----------------------------------------------------------------------------- plan before, result after


def test_the_plan_is_approved_before_the_change_and_holds_for_the_run_after_it(example_copy: Path, team: Team,
                                                                                 capsys) -> None:
    rec = example_copy
    policy(rec.parent, TWO_PHASES)
    quick_run(rec)  # the run before the change is applied
    team.sign(rec, "alice@example.com", "implementer", phase="plan")
    team.sign(rec, "bob@example.com", "reviewer", phase="plan")
    answer = verify(capsys, rec, "--phase", "plan")
    assert answer.code == 0, answer.out  # the plan may be applied
    assert "VALID: reviewer bob@example.com approve the plan: Good" in answer.out
    assert missing(verify(capsys, rec).out) == [
        "result: no approval that counts yet (zowe-ha sign " + str(rec) + " --phase result ... on the report of the run "
        "after the change)", "result: no approval by an implementer", "result: no approval by a reviewer"]

    quick_run(rec)  # after the change: the plan sign-offs move to history/ with the run they signed
    [slot] = (rec / "history").iterdir()
    team.sign(rec, "alice@example.com", "implementer")
    team.sign(rec, "bob@example.com", "reviewer")
    answer = verify(capsys, rec)
    assert answer.code == 0, answer.out
    assert "policy: plan: approved by alice@example.com (implementer, " in answer.out
    data = json.loads(verify(capsys, rec, "--json").out)
    [plan, result] = data["policy"]["checked"]
    assert {a["file"] for a in plan["approved_by"]} == {f"history/{slot.name}/signoffs/001-implementer-alice-example.com.json",
                                                        f"history/{slot.name}/signoffs/002-reviewer-bob-example.com.json"}
    assert [a["signer"] for a in result["approved_by"]] == ["alice@example.com", "bob@example.com"]


def test_a_plan_sign_off_lists_the_plan_files_and_stock_openssh_verifies_it(example_copy: Path, team: Team) -> None:
    quick_run(example_copy)
    path = team.sign(example_copy, "bob@example.com", "reviewer", phase="plan")
    body = json.loads(path.read_bytes())
    assert body["phase"] == "plan"
    assert [f["path"] for f in body["plan_files"]] == [
        "generated/generate.json", "generated/profiles/SYSA.tcpip", "generated/profiles/SYSB.tcpip",
        "generated/profiles/SYSC.tcpip", "generated/zowe-fragment.yaml"]
    manifest = json.loads((example_copy / "report/manifest.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert all(listed[f["path"]] == f["sha256"] for f in body["plan_files"])
    with open(path, "rb") as stdin:
        proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(team.allowed), "-I", "bob@example.com",
                               "-n", NAMESPACE, "-s", f"{path}.sig"], stdin=stdin, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_an_approval_of_another_plan_does_not_count(example_copy: Path, team: Team, capsys) -> None:
    rec = example_copy
    policy(rec.parent, TWO_PHASES)
    quick_run(rec)
    team.sign(rec, "alice@example.com", "implementer", phase="plan")
    team.sign(rec, "bob@example.com", "reviewer", phase="plan")
    text = (rec / "change.yaml").read_text()
    (rec / "change.yaml").write_text(text.replace("backups: [SYSB, SYSC]", "backups: [SYSC, SYSB]"))
    quick_run(rec)  # a different plan ran: new ranks in the profiles
    team.sign(rec, "alice@example.com", "implementer")
    team.sign(rec, "bob@example.com", "reviewer")
    answer = verify(capsys, rec)
    assert answer.code == 1
    assert "approved another plan (the plan files changed since)" in answer.out
    assert missing(answer.out)[0].startswith("plan: no approval that counts yet")


def test_a_plan_approved_after_the_result_does_not_count(record: Path, team: Team, capsys) -> None:
    policy(record.parent, TWO_PHASES)
    team.sign(record, "alice@example.com", "implementer", time="2026-11-30T10:00:00Z")
    team.sign(record, "bob@example.com", "reviewer", time="2026-11-30T10:05:00Z")
    team.sign(record, "alice@example.com", "implementer", phase="plan", time="2026-11-30T11:00:00Z")
    team.sign(record, "bob@example.com", "reviewer", phase="plan", time="2026-11-30T11:00:00Z")
    answer = verify(capsys, record)
    assert answer.code == 1
    assert ("not counted: approved the plan at 2026-11-30T11:00:00Z, not before alice@example.com approved the result "
            "at 2026-11-30T10:00:00Z; the plan is approved before the change is applied") in answer.out
    assert next(m for m in missing(answer.out) if m.startswith("plan")).startswith("plan: no approval that counts yet")


# ----------------------------------------------------------------------------- which policy


def test_a_records_own_policy_replaces_the_repositorys_and_says_when_it_asks_less(record: Path, team: Team, capsys) -> None:
    policy(record.parent, TWO_PHASES + "ticket: true\n")
    policy(record, "policy_version: 1\nroles: [implementer]\nindependent: false\n")
    team.sign(record, "alice@example.com", "implementer")
    answer = verify(capsys, record)
    assert answer.code == 0, answer.out
    assert ("signoff-policy.yaml replaces " in answer.out and "and asks less: no plan phase; result: no approval by a "
            "reviewer; result: 1 distinct signer(s) instead of 2; result: the implementer may approve alone; "
            "no change ticket") in answer.out
    # --policy names the one to enforce; --no-policy checks the signatures only.
    answer = verify(capsys, record, "--policy", str(record.parent / "signoff-policy.yaml"))
    assert answer.code == 1 and "ticket: the report names no change ticket" in missing(answer.out)[0]
    answer = verify(capsys, record, "--no-policy")
    assert answer.code == 0 and not any(line.startswith("policy") for line in answer.out.splitlines())


def test_without_a_policy_verify_is_as_before(record: Path, team: Team, capsys) -> None:
    team.sign(record, "alice@example.com", "implementer")
    answer = verify(capsys, record)
    assert answer.code == 0 and not any(line.startswith("policy") for line in answer.out.splitlines())
    assert answer.out.splitlines()[-1] == "verify: OK (report signed)"
    assert json.loads(verify(capsys, record, "--json").out)["policy"] is None


@pytest.mark.parametrize(("text", "line"), [
    ("policy_version: 1\nroles: [boss]\n", "signoff-policy.yaml:2: roles[0]: 'boss' is not one of implementer, reviewer, "
                                           "change-manager"),
    ("policy_version: 1\nmin_signer: 2\n", "signoff-policy.yaml:2: min_signer: unknown key 'min_signer'; did you mean "
                                           "'min_signers'?"),
    ("policy_version: 2\n", "signoff-policy.yaml:1: policy_version: 2 is not one of 1"),
    ("roles: [reviewer]\n", "signoff-policy.yaml:1: missing required key 'policy_version'"),
    ("policy_version: 1\nmin_signers: 0\n", "signoff-policy.yaml:2: min_signers: 0 is out of range 1-20"),
    ("policy_version: 1\nplan: {roles: [reviewer]}\n", "signoff-policy.yaml:2: plan: says what the plan phase asks, "
                                                       "but phases does not name plan"),
    ("", "signoff-policy.yaml: file is empty; expected policy_version: 1"),
    ("- reviewer\n", "signoff-policy.yaml:1: expected a mapping"),
    ("policy_version: 1\nroles: [reviewer\n", "signoff-policy.yaml:3: YAML syntax error"),
])
def test_a_bad_policy_is_bad_input_naming_file_line_and_key(record: Path, capsys, text: str, line: str) -> None:
    policy(record.parent, text)
    answer = verify(capsys, record)
    assert answer.code == 2 and answer.out == ""
    assert line in answer.err, answer.err
    assert "Traceback" not in answer.err


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["policy_version: 1", "roles: [reviewer]", "roles: reviewer", "min_signers: x",
                              "phases: [plan]", "phases: []", "ticket: yes", "plan:", "  roles: [x]", "result: 3",
                              "independent: 1", "- a", "{", "policy_version: 1.0", "&a [*a]"]), max_size=8)
    .map("\n".join),
))
def test_reading_a_policy_never_fails_any_other_way(tmp_path: Path, text: str) -> None:
    path = tmp_path / "signoff-policy.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        loaded = load_policy(path)
    except InputError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
        return
    assert loaded.phases and set(loaded.rules) == set(loaded.phases)
    assert all(rule.min_signers >= 1 for rule in loaded.rules.values())
