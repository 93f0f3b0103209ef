"""Sign-off with SSH signatures: stock ssh-keygen accepts them, any change is caught."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import cli_argv, run_cli
from tests.support.paths import ROOT
from tests.support.reports import fake_report, flip_byte, rewrite_manifest
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.cli import main as cli
from zowe_ha_lib.signoff.signoffs import NAMESPACE, report_status, sign


@pytest.fixture
def signed(example_copy: Path, tmp_path: Path) -> dict:
    """A record with a fake report signed by alice, her key and an allowed_signers file."""
    keys = tmp_path / "keys"
    keys.mkdir()
    alice = keygen(keys, "alice")
    allowed = allowed_signers(keys / "allowed_signers", {"alice@example.com": alice})
    fake_report(example_copy)
    record = sign(example_copy, alice, "alice@example.com", "reviewer", "approve", "profiles match the plan")
    return {"rec": example_copy, "key": alice, "allowed": allowed, "record": record, "keys": keys}


def verify(rec: Path, allowed: Path | None, capsys) -> tuple[int, str]:
    argv = ["verify", str(rec)] + (["--allowed-signers", str(allowed)] if allowed else [])
    rc = cli(argv)
    return rc, capsys.readouterr().out


def test_signed_report_verifies_with_the_kit_and_with_stock_openssh(signed, capsys):
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 0, out
    assert "VALID: reviewer alice@example.com approve" in out
    record = signed["record"]
    assert record.name == "001-reviewer-alice-example.com.json"
    body = json.loads(record.read_bytes())
    assert set(body) >= {"signer", "role", "decision", "comment", "time", "manifest_sha256", "change"}
    assert body["change"] == "CHG0001" and body["comment"] == "profiles match the plan"
    with open(record, "rb") as stdin:
        proc = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(signed["allowed"]), "-I", "alice@example.com",
                               "-n", NAMESPACE, "-s", f"{record}.sig"], stdin=stdin, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Good" in proc.stdout


def test_record_bytes_are_canonical(signed):
    import rfc8785

    data = signed["record"].read_bytes()
    assert rfc8785.dumps(json.loads(data)) == data


@pytest.mark.parametrize("rel", [
    "notebooks/10-requirements.ipynb",
    "generated/profiles/SYSA.tcpip",
    "check.json",
    "manifest.json",
    "signoffs/001-reviewer-alice-example.com.json",
    "signoffs/001-reviewer-alice-example.com.json.sig",
])
def test_a_flipped_byte_in_any_report_file_fails_verify(signed, capsys, rel):
    path = signed["rec"] / "report" / rel
    flip_byte(path)
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "NOT OK" in out
    status = report_status(signed["rec"], signed["allowed"])
    assert status.state in ("invalid", "stale")
    if rel.startswith(("notebooks", "generated", "check")):
        assert [(f.path, f.kind) for f in status.files] == [(rel, "changed")]


def test_missing_and_extra_files_are_named(signed, capsys):
    report = signed["rec"] / "report"
    (report / "check.json").unlink()
    (report / "generated" / "profiles" / "SYSZ.tcpip").write_text("VIPADYNAMIC\n")
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "check.json: missing" in out
    assert "generated/profiles/SYSZ.tcpip: extra" in out


def test_a_strangers_key_is_unverified(signed, capsys):
    """Changed by design: a sound signature by a key allowed_signers does not list for the signer was
    reported "invalid: bad signature" (which sends people hunting for a tampered report); it is now
    "unverified" and says the file does not list the key. verify still fails."""
    mallory = keygen(signed["keys"], "mallory")
    shutil.rmtree(signed["rec"] / "report" / "signoffs")
    sign(signed["rec"], mallory, "alice@example.com", "change-manager", "approve", "trust me")
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "UNVERIFIED" in out and "does not list this key for alice@example.com" in out and "VALID:" not in out
    assert report_status(signed["rec"], signed["allowed"]).state == "unverified"


def test_a_signature_in_another_namespace_is_invalid(signed, capsys):
    record = signed["record"]
    Path(f"{record}.sig").unlink()
    subprocess.run(["ssh-keygen", "-Y", "sign", "-f", str(signed["key"]), "-n", "git", str(record)],
                   check=True, capture_output=True)
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "INVALID" in out


def test_a_signoff_over_an_earlier_run_is_stale(signed, capsys):
    """The report was re-run (the signed one is kept in history/) and the old sign-off copied into the new one."""
    report = signed["rec"] / "report"
    shutil.copytree(report, signed["rec"] / "history" / "20261125T100000Z")  # what run keeps of a signed report
    (report / "check.json").write_text('{"change": "CHG0001", "findings": [], "summary": {"pass": 1}}\n')
    rewrite_manifest(signed["rec"])  # the re-run's new manifest
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "STALE" in out and "history/20261125T100000Z" in out
    assert report_status(signed["rec"], signed["allowed"]).state == "stale"


def test_a_manifest_rehashed_after_tampering_is_tampered_not_stale(signed, capsys):
    """Change a file, re-hash the manifest so the files match it: the sign-off's manifest is found nowhere."""
    report = signed["rec"] / "report"
    (report / "check.json").write_text('{"change": "CHG0001", "findings": [], "summary": {"pass": 99}}\n')
    rewrite_manifest(signed["rec"])
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "STALE" not in out and "INVALID" in out and "tampered" in out
    status = report_status(signed["rec"], signed["allowed"])
    assert status.state == "invalid" and status.files == []  # every file matches the re-hashed manifest


def test_without_allowed_signers_the_signer_is_unverified(signed, capsys):
    rc, out = verify(signed["rec"], None, capsys)
    assert rc == 1
    assert "UNVERIFIED" in out and "NOT verified" in out
    status = report_status(signed["rec"])
    # Changed by design: the report's state was "signed" here, and the site showed it green.
    assert status.state == "unverified" and status.signoffs[0]["state"] == "unverified"


def test_allowed_signers_next_to_the_record_is_the_default(signed, capsys):
    shutil.copy(signed["allowed"], signed["rec"].parent / "allowed_signers")
    rc, out = verify(signed["rec"], None, capsys)
    assert rc == 0, out


def test_unsigned_report_does_not_pass_verify(example_copy, capsys):
    fake_report(example_copy)
    rc, out = verify(example_copy, None, capsys)
    assert rc == 1
    assert "no sign-offs" in out
    assert report_status(example_copy).state == "unsigned"


def test_no_report_is_invalid_not_a_crash(example_copy, capsys):
    rc, out = verify(example_copy, None, capsys)
    assert rc == 1
    assert "no manifest" in out
    assert report_status(example_copy).state == "invalid"


def test_sign_refuses_a_changed_report(signed, capsys):
    flip_byte(signed["rec"] / "report" / "check.json")
    rc = cli(["sign", str(signed["rec"]), "--key", str(signed["key"]), "--signer", "alice@example.com",
              "--role", "implementer"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "check.json" in err and "not signing" in err
    assert len(list((signed["rec"] / "report" / "signoffs").iterdir())) == 2


@pytest.mark.parametrize("argv, needle", [
    (["--signer", "alice example", "--role", "reviewer"], "not a usable signer id"),
    (["--signer", "a*@example.com", "--role", "reviewer"], "not a usable signer id"),
    (["--signer", "alice@example.com", "--role", "boss"], "invalid choice"),
])
def test_sign_rejects_bad_arguments(signed, capsys, argv, needle):
    try:
        rc = cli(["sign", str(signed["rec"]), "--key", str(signed["key"]), *argv])
    except SystemExit as exc:  # argparse rejects a bad choice itself
        rc = exc.code
    assert rc == 2
    assert needle in capsys.readouterr().err


def test_sign_rejects_bad_arguments_via_argparse_exit(signed):
    proc = run_cli("sign", str(signed["rec"]), "--key", str(signed["key"]), "--signer", "a@example.com", "--role", "boss")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_several_signoffs_get_numbers_and_a_reject_is_recorded(signed, capsys):
    bob = keygen(signed["keys"], "bob")
    allowed = allowed_signers(signed["keys"] / "allowed2", {"alice@example.com": signed["key"], "bob@example.com": bob})
    second = sign(signed["rec"], bob, "bob@example.com", "change-manager", "reject", "not this weekend")
    assert second.name == "002-change-manager-bob-example.com.json"
    rc, out = verify(signed["rec"], allowed, capsys)
    # A reject is recorded and good, and it is never "signed": verify says so and exits 1.
    assert rc == 1, out
    assert "change-manager bob@example.com reject" in out
    assert "REJECTED by change-manager bob@example.com: not this weekend" in out
    assert out.splitlines()[-1] == "verify: NOT OK (report rejected)"
    assert report_status(signed["rec"], allowed).state == "rejected"


def test_a_key_with_a_passphrase_and_no_terminal_fails_cleanly(signed):
    locked = keygen(signed["keys"], "locked", passphrase="correct horse battery")
    proc = subprocess.run(
        ["setsid", *cli_argv("sign", str(signed["rec"]), "--key", str(locked),
                                                           "--signer", "carol@example.com", "--role", "implementer")],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, env={**os.environ, "SSH_ASKPASS": "", "DISPLAY": ""},
        cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "could not sign" in proc.stderr
    names = sorted(p.name for p in (signed["rec"] / "report" / "signoffs").iterdir())
    assert names == ["001-reviewer-alice-example.com.json", "001-reviewer-alice-example.com.json.sig"]


def test_an_orphan_signature_is_reported(signed, capsys):
    signed["record"].unlink()
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 1
    assert "a signature without its sign-off record" in out


def test_a_relative_key_path_signs(signed, capsys, monkeypatch):
    """ssh-keygen runs in a private folder, so a key given relative to the caller's folder must still load."""
    monkeypatch.chdir(signed["keys"])
    assert cli(["sign", str(signed["rec"]), "--key", signed["key"].name, "--signer", "alice@example.com",
                "--role", "implementer"]) == 0
    rc, out = verify(signed["rec"], signed["allowed"], capsys)
    assert rc == 0, out


@pytest.mark.parametrize("text", ["garbage line here\n", "alice@example.com ssh-ed25519 not-base64!\n",
                                  "alice@example.com ssh-ed25519 AAAAC3NzaC1yc2EAAAADAQAB\n"])
def test_a_malformed_allowed_signers_file_is_bad_input_not_a_bad_signature(signed, capsys, text):
    """A broken trust file is the reviewer's input error (exit 2, its line named), not a tampered report."""
    allowed = signed["allowed"]
    allowed.write_text(allowed.read_text() + "# a comment is fine\n" + text)
    rc = cli(["verify", str(signed["rec"]), "--allowed-signers", str(allowed)])
    err = capsys.readouterr().err
    assert rc == 2
    assert f"{allowed}:3: not an allowed_signers line" in err and len(err.strip().splitlines()) == 1


def test_a_file_that_is_not_a_key_is_named_as_such(signed, capsys, tmp_path):
    notkey = tmp_path / "notes.txt"
    notkey.write_text("just some notes\n")
    rc = cli(["sign", str(signed["rec"]), "--key", str(notkey), "--signer", "alice@example.com", "--role", "reviewer"])
    err = capsys.readouterr().err
    assert rc == 2 and f"{notkey}: not an SSH key" in err and len(err.strip().splitlines()) == 1
