"""Who may sign: "signed" only for keys an allowed_signers file vouches for, and sign/verify say so.

* ``sign`` warns when the allowed_signers file it finds (``--allowed-signers``,
  else the one beside the record folder) does not list the key for the signer,
  and gives the line that would, with the key's fingerprint;
* approving a report that is not ready (fail, incomplete, error) needs a comment;
* ``verify`` explains how to make an allowed_signers file when there is none;
* the site shows "signed" (green) only when every sign-off verifies, and says
  who signed in which role otherwise.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.cli import zowe_ha
from tests.support.reports import fake_report, make_report, tree_digest
from tests.support.signing import allowed_signers, keygen
from zowe_ha_lib.publish.site import publish
from zowe_ha_lib.signoff.signoffs import report_status, sign, signature_key


@pytest.fixture
def record(example_copy: Path, tmp_path: Path) -> dict:
    """An intact report (outcome pass), alice's and bob's keys, and a file that trusts only alice."""
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, bob = keygen(keys, "alice"), keygen(keys, "bob")
    fake_report(example_copy)
    return {"rec": example_copy, "alice": alice, "bob": bob,
            "allowed": allowed_signers(keys / "allowed_signers", {"alice@example.com": alice})}


def _sign(capsys, rec: Path, key: Path, signer: str, *extra: str):
    return zowe_ha(capsys, "sign", str(rec), "--key", str(key), "--signer", signer, "--role", "reviewer", *extra)


def _fingerprint(key: Path) -> str:
    return subprocess.run(["ssh-keygen", "-l", "-f", f"{key}.pub"], capture_output=True, text=True, check=True).stdout.split()[1]


def test_sign_warns_without_an_allowed_signers_file_and_gives_the_line(record, capsys) -> None:
    answer = _sign(capsys, record["rec"], record["alice"], "alice@example.com")
    assert answer.code == 0 and answer.out.startswith("signed: ")
    err = answer.err.splitlines()
    assert err[0].startswith("warning: no allowed_signers file (give --allowed-signers, or keep one at ")
    public = " ".join(Path(f"{record['alice']}.pub").read_text().split()[:2])
    assert err[1] == f'  alice@example.com namespaces="zowe-ha-runbook" {public}'
    assert err[2] == f"  (key fingerprint {_fingerprint(record['alice'])})"


def test_sign_warns_when_the_file_does_not_list_the_key(record, capsys) -> None:
    answer = _sign(capsys, record["rec"], record["bob"], "bob@example.com", "--allowed-signers", str(record["allowed"]))
    assert answer.code == 0
    assert "does not trust this key for bob@example.com" in answer.err and _fingerprint(record["bob"]) in answer.err
    # The same file beside the record folder is found without the option.
    (record["rec"].parent / "allowed_signers").write_bytes(record["allowed"].read_bytes())
    answer = _sign(capsys, record["rec"], record["bob"], "bob@example.com")
    assert "does not trust this key for bob@example.com" in answer.err
    answer = _sign(capsys, record["rec"], record["alice"], "alice@example.com")
    assert answer.code == 0 and answer.err == ""  # a trusted key: no warning


def test_a_malformed_allowed_signers_file_is_refused_before_signing(record, capsys, tmp_path) -> None:
    bad = tmp_path / "allowed"
    bad.write_text("alice@example.com not-a-key\n")
    before = tree_digest(record["rec"])
    answer = _sign(capsys, record["rec"], record["alice"], "alice@example.com", "--allowed-signers", str(bad))
    assert answer.code == 2 and "not an allowed_signers line" in answer.err
    assert tree_digest(record["rec"]) == before


def _set_outcome(rec: Path, word: str) -> None:
    """Rewrite the manifest with another outcome (as a run that found problems would have written it)."""
    from zowe_ha_lib.record.load import load_record
    from zowe_ha_lib.report import manifest as manifest_mod

    report = rec / "report"
    manifest = manifest_mod.build(load_record(rec), [], manifest_mod.file_entries(report), word, {"record": "."})
    manifest_mod.write(report, manifest)


@pytest.mark.parametrize("word", ["fail", "incomplete", "error"])
def test_approving_a_report_that_is_not_ready_needs_a_comment(record, capsys, word) -> None:
    _set_outcome(record["rec"], word)
    before = tree_digest(record["rec"] / "report")
    for comment in ([], ["--comment", "   "]):
        answer = _sign(capsys, record["rec"], record["alice"], "alice@example.com", *comment)
        assert answer.code == 2, answer
        assert answer.err == (f"zowe-ha sign: --comment: the report's outcome is {word}, so an approval needs a "
                              "comment that says why it may go ahead anyway (or use --decision reject)\n")
        assert tree_digest(record["rec"] / "report") == before  # nothing signed
    assert _sign(capsys, record["rec"], record["alice"], "alice@example.com", "--decision", "reject").code == 0
    answer = _sign(capsys, record["rec"], record["alice"], "alice@example.com",
                   "--comment", "accepted risk: CF evidence follows in CHG0102")
    assert answer.code == 0
    body = json.loads(sorted((record["rec"] / "report" / "signoffs").glob("*.json"))[-1].read_text())
    assert body["decision"] == "approve" and body["comment"].startswith("accepted risk")


def test_approving_a_ready_report_needs_no_comment(record, capsys) -> None:
    _set_outcome(record["rec"], "warn")
    assert _sign(capsys, record["rec"], record["alice"], "alice@example.com").code == 0


def test_verify_explains_how_to_make_an_allowed_signers_file(record, capsys) -> None:
    sign(record["rec"], record["bob"], "bob@example.com", "implementer")
    answer = zowe_ha(capsys, "verify", str(record["rec"]))
    assert answer.code == 1
    out = answer.out.splitlines()
    assert any(line.startswith("To verify who signed, keep an allowed_signers file under review, e.g. ") for line in out)
    assert '  PRINCIPAL namespaces="zowe-ha-runbook" KEYTYPE BASE64KEY' in out
    assert any("cut -d' ' -f1,2 ~/.ssh/id_ed25519.pub" in line for line in out)
    public = " ".join(Path(f"{record['bob']}.pub").read_text().split()[:2])
    line = f'  bob@example.com namespaces="zowe-ha-runbook" {public}'
    assert line in out and f"    (key fingerprint {_fingerprint(record['bob'])})" in out
    assert out[-1] == "verify: NOT OK (report unverified)"
    # The line verify prints is one ssh-keygen accepts: with it, the sign-off verifies.
    (record["rec"].parent / "allowed_signers").write_text(line.strip() + "\n")
    answer = zowe_ha(capsys, "verify", str(record["rec"]))
    assert answer.code == 0 and answer.out.splitlines()[-1] == "verify: OK (report signed)"
    assert "To verify who signed" not in answer.out


@given(st.binary(max_size=300) | st.text(max_size=300).map(
    lambda t: f"-----BEGIN SSH SIGNATURE-----\n{t}\n-----END SSH SIGNATURE-----\n".encode("utf-8", "replace")))
def test_reading_the_key_of_a_signature_never_crashes(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("sig") / "x.json.sig"
    path.write_bytes(data)
    key = signature_key(path)
    assert key is None or (key.kind and key.fingerprint.startswith("SHA256:"))


def test_signature_key_is_the_signers_public_key(record) -> None:
    path = sign(record["rec"], record["alice"], "alice@example.com", "reviewer")
    key = signature_key(path.with_name(path.name + ".sig"))
    assert key is not None
    assert f"{key.kind} {key.blob}" == " ".join(Path(f"{record['alice']}.pub").read_text().split()[:2])
    assert key.fingerprint == _fingerprint(record["alice"])


# ----------------------------------------------------------------------------- the site


@pytest.fixture
def site_record(tmp_path: Path, executed_notebooks) -> Path:
    return make_report(tmp_path / "recs" / "CHG0001", executed_notebooks["plain"])


@pytest.mark.notebook
def test_the_site_shows_signed_only_for_verified_signoffs(site_record: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    alice, mallory = keygen(keys, "alice"), keygen(keys, "mallory")
    trusted = allowed_signers(keys / "allowed_signers", {"alice@example.com": alice})
    sign(site_record, mallory, "mallory@example.com", "reviewer", "approve", "looks fine to me")
    out = tmp_path / "site"

    def row() -> tuple[str, str]:
        index = (out / "index.html").read_text()
        page = (out / "records" / "CHG0001" / "index.html").read_text()
        return index.split('id="records"', 1)[1], page.split('id="record-signoff">', 1)[1].split("</dd>", 1)[0]

    publish([site_record], out)  # no allowed_signers at all
    index, page = row()
    assert 'data-signoff="unverified"' in index and "signoff-signed" not in index
    assert "mallory@example.com (reviewer, approve, unverified)" in index
    assert "unverified" in page and "signed<" not in page
    publish([site_record], out, allowed_signers=trusted, force=True)  # a file that does not list mallory
    index, page = row()
    assert 'data-signoff="unverified"' in index and "signoff-signed" not in index
    assert report_status(site_record, trusted).checks[0].reason.endswith("does not list this key for mallory@example.com")
    sign(site_record, alice, "alice@example.com", "change-manager")
    allowed_signers(trusted, {"alice@example.com": alice, "mallory@example.com": mallory})
    publish([site_record], out, allowed_signers=trusted, force=True)
    index, page = row()
    assert 'data-signoff="signed"' in index and '<span class="signoff signoff-signed">signed</span>' in page
    assert "alice@example.com (change-manager, approve, valid)" in index
