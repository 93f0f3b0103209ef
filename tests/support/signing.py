"""Throw-away SSH keys and allowed_signers files for the sign-off tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from zowe_ha_lib.signoff.signoffs import sign


def keygen(folder: Path, name: str, passphrase: str = "") -> Path:
    """A throw-away ed25519 key pair ``folder/name`` (+ ``.pub``)."""
    path = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", name, "-f", str(path)],
                   check=True, capture_output=True)
    return path


def allowed_signers(path: Path, entries: dict[str, Path]) -> Path:
    """An allowed_signers file: principal -> public key, limited to the kit's namespace."""
    lines = []
    for principal, key in entries.items():
        kind, blob = Path(f"{key}.pub").read_text().split()[:2]
        lines.append(f'{principal} namespaces="zowe-ha-runbook" {kind} {blob}')
    path.write_text("\n".join(lines) + "\n")
    return path


def sign_record(folder: Path, keys: Path, signer: str = "alice@example.com", role: str = "reviewer",
                comment: str = "Looks right") -> None:
    """Sign a record's report with a throw-away key trusted by ``folder/../allowed_signers``."""
    key = keys / "id_ed25519"
    if not key.exists():
        keys.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", signer, "-f", str(key)], check=True)
    public = (keys / "id_ed25519.pub").read_text().split()
    line = f'{signer} namespaces="zowe-ha-runbook" {public[0]} {public[1]}\n'
    allowed = folder.parent / "allowed_signers"
    allowed.write_text((allowed.read_text() if allowed.exists() else "") + line)
    sign(folder, key, signer, role, comment=comment)


class Team:
    """Several signers, each with a throw-away key, and one allowed_signers file that trusts them all.

    The file is the one the kit finds by default when it sits beside the
    record folders (``allowed``), so commands need no ``--allowed-signers``.
    """

    def __init__(self, keys: Path, allowed: Path):
        self.keys = keys
        self.allowed = allowed
        self.keys.mkdir(parents=True, exist_ok=True)
        self._keys: dict[str, Path] = {}

    def key(self, signer: str, trusted: bool = True) -> Path:
        """The signer's key; made on first use and (``trusted``) added to the allowed_signers file."""
        if signer not in self._keys:
            key = keygen(self.keys, signer.replace("@", "_"))
            self._keys[signer] = key
            if trusted:
                kind, blob = Path(f"{key}.pub").read_text().split()[:2]
                with open(self.allowed, "a", encoding="utf-8") as handle:
                    handle.write(f'{signer} namespaces="zowe-ha-runbook" {kind} {blob}\n')
        return self._keys[signer]

    def sign(self, record: Path, signer: str, role: str, phase: str = "result", decision: str = "approve",
             comment: str = "signed in a test", time: str | None = None) -> Path:
        """A sign-off of ``record``'s report by ``signer`` (the kit's own sign)."""
        return sign(record, self.key(signer), signer, role, decision, comment, time=time, phase=phase)
