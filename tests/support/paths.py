"""Where things are in the checkout: the one definition of the repository root for the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNBOOKS = ROOT / "runbooks"
EXAMPLE = RUNBOOKS / "CHG0001"  # the healthy three-system example
FAULTY = RUNBOOKS / "CHG0002"  # the example with planted faults
SINGLE = RUNBOOKS / "CHG0003"  # Zowe v3.4, single-service API ML (its faulty twin: tests/fixtures/zowe/chg0003-faulty.yaml)
NOTEBOOKS = ROOT / "notebooks"
FIXTURES = ROOT / "tests" / "fixtures"
PROFILES = FIXTURES / "profiles"  # TCP/IP profiles, the Zowe page's samples among them
NOTEBOOK_FIXTURES = FIXTURES / "notebooks"  # small notebooks for the runner, one folder per scenario

# What a run or a lab session may leave in a record folder; never copied into a test's record.
RUN_LEFTOVERS = ("report", "history", ".zowe-ha-run.lock", ".run.lock", ".report-tmp-*")


def copy_record(source: Path, dest: Path, *, keep_report: bool = False) -> Path:
    """A private copy of a change record folder at ``dest`` (tests may change it).

    Reports, history and run leftovers are left behind unless ``keep_report``
    (then the copy is the record exactly as it is, report included).
    """
    ignore = None if keep_report else shutil.ignore_patterns(*RUN_LEFTOVERS)
    shutil.copytree(source, dest, ignore=ignore)
    return dest
