"""zowe-ha verify: check a report and its sign-offs as they are now."""

from __future__ import annotations

import argparse
import json

from . import options

NAME = "verify"
HELP = "verify the report's files and every sign-off"
DESCRIPTION = """\
Re-hash manifest.json and every file it lists and report each changed,
missing or extra file; then check every sign-off's SSH signature with
'ssh-keygen -Y verify' against an allowed_signers file (default:
allowed_signers next to the record folder, i.e. REC/../allowed_signers).
Without one the signatures are only checked for integrity
('ssh-keygen -Y check-novalidate') and the signers are reported unverified,
and verify explains how to make the file. A good signature by a key the file
does not list for its signer is unverified too. A sign-off over an earlier
run's manifest (kept in REC/history/) is stale; one over a manifest found
nowhere means the report was changed after it was signed (tampered). A good
sign-off that rejects the report makes it rejected: verify names who
rejected it and exits 1.

An allowed_signers file is OpenSSH's list of who may sign, one line per
signer: PRINCIPAL namespaces="zowe-ha-runbook" KEYTYPE BASE64KEY, where
KEYTYPE BASE64KEY are the first two words of the signer's public key file
(e.g. ~/.ssh/id_ed25519.pub)."""
EXAMPLES = """\
example:
  zowe-ha verify runbooks/CHG0001
  zowe-ha verify runbooks/CHG0001 --allowed-signers team/allowed_signers --json

exit codes: 0 the report is intact and every sign-off is valid, current and
by an allowed signer, and nobody rejected it; 1 anything else (changed
file, bad, stale or unverified sign-off, a rejection); 2 bad input"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--allowed-signers", type=options.file_path("the allowed_signers file"), metavar="FILE", default=None,
                   help="OpenSSH allowed_signers file (default: REC/../allowed_signers if it exists)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from ..record.load import display_name, existing_record  # local: fast --help
    from ..signoff.signoffs import allowed_signers_help, report_status  # local: fast --help
    from ..util import term  # local: fast --help
    from ..util.text import safe_terminal as safe  # local: fast --help

    folder, _file = existing_record(args.record)
    status = report_status(folder, args.allowed_signers)
    if args.json:
        print(json.dumps({
            "state": status.state, "ok": status.ok, "manifest_sha256": status.manifest_sha256,
            "allowed_signers": str(status.allowed_signers) if status.allowed_signers else None,
            "problems": status.problems,
            "files": [{"path": f.path, "kind": f.kind, "detail": f.detail} for f in status.files],
            "signoffs": status.signoffs,
        }, indent=2))
        return 0 if status.ok else 1
    # Every field below comes from files in the report (a sign-off record can be forged): one line each.
    report = safe(display_name(folder / "report"))
    for problem in status.problems:
        print(safe(problem))
    for issue in status.files:
        print(f"{report}/{safe(issue.path)}: {issue.kind}: {safe(issue.detail)}")
    if not status.problems and not status.files:
        print(f"{report}: intact (manifest sha256 {status.manifest_sha256})")
    if status.allowed_signers is None and status.checks:
        print("no allowed_signers file: signatures checked, signers NOT verified (give --allowed-signers)")
    for check in status.checks:
        who = safe(f"{check.role} {check.signer} {check.decision}") if check.signer else ""
        word = term.paint(check.state.upper(), _STYLE.get(check.state, "fail"))
        print(f"{report}/{safe(check.file)}: {word}: {who + ': ' if who else ''}{safe(check.reason)}")
    for check in status.rejections:
        print(f"{report}: {term.paint('REJECTED', 'fail')} by {safe(f'{check.role} {check.signer}')}: "
              f"{safe(check.comment or '(no comment)')}")
    if not status.checks and not status.problems:
        print(f"{report}: no sign-offs")
    if status.allowed_signers is None and status.checks:
        for line in allowed_signers_help(status.checks, folder):
            print(safe(line))
    verdict = term.paint("OK", "pass") if status.ok else term.paint("NOT OK", "fail")
    print(f"verify: {verdict} (report {status.state})")
    return 0 if status.ok else 1


# Colours of the sign-off states: only a valid sign-off is green.
_STYLE = {"valid": "pass", "stale": "warn", "unverified": "incomplete", "invalid": "fail"}
