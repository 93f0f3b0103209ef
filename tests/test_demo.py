"""``make demo``'s program: a short summary on the terminal, every command's output in demo/demo.log.

It runs the real demo (``python -m zowe_ha_lib.demo``) in a folder holding a
copy of the example records, as ``make demo`` runs it in the checkout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import RUN_LEFTOVERS, RUNBOOKS

pytestmark = pytest.mark.notebook  # two `zowe-ha run`s


def test_demo_prints_a_short_summary_without_warnings_and_logs_the_rest(tmp_path: Path) -> None:
    shutil.copytree(RUNBOOKS, tmp_path / "runbooks", ignore=shutil.ignore_patterns(*RUN_LEFTOVERS, "collected"))
    proc = subprocess.run([sys.executable, "-m", "zowe_ha_lib.demo"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=900, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert proc.stderr == ""
    assert not re.search(r"deprecat|\w+Warning|warning:", out, re.I), out
    lines = out.splitlines()
    assert len(lines) <= 40, out
    assert lines[0] == ("zowe-ha demo: the example change record runbooks/CHG0001 end to end "
                        "(every command's output: demo/demo.log)")
    assert "      PASS CHG0001: ready to apply" in lines
    assert "      report: runbooks/CHG0001/report (outcome pass): ready to apply" in lines
    assert any(line.startswith("      report: runbooks/CHG0002/report (outcome fail): not ready: 4 failed") for line in lines)
    # The repository's sign-off policy (runbooks/signoff-policy.yaml) asks for an implementer and a reviewer.
    assert "      verify: OK (report signed; policy met)" in lines
    assert "      diff: OK (0 worse, 0 better, 0 changed)" in lines
    assert lines[-1] == f"Site: {tmp_path / 'site' / '_build' / 'index.html'}" and (tmp_path / "site/_build/index.html").is_file()
    log = (tmp_path / "demo" / "demo.log").read_text()
    assert "$ zowe-ha check runbooks/CHG0001" in log and re.search(r"summary: \d+ pass, 0 warn, 0 fail, 0 unknown, 1 n/a", log)
    assert "[5/5]" in log  # run's progress lines went to the log, not the terminal
