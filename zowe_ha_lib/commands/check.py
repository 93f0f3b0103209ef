"""zowe-ha check: judge every sysplex requirement from captured evidence and zowe.yaml."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..util.errors import InputError, Problem
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
  zowe-ha check runbooks/CHG0001 --evidence /tmp/captured --json

exit codes: 0 nothing failed (warnings and unknowns do not fail the check:
they are printed and counted, and a report shows them), 1 at least one
requirement failed, 2 bad input (change.yaml or zowe.yaml cannot be read)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--evidence", metavar="DIR", type=options.file_name("the evidence folder"),
                   help="evidence folder to read instead of REC/evidence (holds <SYSNAME>/ folders)")
    p.add_argument("--json", action="store_true",
                   help="print the findings as JSON: change, findings (requirement, system, status, message, "
                        "evidence, fix) and a count per status")


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
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(render_text(result, record))
    return 1 if result.failed else 0


def render_text(result, record) -> str:
    """Findings grouped by requirement, one line each with a status word (no colour needed).

    Presentation, so it stays with the command: the library gives the findings
    (and their JSON form); the notebooks show the same findings as HTML tables.
    """
    lines = [f"{record.id}: {record.title} (sysplex {record.sysplex.name}: {', '.join(record.sysplex.system_names)}; Zowe {record.zowe_release})"]
    current = None
    for f in result.findings:
        if f.requirement != current:
            current = f.requirement
            lines.append("")
            lines.append(current)
        who = f.system or "sysplex"
        lines.append(f"  {f.status.upper():<7} {who:<8} {f.message}")
        if f.evidence:
            lines.append(f"  {'':<7} {'':<8} evidence: {f.evidence}")
        if f.fix:
            lines.append(f"  {'':<7} {'':<8} fix: {f.fix}")
    counts = result.summary()
    lines.append("")
    lines.append("summary: " + ", ".join(f"{n} {s}" for s, n in counts.items())
                 + (" - FAILED" if result.failed else " - nothing failed"))
    return "\n".join(lines)
