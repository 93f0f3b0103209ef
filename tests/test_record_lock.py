"""Readers and writers of a record take its lock: no report read half replaced, no evidence changed under a run.

Writers (run, sign, collect) hold the lock alone and are refused at once when
somebody holds it; publish reads under a shared lock and waits a little for a
writer to finish.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.support.cli import assert_clean_rejection, cli_argv, zowe_ha
from tests.support.fake_zosmf import FakeZosmf
from tests.support.paths import NOTEBOOK_FIXTURES, ROOT
from tests.support.reports import fake_report, tree_digest
from zowe_ha_lib.collect.commands import DISPLAYS
from zowe_ha_lib.publish.site import publish
from zowe_ha_lib.publish.source import publishable
from zowe_ha_lib.record.tree import record_lock
from zowe_ha_lib.util.errors import InputError


def test_collect_during_a_run_is_refused_before_any_request(example_copy: Path, tls, capsys, monkeypatch,
                                                            tmp_path: Path):
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", "sys1pass")
    monkeypatch.setenv("ZOWE_CLI_HOME", str(tmp_path / "no-zowe-home"))
    cert, key = tls
    with FakeZosmf(cert, key) as fake, record_lock(example_copy, "CHG0001", "run"):
        before = tree_digest(example_copy)
        for display in DISPLAYS:
            for system in ("SYSA", "SYSB", "SYSC"):
                fake.respond(system, display.template.format(proc="TCPIP"), display.expect[0])
        answer = zowe_ha(capsys, "collect", example_copy, "--zosmf", fake.url, "--user", "IBMUSER",
                         "--ca-bundle", cert, "--poll-interval", "0", "--follow-ups", "1")
        assert fake.log == []
    assert_clean_rejection(answer, f"cannot collect: zowe-ha run (pid {os.getpid()}) is working on this record")
    assert tree_digest(example_copy) == before


def test_publish_waits_for_a_writer_and_then_refuses(example_copy: Path, tmp_path: Path):
    fake_report(example_copy)
    with record_lock(example_copy, "CHG0001", "sign"), \
            pytest.raises(InputError, match=r"cannot publish: zowe-ha sign .* is working on this record"):
        publish([example_copy], tmp_path / "site", wait=0.5)
    assert not (tmp_path / "site").exists()
    publish([example_copy], tmp_path / "site", wait=0.5)  # free again
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.mark.notebook  # zowe-ha run starts a kernel
def test_publish_during_a_rerun_shows_one_whole_report(example_copy: Path, tmp_path: Path):
    """A run replaces the report while publish is asked for it: the site shows the old or the new, never a mix."""
    fake_report(example_copy)
    env = {**os.environ, "ZOWE_HA_FIXTURE_SLEEP": "4"}
    proc = subprocess.Popen(cli_argv("run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "slow")),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.startswith(".report-tmp-") for p in example_copy.iterdir()):
            assert time.monotonic() < deadline and proc.poll() is None, "the run did not start"
            time.sleep(0.05)
        publish([example_copy], tmp_path / "site", wait=120)
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
    manifest = json.loads((example_copy / "report" / "manifest.json").read_text())
    site_files = tmp_path / "site" / "records" / "CHG0001" / "files"
    copied = json.loads((site_files / "manifest.json").read_text())
    assert copied == manifest  # the publish waited for the run and read the new report
    listed = {f["path"] for f in manifest["files"] if publishable(f["path"], example_copy / "report" / f["path"])}
    on_site = {p.relative_to(site_files).as_posix() for p in site_files.rglob("*") if p.is_file()}
    assert on_site - {"manifest.json"} == listed  # and nothing of the old one
    assert "10-slow" in (tmp_path / "site" / "records" / "CHG0001" / "index.html").read_text()


def test_a_second_writer_is_refused_at_once_and_readers_share(example_copy: Path):
    with record_lock(example_copy, "CHG0001", "publish", shared=True), \
            record_lock(example_copy, "CHG0001", "publish", shared=True, wait=0), \
            pytest.raises(InputError, match="cannot run: zowe-ha publish"), \
            record_lock(example_copy, "CHG0001", "run"):
        pass
    with record_lock(example_copy, "CHG0001", "run"):
        pass


def test_publish_reads_a_record_it_may_not_write(example_copy: Path, tmp_path: Path):
    """A reader writes nothing into the record, not even the lock file."""
    fake_report(example_copy)
    (example_copy / ".zowe-ha-run.lock").unlink(missing_ok=True)
    before = tree_digest(example_copy)
    publish([example_copy], tmp_path / "site")
    assert tree_digest(example_copy) == before
    assert not (example_copy / ".zowe-ha-run.lock").exists()
    shutil.rmtree(tmp_path / "site")
