"""Project hygiene that CI enforces: ruff over code, tests and notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT


def test_ruff_is_clean_on_library_tests_benchmarks_and_notebooks() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    proc = subprocess.run([str(ruff), "check", "zowe_ha_lib", "tests", "benchmarks", "notebooks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
