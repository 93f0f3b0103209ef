"""Symbolic links in a record are hostile: the kit never writes through one, and never reads out of the record.

Records arrive by clone and by archive, and both keep links. A lock file or a
report/, collected/ or evidence/<SYS>/ folder that points elsewhere would make
the kit truncate or fill a file outside the record (as root: any file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import assert_clean_rejection, run_cli, zowe_ha
from tests.support.fake_zosmf import FakeZosmf
from tests.support.paths import NOTEBOOK_FIXTURES
from tests.support.reports import fake_report, tree_digest
from tests.support.signing import keygen
from zowe_ha_lib.collect.commands import DISPLAYS
from zowe_ha_lib.evidence.reader import _Unreadable, read_bytes, read_evidence

VICTIM_TEXT = "precious data outside the record\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file and a folder outside the record that a link in it points at."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text(VICTIM_TEXT)
    return outside


def test_a_symlinked_lock_is_refused_by_run_and_sign(example_copy: Path, victim: Path, tmp_path: Path, capsys):
    fake_report(example_copy)
    (example_copy / ".zowe-ha-run.lock").symlink_to(victim / "victim.txt")
    answer = zowe_ha(capsys, "run", example_copy, "--notebooks", NOTEBOOK_FIXTURES / "ok")
    assert_clean_rejection(answer, ".zowe-ha-run.lock: is a symbolic link")
    key = keygen(tmp_path, "alice")
    answer = zowe_ha(capsys, "sign", example_copy, "--key", key, "--signer", "alice@example.com", "--role", "reviewer")
    assert_clean_rejection(answer, ".zowe-ha-run.lock: is a symbolic link")
    assert (victim / "victim.txt").read_text() == VICTIM_TEXT
    assert not (example_copy / "report" / "signoffs").exists()


@pytest.mark.parametrize("link", ["report", "history"])
def test_run_refuses_a_symlinked_report_or_history(example_copy: Path, victim: Path, link: str, capsys):
    if link == "history":
        fake_report(example_copy)
    (example_copy / link).symlink_to(victim)
    before = tree_digest(victim)
    answer = zowe_ha(capsys, "run", example_copy, "--notebooks", NOTEBOOK_FIXTURES / "ok")
    assert_clean_rejection(answer, f"{link}: is a symbolic link")
    assert tree_digest(victim) == before


def test_sign_refuses_a_symlinked_signoffs_folder(example_copy: Path, victim: Path, tmp_path: Path, capsys):
    fake_report(example_copy)
    (example_copy / "report" / "signoffs").symlink_to(victim)
    key = keygen(tmp_path, "alice")
    answer = zowe_ha(capsys, "sign", example_copy, "--key", key, "--signer", "alice@example.com", "--role", "reviewer")
    assert_clean_rejection(answer, "report/signoffs: is a symbolic link")
    assert sorted(p.name for p in victim.iterdir()) == ["victim.txt"]


@pytest.mark.parametrize("link", ["evidence/SYSA", "collected", "evidence"])
def test_collect_refuses_symlinked_folders_before_it_asks_z_osmf(example_copy: Path, victim: Path, tls, link: str,
                                                                 capsys, monkeypatch, tmp_path: Path):
    shutil.rmtree(example_copy / "evidence")
    (example_copy / link).parent.mkdir(parents=True, exist_ok=True)
    (example_copy / link).symlink_to(victim)
    monkeypatch.setenv("ZOWE_HA_ZOSMF_PASSWORD", "sys1pass")
    monkeypatch.setenv("ZOWE_CLI_HOME", str(tmp_path / "no-zowe-home"))
    cert, key = tls
    with FakeZosmf(cert, key) as fake:
        for display in DISPLAYS:
            for system in ("SYSA", "SYSB", "SYSC"):
                fake.respond(system, display.template.format(proc="TCPIP"), display.expect[0])
        answer = zowe_ha(capsys, "collect", example_copy, "--zosmf", fake.url, "--user", "IBMUSER",
                         "--ca-bundle", cert, "--poll-interval", "0", "--follow-ups", "1")
        assert fake.log == []  # refused before the first request
    assert_clean_rejection(answer, f"{link}: is a symbolic link")
    assert sorted(p.name for p in victim.iterdir()) == ["victim.txt"]


def test_evidence_links_out_of_the_record_are_not_followed(example_copy: Path, victim: Path):
    sysa = example_copy / "evidence" / "SYSA"
    (victim / "d-etr.txt").write_text("IEA386I TIMING MODE STP\n")
    (sysa / "etr-elsewhere.txt").symlink_to(victim / "d-etr.txt")
    (sysa / "elsewhere").symlink_to(victim)
    (example_copy / "captures").mkdir()
    (example_copy / "captures" / "node.txt").write_text("v20.11.1\n")
    (sysa / "node-inside.txt").symlink_to(example_copy / "captures" / "node.txt")
    (sysa / "loop").symlink_to(sysa)
    evidence = read_evidence(example_copy / "evidence", ("SYSA", "SYSB", "SYSC"), base=example_copy)
    outside = {p.file: p.message for p in evidence.problems if "symbolic link out of the change record" in p.message}
    assert set(outside) == {"evidence/SYSA/etr-elsewhere.txt", "evidence/SYSA/elsewhere"}
    assert "evidence/SYSA/node-inside.txt" in evidence.files  # a link that stays in the record is read
    assert not any("victim" in f or "elsewhere" in f for f in evidence.files)


def test_an_evidence_folder_that_is_a_link_out_is_not_read(example_copy: Path, victim: Path):
    shutil.rmtree(example_copy / "evidence")
    (example_copy / "evidence").symlink_to(victim)
    evidence = read_evidence(example_copy / "evidence", (), base=example_copy)
    assert evidence.files == [] and "symbolic link out of the change record" in evidence.problems[0].message


@pytest.mark.parametrize("command", ["check", pytest.param("run", marks=pytest.mark.notebook)])
def test_proc_kmsg_linked_in_as_evidence_does_not_hang(example_copy: Path, command: str):
    (example_copy / "evidence" / "SYSA" / "kmsg.txt").symlink_to("/proc/kmsg")
    fifo = example_copy / "captures.fifo"
    os.mkfifo(fifo)
    (example_copy / "evidence" / "SYSB" / "pipe.txt").symlink_to(fifo)
    extra = ["--notebooks", str(NOTEBOOK_FIXTURES / "ok")] if command == "run" else []
    try:
        proc = run_cli(command, str(example_copy), *extra, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"zowe-ha {command} hung on /proc/kmsg or a FIFO linked in as evidence")
    assert proc.returncode in (0, 1), proc.stderr
    if command == "check":
        assert "evidence/SYSA/kmsg.txt: is a symbolic link out of the change record" in proc.stdout
        assert "evidence/SYSB/pipe.txt" in proc.stdout and "not a regular file" in proc.stdout


def test_the_size_cap_holds_for_files_that_report_size_zero():
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0  # the kernel makes it up as it is read
    assert b"Name:" in read_bytes(status)
    with pytest.raises(_Unreadable, match="more than the 100 bytes"):
        read_bytes(status, limit=100)


def test_a_fifo_is_not_read(tmp_path: Path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(_Unreadable, match="not a regular file"):
        read_bytes(tmp_path / "fifo")


def test_a_change_yaml_linked_to_proc_kmsg_is_bad_input_not_a_hang(tmp_path: Path):
    (tmp_path / "change.yaml").symlink_to("/proc/kmsg")
    try:
        proc = run_cli("validate", str(tmp_path), timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("zowe-ha validate hung on a change.yaml linked to /proc/kmsg")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "change.yaml" in proc.stderr

