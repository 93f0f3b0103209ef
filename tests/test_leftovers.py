"""Leftovers: what an interrupted or killed command leaves behind is removed, by itself or by the next one.

* A run's kernel socket folder goes with the run; one a ``kill -9`` left is
  swept by the next run (only this user's, only when its process is gone).
* Processes a notebook starts end with its kernel.
* A publish leaves no temporary files when terminated, and the next publish
  removes what a ``kill -9`` left.

Each scenario runs the real command in a child process with its own TMPDIR,
so nothing another test or user runs is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from tests.support.cli import cli_argv
from tests.support.paths import NOTEBOOK_FIXTURES, ROOT
from tests.support.reports import fake_report


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(predicate, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def _socket_dirs(tmp: Path) -> list[Path]:
    return sorted(p for p in tmp.iterdir() if p.name.startswith("zowe-ha-kernels-"))


@pytest.fixture
def private_tmp():
    """A TMPDIR of the test's own, with a short path: kernel IPC socket paths must fit in 107 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="zh-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _start_run(record: Path, tmpdir: Path, pids: Path, sleep: float) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmpdir), "ZOWE_HA_FIXTURE_PIDS": str(pids), "ZOWE_HA_FIXTURE_SLEEP": str(sleep)}
    return subprocess.Popen(cli_argv("run", str(record), "--notebooks", str(NOTEBOOK_FIXTURES / "spawns")),
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _cleanup(proc: subprocess.Popen, pids: Path) -> None:
    """Whatever the test left running (a kill -9'd run's kernel and its child) goes."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if pids.exists():
        for pid in map(int, pids.read_text().split()):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)  # the kernel leads its own group
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.notebook  # zowe-ha run starts kernels
def test_processes_a_notebook_starts_end_with_its_kernel(example_copy: Path, private_tmp: Path, tmp_path: Path):
    pids = tmp_path / "pids"
    proc = _start_run(example_copy, private_tmp, pids, sleep=0)
    try:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        kernel, child = map(int, pids.read_text().split())
        _wait_for(lambda: not _alive(kernel) and not _alive(child), 30)
    finally:
        _cleanup(proc, pids)
    assert _socket_dirs(private_tmp) == []


@pytest.mark.notebook  # zowe-ha run starts kernels
def test_a_terminated_run_ends_its_kernel_and_leaves_no_socket_folder(example_copy: Path, private_tmp: Path,
                                                                      tmp_path: Path):
    pids = tmp_path / "pids"
    proc = _start_run(example_copy, private_tmp, pids, sleep=120)
    try:
        _wait_for(lambda: pids.exists() and pids.read_text().strip())
        kernel, child = map(int, pids.read_text().split())
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        assert proc.returncode == 128 + signal.SIGTERM
        _wait_for(lambda: not _alive(kernel) and not _alive(child), 30)
    finally:
        _cleanup(proc, pids)
    assert _socket_dirs(private_tmp) == []
    assert not [p for p in example_copy.iterdir() if p.name.startswith(".report-tmp-")]


@pytest.mark.notebook  # zowe-ha run starts kernels
def test_the_next_run_sweeps_the_socket_folder_of_a_killed_run(example_copy: Path, private_tmp: Path,
                                                               tmp_path: Path):
    pids = tmp_path / "pids"
    foreign = private_tmp / "zowe-ha-kernels-unnamed-of-an-older-kit"  # fresh, maybe in use: kept
    foreign.mkdir()
    proc = _start_run(example_copy, private_tmp, pids, sleep=120)
    try:
        _wait_for(lambda: pids.exists() and pids.read_text().strip())
        left = [d for d in _socket_dirs(private_tmp) if d != foreign]
        proc.kill()  # kill -9: nothing of the run can clean up
        proc.wait(timeout=30)
    finally:
        _cleanup(proc, pids)
    assert len(left) == 1 and left[0].exists()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    again = subprocess.run(cli_argv("run", str(example_copy), "--notebooks", str(NOTEBOOK_FIXTURES / "ok")),
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _socket_dirs(private_tmp) == [foreign]


DRIVER = textwrap.dedent("""
    import os, signal, sys
    from zowe_ha_lib.cli import main

    real = os.replace
    def replace(src, dst, *args, **kwargs):
        if str(src).endswith(".tmp"):  # an atomic write is halfway: the temporary file is there
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        return real(src, dst, *args, **kwargs)
    os.replace = replace
    sys.exit(main(sys.argv[2:]))
""")


def _leftovers(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*")
                  if p.name.endswith(".tmp") or ".new-" in p.name or ".old-" in p.name)


def test_a_terminated_publish_leaves_no_tmp_files(example_copy: Path, tmp_path: Path):
    fake_report(example_copy)
    site = tmp_path / "site"
    first = subprocess.run(cli_argv("publish", str(example_copy), "--out", str(site)), cwd=ROOT, capture_output=True)
    assert first.returncode == 0
    proc = subprocess.run([sys.executable, "-c", DRIVER, "SIGTERM", "publish", str(example_copy), "--out", str(site),
                           "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert _leftovers(site) == []


def test_the_next_publish_removes_what_a_killed_one_left(example_copy: Path, tmp_path: Path):
    fake_report(example_copy)
    site = tmp_path / "site"
    assert subprocess.run(cli_argv("publish", str(example_copy), "--out", str(site)), cwd=ROOT).returncode == 0
    proc = subprocess.run([sys.executable, "-c", DRIVER, "SIGKILL", "publish", str(example_copy), "--out", str(site),
                           "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert _leftovers(site)  # a kill -9 leaves them
    again = subprocess.run(cli_argv("publish", str(example_copy), "--out", str(site), "--force"), cwd=ROOT,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _leftovers(site) == []


def test_the_sweep_takes_only_folders_of_dead_runs_and_day_old_unnamed_ones(tmp_path: Path):
    from zowe_ha_lib.report.runner import sweep_socket_dirs

    dead = subprocess.Popen(["true"])  # a process that has surely ended
    dead.wait()
    names = {
        f"zowe-ha-kernels-{dead.pid}-abcd1234": True,  # its run is gone
        f"zowe-ha-kernels-{os.getpid()}-abcd1234": False,  # a run that is still going
        "zowe-ha-kernels-12345678": False,  # an older kit's, all digits by chance, fresh: maybe in use
        "zowe-ha-kernels-old_kit1": True,  # an older kit's, a day old (set below)
        "unrelated-folder": False,
    }
    for name in names:
        (tmp_path / name).mkdir()
    old = time.time() - 2 * 24 * 3600
    os.utime(tmp_path / "zowe-ha-kernels-old_kit1", (old, old))
    removed = {p.name for p in sweep_socket_dirs(tmp_path)}
    assert removed == {name for name, swept in names.items() if swept}
