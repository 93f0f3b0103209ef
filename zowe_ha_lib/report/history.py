"""The life of ``REC/report/``: one writer at a time, whole reports only, signed ones kept.

* The record's lock (:func:`zowe_ha_lib.record.tree.record_lock`) lets one
  writer (``run``, ``sign``, ``collect``) work on a record at a time, and no
  reader (``publish``) look while one does.
* A run writes into a staging folder next to ``report/``
  (:class:`zowe_ha_lib.util.fsutil.Staging`) and :func:`publish` swaps it in
  only when it is complete, so a killed run leaves the previous report as it
  was (its staging folder is removed by the next run).
* A previous report with sign-offs is moved to ``REC/history/<UTC time>/``
  first: the evidence somebody approved is never destroyed. An unsigned one is
  replaced (the caller says so).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from ..record.tree import LOCK, record_lock, refuse_links
from ..util.fsutil import Staging
from .manifest import SIGNOFFS

__all__ = ["LOCK", "record_lock", "refuse_links"]  # the record's lock lives with the record (collect takes it too)
STAGING_PREFIX = ".report-tmp-"
OLD_PREFIX = ".report-old-"
HISTORY = "history"
REPORT = "report"


def clean_stale(folder: Path) -> None:
    """Remove staging folders of runs that were killed (call while holding the lock)."""
    for path in Path(folder).iterdir():
        if path.is_dir() and not path.is_symlink() and path.name.startswith((STAGING_PREFIX, OLD_PREFIX)):
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
