"""zowe-ha generate: TCP/IP profile statements, operator sheet and zowe.yaml fragment."""

from __future__ import annotations

import argparse
import json

from ..util.errors import InputError, Problem
from . import options

NAME = "generate"
HELP = "write each system's TCP/IP profile statements, the operator sheet and the zowe.yaml fragment"
DESCRIPTION = """\
Generate, from a change record, each system's TCP/IP profile statements:
IPCONFIG SYSPLEXROUTING DYNAMICXCF on every stack, and a VIPADYNAMIC block
with VIPADEFINE (the distributor), VIPABACKUP (the stacks that take the DVIPA
over) and a hot-standby VIPADISTRIBUTE on each of them. Lines stay within
columns 1-71 and are ready for an OBEYFILE data set.

Without options all systems' statements are printed, each under a header.
--system prints one system's statements and nothing else (redirect it into
a file). --out DIR writes profiles/<SYS>.tcpip, operator-sheet.md (apply,
verify and roll back, in IBM's order), zowe-fragment.yaml and generate.json,
all or nothing."""
EXAMPLES = """\
examples:
  zowe-ha generate runbooks/CHG0001
  zowe-ha generate runbooks/CHG0001 --system SYSB > sysb.tcpip
  zowe-ha generate runbooks/CHG0001 --out runbooks/CHG0001/generated
  zowe-ha generate runbooks/CHG0001 --json

exit codes: 0 done, 2 bad record or unknown system (nothing written)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--system", metavar="NAME", type=options.system_name, help="print only this system's profile statements")
    p.add_argument("--out", metavar="DIR", type=options.output_folder, help="write all generated files under DIR")
    p.add_argument("--json", action="store_true", help="print the machine form (generate.json)")


def run(args: argparse.Namespace) -> int:
    from ..record.load import load_record  # local: fast --help
    from ..tcpip.generate import generate_profile  # local: fast --help
    from ..tcpip.outputs import generate_json, render_outputs  # local: fast --help
    from ..tcpip.plan import comment  # local: fast --help
    from ..util.fsutil import write_tree  # local: fast --help

    record = load_record(args.record)
    names = record.sysplex.system_names
    if args.system is not None:
        options.system_of("--system", args.system, names, record.id)
    if args.out:
        files = render_outputs(record)
        try:
            write_tree(args.out, files)
        except OSError as exc:
            raise InputError(Problem(args.out, None, "--out", f"cannot write there: {exc.strerror or exc}")) from None
        if not (args.system or args.json):
            print(f"{record.id}: wrote {len(files)} files to {args.out}: {', '.join(files)}")
    if args.system:
        text = generate_profile(record, args.system)
        if args.json:
            payload = generate_json(record)
            payload["systems"] = [s for s in payload["systems"] if s["name"] == args.system]
            print(json.dumps(payload, indent=2))
        else:
            print(text, end="")
        return 0
    if args.json:
        print(json.dumps(generate_json(record), indent=2))
        return 0
    if args.out:
        return 0
    for number, name in enumerate(names):
        if number:
            print()
        system = record.system(name)
        target = system.obeyfile or "its OBEYFILE data set"
        print("\n".join(comment(f"===== {name}: put these statements in {target} =====")))
        print(generate_profile(record, name), end="")
    return 0
