"""The README's sign-off policy and drift sections say what the kit does.

The policy shown is one the kit loads, the commands shown parse with the
kit's own command line, and the scheduled script alerts on exactly the exit
codes ``diff`` has (run for real against a signed record).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.signing import Team
from zowe_ha_lib.cli import build_parser
from zowe_ha_lib.signoff.policy import load_policy


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


# What the CI job's variables stand for.
VARIABLES = {"$ZOSMF_URL": "https://zosmf.example.com:443", "$ZOSMF_USER": "IBMUSER"}


def commands(text: str) -> list[list[str]]:
    """Every ``zowe-ha ...`` command line of a text's shell blocks (and the CI job), comments removed."""
    out = []
    for block in blocks(text, "sh") + blocks(text, "yaml"):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().lstrip("- ")
            if line.startswith("zowe-ha ") or line.startswith("exec zowe-ha "):
                shell = line.split(" #", 1)[0].split(" || ", 1)[0].split(" > ", 1)[0]
                words = shlex.split(shell.removeprefix("exec "))
                out.append([VARIABLES.get(w, w) for w in words[1:]])
    return out


def test_the_policy_in_the_readme_is_one_the_kit_loads(tmp_path: Path) -> None:
    [example] = blocks(section("Who must sign: the sign-off policy"), "yaml")
    path = tmp_path / "signoff-policy.yaml"
    path.write_text(example)
    policy = load_policy(path)
    assert policy.phases == ("plan", "result") and policy.ticket
    assert policy.rules["result"].roles == ("implementer", "reviewer", "change-manager")
    assert policy.rules["plan"].roles == ("implementer", "reviewer") and policy.rules["plan"].min_signers == 2
    # And the repository's own policy, which make demo meets.
    shipped = load_policy(ROOT / "runbooks" / "signoff-policy.yaml")
    assert shipped.rules["result"].roles == ("implementer", "reviewer") and shipped.rules["result"].min_signers == 2


def test_every_command_in_the_new_sections_parses() -> None:
    parser = build_parser()
    found = commands(section("Who must sign: the sign-off policy")) + commands(section("Drift: re-check a signed change on a schedule"))
    names = [argv[0] for argv in found]
    assert {"run", "sign", "verify", "collect", "diff"} <= set(names)
    for argv in found:
        parser.parse_args(argv)  # a wrong option or value raises (UsageError)


def test_the_scheduled_script_alerts_on_diffs_exit_code(example_run, tmp_path: Path) -> None:
    """The script of the README, with collect stood in for (it needs z/OSMF): 0 when clean, 1 after drift."""
    [script] = [b for b in blocks(section("Drift: re-check a signed change on a schedule"), "sh") if b.startswith("#!/bin/sh")]
    work = tmp_path / "srv"
    record = example_run.copy(work / "runbooks" / "CHG0001")
    team = Team(tmp_path / "keys", work / "runbooks" / "allowed_signers")
    team.sign(record, "alice@example.com", "implementer")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "zowe-ha"
    stand_in.write_text(f'#!/bin/sh\n[ "$1" = collect ] && exit 1\nexec {sys.executable} -m zowe_ha_lib "$@"\n')
    stand_in.chmod(0o755)
    runnable = tmp_path / "zowe-ha-drift"
    runnable.write_text(script.replace("cd /srv/zowe-ha", f"cd {work}"))
    runnable.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    clean = subprocess.run([str(runnable)], capture_output=True, text=True, env=env, timeout=300)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines()[-1] == "diff: OK (0 worse, 0 better, 0 changed)"
    log = record / "evidence/SYSA/syslog-plex1-20241125.txt"
    log.write_text(log.read_text().replace("SYSB      CONNECTED", "SYSB      QUIESCED ", 1))
    drifted = subprocess.run([str(runnable)], capture_output=True, text=True, env=env, timeout=300)
    assert drifted.returncode == 1 and "shared-dasd SYSB: pass -> fail" in drifted.stdout
