"""What a previous publish built, so a re-publish renders only what changed.

The state file lives in the output folder (``.zowe-ha-site.json``): the site
carries its own memory, and deleting the folder is a clean rebuild. Each
record has a key computed without parsing or rendering anything: the hash of
manifest.json, plus the name, size and modification time of every file under
report/ (sign-offs included, and any file edited after the run, which changes
the sign-off state to invalid), plus the allowed-signers file (given, or the
one zowe_ha_lib.signoff finds next to the record), plus the manifests and
sign-offs of earlier runs in history/ (they tell a stale sign-off from a
tampered report, and hold the signed baseline and approvals of the plan),
plus the names, sizes and times of the record's own files (change.yaml,
zowe.yaml, evidence/: the page compares them with the signed baseline) and
the sign-off policy files (the record's and the one beside it). A site-wide
key covers the kit's templates, assets and publishing code and the versions
of nbconvert and nh3, so upgrading the kit rebuilds every page.

Only the standard library and the kit's own light modules (zowe_ha_lib.signoff
for its path rule) are imported here: deciding that nothing changed must not
load nbconvert or Jinja.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..resources import package_dir, site_assets_dir, site_templates_dir
from ..signoff.signoffs import default_allowed_signers
from ..signoff.terms import POLICY_FILE
from ..util import jsontext
from ..util.fsutil import atomic_write

STATE_FILE = ".zowe-ha-site.json"
STATE_VERSION = 1
_KIT_ROOT = package_dir()
_SITE_SOURCES = (
    _KIT_ROOT / "publish",
    site_templates_dir(),
    site_assets_dir(),
    _KIT_ROOT / "requirements",  # status order, requirement ids and titles the pages use
    _KIT_ROOT / "drift",  # "changes since the signed baseline" on every record page
    _KIT_ROOT / "signoff" / "policy.py",  # the sign-off policy on every record page
    _KIT_ROOT / "runbook" / "outcome.py",
)


@dataclass
class BuildState:
    """The site key, the records' keys and the pages of the last build."""

    site_key: str = ""
    records: dict[str, str] = field(default_factory=dict)  # change id -> record key
    order: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"state_version": STATE_VERSION, "site_key": self.site_key, "records": self.records, "order": self.order}


def load_state(out: Path) -> BuildState:
    """The state of the site in ``out``; empty when missing or unreadable (a full build)."""
    try:
        data = jsontext.loads((out / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return BuildState()
    if not isinstance(data, dict) or data.get("state_version") != STATE_VERSION:
        return BuildState()
    records = data.get("records")
    order = data.get("order")
    if not isinstance(records, dict) or not isinstance(order, list):
        return BuildState()
    return BuildState(str(data.get("site_key", "")), {str(k): str(v) for k, v in records.items()}, [str(o) for o in order])


def save_state(out: Path, state: BuildState) -> None:
    atomic_write(out / STATE_FILE, json.dumps(state.to_json(), indent=1, sort_keys=True) + "\n")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def site_key() -> str:
    """Hash of everything besides the records that shapes the pages."""
    h = hashlib.sha256()
    h.update(f"nbconvert={_version('nbconvert')};nh3={_version('nh3')};".encode())
    for base in _SITE_SOURCES:
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(_KIT_ROOT).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.hexdigest()


def _default_allowed_signers(folder: Path) -> Path | None:
    """The allowed_signers file zowe_ha_lib.signoff uses when none is given."""
    return default_allowed_signers(folder)


def _record_files(h: Any, folder: Path) -> None:
    """Names, sizes and times of the record's own files (change.yaml, zowe.yaml, evidence/...).

    The page shows the changes since the signed baseline, which compare the
    record as it is now: a new capture in evidence/ changes the page. The
    report and history are hashed apart; the kit's own dot files are not input.
    """
    for dirpath, dirnames, filenames in os.walk(folder):
        top = os.path.relpath(dirpath, folder) == "."
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (top and d in ("report", "history")))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            h.update(f"record/{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())


def record_key(folder: Path, allowed_signers: Path | None) -> str:
    """Hash of a record's manifest plus the names, sizes and times of its report files."""
    report = folder / "report"
    h = hashlib.sha256()
    try:
        h.update((report / "manifest.json").read_bytes())
    except OSError:
        h.update(b"no manifest")
    for dirpath, dirnames, filenames in os.walk(report):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            rel = os.path.relpath(path, report)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    # Earlier runs' manifests decide whether a sign-off over another manifest is stale or tampered.
    kept = folder / "history"
    if kept.is_dir():
        for slot in sorted(kept.iterdir()):
            try:
                st = os.lstat(slot / "manifest.json")
            except OSError:
                continue
            h.update(f"history/{slot.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        # Earlier runs' sign-offs: which run is the signed baseline, and approvals of the plan the policy counts.
        signed = slot / "signoffs"
        if signed.is_dir() and not signed.is_symlink():
            for path in sorted(signed.iterdir()):
                with contextlib.suppress(OSError):
                    st = os.lstat(path)
                    h.update(f"history/{slot.name}/signoffs/{path.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    _record_files(h, folder)
    for policy in (folder / POLICY_FILE, folder.resolve().parent / POLICY_FILE):
        with contextlib.suppress(OSError):
            h.update(b"policy\0" + policy.read_bytes())
    if allowed_signers is None:
        allowed_signers = _default_allowed_signers(folder)
    if allowed_signers is not None:
        try:
            h.update(b"signers\0" + Path(allowed_signers).read_bytes())
        except OSError:
            h.update(b"signers missing")
    return h.hexdigest()
