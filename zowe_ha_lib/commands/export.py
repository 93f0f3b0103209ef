"""zowe-ha export: a change record in another tool's format (today: a z/OSMF workflow)."""

from __future__ import annotations

import argparse
import sys

from ..util.errors import Failure, InputError, Problem, UsageError
from . import options

NAME = "export"
HELP = "export a change record for another tool: 'export workflow' writes a z/OSMF workflow"
DESCRIPTION = """\
Export a change record for another tool.

export workflow REC --out DIR writes DIR/<change id>.xml, a z/OSMF workflow
definition, and DIR/<change id>.properties, its variable input file. The steps
follow the operator sheet: per system in apply order, display the IP
configuration, write the statements into the OBEYFILE data set (a JCL step;
the data set is a workflow variable), SYNTAXCHECK, OBEYFILE and the displays
that prove each state; then the sysplex-wide verification, making the change
permanent, and the roll-back as optional steps.

Console commands are REST steps to z/OSMF's own console service, issued under
the user ID of whoever performs the step: neither file holds a user ID or a
password. --commands manual makes them instructions-only steps instead.
--xsd FILE validates the XML against z/OSMF's workflow schema (workflow_v1.xsd,
from your z/OSMF system; needs the lxml package) before anything is written."""
EXAMPLES = """\
examples:
  zowe-ha export workflow runbooks/CHG0001 --out /tmp/wf
  zowe-ha export workflow runbooks/CHG0001 --out /tmp/wf --commands manual
  zowe-ha export workflow runbooks/CHG0001 --out /tmp/wf --xsd workflow_v1.xsd

exit codes: 0 written, 1 the XML does not validate against --xsd (nothing written),
2 bad usage or bad record (nothing written)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="format", metavar="FORMAT", parser_class=type(p))
    sub.required = True
    w = sub.add_parser("workflow", help="a z/OSMF workflow definition (.xml) and its variable input file (.properties)",
                       description=DESCRIPTION, epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    w.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    w.add_argument("--out", metavar="DIR", type=options.output_folder, required=True,
                   help="folder to write <change id>.xml and <change id>.properties into")
    w.add_argument("--commands", choices=("rest", "manual"), default="rest",
                   help="console commands as REST steps to z/OSMF's console service (default) or as manual steps")
    w.add_argument("--xsd", metavar="FILE", type=options.file_path("the workflow schema"),
                   help="validate the XML against this XML schema (z/OSMF's workflow_v1.xsd) before writing")


def run(args: argparse.Namespace) -> int:
    from ..export import workflow, xsd  # local: fast --help
    from ..record.load import load_record  # local: fast --help
    from ..util.fsutil import write_tree  # local: fast --help

    if args.xsd is not None and not xsd.available():
        raise UsageError("--xsd", "validating needs the lxml package: pip install 'zowe-ha-kit[xsd]'",
                         command="export workflow")
    record = load_record(args.record)
    wf = workflow.build_workflow(record, args.commands)
    files = {f"{record.id}.xml": workflow.workflow_xml(wf), f"{record.id}.properties": workflow.properties_text(wf)}
    if args.xsd is not None:
        errors = xsd.validate(files[f"{record.id}.xml"], args.xsd, str(args.xsd))
        if errors:
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise Failure(f"{record.id}.xml does not validate against {args.xsd}: {errors[0]}{more}; nothing written")
    try:
        write_tree(args.out, files)
    except OSError as exc:
        raise InputError(Problem(args.out, None, "--out", f"cannot write there: {exc.strerror or exc}")) from None
    optional = sum(s.optional for s in wf.steps)
    checked = f", valid against {args.xsd}" if args.xsd is not None else ""
    print(f"{record.id}: wrote {args.out}/{record.id}.xml ({len(wf.steps)} steps, {optional} of them optional"
          f"{checked}) and {args.out}/{record.id}.properties ({len(wf.variables)} variables)")
    for line in workflow.step_lines(wf):
        print(line)
    for v in wf.missing_values:
        print(f"warning: {record.id}.properties: {v.name} has no value (the record names no data set): "
              "give one before creating the workflow", file=sys.stderr)
    return 0
