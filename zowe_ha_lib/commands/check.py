"""zowe-ha check: judge every sysplex requirement from captured evidence and zowe.yaml."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..util.errors import InputError, Problem
from ..util.text import safe_terminal as safe
from . import options

NAME = "check"
HELP = "check the sysplex requirements from captured evidence and zowe.yaml"
DESCRIPTION = """\
Read the command responses under the record's evidence/<SYSNAME>/ folders
(SYSLOG or OPERLOG extracts, SDSF or z/OSMF console output, TSO or z/OS UNIX
netstat reports; any file names, several responses per file) and judge each
requirement per system: PASS, WARN, FAIL, UNKNOWN (no usable evidence) or N/A
(the record's Zowe release does not need it). Every finding names the
evidence line it rests on and, unless it passed, a fix.

Displays read: D XCF,CF (IXC361I), D XCF,CF,CFNAME=ALL (IXC362I) and D CF
(IXL150I); D XCF,S,ALL / D XCF,SYSPLEX (IXC335I, IXC334I); D XCF,GROUP,IRRXCF00,ALL
and D XCF,GROUP,SYSBPX,ALL (IXC333I; IXC332I without ALL shows no member
states); D ETR (IEA282I, IEA386I); D GRS (ISG343I); RVARY LIST (ICH15013I);
D SMS,SMSVSAM (IGW420I); D OMVS,F and D OMVS,O (BPXO045I, BPXO043I); $D MASDEF,
$D MEMBER and $D CKPTDEF ($HASP843, $HASP673, $HASP829); NETSTAT VIPADCFG, VDPT,
VCRT and VIPADYN (TSO, UNIX -F/-O/-V/-v, or console EZD0101I);
D TCPIP,,SYSPLEX,VIPADYN and GROUP (EZZ8260I, EZZ8270I, EZZ8269I); D XCF,COUPLE
(IXC357I), D XCF,POLICY,TYPE=SFM (IXC364I), D XCF,ARMSTATUS (IXC392I),
D XCF,STR,STRNAME=ALL (IXC360I) and D NET,VTAMOPTS (IST1188I) for resilience;
IBM Health Checker output (SDSF CK panel, HZSPRINT, HZS0001I-HZS0003E);
node --version; IZUPRMxx members. Lines starting with '#' are comments."""
EXAMPLES = """\
example:
  zowe-ha check runbooks/CHG0001
  zowe-ha check runbooks/CHG0001 --only fail,unknown
  zowe-ha check runbooks/CHG0001 --evidence /tmp/captured --json

The findings of the requirements that failed or have no evidence come
first; the last line says whether the change is ready to apply and names
what stops it. Ready means every requirement that applies passed (warnings
are listed, not blocking); a requirement without evidence (UNKNOWN) makes
it not ready, and the lines before it name the displays to capture.

exit codes: 0 nothing failed (warnings and unknowns do not fail a plain
check: they are printed and counted, and a report shows them), 1 at least
one requirement failed (with --strict: or has no evidence, i.e. the change
is not ready), 2 bad input (change.yaml or zowe.yaml cannot be read)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--evidence", metavar="DIR", type=options.file_name("the evidence folder"),
                   help="evidence folder to read instead of REC/evidence (holds <SYSNAME>/ folders)")
    p.add_argument("--only", metavar="STATUS,...", type=options.finding_statuses, default=None,
                   help="show only findings with these statuses (pass, warn, fail, unknown, n/a; comma-separated); "
                        "the counts, the verdict and the exit code still cover every finding")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 unless the change is ready: also when a requirement has no evidence (UNKNOWN)")
    p.add_argument("--json", action="store_true",
                   help="print the findings as JSON: change, findings (requirement, system, status, message, "
                        "evidence, fix), a count per status, ready, verdict and the requirements without evidence")


def run(args: argparse.Namespace) -> int:
    from ..checks import run_checks  # local: fast --help
    from ..record.load import display_name, load_record  # local: fast --help

    record = load_record(args.record)
    evidence = None
    if args.evidence is not None:
        evidence = Path(args.evidence)
        if not evidence.is_dir():
            raise InputError(Problem(args.evidence, None, "--evidence", "no such folder; give the folder that holds the <SYSNAME>/ evidence folders"))
    elif record.evidence_dir.exists() and not record.evidence_dir.is_dir():
        raise InputError(Problem(display_name(record.evidence_dir), None, "", "is not a folder; evidence goes in <SYSNAME>/ folders under it"))
    result = run_checks(record, evidence)
    shown = [f for f in result.findings if args.only is None or f.status in args.only]
    if args.json:
        print(json.dumps(result.to_json(shown), indent=2))
    else:
        print(render_text(result, record, shown, args.only, display_name(Path(record.folder))))
    if result.failed:
        return 1
    return 1 if args.strict and not result.readiness.ready else 0


def render_text(result, record, shown=None, only=None, folder: str = "REC") -> str:
    """Findings grouped by requirement, worst requirement first, and a closing verdict line.

    Presentation, so it stays with the command: the library gives the findings,
    the verdict (:mod:`zowe_ha_lib.requirements.readiness`) and their JSON form;
    the notebooks show the same findings as HTML tables. Failures and unknowns
    come first so that a long list does not bury them; within a requirement the
    findings keep the kit's order (sysplex-wide, then per system).
    """
    from ..requirements.status import rank  # local: fast --help
    from ..util import term  # local: fast --help

    shown = result.findings if shown is None else shown
    lines = [f"{record.id}: {safe(record.title)} (sysplex {record.sysplex.name}: {', '.join(record.sysplex.system_names)}; Zowe {record.zowe_release})"]
    groups: dict[str, list] = {}
    for f in shown:
        groups.setdefault(f.requirement, []).append(f)
    worst_first = sorted(groups.items(), key=lambda item: min(rank(f.status) for f in item[1]))  # stable: registry order within a rank
    for requirement, findings in worst_first:
        lines.append("")
        lines.append(term.paint(requirement, "bold"))
        for f in sorted(findings, key=lambda f: rank(f.status)):
            who = f.system or "sysplex"
            # Messages quote evidence lines and name files: each field stays on its one line.
            lines.append(f"  {term.status(f.status, 7)} {who:<8} {safe(f.message)}")
            if f.evidence:
                lines.append(f"  {'':<7} {'':<8} evidence: {safe(f.evidence)}")
            if f.fix:
                lines.append(f"  {'':<7} {'':<8} fix: {safe(f.fix)}")
    counts = result.summary()
    lines.append("")
    if only is not None:
        lines.append(f"shown: {len(shown)} of {len(result.findings)} findings ({', '.join(only)})")
    lines.append("summary: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    verdict = result.readiness
    for advice in verdict.advice_for(folder):
        lines.append("  " + advice)
    status = "fail" if result.failed else verdict.status
    lines.append(f"{term.status(status)} {record.id}: {verdict.verdict}")
    return "\n".join(lines)
