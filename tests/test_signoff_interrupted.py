"""Sign-off under interruption and at its edges: no half-made sign-off, rejections and tampering said plainly.

Interruptions are real signals sent to a real ``zowe-ha sign`` process: at
the passphrase prompt (a stand-in ssh-keygen that waits, as one waiting for a
passphrase does), and between the two renames that put a sign-off in place (a
driver process that sends the signal to itself right after the first rename,
the worst moment there is).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.support.cli import cli_argv, zowe_ha
from tests.support.paths import ROOT
from tests.support.reports import fake_report, tree_digest
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.publish.site import publish
from zowe_ha_lib.signoff.signoffs import report_status, sign


@pytest.fixture
def rec(example_copy: Path, tmp_path: Path) -> dict:
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, bob = keygen(keys, "alice"), keygen(keys, "bob")
    allowed = allowed_signers(keys / "allowed_signers", {"alice@example.com": alice, "bob@example.com": bob})
    fake_report(example_copy)
    return {"rec": example_copy, "alice": alice, "bob": bob, "allowed": allowed}


def _sign_argv(rec: dict, who: str = "bob") -> list[str]:
    return ["sign", str(rec["rec"]), "--key", str(rec[who]), "--signer", f"{who}@example.com", "--role", "change-manager"]


def _leftovers(record: Path) -> list[str]:
    return sorted(p.name for p in record.iterdir() if p.name.startswith(".signing-")) + \
        sorted(p.name for p in (record / "report" / "signoffs").glob(".*"))


def _waiting_ssh_keygen(folder: Path) -> dict[str, str]:
    """PATH with an ssh-keygen that waits, as one asking for a passphrase nobody types."""
    folder.mkdir()
    fake = folder / "ssh-keygen"
    fake.write_text(f"#!/bin/sh\ntouch {folder}/started\nexec sleep 120\n")
    fake.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_a_sign_interrupted_at_the_passphrase_leaves_no_half_made_signoff(rec: dict, tmp_path: Path, capsys, sig):
    sign(rec["rec"], rec["alice"], "alice@example.com", "reviewer")
    before = tree_digest(rec["rec"] / "report")
    env = _waiting_ssh_keygen(tmp_path / "bin")
    proc = subprocess.Popen(cli_argv(*_sign_argv(rec)), cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: (tmp_path / "bin" / "started").exists())
        os.killpg(proc.pid, sig)  # what Ctrl-C at a terminal does: the whole foreground group
        proc.wait(timeout=60)
    finally:
        _end_group(proc)
    assert tree_digest(rec["rec"] / "report") == before
    assert report_status(rec["rec"], rec["allowed"]).state == "signed"
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and _leftovers(rec["rec"]) == []
    # Whatever a kill -9 left in the record folder, the next sign clears, and both sign-offs verify.
    answer = zowe_ha(capsys, *_sign_argv(rec))
    assert answer.code == 0, answer.err
    assert _leftovers(rec["rec"]) == []
    answer = zowe_ha(capsys, "verify", rec["rec"], "--allowed-signers", rec["allowed"])
    assert answer.code == 0 and answer.out.count("VALID:") == 2, answer.out


DRIVER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from zowe_ha_lib.cli import main

    real = Path.replace
    def replace(self, target):
        result = real(self, target)
        if str(target).endswith(".json.sig"):  # the first of the two renames: the worst moment
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        return result
    Path.replace = replace
    sys.exit(main(sys.argv[2:]))
""")


def _driver(signame: str, argv: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, signame, *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_a_terminated_sign_between_its_renames_still_leaves_a_whole_signoff(rec: dict):
    proc = _driver("SIGTERM", _sign_argv(rec))
    assert proc.returncode != 0  # it was killed by the signal, once the pair was in place
    status = report_status(rec["rec"], rec["allowed"])
    assert status.state == "signed" and [c.state for c in status.checks] == ["valid"], status.signoffs


def test_a_kill_between_the_renames_is_cleaned_up_by_the_next_sign(rec: dict, capsys):
    proc = _driver("SIGKILL", _sign_argv(rec))
    assert proc.returncode == -signal.SIGKILL
    assert report_status(rec["rec"], rec["allowed"]).state == "invalid"  # a signature without its record
    answer = zowe_ha(capsys, *_sign_argv(rec, "alice"))
    assert answer.code == 0, answer.err
    assert "a signature without its sign-off record" in answer.err
    status = report_status(rec["rec"], rec["allowed"])
    assert status.state == "signed" and [c.signer for c in status.checks] == ["alice@example.com"]


def test_publish_during_sign_does_not_show_a_good_report_as_invalid(rec: dict, tmp_path: Path):
    """The sign stops for a while right after its first rename; publish runs meanwhile and must wait for it."""
    marker = tmp_path / "halfway"
    slow = DRIVER.replace("os.kill(os.getpid(), getattr(signal, sys.argv[1]))",
                          f"open({str(marker)!r}, 'w').close(); __import__('time').sleep(3)")
    proc = subprocess.Popen([sys.executable, "-c", slow, "SIGTERM", *_sign_argv(rec)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(marker.exists)
        out = tmp_path / "site"
        publish([rec["rec"]], out, allowed_signers=rec["allowed"])
        assert proc.wait(timeout=60) == 0, proc.stderr.read()
    finally:
        _end_group(proc)
    index = (out / "index.html").read_text()
    assert 'data-signoff="signed"' in index, index


def test_a_rejection_is_shown_as_rejected_on_the_site(rec: dict, tmp_path: Path, capsys):
    sign(rec["rec"], rec["alice"], "alice@example.com", "reviewer", "approve", "fine")
    sign(rec["rec"], rec["bob"], "bob@example.com", "change-manager", "reject", "not this weekend")
    answer = zowe_ha(capsys, "verify", rec["rec"], "--allowed-signers", rec["allowed"], "--json")
    assert answer.code == 1 and '"state": "rejected"' in answer.out and '"ok": false' in answer.out
    out = tmp_path / "site"
    publish([rec["rec"]], out, allowed_signers=rec["allowed"])
    assert 'data-signoff="rejected"' in (out / "index.html").read_text()
    page = (out / "records" / "CHG0001" / "index.html").read_text()
    assert '<span class="signoff signoff-rejected">rejected</span>' in page and "not this weekend" in page


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def _end_group(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
