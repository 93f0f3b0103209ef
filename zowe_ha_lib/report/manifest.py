"""``report/manifest.json``: what a report holds, byte for byte.

The manifest is the thing people sign, so it must have exactly one byte form:
it is written as RFC 8785 canonical JSON (the ``rfc8785`` package) and lists
the SHA-256 of every report file *as written*. Files are never re-serialised
before hashing (nbformat would reorder keys or upgrade versions), so hashing
at run time and at verify time see the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import rfc8785

from .. import __version__
from ..util import jsontext
from ..util.clock import utc_now
from ..util.errors import InputError, Problem

MANIFEST = "manifest.json"
SIGNOFFS = "signoffs"
VERSION = 1
EXECUTOR_PACKAGES = ("papermill", "nbclient", "ipykernel", "nbformat")


def canonical(obj: Any) -> bytes:
    """RFC 8785 (JCS) bytes of a JSON value."""
    return rfc8785.dumps(obj)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def is_listed(rel: str) -> bool:
    """Whether a report file belongs in ``files`` (not the manifest, not sign-offs)."""
    return rel != MANIFEST and not rel.startswith(SIGNOFFS + "/")


def report_files(report: Path) -> list[str]:
    """Relative POSIX paths of the report files the manifest lists, sorted."""
    out = []
    for path in report.rglob("*"):
        if path.is_file() or path.is_symlink():
            rel = path.relative_to(report).as_posix()
            if is_listed(rel):
                out.append(rel)
    return sorted(out)


def file_entries(report: Path) -> list[dict[str, Any]]:
    """``{"path", "sha256", "bytes"}`` of every listed report file."""
    entries = []
    for rel in report_files(report):
        path = report / rel
        entries.append({"path": rel, "sha256": sha256_file(path), "bytes": path.stat().st_size})
    return entries


def executor_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in EXECUTOR_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build(record: Any, notebooks: list[dict[str, Any]], files: list[dict[str, Any]],
          outcome: str, parameters: dict[str, Any], created: str | None = None) -> dict[str, Any]:
    """The manifest mapping (see the conventions); ``record`` is a ChangeRecord."""
    return {
        "manifest_version": VERSION,
        "change": record.id,
        "title": record.title,
        "sysplex": record.sysplex.name,
        "zowe_release": record.zowe_release,
        "ticket": record.ticket.to_json() if getattr(record, "ticket", None) else None,
        "created": created or utc_now(),
        "parameters": dict(parameters),
        "kit": {"version": __version__},
        "executor": executor_versions(),
        "notebooks": notebooks,
        "outcome": outcome,
        "files": files,
    }


def write(report: Path, manifest: dict[str, Any]) -> bytes:
    """Write ``manifest.json`` (canonical bytes) into ``report``; return the bytes."""
    data = canonical(manifest)
    (report / MANIFEST).write_bytes(data)
    return data


def load(report: Path, display: str | None = None) -> tuple[dict[str, Any], bytes]:
    """The manifest of ``report`` and its exact bytes; InputError when absent or unreadable."""
    path = report / MANIFEST
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(shown, None, "", "no manifest; run 'zowe-ha run' on the record first")) from None
    try:
        manifest = jsontext.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(Problem(shown, None, "", f"not valid JSON ({exc}); the manifest was changed or damaged")) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        raise InputError(Problem(shown, None, "files", "missing; this is not a zowe-ha report manifest"))
    return manifest, data


@dataclass(frozen=True)
class FileIssue:
    """A difference between the report on disk and its manifest."""

    path: str
    kind: str  # changed | missing | extra
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.detail}"


def check_files(report: Path, manifest: dict[str, Any], data: bytes) -> list[FileIssue]:
    """Re-hash every listed file and look for files the manifest does not list."""
    issues: list[FileIssue] = []
    try:
        if canonical(manifest) != data:
            issues.append(FileIssue(MANIFEST, "changed", "not in canonical form, so not as 'zowe-ha run' wrote it"))
    except Exception as exc:  # rfc8785 rejects values JSON allows (e.g. huge integers)
        issues.append(FileIssue(MANIFEST, "changed", f"cannot be canonicalised: {exc}"))
    listed: set[str] = set()
    for i, entry in enumerate(manifest.get("files", [])):
        rel = entry.get("path") if isinstance(entry, dict) else None
        if not isinstance(rel, str) or not is_listed(rel) or rel.startswith("/") or ".." in rel.split("/"):
            issues.append(FileIssue(MANIFEST, "changed", f"files[{i}] is not a usable report path"))
            continue
        listed.add(rel)
        path = report / rel
        if not path.is_file() or path.is_symlink():
            issues.append(FileIssue(rel, "missing", "listed in the manifest but not in the report"))
            continue
        digest = sha256_file(path)
        if digest != entry.get("sha256"):
            issues.append(FileIssue(rel, "changed", f"SHA-256 is {digest[:16]}..., the manifest says {str(entry.get('sha256'))[:16]}..."))
        elif path.stat().st_size != entry.get("bytes"):
            issues.append(FileIssue(rel, "changed", f"{path.stat().st_size} bytes, the manifest says {entry.get('bytes')}"))
    for rel in report_files(report):
        if rel not in listed:
            issues.append(FileIssue(rel, "extra", "in the report but not listed in the manifest"))
    return issues
