"""zowe-ha validate: check a change record against the schema and the semantic rules."""

from __future__ import annotations

import argparse
import json
import sys

from . import options

NAME = "validate"
HELP = "check a change record (schema and semantic rules)"
DESCRIPTION = """\
Check a change record's change.yaml: its shape against the schema (see
'zowe-ha schema') and the rules a schema cannot express: system names and
addresses unique, preferred and backups are systems of the record, a DVIPA
is no stack's dynamic XCF address, one IP version per distribution, paths
stay inside the record folder. Every problem is printed, one per line.

A valid record can still get warnings, printed on stderr one per line
(exit 0): a DVIPA inside the dynamic XCF subnet, which clients reach only
where that subnet is advertised."""
EXAMPLES = """\
example:
  zowe-ha validate runbooks/CHG0001
  zowe-ha validate runbooks/CHG0001/change.yaml --json

exit codes: 0 valid (warnings allowed, on stderr), 2 problems found (one line
            each on stderr)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--json", action="store_true", help="print the normalised record as JSON")


def run(args: argparse.Namespace) -> int:
    from ..record.load import load_record, record_to_mapping  # local: fast --help
    from ..record.warnings import record_warnings  # local: fast --help
    from ..util.text import safe_terminal as safe  # local: fast --help

    record = load_record(args.record)
    for warning in record_warnings(record):
        print(safe(warning), file=sys.stderr)
    if args.json:
        print(json.dumps(record_to_mapping(record), indent=2))
        return 0
    systems = ", ".join(record.sysplex.system_names)
    print(f"{safe(record.display_path)}: valid: {record.id} '{safe(record.title)}' on {record.sysplex.name} ({systems}), "
          f"{len(record.distributions)} distribution(s), Zowe {record.zowe_release}")
    return 0
