"""zowe-ha run: real papermill runs of small fixture notebooks into a record's report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.cli import cli_argv
from tests.support.paths import NOTEBOOK_FIXTURES, ROOT
from tests.support.reports import ExampleRun, tree_digest
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.signoff.signoffs import report_status, sign

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("papermill")]


def run(rec: Path, scenario: str, *extra: str) -> int:
    return cli(["run", str(rec), "--notebooks", str(NOTEBOOK_FIXTURES / scenario), *extra])


def manifest_of(rec: Path) -> dict:
    return json.loads((rec / "report" / "manifest.json").read_bytes())


def test_a_clean_run_writes_the_report_layout_and_manifest(example_copy, capsys):
    assert run(example_copy, "ok") == 0
    out = capsys.readouterr().out
    report = example_copy / "report"
    assert "10-first" in out and "PASS" in out and "report:" in out
    m = manifest_of(example_copy)
    assert m["change"] == "CHG0001" and m["sysplex"] == "PLEX1" and m["parameters"] == {"record": "."}
    assert m["outcome"] == "warn"
    assert [(n["name"], n["status"], n["file"]) for n in m["notebooks"]] == [
        ("10-first", "pass", "notebooks/10-first.ipynb"), ("20-second", "warn", "notebooks/20-second.ipynb")]
    assert set(m["executor"]) == {"python", "papermill", "nbclient", "ipykernel", "nbformat"}
    # files: every report file but the manifest, with the hash of the bytes as written
    on_disk = sorted(p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file())
    assert sorted(f["path"] for f in m["files"]) == [p for p in on_disk if p != "manifest.json"]
    assert any(p.startswith("generated/profiles/") for p in on_disk)
    assert manifest_mod.check_files(report, *manifest_mod.load(report)[::-1][::-1]) == []
    import rfc8785
    raw = (report / "manifest.json").read_bytes()
    assert rfc8785.dumps(json.loads(raw)) == raw
    nb = json.loads((report / "notebooks" / "10-first.ipynb").read_text())
    assert set(nb["metadata"]["papermill"]) <= {"parameters", "version", "start_time", "end_time", "duration", "exception"}
    assert nb["metadata"]["zowe_ha"]["run"]["status"] == "pass"
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".report-")]


def test_failures_are_recorded_and_independent_notebooks_still_run(example_copy, capsys):
    assert run(example_copy, "mixed") == 1
    m = {n["name"]: n for n in manifest_of(example_copy)["notebooks"]}
    assert m["10-pass"]["status"] == "pass"
    assert m["20-raise"]["status"] == "error"
    assert "RuntimeError: the fixture failed on purpose" in m["20-raise"]["error"]
    assert m["30-after-raise"]["status"] == "error" and m["30-after-raise"]["file"] is None
    assert "depends on 20-raise" in m["30-after-raise"]["error"]
    assert m["40-fails"]["status"] == "fail" and m["40-fails"]["error"] is None
    assert m["50-no-outcome"]["status"] == "error" and "without recording an outcome" in m["50-no-outcome"]["error"]
    kept = json.loads((example_copy / "report" / "notebooks" / "20-raise.ipynb").read_text())
    errors = [o for c in kept["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "RuntimeError"
    assert manifest_of(example_copy)["outcome"] == "error"


def test_a_timeout_is_an_error_not_completed(example_copy, capsys):
    assert run(example_copy, "timeout", "--timeout", "3") == 1
    item = manifest_of(example_copy)["notebooks"][0]
    assert item["status"] == "error" and "timed out" in item["error"]
    nb = json.loads((example_copy / "report" / "notebooks" / "10-sleep.ipynb").read_text())
    last = nb["cells"][-1]
    assert last["execution_count"] is None
    assert last["metadata"]["papermill"]["status"] != "completed"


def test_a_dead_kernel_is_an_error(example_copy, capsys):
    assert run(example_copy, "dead") == 1
    item = manifest_of(example_copy)["notebooks"][0]
    assert item["status"] == "error" and "kernel died" in item["error"]


def test_no_secret_path_user_or_host_reaches_any_report_byte(example_copy, capsys, monkeypatch):
    token, password = "tok-6f1c2a9e-unique-report-secret", "pw-91b7e3d0-another-secret"
    monkeypatch.setenv("ZOWE_HA_TEST_TOKEN", token)
    monkeypatch.setenv("ZOSMF_PASSWORD", password)
    assert run(example_copy, "secret") == 1
    out = capsys.readouterr()
    forbidden = [token, password, str(example_copy.resolve()), str(ROOT), sys.prefix, os.path.expanduser("~") + "/"]
    for path in (example_copy / "report").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in forbidden:
                assert needle.encode() not in data, f"{needle!r} in {path.name}"
    assert token not in out.out + out.err
    nb = json.loads((example_copy / "report" / "notebooks" / "10-secret.ipynb").read_text())
    printed = "".join(t for c in nb["cells"] for o in c.get("outputs", []) if o.get("name") == "stdout" for t in o["text"])
    assert "<redacted>" in printed and "<venv>" in printed


def test_bad_record_writes_nothing(example_copy, capsys):
    (example_copy / "change.yaml").write_text("change: {id: CHG0001}\n")
    assert run(example_copy, "ok") == 2
    assert "change.yaml" in capsys.readouterr().err
    assert not (example_copy / "report").exists()
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".")]


def test_a_dependency_on_a_later_notebook_is_bad_input(example_copy, tmp_path, capsys):
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = json.loads((NOTEBOOK_FIXTURES / "ok" / "10-first.ipynb").read_text())
    nb["metadata"]["zowe_ha"]["depends"] = ["20-later"]
    (folder / "10-first.ipynb").write_text(json.dumps(nb))
    assert cli(["run", str(example_copy), "--notebooks", str(folder)]) == 2
    assert "metadata.zowe_ha.depends" in capsys.readouterr().err
    assert not (example_copy / "report").exists()


def test_rerun_keeps_a_signed_report_in_history_and_replaces_an_unsigned_one(example_copy, tmp_path, capsys):
    assert run(example_copy, "ok") == 0
    assert run(example_copy, "ok") == 0
    assert "no sign-offs: replaced" in capsys.readouterr().out
    assert not (example_copy / "history").exists()
    key = keygen(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", {"alice@example.com": key})
    sign(example_copy, key, "alice@example.com", "implementer")
    signed_before = tree_digest(example_copy / "report")
    assert report_status(example_copy, allowed).state == "signed"
    assert run(example_copy, "ok") == 0
    assert "kept in" in capsys.readouterr().out
    (slot,) = (example_copy / "history").iterdir()
    assert tree_digest(slot) == signed_before
    assert report_status(example_copy, allowed).state == "unsigned"


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


def test_second_run_is_refused_and_a_killed_run_leaves_the_report_intact(example_copy, capsys):
    assert run(example_copy, "ok") == 0
    before = tree_digest(example_copy / "report")
    env = {**os.environ, "ZOWE_HA_FIXTURE_SLEEP": "60"}
    proc = subprocess.Popen(cli_argv("run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "slow")),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        staging = lambda: [p for p in example_copy.iterdir() if p.name.startswith(".report-tmp-")]  # noqa: E731
        _wait_for(lambda: any((s / "notebooks").exists() for s in staging()))
        capsys.readouterr()
        assert run(example_copy, "ok") == 2
        assert "is working on this record" in capsys.readouterr().err
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        with __import__("contextlib").suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # its kernel, started in the same session
    assert tree_digest(example_copy / "report") == before
    assert run(example_copy, "ok") == 0  # the lock died with the process; stale staging is cleaned
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".report-tmp-")]


def test_a_secret_scrubbing_cannot_remove_stops_the_report(example_copy, capsys, monkeypatch):
    assert run(example_copy, "ok") == 0
    before = tree_digest(example_copy / "report")
    monkeypatch.setenv("ZOWE_HA_TEST_TOKEN", "tok-3d9a-hidden-in-image-data")
    assert run(example_copy, "leak") == 1
    err = capsys.readouterr().err
    assert "ZOWE_HA_TEST_TOKEN" in err and "not written" in err
    assert "tok-3d9a" not in err
    assert tree_digest(example_copy / "report") == before
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".report-tmp-")]


def test_the_kit_notebooks_run_sign_and_verify_end_to_end(example_run: ExampleRun, tmp_path, capsys):
    """What `make demo` does: run the real notebooks, sign with a throw-away key, verify two ways.

    The run is the session's shared run of the example (see conftest.py); signing works on a copy.
    """
    rc = example_run.code
    example_copy = example_run.copy(tmp_path / "CHG0001")
    m = manifest_of(example_copy)
    assert [n["name"] for n in m["notebooks"]] == ["10-requirements", "20-dvipa", "30-zowe-zosmf", "40-operations",
                                                   "50-drill"]
    assert all(n["status"] != "error" for n in m["notebooks"]), m["notebooks"]
    assert rc == (1 if m["outcome"] == "fail" else 0)
    assert "check.json" in {f["path"] for f in m["files"]}
    key = keygen(tmp_path, "demo")
    allowed = allowed_signers(tmp_path / "allowed_signers", {"demo@example.com": key})
    assert cli(["sign", str(example_copy), "--key", str(key), "--signer", "demo@example.com",
                "--role", "implementer", "--comment", "demo"]) == 0
    assert cli(["verify", str(example_copy), "--allowed-signers", str(allowed)]) == 0
    (record,) = (example_copy / "report" / "signoffs").glob("*.json")
    with open(record, "rb") as stdin:
        proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", "demo@example.com",
                               "-n", "zowe-ha-runbook", "-s", f"{record}.sig"], stdin=stdin, capture_output=True)
    assert proc.returncode == 0


@pytest.mark.xdist_group("papermill")
@pytest.mark.notebook
def test_report_is_readable_by_others(example_run: ExampleRun):
    """The report folder gets normal permissions, not mkdtemp's 0700 (reviewers read it)."""
    assert example_run.code in (0, 1)
    mode = (example_run.record / "report").stat().st_mode & 0o777
    assert mode & 0o055 == 0o055 & ~os.umask(os.umask(0)), oct(mode)
