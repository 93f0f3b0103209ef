"""``make demo``: the example change record end to end.

Validates the record, generates its profiles and operator sheet, lints them
against the record, shows the failover model and the plan of a failover
drill (a dry run: nothing is issued), checks the requirements from
the captured evidence, runs the runbook notebooks with papermill, signs the
report as its implementer and its reviewer with throw-away keys (the
repository's sign-off policy, ``runbooks/signoff-policy.yaml``, asks for
both), verifies it (with the kit and with stock ``ssh-keygen``), compares
the record with that signed baseline (``diff``: nothing drifted), runs the
faulty example and the Zowe v3.4 single-service example (CHG0003), and
publishes the site.

The terminal gets a short summary: one line per step with the command and
what it concluded. Everything each command printed (findings, progress,
warnings of the libraries underneath) goes to ``demo/demo.log``, so the demo
doubles as a tour of the command line without burying its result; on a
failure the end of that log is shown.
"""

from __future__ import annotations

import contextlib
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from .cli import main as cli

RECORD = Path("runbooks/CHG0001")
SINGLE = Path("runbooks/CHG0003")  # Zowe v3.4, single-service API ML
WORK = Path("demo")
LOG = WORK / "demo.log"
_log: TextIO | None = None


def say(text: str = "") -> None:
    """A line for the terminal, and for the log."""
    print(text, flush=True)
    if _log is not None:
        print(text, file=_log, flush=True)


def step(title: str, argv: list[str], ok: tuple[int, ...] = (0,), conclusion: str = "") -> int:
    """Run one command with its output in the log; print what it concluded.

    The conclusion is the last line the command printed, or the last one that
    starts with ``conclusion`` (``run`` ends with its next step, but its
    verdict is the ``report:`` line).
    """
    assert _log is not None
    command = "zowe-ha " + " ".join(shlex.quote(a) for a in argv)
    print(f"\n== {title}\n$ {command}", file=_log, flush=True)
    start = _log.tell()
    with contextlib.redirect_stdout(_log), contextlib.redirect_stderr(_log):
        rc = cli(argv)
    _log.flush()
    last = _last_line(start, conclusion)
    if rc not in ok:
        say(f"  FAILED  {command} (exit {rc})")
        _show_tail()
        sys.exit(rc or 1)
    note = "" if rc == 0 else f" (exit {rc}, as expected)"
    say(f"  ok  {title}{note}")
    if last:
        say(f"      {last}")
    return rc


def _last_line(start: int, prefix: str = "") -> str:
    assert _log is not None
    with open(_log.name, encoding="utf-8") as handle:
        handle.seek(start)
        lines = [line.strip() for line in handle.read().splitlines() if line.strip()]
    chosen = [line for line in lines if line.startswith(prefix)] or lines
    return chosen[-1] if chosen else ""


def _show_tail(n: int = 25) -> None:
    assert _log is not None
    _log.flush()
    lines = Path(_log.name).read_text(encoding="utf-8").splitlines()[-n:]
    print("\n".join(lines), file=sys.stderr)
    print(f"demo: the whole output is in {LOG}", file=sys.stderr)


def main() -> int:
    global _log
    generated = WORK / "generated"
    if generated.exists():
        shutil.rmtree(generated)
    WORK.mkdir(exist_ok=True)
    with open(LOG, "w", encoding="utf-8") as _log:
        say(f"zowe-ha demo: the example change record {RECORD} end to end (every command's output: {LOG})")
        _steps(generated)
    _log = None
    return 0


def _steps(generated: Path) -> None:
    step("Validate the example change record", ["validate", str(RECORD)])
    step("Generate TCP/IP profile statements, operator sheet and zowe.yaml fragment", ["generate", str(RECORD), "--out", str(generated)])
    profiles = sorted(str(p) for p in (generated / "profiles").glob("*.tcpip"))
    step("Lint the generated profiles as the stacks of one sysplex, against the record", ["lint", *profiles, "--change", str(RECORD)])
    step("Failover model: SYSA fails, then SYSB; SYSA comes back", ["failover", str(RECORD), "--event", "SYSA:down", "--event", "SYSB:down", "--event", "SYSA:up"])
    step("Failover drill plan: the commands, the displays and what they must show, the restore (nothing is issued)",
         ["drill", str(RECORD), "--scenario", "distributor-takeover"], conclusion="Step 1:")
    step("Check every requirement from the captured evidence and zowe.yaml", ["check", str(RECORD)])
    step("Run the runbook notebooks with papermill into the report", ["run", str(RECORD)], conclusion="report:")
    keys, allowed = demo_keys(WORK / "keys")
    step("Sign the report off as its implementer, with a throw-away demo key", [
        "sign", str(RECORD), "--key", str(keys[SIGNER]), "--signer", SIGNER, "--role", "implementer",
        "--decision", "approve", "--comment", "make demo: generated, linted, checked and run",
        "--allowed-signers", str(allowed)])
    step("Sign it off as its reviewer (runbooks/signoff-policy.yaml asks for both)", [
        "sign", str(RECORD), "--key", str(keys[REVIEWER]), "--signer", REVIEWER, "--role", "reviewer",
        "--decision", "approve", "--comment", "make demo: profiles and findings reviewed",
        "--allowed-signers", str(allowed)])
    step("Verify the report, its sign-offs and the sign-off policy", ["verify", str(RECORD), "--allowed-signers", str(allowed)])
    stock_openssh_verify(allowed)
    step("Compare the record with its signed baseline (run it on a schedule after collect)",
         ["diff", str(RECORD), "--allowed-signers", str(allowed)])
    step("Run the faulty example CHG0002 too: its planted faults fail it", ["run", "runbooks/CHG0002"], ok=(1,),
         conclusion="report:")
    step("Check the Zowe v3.4 example CHG0003: single-service API ML in HA", ["check", str(SINGLE)])
    step("Run its runbook notebooks into its report", ["run", str(SINGLE)], conclusion="report:")
    step("Publish the static, offline site", ["publish", str(RECORD), "runbooks/CHG0002", str(SINGLE), "--allowed-signers", str(allowed)],
         ok=(0,))
    say(f"\nGenerated profiles and operator sheet: {generated}/")
    say(f"Every command's output: {LOG}")
    say(f"Site: {Path('site/_build/index.html').resolve()}")


SIGNER = "demo@example.com"
REVIEWER = "reviewer@example.com"


def demo_keys(folder: Path) -> tuple[dict[str, Path], Path]:
    """A fresh ed25519 key per demo signer and an allowed_signers file naming them (demo only)."""
    folder.mkdir(parents=True, exist_ok=True)
    keys: dict[str, Path] = {}
    lines = []
    for signer, name in ((SIGNER, "demo_ed25519"), (REVIEWER, "reviewer_ed25519")):
        key = folder / name
        for old in (key, key.with_name(key.name + ".pub")):
            old.unlink(missing_ok=True)
        _ssh_keygen("-q", "-t", "ed25519", "-N", "", "-C", signer, "-f", str(key))
        public = " ".join(key.with_name(key.name + ".pub").read_text().split()[:2])
        lines.append(f'{signer} namespaces="zowe-ha-runbook" {public}\n')
        keys[signer] = key
    allowed = folder / "allowed_signers"
    allowed.write_text("".join(lines))
    say(f"  ok  Throw-away demo keys in {folder} and {allowed} (a real change uses the signers' own keys)")
    return keys, allowed


def stock_openssh_verify(allowed: Path) -> None:
    """Show that plain OpenSSH accepts every sign-off, with no kit installed."""
    assert _log is not None
    records = sorted((RECORD / "report" / "signoffs").glob("*.json"))
    answer = ""
    for record in records:
        signer = json.loads(record.read_bytes())["signer"]
        command = f"ssh-keygen -Y verify -f {allowed} -I {signer} -n zowe-ha-runbook -s {record}.sig < {record}"
        print(f"\n== Verify with stock OpenSSH\n$ {command}", file=_log, flush=True)
        proc = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", signer, "-n", "zowe-ha-runbook", "-s", f"{record}.sig"],
            input=record.read_bytes(), capture_output=True, check=False,
        )
        answer = (proc.stdout + proc.stderr).decode().strip()
        print(answer, file=_log, flush=True)
        if proc.returncode != 0:
            say(f"  FAILED  {command}")
            _show_tail()
            sys.exit(1)
    say(f"  ok  Verify the {len(records)} sign-offs with stock OpenSSH, no kit needed")
    say(f"      {answer.splitlines()[-1] if answer else ''}")


def _ssh_keygen(*args: str) -> None:
    proc = subprocess.run(["ssh-keygen", *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        say(f"demo: ssh-keygen failed: {proc.stderr.strip()}")
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
