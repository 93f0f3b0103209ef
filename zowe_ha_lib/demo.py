"""``make demo``: the example change record end to end.

Validates the record, generates its profiles and operator sheet, lints them
against the record, shows the failover model and the plan of a failover
drill (a dry run: nothing is issued), checks the requirements from
the captured evidence, runs the runbook notebooks with papermill, signs the
report with a throw-away key, verifies it (with the kit and with stock
``ssh-keygen``), runs the faulty example and the Zowe v3.4 single-service
example (CHG0003), and publishes the site. Each step prints the command it runs,
so the demo doubles as a tour of the command line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .cli import main as cli

RECORD = Path("runbooks/CHG0001")
SINGLE = Path("runbooks/CHG0003")  # Zowe v3.4, single-service API ML
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
    step("Failover drill plan: the commands, the displays and what they must show, the restore (nothing is issued)",
         ["drill", str(RECORD), "--scenario", "distributor-takeover"])
    step("Check every requirement from the captured evidence and zowe.yaml", ["check", str(RECORD)])
    step("Run the runbook notebooks with papermill into the report", ["run", str(RECORD)])
    key, allowed = demo_key(WORK / "keys")
    step("Sign the report off with a throw-away demo key", [
        "sign", str(RECORD), "--key", str(key), "--signer", SIGNER, "--role", "implementer",
        "--decision", "approve", "--comment", "make demo: generated, linted, checked and run"])
    step("Verify the report and its sign-offs", ["verify", str(RECORD), "--allowed-signers", str(allowed)])
    stock_openssh_verify(allowed)
    step("Run the faulty example too (exit 1: it fails its planted faults)", ["run", "runbooks/CHG0002"], ok=(1,))
    step("Check and run the Zowe v3.4 example: single-service API ML in HA", ["check", str(SINGLE)])
    step("Run its runbook notebooks into its report", ["run", str(SINGLE)])
    step("Publish the static, offline site", ["publish", str(RECORD), "runbooks/CHG0002", str(SINGLE), "--allowed-signers", str(allowed)],
         ok=(0,))
    print(f"\nGenerated profiles and operator sheet: {generated}/")
    print(f"Site: {Path('site/_build/index.html').resolve()}")
    return 0


SIGNER = "demo@example.com"


def demo_key(folder: Path) -> tuple[Path, Path]:
    """A fresh ed25519 key and an allowed_signers file naming it (demo only)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "demo_ed25519"
    for old in (key, key.with_suffix(".pub")):
        old.unlink(missing_ok=True)
    _ssh_keygen("-q", "-t", "ed25519", "-N", "", "-C", SIGNER, "-f", str(key))
    public = " ".join(key.with_name(key.name + ".pub").read_text().split()[:2])
    allowed = folder / "allowed_signers"
    allowed.write_text(f'{SIGNER} namespaces="zowe-ha-runbook" {public}\n')
    print(f"\n(demo key {key} and {allowed} written; a real change uses the signers' own keys)")
    return key, allowed


def stock_openssh_verify(allowed: Path) -> None:
    """Show that plain OpenSSH accepts every sign-off, with no kit installed."""
    for record in sorted((RECORD / "report" / "signoffs").glob("*.json")):
        print(f"\n== Verify with stock OpenSSH\n$ ssh-keygen -Y verify -f {allowed} -I {SIGNER} -n zowe-ha-runbook -s {record}.sig < {record}")
        proc = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", SIGNER, "-n", "zowe-ha-runbook", "-s", f"{record}.sig"],
            input=record.read_bytes(), capture_output=True, check=False,
        )
        print((proc.stdout + proc.stderr).decode().strip())
        if proc.returncode != 0:
            sys.exit(1)


def _ssh_keygen(*args: str) -> None:
    proc = subprocess.run(["ssh-keygen", *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"demo: ssh-keygen failed: {proc.stderr.strip()}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
