"""Helpers for the runner, manifest and sign-off tests: fixture notebooks, keys, fake reports."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from zowe_ha_lib.report import manifest as manifest_mod

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
PYTHON = sys.executable


def cli_argv(*args: str) -> list[str]:
    """``zowe-ha ARGS`` as a subprocess command line using this interpreter."""
    return [PYTHON, "-m", "zowe_ha_lib", *args]


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cli_argv(*args), capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (to show that nothing changed)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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


def fake_report(record: Path) -> Path:
    """A report as ``zowe-ha run`` lays it out, without running notebooks (for sign-off tests)."""
    report = record / "report"
    files = {
        "notebooks/10-requirements.ipynb": json.dumps({"cells": [], "metadata": {"zowe_ha": {"title": "R"}},
                                                        "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n",
        "generated/profiles/SYSA.tcpip": "IPCONFIG DYNAMICXCF 198.51.100.11 255.255.255.0 1\n",
        "check.json": json.dumps({"change": "CHG0001", "findings": [], "summary": {}}, indent=2) + "\n",
    }
    for rel, text in files.items():
        (report / rel).parent.mkdir(parents=True, exist_ok=True)
        (report / rel).write_text(text)
    rewrite_manifest(record)
    return report


def rewrite_manifest(record: Path) -> bytes:
    """Write a fresh manifest over the report's current files (what a re-run amounts to)."""
    from zowe_ha_lib.record.load import load_record

    report = record / "report"
    nb = [{"name": "10-requirements", "file": "notebooks/10-requirements.ipynb", "title": "R", "status": "pass",
           "summary": "ok", "steps": [], "error": None, "duration_s": 1.0}]
    manifest = manifest_mod.build(load_record(record), nb, manifest_mod.file_entries(report), "pass", {"record": "."})
    return manifest_mod.write(report, manifest)


def flip_byte(path: Path, offset: int | None = None) -> None:
    """Change one byte of ``path`` (the middle one by default), keeping its length."""
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] = data[i] ^ 0x01 if chr(data[i] ^ 0x01).isprintable() else data[i] ^ 0x02
    path.write_bytes(bytes(data))
