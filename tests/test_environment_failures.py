"""The environment's failures are exit 1 or 2 with one clear line, never exit 3, and nothing is left half written.

A full disk is a file size limit in the child (tests/support/limits.py); a
folder the command may not write is a real one (file permissions enforced
even for root).
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.support.fake_zosmf import FakeZosmf
from tests.support.limits import assert_denied, run_limited
from tests.support.paths import NOTEBOOK_FIXTURES
from tests.support.reports import fake_report, tree_digest
from tests.support.signing import keygen
from zowe_ha_lib.collect.commands import DISPLAYS

FULL = "the disk is full or a size limit was reached"


def _one_clean_line(proc, code: int, needle: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    # progress lines of run, collect's opening line and its per-item progress
    lines = [line for line in proc.stderr.splitlines()
             if not line.startswith(("[", "zowe-ha collect: CHG0001: 3 system(s)", "  "))]
    assert len(lines) == 1 and needle in lines[0], proc.stderr


def _without_lock(digest: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in digest.items() if k != ".zowe-ha-run.lock"}


@pytest.mark.notebook  # zowe-ha run starts kernels
@pytest.mark.parametrize("limit", [2_000, 6_000])
def test_run_on_a_full_disk_stops_with_one_line_and_keeps_the_report(example_copy: Path, limit: int):
    """2 KB: papermill cannot write a notebook; 6 KB: the notebooks are written, the generated files are not."""
    fake_report(example_copy)
    before = _without_lock(tree_digest(example_copy))
    proc = run_limited("run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "ok"), file_size=limit)
    _one_clean_line(proc, 1, FULL)
    assert "cannot write the report" in proc.stderr
    assert _without_lock(tree_digest(example_copy)) == before
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".report-")]


def test_publish_on_a_full_disk_stops_with_one_line_and_leaves_no_tmp_files(example_copy: Path, tmp_path: Path):
    fake_report(example_copy)
    out = tmp_path / "site"
    proc = run_limited("publish", str(example_copy), "--out", str(out), file_size=3_000)
    _one_clean_line(proc, 1, FULL)
    assert str(out) in proc.stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".new-" in p.name or ".old-" in p.name]


def test_sign_on_a_full_disk_stops_with_one_line_and_leaves_nothing(example_copy: Path, tmp_path: Path):
    fake_report(example_copy)
    key = keygen(tmp_path, "alice")
    before = _without_lock(tree_digest(example_copy))
    proc = run_limited("sign", str(example_copy), "--key", str(key), "--signer", "alice@example.com",
                       "--role", "reviewer", file_size=100)
    _one_clean_line(proc, 1, FULL)
    assert _without_lock(tree_digest(example_copy)) == before
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".signing-")]


@pytest.fixture
def zosmf(tls):
    cert, key = tls
    with FakeZosmf(cert, key) as fake:
        for display in DISPLAYS:
            for system in ("SYSA", "SYSB", "SYSC"):
                fake.respond(system, display.template.format(proc="TCPIP"), f"{display.expect[0]} {'X' * 200}")
        yield fake


def _collect(record: Path, fake: FakeZosmf, tls, tmp_path: Path, **limits):
    env = {"ZOWE_HA_ZOSMF_PASSWORD": "sys1pass", "ZOWE_CLI_HOME": str(tmp_path / "no-zowe-home")}
    return run_limited("collect", str(record), "--zosmf", fake.url, "--user", "IBMUSER", "--ca-bundle", str(tls[0]),
                       "--poll-interval", "0", "--follow-ups", "1", env=env, **limits)


def test_collect_on_a_full_disk_stops_with_one_line_and_writes_nothing(example_copy: Path, zosmf: FakeZosmf, tls,
                                                                        tmp_path: Path):
    shutil.rmtree(example_copy / "evidence")
    proc = _collect(example_copy, zosmf, tls, tmp_path, file_size=300)
    _one_clean_line(proc, 1, FULL)
    assert not (example_copy / "evidence").exists() and not (example_copy / "collected").exists()
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".collect-tmp-")]


def _read_only(folder: Path) -> None:
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)


@pytest.fixture
def writable_again():
    folders: list[Path] = []
    yield folders
    for folder in folders:
        folder.chmod(0o755)


def test_run_and_sign_in_a_read_only_record_are_bad_input(example_copy: Path, tmp_path: Path, writable_again):
    fake_report(example_copy)
    key = keygen(tmp_path, "alice")
    _read_only(example_copy)
    writable_again.append(example_copy)
    assert_denied(example_copy)
    before = tree_digest(example_copy)
    proc = run_limited("run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "ok"), unprivileged=True)
    _one_clean_line(proc, 2, "cannot run: cannot write in the record folder (Permission denied)")
    proc = run_limited("sign", str(example_copy), "--key", str(key), "--signer", "alice@example.com", "--role",
                       "reviewer", unprivileged=True)
    _one_clean_line(proc, 2, "cannot sign: cannot write in the record folder (Permission denied)")
    assert tree_digest(example_copy) == before


def test_publish_reads_a_read_only_record_and_refuses_a_read_only_site_folder(example_copy: Path, tmp_path: Path,
                                                                              writable_again):
    fake_report(example_copy)
    _read_only(example_copy)
    writable_again.append(example_copy)
    proc = run_limited("publish", str(example_copy), "--out", str(tmp_path / "site"), unprivileged=True)
    assert proc.returncode == 0, proc.stderr  # a reader needs no write access to the record
    locked = tmp_path / "locked"
    locked.mkdir()
    _read_only(locked)
    writable_again.append(locked)
    assert_denied(locked)
    proc = run_limited("publish", str(example_copy), "--out", str(locked / "site"), unprivileged=True)
    _one_clean_line(proc, 2, "Permission denied")
    assert str(locked / "site") in proc.stderr


def test_collect_finds_out_it_may_not_write_before_it_asks_z_osmf(example_copy: Path, zosmf: FakeZosmf, tls,
                                                                  tmp_path: Path, writable_again):
    sysb = example_copy / "evidence" / "SYSB"
    _read_only(sysb)
    writable_again.append(sysb)
    assert_denied(sysb)
    before = _without_lock(tree_digest(example_copy))
    proc = _collect(example_copy, zosmf, tls, tmp_path, unprivileged=True)
    _one_clean_line(proc, 2, "evidence/SYSB: cannot collect: no permission to write there; nothing was asked of z/OSMF")
    assert zosmf.log == []
    assert _without_lock(tree_digest(example_copy)) == before


def test_collect_in_a_read_only_record_is_refused_before_it_asks_z_osmf(example_copy: Path, zosmf: FakeZosmf, tls,
                                                                         tmp_path: Path, writable_again):
    _read_only(example_copy)
    writable_again.append(example_copy)
    proc = _collect(example_copy, zosmf, tls, tmp_path, unprivileged=True)
    _one_clean_line(proc, 2, "cannot collect: cannot write in the record folder (Permission denied)")
    assert zosmf.log == []
    assert os.access(example_copy, os.R_OK)
