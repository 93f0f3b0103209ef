"""zowe-ha lint: parse and check existing TCP/IP profile text."""

from __future__ import annotations

import argparse
import json

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
    addresses, one VIPADEFINE owner, a VIPABACKUP on another stack;
  - with --change, the profiles against the change record (a file is matched
    to a system by its DYNAMICXCF address).

Each finding is one line: file:line: severity: rule: message."""
EXAMPLES = """\
examples:
  zowe-ha lint sysa.tcpip sysb.tcpip
  zowe-ha lint profiles/*.tcpip --change runbooks/CHG0001 --json

exit codes: 0 no errors (warnings allowed), 1 errors found,
            2 a file is missing or not text"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("profiles", metavar="PROFILE", nargs="+", type=options.file_name("a TCP/IP profile file"), help="profile text file, one per TCP/IP stack")
    p.add_argument("--change", metavar="REC", type=options.record, help="change record folder or change.yaml to compare with")
    p.add_argument("--json", action="store_true", help="print findings and distributions as JSON")


def run(args: argparse.Namespace) -> int:
    from ..tcpip.lint import lint  # local: fast --help
    from ..tcpip.parse import parse_files  # local: fast --help
    from ..util.text import safe_terminal  # local: fast --help

    profiles = parse_files(args.profiles)
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
