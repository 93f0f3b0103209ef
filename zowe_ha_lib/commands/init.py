"""zowe-ha init: start a change record of one's own, from options or questions."""

from __future__ import annotations

import argparse
import sys

from ..util.errors import UsageError
from . import options

NAME = "init"
HELP = "start a new change record (change.yaml) from a few options or questions"
DESCRIPTION = """\
Write REC/change.yaml for a sysplex of your own: its systems with their
dynamic XCF addresses, and one Sysplex Distributor DVIPA for the Zowe
gateway in hot-standby mode (the first system preferred, the others backups
in the order given, unless you say otherwise). The record is checked with
the same rules as 'zowe-ha validate' before anything is written; the folder
is created if needed; an existing change.yaml is never replaced.

On a terminal, whatever the options leave out is asked for, with defaults in
brackets; --ask asks also when standard input is not a terminal (answers
from a pipe). Without a terminal and without --ask, --sysplex, two --system
and --dvipa are needed (and --id when the folder name cannot be a change id).
A zowe.yaml already in the folder is named in the record; 'zowe-ha schema'
lists every other key (a z/OSMF DVIPA, tcpip_proc, obeyfile, ...)."""
EXAMPLES = """\
example:
  zowe-ha init runbooks/CHG0100 --sysplex PLEX1 \\
      --system SYSA:198.51.100.11 --system SYSB:198.51.100.12 \\
      --dvipa 203.0.113.50 --hostname zowe.plex1.example.com --port 7554
  zowe-ha init runbooks/CHG0101            # on a terminal: asks the questions

exit codes: 0 written, 2 bad usage or input (the record already exists, an
option is wrong, the record would not validate): nothing written"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help="folder of the new change record (or its change.yaml)")
    p.add_argument("--id", type=options.change_id, default=None, help="change id (default: the folder's name)")
    p.add_argument("--title", type=options.answer("title"), default=None,
                   help="one-line title (default: Enable Zowe high availability on SYSPLEX)")
    p.add_argument("--release", type=options.answer("release"), default=None, metavar="v1|v2|v3",
                   help="Zowe release whose rules apply (default v3)")
    p.add_argument("--sysplex", type=options.answer("sysplex"), default=None, metavar="NAME", help="sysplex name")
    p.add_argument("--system", dest="systems", action="append", type=options.answer("system"), default=[],
                   metavar="NAME:XCFADDR",
                   help="a system and its IPCONFIG DYNAMICXCF address; give it once per system, at least twice")
    p.add_argument("--dvipa", type=options.ip_address, default=None, metavar="IP",
                   help="the dynamic VIPA of the Zowe gateway (an address of its own)")
    p.add_argument("--hostname", type=options.answer("hostname"), default=None, metavar="HOST",
                   help="the DVIPA's host name (zowe.externalDomains)")
    p.add_argument("--port", dest="ports", action="append", type=options.port, default=[], metavar="N",
                   help="distributed gateway port, = zowe.externalPort (default 7554); may be repeated")
    p.add_argument("--preferred", type=options.system_name, default=None, metavar="NAME",
                   help="the system that gets new connections first (default: the first --system)")
    p.add_argument("--backups", type=options.answer("names"), default=None, metavar="NAME,...",
                   help="backup systems in order of preference (default: the other systems, in --system order)")
    p.add_argument("--zowe-config", type=options.file_name("the zowe.yaml file"), default=None, metavar="FILE",
                   help="zowe.yaml to cross-check, relative to REC (default: REC/zowe.yaml if it is there)")
    p.add_argument("--ask", action="store_true",
                   help="ask for whatever the options leave out, also when standard input is not a terminal")


def run(args: argparse.Namespace) -> int:
    from ..record import new  # local: fast --help
    from ..record.answers import Answers, Ended, Questions, ask_missing  # local: fast --help
    from ..record.load import display_name  # local: fast --help

    folder, file = new.target(args.record)
    new.refuse_existing(file)  # before any question: the answers would be lost
    answers = Answers(id=args.id, title=args.title, release=args.release, sysplex=args.sysplex,
                      systems=list(args.systems), dvipa=args.dvipa, hostname=args.hostname, ports=list(args.ports),
                      preferred=args.preferred, backups=args.backups)
    if args.zowe_config is not None:
        if not (folder / args.zowe_config).is_file():
            raise UsageError("--zowe-config", f"no such file {display_name(folder / args.zowe_config)}; copy your "
                             "zowe.yaml into the record folder first, or leave the option out")
        answers.zowe_config = args.zowe_config
    else:
        answers.zowe_config = new.default_zowe_config(folder)
    if answers.id is None:
        answers.id = _folder_id(folder.resolve().name)
    if args.ask or (answers.missing() and sys.stdin.isatty()):
        print(f"New change record in {display_name(folder)}; nothing is written until every answer is in.")
        try:
            ask_missing(answers, Questions(sys.stdin, sys.stdout), folder.resolve().name)
        except Ended as exc:
            raise UsageError(None, f"standard input ended at '{exc}'; nothing written") from None
    missing = answers.missing()
    if missing:
        raise UsageError.several([(option, _MISSING[option]) for option in missing])
    answers.fill_defaults()
    record = new.build(answers, folder, file)
    new.write(record, file)
    rec = display_name(folder)
    print(f"wrote {display_name(file)}: {record.id} on {record.sysplex.name} "
          f"({', '.join(record.sysplex.system_names)}), DVIPA {record.distributions[0].dvipa}")
    print(f"next: zowe-ha validate {rec}; zowe-ha generate {rec} --out {rec}/generated; then capture the displays "
          f"into {rec}/evidence/<SYSNAME>/ (or zowe-ha collect {rec} --zosmf URL) and zowe-ha check {rec}")
    return 0


def _folder_id(name: str) -> str | None:
    from ..record.answers import change_id  # local: fast --help

    try:
        return change_id(name)
    except ValueError:
        return None


_MISSING = {
    "--id": "missing: the folder's name is not a change id (1-32 of A-Z a-z 0-9 _ -); give --id",
    "--sysplex": "missing: give the sysplex name (or run on a terminal, or with --ask, to be asked)",
    "--system": "give at least two, as NAME:XCFADDR, e.g. --system SYSA:198.51.100.11 --system SYSB:198.51.100.12",
    "--dvipa": "missing: give the Zowe gateway's dynamic VIPA, an address of its own",
}
