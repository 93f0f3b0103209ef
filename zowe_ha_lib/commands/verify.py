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
(e.g. ~/.ssh/id_ed25519.pub).

A sign-off policy says who must approve: the roles that approve, at least N
distinct signers, that the implementer may not be the only approver, the
plan approved before the change is applied and the result after it
(sign --phase plan|result), and the change ticket. verify enforces the
policy it finds: REC/signoff-policy.yaml, else signoff-policy.yaml beside the
record folder (REC/../signoff-policy.yaml); --policy FILE names another,
--no-policy checks the signatures only. Only valid sign-offs count as
approvals; verify prints one line for each thing the policy still misses.
--phase plan checks the plan phase only (before the change is applied)."""
EXAMPLES = """\
example:
  zowe-ha verify runbooks/CHG0001
  zowe-ha verify runbooks/CHG0001 --allowed-signers team/allowed_signers --json
  zowe-ha verify runbooks/CHG0001 --policy team/signoff-policy.yaml --phase plan

exit codes: 0 the report is intact and every sign-off is valid, current and
by an allowed signer, nobody rejected it, and the sign-off policy (if any) is
met; 1 anything else (changed file, bad, stale or unverified sign-off, a
rejection, an approval the policy asks for is missing); 2 bad input (also a
sign-off policy file that cannot be read)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--allowed-signers", type=options.file_path("the allowed_signers file"), metavar="FILE", default=None,
                   help="OpenSSH allowed_signers file (default: REC/../allowed_signers if it exists)")
    p.add_argument("--policy", type=options.file_path("the sign-off policy file"), metavar="FILE", default=None,
                   help="sign-off policy to enforce (default: REC/signoff-policy.yaml, else REC/../signoff-policy.yaml, "
                        "if one exists)")
    p.add_argument("--no-policy", action="store_true", help="check the signatures only, whatever policy there is")
    p.add_argument("--phase", choices=("plan", "result"), default=None,
                   help="check only this phase of the policy (plan: before the change is applied)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from ..record.load import display_name, existing_record  # local: fast --help
    from ..signoff.policy import check_record, find_policy  # local: fast --help
    from ..signoff.signoffs import allowed_signers_help, report_status  # local: fast --help
    from ..util import term  # local: fast --help
    from ..util.errors import UsageError  # local: fast --help
    from ..util.text import safe_terminal as safe  # local: fast --help

    if args.no_policy and args.policy is not None:
        raise UsageError("--no-policy", "give --policy FILE or --no-policy, not both")
    folder, _file = existing_record(args.record)
    status = report_status(folder, args.allowed_signers)
    found = find_policy(folder, args.policy, use=not args.no_policy)
    if args.phase is not None and (found.policy is None or args.phase not in found.policy.phases):
        which = f"the policy {found.policy.shown} has no {args.phase} phase" if found.policy else "there is no sign-off policy"
        raise UsageError("--phase", f"{which}; --phase checks one phase of a policy that has it")
    policy = check_record(folder, status, found, args.phase)
    ok = status.ok and (policy is None or policy.met)
    if args.json:
        print(json.dumps({
            "state": status.state, "ok": ok, "manifest_sha256": status.manifest_sha256,
            "allowed_signers": str(status.allowed_signers) if status.allowed_signers else None,
            "problems": status.problems,
            "files": [{"path": f.path, "kind": f.kind, "detail": f.detail} for f in status.files],
            "signoffs": status.signoffs,
            "policy": policy.to_json() if policy is not None else None,
        }, indent=2))
        return 0 if ok else 1
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
        what = f"{check.decision} the plan" if check.phase == "plan" else check.decision
        who = safe(f"{check.role} {check.signer} {what}") if check.signer else ""
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
    if policy is not None:
        _print_policy(policy, safe)
    verdict = term.paint("OK", "pass") if ok else term.paint("NOT OK", "fail")
    met = "" if policy is None else "; policy met" if policy.met else "; policy not met"
    print(f"verify: {verdict} (report {status.state}{met})")
    return 0 if ok else 1


def _print_policy(policy, safe) -> None:
    """The policy, what counted, and one line per thing it still misses."""
    from ..util import term  # local: fast --help

    print(f"policy: {safe(policy.policy.shown)}")
    for line in policy.policy.describe():
        print(f"  {safe(line)}")
    for note in policy.notes:
        print(f"policy: note: {safe(note)}")
    for phase in policy.phases:
        for check in phase.approved_by:
            print(f"policy: {phase.phase}: approved by {safe(f'{check.signer} ({check.role}, {check.time})')}")
        for line in phase.not_counted:
            print(f"policy: {phase.phase}: {safe(line)}")
    for line in policy.missing:
        print(f"policy: {term.paint('MISSING', 'fail')}: {safe(line)}")


# Colours of the sign-off states: only a valid sign-off is green.
_STYLE = {"valid": "pass", "stale": "warn", "unverified": "incomplete", "invalid": "fail"}
