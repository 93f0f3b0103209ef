"""``zowe-ha diff``: what changed in a change record since its signed baseline.

The baseline is a real report: the example record run once per session by
``zowe-ha run`` with the kit's notebooks (copied per test), or a run with the
two quick fixture notebooks where a test needs a run of its own. Sign-offs
are real SSH signatures; the evidence is edited the way a new capture would
change it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.paths import EXAMPLE, NOTEBOOK_FIXTURES, copy_record
from tests.support.reports import flip_byte, rewrite_manifest
from tests.support.signing import Team
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.drift import evidence_changes
from zowe_ha_lib.drift.baseline import Baseline, read_kept
from zowe_ha_lib.drift.compare import (
    MISSING,
    by_name,
    edits,
    effect_of,
    finding_changes,
    value_changes,
)
from zowe_ha_lib.evidence.reader import STARTS, read_evidence
from zowe_ha_lib.evidence.values import COMMANDS, evidence_values, item_ids
from zowe_ha_lib.record.load import load_record
from zowe_ha_lib.report.inputs import json_values
from zowe_ha_lib.signoff.signoffs import ReportStatus, sign

GRS_LOG = "evidence/SYSA/syslog-plex1-20241125.txt"
SECRET = "Kst0re-Pa55w0rd-x9"


@pytest.fixture
def team(tmp_path: Path) -> Team:
    return Team(tmp_path / "keys", tmp_path / "recs" / "allowed_signers")


@pytest.fixture
def signed(example_run, tmp_path: Path, team: Team) -> Path:
    """A copy of the example record with its real report, signed by its implementer (trusted)."""
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    team.sign(record, "alice@example.com", "implementer")
    return record


def quick_run(record: Path) -> None:
    """``zowe-ha run`` with the two fixture notebooks: a real run (generated files, checks, inputs) in seconds."""
    assert cli(["run", str(record), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) == 0


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def quiesce_sysb(record: Path) -> None:
    """SYSB leaves the GRS star: the D GRS in the SYSLOG extract now shows it QUIESCED (same column widths)."""
    edit(record / GRS_LOG, "SYSB      CONNECTED", "SYSB      QUIESCED ")


def diff_json(capsys, record: Path, *more: str) -> tuple[int, dict]:
    answer = zowe_ha(capsys, "diff", str(record), "--json", *more)
    assert answer.code in (0, 1), answer
    return answer.code, json.loads(answer.out)


def of_kind(data: dict, kind: str) -> list[dict]:
    return [c for c in data["changes"] if c["kind"] == kind]


# ----------------------------------------------------------------------------- the "done when"


def test_a_quiesced_grs_member_is_worse_exits_1_and_is_named(signed: Path, capsys) -> None:
    quiesce_sysb(signed)
    answer = zowe_ha(capsys, "diff", str(signed))
    assert answer.code == 1, answer
    lines = answer.out.splitlines()
    assert lines[0].startswith("CHG0001: changes since the signed baseline (report/: run ")
    assert "signed by alice@example.com, signed)" in lines[0]
    assert lines[1].startswith("  WORSE   shared-dasd SYSB: pass -> fail: GRS state of SYSB is QUIESCED")
    assert any(line.startswith("  CHANGED D GRS on SYSA: systems[SYSB].state: CONNECTED -> QUIESCED") for line in lines)
    assert lines[-1] == "diff: WORSE (1 worse, 0 better, 1 changed)"

    code, data = diff_json(capsys, signed)
    assert code == 1
    assert data["change"] == "CHG0001"
    assert data["baseline"]["path"] == "report" and data["baseline"]["signed_by"] == ["alice@example.com"]
    assert data["summary"] == {"worse": 1, "better": 0, "changed": 1}
    assert data["changes"][0] == {
        "kind": "finding", "requirement": "shared-dasd", "system": "SYSB", "before": "pass", "after": "fail",
        "effect": "worse", "message": data["changes"][0]["message"], "evidence": f"{GRS_LOG}:70"}
    assert "QUIESCED" in data["changes"][0]["message"]
    [grs] = of_kind(data, "evidence")
    assert grs["display"] == "grs" and grs["command"] == "D GRS" and grs["system"] == "SYSA"
    assert (grs["key"], grs["before"], grs["after"], grs["edit"]) == ("systems[SYSB].state", "CONNECTED", "QUIESCED", "changed")


def test_nothing_changed_exits_0(signed: Path, capsys) -> None:
    answer = zowe_ha(capsys, "diff", str(signed))
    assert answer.code == 0, answer
    assert answer.out.splitlines()[-2:] == ["  no changes", "diff: OK (0 worse, 0 better, 0 changed)"]
    _, data = diff_json(capsys, signed)
    assert data["changes"] == [] and data["notes"] == []


def test_a_capture_taken_again_on_other_lines_is_no_change(signed: Path, capsys) -> None:
    log = signed / GRS_LOG
    log.write_text("# captured again the next day\n# (comment lines move every response down)\n" + log.read_text())
    code, data = diff_json(capsys, signed)
    assert code == 0 and data["changes"] == []


# ----------------------------------------------------------------------------- each kind of change


def test_a_change_yaml_edit_is_reported_by_key_path(signed: Path, capsys) -> None:
    # Both distributions share the DVIPA, so both lose SYSB (one DVIPA has one set of backups).
    edit(signed / "change.yaml", "backups: [SYSB, SYSC]", "backups: [SYSC]")
    edit(signed / "change.yaml", "backups: [SYSB, SYSC]", "backups: [SYSC]")
    edit(signed / "change.yaml", "      tcpip_proc: TCPIP\n      obeyfile: SYS1.TCPPARMS(ZWEHASB)",
         "      tcpip_proc: TCPIPB\n      obeyfile: SYS1.TCPPARMS(ZWEHASB)")
    code, data = diff_json(capsys, signed)
    records = {c["key"]: c for c in of_kind(data, "record")}
    assert records["distributions[0].backups"] == {
        "kind": "record", "key": "distributions[0].backups", "before": ["SYSB", "SYSC"], "after": ["SYSC"],
        "effect": "changed", "edit": "changed",
        "message": "change.yaml distributions[0].backups: [SYSB, SYSC] -> [SYSC]"}
    assert records["sysplex.systems[1].tcpip_proc"]["before"] == "TCPIP"
    assert records["sysplex.systems[1].tcpip_proc"]["after"] == "TCPIPB"
    assert sorted(records) == ["distributions[0].backups", "distributions[1].backups", "sysplex.systems[1].tcpip_proc"]
    # The checks judge the edit: the profiles now disagree with the record, so something got worse.
    assert code == 1 and data["changes"][0]["effect"] == "worse"


def test_a_system_removed_from_change_yaml_is_one_change_not_a_shift(signed: Path, capsys) -> None:
    text = (signed / "change.yaml").read_text()
    start = text.index("    - name: SYSB")
    end = text.index("    - name: SYSC")
    (signed / "change.yaml").write_text(text[:start] + text[end:])
    edit(signed / "change.yaml", "backups: [SYSB, SYSC]", "backups: [SYSC]")
    edit(signed / "change.yaml", "backups: [SYSB, SYSC]", "backups: [SYSC]")
    _, data = diff_json(capsys, signed)
    systems = [c for c in of_kind(data, "record") if c["key"].startswith("sysplex.systems")]
    assert [(c["key"], c["edit"], c["before"]["name"]) for c in systems] == [("sysplex.systems[1]", "removed", "SYSB")]


def test_a_zowe_yaml_edit_is_reported_by_key_path(signed: Path, capsys) -> None:
    edit(signed / "zowe.yaml", "  verifyCertificates: STRICT", "  verifyCertificates: NONSTRICT")
    _, data = diff_json(capsys, signed)
    [change] = of_kind(data, "zowe")
    assert change["key"] == "zowe.verifyCertificates"
    assert (change["before"], change["after"], change["effect"]) == ("STRICT", "NONSTRICT", "changed")
    assert change["message"] == "zowe.yaml zowe.verifyCertificates: STRICT -> NONSTRICT"


def test_evidence_values_a_rank_and_a_port(signed: Path, capsys) -> None:
    # SYSB's VIPADISTRIBUTE entry for port 443 gets another BACKUP rank; its z/OSMF listens on another port.
    edit(signed / "evidence/SYSB/tso-netstat.txt", "Rank: 100", "Rank: 090")
    edit(signed / "evidence/SYSB/izuprm0b.txt", "HTTP_SSL_PORT(443)", "HTTP_SSL_PORT(4443)")
    code, data = diff_json(capsys, signed)
    changes = {(c["display"], c["system"], c["key"]): c for c in of_kind(data, "evidence")}
    rank = changes.pop(("netstat-vipadcfg", "SYSB", "distributes[203.0.113.50,443,198.51.100.12].rank"))
    assert (rank["before"], rank["after"], rank["command"]) == (100, 90, "NETSTAT VIPADCFG")
    assert rank["evidence"] == "evidence/SYSB/tso-netstat.txt:3"
    port = changes.pop(("izuprm", "SYSB", "values.HTTP_SSL_PORT"))
    assert (port["before"], port["after"], port["evidence"]) == ("443", "4443", "evidence/SYSB/izuprm0b.txt")
    assert changes == {}
    assert code == 1  # z/OSMF's port no longer matches its DVIPA's: the zosmf-ha check fails now
    assert any(c["requirement"] == "zosmf-ha" and c["system"] == "SYSB" for c in data["changes"] if c["effect"] == "worse")


def test_a_display_no_longer_captured_is_one_change(signed: Path, capsys) -> None:
    (signed / "evidence/SYSC/node-version.txt").unlink()
    code, data = diff_json(capsys, signed)
    [gone] = of_kind(data, "evidence")
    assert (gone["display"], gone["system"], gone["edit"], gone["after"]) == ("node", "SYSC", "removed", None)
    assert gone["before"] == {"version": "v20.11.1"}
    worse = [c for c in data["changes"] if c["effect"] == "worse"]
    assert [(c["requirement"], c["system"], c["after"]) for c in worse] == [("nodejs", "SYSC", "unknown")]
    assert code == 1


def test_a_fix_since_the_baseline_is_better_and_exits_0(example_run, tmp_path: Path, team: Team, capsys) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    quiesce_sysb(record)  # the baseline is a run on the quiesced evidence, signed with a known risk
    assert cli(["run", str(record), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) in (0, 1)
    team.sign(record, "alice@example.com", "implementer", comment="SYSB rejoins GRS tonight")
    edit(record / GRS_LOG, "SYSB      QUIESCED ", "SYSB      CONNECTED")
    answer = zowe_ha(capsys, "diff", str(record))
    assert answer.code == 0, answer
    assert "  BETTER  shared-dasd SYSB: fail -> pass: SYSB is CONNECTED in the GRS star" in answer.out
    assert answer.out.splitlines()[-1] == "diff: OK (0 worse, 1 better, 1 changed)"


# ----------------------------------------------------------------------------- which baseline


def test_no_signed_baseline_is_bad_input(example_run, tmp_path: Path, capsys) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")  # run, never signed
    answer = zowe_ha(capsys, "diff", str(record))
    assert answer.code == 2 and answer.out == ""
    [line] = answer.err.splitlines()
    assert "no signed baseline" in line and "report/: unsigned: no sign-offs" in line and "zowe-ha sign" in line
    shutil.rmtree(record / "report")
    answer = zowe_ha(capsys, "diff", str(record))
    assert answer.code == 2 and "no signed baseline" in answer.err and "no report/ and no history/" in answer.err


def test_a_tampered_baseline_is_no_baseline_with_allowed_signers(signed: Path, team: Team, capsys) -> None:
    flip_byte(signed / "report" / "check.json")
    answer = zowe_ha(capsys, "diff", str(signed), "--allowed-signers", str(team.allowed))
    assert answer.code == 2, answer
    assert "no signed baseline" in answer.err and "report/: invalid: changed: check.json" in answer.err
    # Re-hashed to look intact, the manifest no longer is what alice signed: still no baseline.
    rewrite_manifest(signed)
    answer = zowe_ha(capsys, "diff", str(signed), "--allowed-signers", str(team.allowed))
    assert answer.code == 2 and "tampered" in answer.err


def test_a_forged_signature_is_no_baseline_with_allowed_signers(example_run, tmp_path: Path, team: Team, capsys) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    team.key("alice@example.com")  # the team trusts alice's key; mallory signs as alice with her own
    mallory = Team(tmp_path / "mallory", tmp_path / "mallory" / "allowed_signers")
    sign(record, mallory.key("alice@example.com"), "alice@example.com", "reviewer", "approve", "forged")
    answer = zowe_ha(capsys, "diff", str(record), "--allowed-signers", str(team.allowed))
    assert answer.code == 2 and "report/: unverified" in answer.err
    # Without any allowed_signers file a good signature is a baseline, and the output says it is unverified.
    team.allowed.unlink()
    answer = zowe_ha(capsys, "diff", str(record))
    assert answer.code == 0 and "signed by alice@example.com, unverified)" in answer.out


def test_a_signed_run_kept_in_history_is_the_baseline_of_a_rerun(signed: Path, capsys) -> None:
    quiesce_sysb(signed)
    assert cli(["run", str(signed), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")]) in (0, 1)  # unsigned, newer
    [slot] = (signed / "history").iterdir()
    code, data = diff_json(capsys, signed)
    assert data["baseline"]["path"] == f"history/{slot.name}"
    assert data["notes"][0] == "skipped report/: unsigned: no sign-offs"
    assert code == 1 and data["changes"][0]["requirement"] == "shared-dasd"
    # --against names it too; a report of another change or a folder that is no report is bad input.
    code, data = diff_json(capsys, signed, "--against", str(slot))
    assert code == 1 and data["baseline"]["path"] == str(slot)
    other = copy_record(EXAMPLE, signed.parent / "CHG0009")
    edit(other / "change.yaml", "id: CHG0001", "id: CHG0009")
    answer = zowe_ha(capsys, "diff", str(other), "--against", str(slot))
    assert answer.code == 2 and "is a report of 'CHG0001', not of CHG0009" in answer.err
    answer = zowe_ha(capsys, "diff", str(signed), "--against", str(signed / "evidence"))
    assert answer.code == 2 and "--against: holds no manifest.json" in answer.err


def test_an_unsigned_against_folder_is_refused_with_allowed_signers(example_run, tmp_path: Path, team: Team, capsys) -> None:
    record = example_run.copy(tmp_path / "recs" / "CHG0001")
    team.key("alice@example.com")
    answer = zowe_ha(capsys, "diff", str(record), "--against", str(record / "report"),
                     "--allowed-signers", str(team.allowed))
    assert answer.code == 2 and "is not a report whose sign-offs" in answer.err and "unsigned" in answer.err


# ----------------------------------------------------------------------------- what the report keeps


def test_run_keeps_its_inputs_in_the_manifest_and_masks_zowe_secrets(tmp_path: Path, team: Team, capsys) -> None:
    record = copy_record(EXAMPLE, tmp_path / "recs" / "CHG0001")
    edit(record / "zowe.yaml", "    keystore:\n      type: PKCS12\n",
         f"    keystore:\n      type: PKCS12\n      password: {SECRET}\n")
    quick_run(record)
    report = record / "report"
    manifest = json.loads((report / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    assert {"inputs/change.yaml", "inputs/zowe.json", "inputs/evidence.json"} <= listed
    assert (report / "inputs/change.yaml").read_text() == (record / "change.yaml").read_text()
    zowe = json.loads((report / "inputs/zowe.json").read_text())
    assert zowe["file"] == "zowe.yaml" and zowe["values"]["zowe"]["certificate"]["keystore"]["password"] == "<redacted>"
    for path in (report / "inputs").iterdir():
        assert SECRET not in path.read_text(), path
    evidence = json.loads((report / "inputs/evidence.json").read_text())
    grs = [d for d in evidence["displays"] if d["display"] == "grs"]
    assert grs == [{"display": "grs", "system": "SYSA", "where": f"{GRS_LOG}:68", "values": {
        "mode": "star", "systems": [{"name": n, "state": "CONNECTED"} for n in ("SYSA", "SYSB", "SYSC")]}}]
    # A changed secret is never compared (neither value is kept), and a changed keystore type is.
    team.sign(record, "alice@example.com", "implementer")
    edit(record / "zowe.yaml", f"      password: {SECRET}\n", "      password: another-secret-value\n")
    edit(record / "zowe.yaml", "    keystore:\n      type: PKCS12\n", "    keystore:\n      type: JCERACFKS\n")
    _, data = diff_json(capsys, record)
    assert [c["key"] for c in of_kind(data, "zowe")] == ["zowe.certificate.keystore.type"]


def test_a_report_of_an_earlier_kit_says_what_cannot_be_compared(signed: Path, team: Team, capsys) -> None:
    shutil.rmtree(signed / "report" / "inputs")
    shutil.rmtree(signed / "report" / "signoffs")
    rewrite_manifest(signed)
    team.sign(signed, "alice@example.com", "implementer")
    quiesce_sysb(signed)
    edit(signed / "change.yaml", "title: Enable Zowe high availability on PLEX1", "title: Zowe HA on PLEX1")
    code, data = diff_json(capsys, signed)
    assert code == 1
    notes = "\n".join(data["notes"])
    assert "change.yaml: the baseline keeps no copy of it" in notes and "zowe.yaml: the baseline keeps no values" in notes
    assert "compared the evidence copies in its sources/" in notes
    assert of_kind(data, "record") == [] and of_kind(data, "zowe") == []
    [grs] = of_kind(data, "evidence")  # read again from the copies kept in report/sources/
    assert (grs["key"], grs["after"]) == ("systems[SYSB].state", "QUIESCED")


def test_diff_reads_nothing_half_written_and_writes_nothing(signed: Path, capsys) -> None:
    before = sorted(p.relative_to(signed).as_posix() for p in signed.rglob("*"))
    quiesce_sysb(signed)
    assert zowe_ha(capsys, "diff", str(signed)).code == 1
    assert sorted(p.relative_to(signed).as_posix() for p in signed.rglob("*")) == before


def test_yaml_values_json_has_not_are_kept_and_compared_as_text(tmp_path: Path, team: Team, capsys) -> None:
    record = copy_record(EXAMPLE, tmp_path / "recs" / "CHG0001")
    with open(record / "zowe.yaml", "a") as handle:
        handle.write("x-site:\n  installed: 2024-11-25\n  7554: gateway\n")
    quick_run(record)
    zowe = json.loads((record / "report/inputs/zowe.json").read_text())
    assert zowe["values"]["x-site"] == {"installed": "2024-11-25", "7554": "gateway"}
    team.sign(record, "alice@example.com", "implementer")
    code, data = diff_json(capsys, record)
    assert (code, data["changes"]) == (0, [])


# ----------------------------------------------------------------------------- the comparison itself


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(["SYSA", "SYSB", "ACTIVE", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["name", "state", "rank", "ip"]), inner,
                                                                max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES, JSON_VALUES)
def test_values_differ_exactly_when_there_are_edits(a, b) -> None:
    for ids in (by_name, item_ids):
        assert edits(a, a, ids) == []
        found = edits(a, b, ids)
        assert (found == []) == (a == b)
        assert all(e.before is not MISSING or e.after is not MISSING for e in found)


def test_list_rows_are_matched_by_their_key_not_their_place() -> None:
    before = {"systems": [{"name": "SYSA", "state": "ACTIVE"}, {"name": "SYSB", "state": "ACTIVE"}]}
    after = {"systems": [{"name": "SYSB", "state": "QUIESCED"}, {"name": "SYSA", "state": "ACTIVE"},
                         {"name": "SYSC", "state": "ACTIVE"}]}
    found = [(e.key, e.edit, e.value(e.before), e.value(e.after)) for e in edits(before, after, item_ids)]
    assert found == [("systems[SYSB].state", "changed", "ACTIVE", "QUIESCED"),
                     ("systems[SYSC]", "added", None, {"name": "SYSC", "state": "ACTIVE"})]
    by_place = [(e.key, e.edit) for e in edits(before, after, by_name, positions=True)]
    assert by_place == [("systems[0].state", "changed"), ("systems[2]", "added")]


@pytest.mark.parametrize(("before", "after", "effect"), [
    ("pass", "fail", "worse"), ("pass", "warn", "worse"), ("warn", "unknown", "worse"), ("n/a", "fail", "worse"),
    ("fail", "pass", "better"), ("unknown", "pass", "better"), ("fail", "warn", "better"),
    ("fail", "unknown", "changed"), ("pass", "n/a", "changed"), ("n/a", "pass", "changed"),
    (None, "fail", "worse"), (None, "pass", "changed"), ("fail", None, "changed"), ("pass", "???", "changed"),
])
def test_which_status_changes_are_worse_or_better(before, after, effect) -> None:
    assert effect_of(before, after) == effect


@pytest.mark.parametrize("record", [EXAMPLE, EXAMPLE.parent / "CHG0002", EXAMPLE.parent / "CHG0003"])
def test_display_values_are_json_without_a_line_number(record: Path) -> None:
    rec = load_record(record)
    values = evidence_values(read_evidence(rec.evidence_dir, rec.sysplex.system_names, base=rec.folder))
    assert values and json.loads(json.dumps(values)) == values
    kinds = {v["display"] for v in values}
    assert kinds <= set(COMMANDS)

    def keys(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from keys(v)
        elif isinstance(value, list):
            for v in value:
                yield from keys(v)

    for v in values:
        assert not [k for k in keys(v["values"]) if k in ("line", "file") or k.endswith("_line")], v


def test_every_display_kind_has_a_command_name() -> None:
    # "netstat" is the kind of a NETSTAT report before the parser knows which one: an unusable display, no values.
    assert {kind for kind, _parser in STARTS.values()} - {"netstat"} <= set(COMMANDS)


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["display", "system", "where", "values", "displays", "files", "kit", "file", "name", "x"]),
        inner, max_size=5),
    max_leaves=15,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(evidence=ANY_JSON, zowe=ANY_JSON, check=ANY_JSON)
def test_whatever_a_baseline_keeps_is_read_or_noted_never_a_crash(tmp_path_factory, evidence, zowe, check) -> None:
    """A baseline's inputs are the kit's own files, but a report is a folder anyone can edit: never a crash."""
    folder = tmp_path_factory.mktemp("kept")
    (folder / "inputs").mkdir()
    (folder / "inputs/evidence.json").write_text(json.dumps(evidence))
    (folder / "inputs/zowe.json").write_text(json.dumps(zowe))
    (folder / "check.json").write_text(json.dumps(check))
    (folder / "inputs/change.yaml").write_text(json.dumps(zowe))  # JSON is YAML
    kept = read_kept(Baseline(folder, "report", ReportStatus("signed"), {}), ("SYSA", "SYSB"))
    now = evidence_values(read_evidence(EXAMPLE / "evidence", ("SYSA", "SYSB", "SYSC"), base=EXAMPLE))
    changes = evidence_changes(kept.evidence or [], now)
    if kept.findings is not None:
        changes += finding_changes(kept.findings, [])
    if kept.has_change:
        changes += value_changes("record", json_values(kept.change), {"change": {}}, by_name, positions=True)
    json.dumps([c.to_json() for c in changes])
    assert all(c.effect in ("worse", "better", "changed") for c in changes)
