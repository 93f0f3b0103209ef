"""zowe-ha lint: parse and check existing TCP/IP profile text."""

from __future__ import annotations

import argparse
import json
import os

from ..util.errors import InputError, Problem, UsageError
from . import options

NAME = "lint"
HELP = "check TCP/IP profiles (one file per stack of the sysplex)"
DESCRIPTION = """\
Parse PROFILE.TCPIP or OBEYFILE text the way z/OS does (free format, ';'
comments, IBM's abbreviations such as DISTM) and check it:

  - each stack: the VIPADYNAMIC block, the hot-standby rules z/OS enforces
    (EZZ0826I, EZZ0827I, EZZ0829I, EZZ0830I, EZZ0165I, EZZ0831I), VIPABACKUP
    that can create the DVIPA at cold start, IPCONFIG DYNAMICXCF, text hygiene;
  - several files are the stacks of one sysplex: DESTIPs are dynamic XCF
    addresses, one VIPADEFINE owner, a VIPABACKUP on another stack, no DVIPA
    inside the dynamic XCF subnet;
  - with --change, the profiles against the change record (a file is matched
    to a system by its DYNAMICXCF address).

INCLUDE statements are followed: a member SYS1.TCPPARMS(VIPAS), or the last
qualifier of a sequential data set 'TCPIP.VIPAS', is looked for as a file
named VIPAS (any case, with or without an extension) in each --include-dir
and then beside the including file. Findings in a member name the member's
file and line. An INCLUDE that cannot be found is a warning, and then no
finding claims that a statement the member could hold is missing.

Each finding is one line: file:line: severity: rule: message.
--rules lists every rule with its severity, the z/OS message it stands for
and its source."""
EXAMPLES = """\
examples:
  zowe-ha lint sysa.tcpip sysb.tcpip
  zowe-ha lint profiles/*.tcpip --change runbooks/CHG0001 --json
  zowe-ha lint sysa.tcpip sysb.tcpip --include-dir tcpparms/
  zowe-ha lint --rules
  zowe-ha lint --rules --json

exit codes: 0 no errors (warnings allowed), 1 errors found,
            2 a file is missing or not text (also an INCLUDEd member that
            was found but cannot be read)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("profiles", metavar="PROFILE", nargs="*", type=options.file_name("a TCP/IP profile file"),
                   help="profile text file, one per TCP/IP stack")
    p.add_argument("--change", metavar="REC", type=options.record, help="change record folder or change.yaml to compare with")
    p.add_argument("--include-dir", metavar="DIR", action="append", default=[],
                   type=options.file_name("a folder of INCLUDEd members"),
                   help="folder where INCLUDEd members are (repeat; searched before the including file's folder)")
    p.add_argument("--rules", action="store_true", help="list the rules lint checks and exit")
    p.add_argument("--json", action="store_true", help="print findings and distributions as JSON")


def _print_rules(as_json: bool) -> int:
    from ..tcpip.rules import describe  # local: fast --help

    rows = describe()
    if as_json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        msg = f" ({row['message_id']})" if row["message_id"] else ""
        print(f"{row['rule']}  [{row['severity']}]{msg}")
        print(f"    {row['title']}.")
        if row["advice"]:
            print(f"    {row['advice']}")
        print(f"    source: {row['source']}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.rules:
        if args.profiles or args.change:
            raise UsageError("--rules", "lists the rules only; give no PROFILE or --change with it")
        return _print_rules(args.json)
    if not args.profiles:
        raise UsageError("PROFILE", "give one profile file per TCP/IP stack (or --rules to list the rules)")
    bad = [d for d in args.include_dir if not os.path.isdir(d)]
    if bad:
        raise InputError([Problem(d, None, "--include-dir", "no such folder") for d in bad])

    from ..tcpip.lint import lint  # local: fast --help
    from ..tcpip.parse import parse_files  # local: fast --help
    from ..util.text import safe_terminal  # local: fast --help

    profiles = parse_files(args.profiles, args.include_dir)
    record = None
    if args.change:
        from ..record.load import load_record  # local: fast --help

        record = load_record(args.change)
    result = lint(profiles, record)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        for finding in result.findings:
            print(safe_terminal(finding))  # quotes profile tokens and names files: one line each
        counts = result.counts()
        lines = sum(p.lines for p in profiles)
        versus = f" against {record.id}" if record else ""
        print(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info in "
              f"{len(profiles)} profile(s), {lines} line(s){versus}; {len(result.distributions)} distribution(s)")
    return 1 if result.has_errors else 0
