"""zowe-ha sign: add an SSH-signed sign-off to a record's report."""

from __future__ import annotations

import argparse
import sys

from ..signoff.terms import DECISIONS, PHASES, ROLES
from . import options

NAME = "sign"
HELP = "add a sign-off (SSH signature) to the report"
DESCRIPTION = """\
Record that SIGNER, in ROLE, approves or rejects the report of a change
record as it is now. The sign-off is a small canonical JSON record (signer,
role, decision, comment, time, change id and the SHA-256 of manifest.json) in
REC/report/signoffs/, with a detached SSH signature made by
'ssh-keygen -Y sign' (namespace zowe-ha-runbook) over its exact bytes.
A key with a passphrase: ssh-keygen asks for it on the terminal, or use
ssh-agent and give the public key; the kit never stores a passphrase.
The report must be intact (as 'zowe-ha run' wrote it) to be signed.

Approving a report whose outcome is not ready (fail, incomplete or error)
needs a --comment that says why it may go ahead anyway. After signing, the
kit checks the new signature against the allowed_signers file it finds
(--allowed-signers, else allowed_signers beside the record folder) and warns
when that file does not list your key for your signer id: 'zowe-ha verify'
and the site would show the sign-off as unverified.
A reject decision is signed like an approval; 'zowe-ha verify' then reports
the report rejected and fails. An interrupted sign leaves no half-made
sign-off; the next sign removes what a kill -9 could leave.

Two phases, for a sign-off policy that asks for both: --phase plan approves
the plan before the change is applied (the sign-off lists the generated
profiles, generate.json and zowe-fragment.yaml with their SHA-256, so it holds
for a later run of the same plan); --phase result (the default) approves the
whole report of the run after the change, through the manifest's SHA-256.
A plan may be approved on a report that is not ready without a comment."""
EXAMPLES = """\
example:
  zowe-ha sign runbooks/CHG0001 --key ~/.ssh/id_ed25519 --signer alice@example.com \\
      --role reviewer --decision approve --comment "profiles match the plan"
  zowe-ha sign runbooks/CHG0001 --key ~/.ssh/id_ed25519 --signer bob@example.com \\
      --role reviewer --phase plan    # before the change is applied
  # check it without the kit:
  ssh-keygen -Y verify -f allowed_signers -I alice@example.com -n zowe-ha-runbook \\
      -s runbooks/CHG0001/report/signoffs/001-reviewer-alice-example.com.json.sig \\
      < runbooks/CHG0001/report/signoffs/001-reviewer-alice-example.com.json

exit codes: 0 signed (a warning about the allowed_signers file does not
change that), 1 could not write (e.g. the disk is full), 2 bad input (no
report, changed report, bad key or role, an approval of a report that is not
ready without a comment, another command is writing the record)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--key", required=True, type=options.file_path("the SSH private key file"), metavar="SSH_PRIVATE_KEY",
                   help="SSH private key (or the public key of a key held by ssh-agent)")
    p.add_argument("--signer", required=True, metavar="ID", type=options.signer_id, help="your principal in allowed_signers, e.g. alice@example.com")
    p.add_argument("--role", required=True, choices=ROLES, help="the role you sign in")
    p.add_argument("--decision", choices=DECISIONS, default="approve", help="approve (default) or reject")
    p.add_argument("--comment", default="", metavar="TEXT", type=options.comment,
                   help="a remark kept with the sign-off; required to approve a report whose outcome is fail, incomplete or error")
    p.add_argument("--allowed-signers", type=options.file_path("the allowed_signers file"), metavar="FILE", default=None,
                   help="OpenSSH allowed_signers file to check your key against (default: REC/../allowed_signers if it exists)")
    p.add_argument("--phase", choices=PHASES, default="result",
                   help="what you approve: the plan, before the change is applied, or the result (default), after it")


def run(args: argparse.Namespace) -> int:
    from ..record.load import display_name, existing_record  # local: fast --help
    from ..signoff import signoffs  # local: fast --help
    from ..util.text import safe_terminal as safe  # local: fast --help

    folder, _file = existing_record(args.record)
    allowed = args.allowed_signers or signoffs.default_allowed_signers(folder)
    notes: list[str] = []
    path = signoffs.sign(args.record, args.key, args.signer, args.role, args.decision, args.comment,
                         notes=notes, allowed_signers=allowed, phase=args.phase)
    for note in notes:
        print(f"zowe-ha sign: note: {safe(note)}", file=sys.stderr)
    print(f"signed: {safe(display_name(path))} ({args.role} {safe(args.signer)}: {args.decision} the {args.phase})")
    print(f"signature: {safe(display_name(path.with_name(path.name + '.sig')))}")
    for line in signoffs.trust_warning(path, args.signer, allowed):
        print(safe(line), file=sys.stderr)
    return 0
