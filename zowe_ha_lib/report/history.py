"""The life of ``REC/report/``: one writer at a time, whole reports only, signed ones kept.

* A lock file in the record folder (``fcntl.flock``, released by the kernel
  even when the process is killed) lets one ``zowe-ha run`` or ``zowe-ha sign``
  work on a record at a time; a second one is refused at once.
* A run writes into a staging folder next to ``report/`` and
  :func:`publish` swaps it in only when it is complete, so a killed run leaves
  the previous report as it was (its staging folder is removed by the next run).
* A previous report with sign-offs is moved to ``REC/history/<UTC time>/``
  first: the evidence somebody approved is never destroyed. An unsigned one is
  replaced (the caller says so).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..util.errors import InputError, Problem
from .manifest import SIGNOFFS

LOCK = ".zowe-ha-run.lock"
STAGING_PREFIX = ".report-tmp-"
OLD_PREFIX = ".report-old-"
HISTORY = "history"
REPORT = "report"


@contextlib.contextmanager
def record_lock(folder: Path, display: str, what: str = "run") -> Iterator[None]:
    """Hold the record's lock for the block; InputError when another process holds it."""
    path = Path(folder) / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise InputError(
                Problem(display, None, "", f"cannot {what}: {holder} is working on this record ({LOCK}); wait for it to finish")
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"zowe-ha {what} (pid {os.getpid()})".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def clean_stale(folder: Path) -> None:
    """Remove staging folders of runs that were killed (call while holding the lock)."""
    for path in Path(folder).iterdir():
        if path.is_dir() and path.name.startswith((STAGING_PREFIX, OLD_PREFIX)):
            shutil.rmtree(path, ignore_errors=True)


def new_staging(folder: Path) -> Path:
    """A fresh staging folder next to ``report/`` (same file system, so renames are atomic).

    mkdtemp makes it 0700; the report it becomes is read by reviewers and
    auditors, so it gets the usual permissions under the process umask.
    """
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def has_signoffs(report: Path) -> bool:
    folder = report / SIGNOFFS
    return folder.is_dir() and any(folder.iterdir())


@dataclass(frozen=True)
class Published:
    """What happened to the previous report: none, replaced or kept (moved to ``kept_at``)."""

    previous: str
    kept_at: Path | None = None


def history_slot(folder: Path) -> Path:
    """``REC/history/<UTC time>``, with a suffix if two runs share a second."""
    base = Path(folder) / HISTORY / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    slot, n = base, 1
    while slot.exists():
        n += 1
        slot = base.with_name(f"{base.name}-{n}")
    return slot


def publish(staging: Path, folder: Path) -> Published:
    """Put the complete report in ``staging`` in place of ``folder/report``."""
    report = Path(folder) / REPORT
    if not report.exists():
        os.rename(staging, report)
        return Published("none")
    if has_signoffs(report):
        slot = history_slot(folder)
        slot.parent.mkdir(parents=True, exist_ok=True)
        os.rename(report, slot)  # the signed report is safe before anything replaces it
        os.rename(staging, report)
        return Published("kept", slot)
    if _exchange(staging, report):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old report
    else:
        old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=folder))
        os.rename(report, old / REPORT)
        os.rename(staging, report)
        shutil.rmtree(old, ignore_errors=True)
    return Published("replaced")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = func(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange)
    return rc == 0
