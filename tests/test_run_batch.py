"""zowe-ha run REC...: several records in one command on one pool of kernels.

Real papermill runs with real kernels (forked by the run's fork server, or
started as new processes with ZOWE_HA_KERNEL_FORK=0).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.support.cli import cli_argv, zowe_ha
from tests.support.paths import EXAMPLE, FAULTY, NOTEBOOK_FIXTURES, ROOT, SINGLE, copy_record
from tests.support.reports import tree_digest
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.report import manifest as manifest_mod
from zowe_ha_lib.report.runner import default_notebook_dir, discover

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("papermill")]


def manifest_of(rec: Path) -> dict[str, Any]:
    return json.loads((rec / "report" / "manifest.json").read_bytes())


def report_is_whole(rec: Path) -> bool:
    """The report is there and every byte is as its manifest lists it."""
    manifest, data = manifest_mod.load(rec / "report")
    return manifest_mod.check_files(rec / "report", manifest, data) == []


def leftovers(rec: Path) -> list[str]:
    return [p.name for p in rec.iterdir() if p.name.startswith((".report-tmp-", ".report-old-"))]


def test_one_failing_record_and_one_bad_one_stop_no_other(tmp_path, capsys):
    good = copy_record(EXAMPLE, tmp_path / "CHG0001")
    faulty = copy_record(FAULTY, tmp_path / "CHG0002")
    bad = copy_record(SINGLE, tmp_path / "CHG0003")
    (bad / "change.yaml").write_text("change: {id: CHG0003}\n")

    answer = zowe_ha(capsys, "run", good, bad, faulty, "--jobs", "2")

    assert answer.code == 2, answer  # the worst: bad input (2) over a failed check (1) over ready (0)
    assert manifest_of(good)["outcome"] == "pass"
    assert manifest_of(faulty)["outcome"] == "fail"
    assert report_is_whole(good) and report_is_whole(faulty)
    assert not (bad / "report").exists() and leftovers(bad) == []
    # the bad record's problem, named as a run of it alone names it, then one table row per record
    assert re.search(r"CHG0003: .*change\.yaml.*sysplex", answer.err), answer.err
    assert "Traceback" not in answer.err and "internal error" not in answer.err
    rows = {line.split()[0].rsplit("/", 1)[-1]: line for line in answer.out.splitlines() if "CHG000" in line}
    n = len(discover(default_notebook_dir()))  # the drill notebook is n/a for a record without a drill
    assert re.search(rf"\bpass\s+{n}: {n - 1} pass, 1 n/a\s+\d+\.\d s\s+ready to apply", rows["CHG0001"]), rows
    assert re.search(rf"\bfail\s+{n}: .*fail.*not ready", rows["CHG0002"]), rows
    assert re.search(r"\bbad input\s+-\s+\d+\.\d s\s+.*change\.yaml", rows["CHG0003"]), rows
    assert "3 records: 1 ready to apply, 1 not ready, 1 bad input" in answer.out

    # each report is as signable and verifiable as after a run of its record alone
    key = keygen(tmp_path, "alice")
    allowed = allowed_signers(tmp_path / "allowed_signers", {"alice@example.com": key})
    for rec in (good, faulty):
        assert zowe_ha(capsys, "sign", rec, "--key", key, "--signer", "alice@example.com",
                       "--role", "reviewer", "--comment", "read in full").code == 0
        assert zowe_ha(capsys, "verify", rec, "--allowed-signers", allowed).code == 0
    # and no record is left locked: each runs again at once
    assert zowe_ha(capsys, "run", good, faulty).code == 1


def test_a_record_named_twice_runs_once(example_copy, capsys):
    answer = zowe_ha(capsys, "run", example_copy, example_copy / "change.yaml", "--notebooks", NOTEBOOK_FIXTURES / "ok")
    assert answer.code == 0, answer
    assert "1 records: 1 ready to apply, 0 not ready" in answer.out
    assert not (example_copy / "history").exists()  # not run a second time over the first report


def _normalised(folder: Path) -> dict[str, Any]:
    """Every file of a report, with what differs from run to run (times, durations) taken out.

    papermill gives the parameters cell it injects a random id in every run.
    """
    volatile = {"created", "duration_s", "duration", "start_time", "end_time", "execution"}

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            injected = "injected-parameters" in (value.get("metadata") or {}).get("tags", [])
            return {k: strip(v) for k, v in value.items() if k not in volatile and not (injected and k == "id")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    files: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if rel == "manifest.json" or rel.endswith(".ipynb"):
            data = strip(json.loads(path.read_bytes()))
            if rel == "manifest.json":  # the notebooks' hashes cover their times
                data["files"] = [f if not f["path"].endswith(".ipynb") else {"path": f["path"]} for f in data["files"]]
            files[rel] = data
        else:
            files[rel] = path.read_bytes()
    return files


def test_one_job_and_two_jobs_write_the_same_reports(tmp_path, capsys):
    reports = {}
    for jobs in ("1", "2"):
        records = [copy_record(src, tmp_path / jobs / src.name) for src in (EXAMPLE, FAULTY)]
        assert zowe_ha(capsys, "run", *records, "--jobs", jobs).code == 1
        reports[jobs] = [_normalised(rec / "report") for rec in records]
    for one, two in zip(reports["1"], reports["2"], strict=True):
        assert one.keys() == two.keys()
        for rel in one:
            assert one[rel] == two[rel], rel


@pytest.mark.parametrize("fork", ["1", "0"], ids=["forked", "new-process"])
def test_no_state_reaches_one_notebook_from_another(tmp_path, capsys, monkeypatch, fork):
    """Each notebook leaves marks where a reused kernel would carry them; the next one finds none.

    Four notebooks of two records in a row on one slot, so every notebook but
    the first runs after another one; each runs in a process of its own, a
    child of the fork server (not of this process) unless forking is off.
    """
    monkeypatch.setenv("ZOWE_HA_KERNEL_FORK", fork)
    records = [copy_record(EXAMPLE, tmp_path / name) for name in ("A", "B")]
    answer = zowe_ha(capsys, "run", *records, "--jobs", "1", "--notebooks", NOTEBOOK_FIXTURES / "fresh")
    items = [n for rec in records for n in manifest_of(rec)["notebooks"]]
    assert [n["status"] for n in items] == ["pass"] * 4, [n["summary"] for n in items]
    assert answer.code == 0
    seen = [re.fullmatch(r"pid (\d+) parent (\d+) found \[\]", n["summary"]) for n in items]
    pids, parents = {int(m[1]) for m in seen}, {int(m[2]) for m in seen}
    assert len(pids) == 4
    assert (os.getpid() in parents) is (fork == "0")
    assert "ZOWE_HA_FIXTURE_MARK" not in os.environ


def _kernels_of(folder: Path) -> list[psutil.Process]:
    """Processes working in ``folder`` (kernels run in their record folder)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if Path(proc.cwd()).is_relative_to(folder):
                found.append(proc)
        except (psutil.Error, OSError, ValueError):
            continue
    return found


def _wait_for(predicate, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["int", "term", "kill"])
def test_an_interrupted_run_leaves_every_record_untouched_or_complete(tmp_path, capsys, sig):
    records = [copy_record(EXAMPLE, tmp_path / name) for name in ("A", "B", "C")]
    assert zowe_ha(capsys, "run", *records, "--notebooks", NOTEBOOK_FIXTURES / "ok").code == 0
    before = {rec.name: tree_digest(rec / "report") for rec in records}
    env = {**os.environ, "ZOWE_HA_FIXTURE_SLEEP": "2"}
    proc = subprocess.Popen(cli_argv("run", *map(str, records), "--jobs", "1", "--notebooks", str(NOTEBOOK_FIXTURES / "slow")),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    a, b, c = records
    try:
        # A's new report is in place and B's notebook is running in its staging folder
        _wait_for(lambda: tree_digest(a / "report") != before["A"] and leftovers(b) and _kernels_of(b))
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in err, err
    assert report_is_whole(a) and manifest_of(a)["notebooks"][0]["name"] == "10-slow"
    assert tree_digest(b / "report") == before["B"]
    assert tree_digest(c / "report") == before["C"]
    if sig != signal.SIGKILL:  # unwound: staging folders removed on the way out
        assert proc.returncode in (130, 128 + signal.SIGTERM)
        assert all(leftovers(rec) == [] for rec in records)
    # no kernel outlives the run (a kill -9 leaves them to notice that their parent is gone)
    _wait_for(lambda: not any(_kernels_of(rec) for rec in records), 30)
    # nothing is left locked, and the next run clears what a kill -9 left (even in A, killed
    # between putting its new report in place and removing the old one)
    assert zowe_ha(capsys, "run", *records, "--notebooks", NOTEBOOK_FIXTURES / "ok").code == 0
    assert [leftovers(rec) for rec in records] == [[], [], []]
