"""Shared test fixtures: paths of the repository and the example records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "runbooks" / "CHG0001"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example change record (tests may change it)."""
    dest = tmp_path / "CHG0001"
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("report", "history", ".zowe-ha-run.lock", ".report-tmp-*"))
    return dest
