"""zowe-ha diff: what changed in a change record since its signed baseline."""

from __future__ import annotations

import argparse
import json

from . import options

NAME = "diff"
HELP = "what changed since the signed baseline (exit 1 when anything got worse)"
DESCRIPTION = """\
Compare the change record as it is now (change.yaml, zowe.yaml, the evidence
folder, and the requirement checks run now on them) with its signed baseline:
the newest signed report, REC/report/ or an earlier run kept in
REC/history/<time>/, or the report folder given with --against. Signed means
intact and approved by good, current sign-offs; with an allowed_signers file
(--allowed-signers, else allowed_signers beside the record folder) every
signer must be one it lists, so a tampered or forged report is no baseline.

Reported, worse first:
  finding   a requirement whose status on a system got worse or better
            (pass -> fail is worse; fail -> pass is better; fail -> unknown
            is a change: the evidence that failed is gone, not mended)
  record    an edit to change.yaml, by key (distributions[0].backups)
  zowe      an edit to zowe.yaml, by key (secret values are never compared)
  evidence  a value a display shows that changed: a member's state, a rank,
            a port (parsed values, so a capture on other lines is no change)

The report keeps what its run read (report/inputs/); for a report of an
earlier kit the output says what cannot be compared. Typical use: collect
fresh evidence on a schedule, then diff, and alert on exit code 1."""
EXAMPLES = """\
example:
  zowe-ha diff runbooks/CHG0001
  zowe-ha diff runbooks/CHG0001 --allowed-signers runbooks/allowed_signers --json
  zowe-ha diff runbooks/CHG0001 --against runbooks/CHG0001/history/20261130T101500Z
  # on a schedule: fresh evidence, then an alert when something got worse
  zowe-ha collect runbooks/CHG0001 --zosmf https://zosmf.example.com:443 --user IBMUSER \\
    && zowe-ha diff runbooks/CHG0001 || echo "CHG0001 drifted" | mail -s drift ops@example.com

exit codes: 0 nothing got worse (edits and changed values are listed but do
not fail), 1 something got worse, 2 bad input (the record cannot be read, no
signed baseline found, an --against folder that is no intact, signed report
of the change)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--against", metavar="DIR", type=options.file_name("the baseline report folder"), default=None,
                   help="the report folder to compare with (a record's report/ or history/<time>/) instead of the "
                        "newest signed report")
    p.add_argument("--allowed-signers", type=options.file_path("the allowed_signers file"), metavar="FILE", default=None,
                   help="OpenSSH allowed_signers file: only a report whose sign-offs it verifies is a baseline "
                        "(default: REC/../allowed_signers if it exists)")
    p.add_argument("--json", action="store_true",
                   help="print change, baseline (path, signed_by...), changes (kind, before, after, effect...), "
                        "summary (worse, better, changed) and notes as JSON")


def run(args: argparse.Namespace) -> int:
    from ..drift import diff_record  # local: fast --help
    from ..record.load import display_name  # local: fast --help
    from ..util import term  # local: fast --help
    from ..util.text import safe_terminal as safe  # local: fast --help

    drift = diff_record(args.record, args.against, args.allowed_signers)
    if args.json:
        print(json.dumps(drift.to_json(), indent=2, ensure_ascii=False))
        return 1 if drift.worse else 0
    base = drift.baseline
    who = ", ".join(base.signed_by) or "nobody"
    shown = f"{base.shown}/" if args.against is None else display_name(base.path)
    print(f"{drift.change}: changes since the signed baseline ({safe(shown)}: run {safe(base.created or '?')}, "
          f"signed by {safe(who)}, {base.status.state})")
    # Messages quote values from the record and its evidence: one line each.
    for change in drift.changes:
        word = term.paint(change.effect.upper(), _STYLE[change.effect]) + " " * (7 - len(change.effect))
        head = ""
        if change.kind == "finding":
            head = f"{change.requirement} {change.system or 'sysplex'}: {change.before or '(none)'} -> {change.after or '(none)'}: "
        where = f" ({change.evidence})" if change.evidence else ""
        print(f"  {word} {safe(head + change.message + where)}")
    for note in drift.notes:
        print(f"  note: {safe(note)}")
    counts = drift.summary()
    if not drift.changes:
        print("  no changes")
    verdict = term.paint("WORSE", "fail") if drift.worse else term.paint("OK", "pass")
    print(f"diff: {verdict} ({counts['worse']} worse, {counts['better']} better, {counts['changed']} changed)")
    return 1 if drift.worse else 0


# The colours of the effects: only what got worse is red.
_STYLE = {"worse": "fail", "better": "pass", "changed": "warn"}
