"""The life of ``REC/report/``: one writer at a time, whole reports only, signed ones kept.

* A lock file in the record folder (``fcntl.flock``, released by the kernel
  even when the process is killed) lets one ``zowe-ha run`` or ``zowe-ha sign``
  work on a record at a time; a second one is refused at once.
* A run writes into a staging folder next to ``report/``
  (:class:`zowe_ha_lib.util.fsutil.Staging`) and :func:`publish` swaps it in
  only when it is complete, so a killed run leaves the previous report as it
  was (its staging folder is removed by the next run).
* A previous report with sign-offs is moved to ``REC/history/<UTC time>/``
  first: the evidence somebody approved is never destroyed. An unsigned one is
  replaced (the caller says so).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..util.errors import InputError, Problem
from ..util.fsutil import Staging
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


def new_staging(folder: Path) -> Staging:
    """A fresh staging folder next to ``report/`` (same file system, so renames are atomic).

    Its modes follow the process umask like any new folder: the report it
    becomes is read by reviewers and auditors.
    """
    return Staging(folder, STAGING_PREFIX)


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


def publish(stage: Staging, folder: Path) -> Published:
    """Put the complete report in ``stage`` in place of ``folder/report``."""
    report = Path(folder) / REPORT
    if not report.exists():
        stage.replace(report)
        return Published("none")
    if has_signoffs(report):
        slot = history_slot(folder)
        stage.replace(report, keep_old=slot)  # the signed report is safe before anything replaces it
        return Published("kept", slot)
    stage.replace(report, old_prefix=OLD_PREFIX)
    return Published("replaced")
