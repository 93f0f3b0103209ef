"""zowe-ha failover: the hot-standby model, event by event."""

from __future__ import annotations

import argparse
import json

from ..util.errors import InputError, Problem, UsageError
from . import options

NAME = "failover"
HELP = "show which stack distributes the DVIPA and which target gets new connections after each event"
DESCRIPTION = """\
Model a Sysplex Distributor hot-standby distribution (from a change record,
or from TCP/IP profiles with --profile) and print, at the start and after
each --event, which stack owns and distributes the DVIPA and which target
gets new connections, with what happens to the connections already open.
A TARGET is a system name or a DESTIP address (with --profile, systems are
named by their dynamic XCF address). Events, applied in the order given:

  TARGET:down / TARGET:up                the whole system: its TCP/IP stack
                                         and its servers
  TARGET:server-down / TARGET:server-up  only the server on the distributed
                                         port; the stack and the DVIPA stay
  TARGET:unhealthy / TARGET:healthy      the server's health
  TARGET:deactivate / TARGET:reactivate  VARY TCPIP,,SYSPLEX,DEACTIVATE (or
                                         REACTIVATE),DVIPA= on that stack: it
                                         gives the DVIPA up (a VIPABACKUP
                                         stack takes it over) or takes it back

The distributor: the owner's stack (VIPADEFINE; a record's `distributor`)
distributes; when it fails the highest-ranked VIPABACKUP stack that is up
(a record's `distributor_backups`, first = highest rank) takes the DVIPA over
and keeps distributing, with its own VIPADISTRIBUTE or the owner's, which it
inherits. Connections it had distributed to servers that still run are kept
(IBM's non-disruptive takeover); connections to a failed server are lost.
VIPADEFINE MOVEABLE IMMEDIATE takes the DVIPA back when the owner returns.

The target (IBM's hot-standby rules): the preferred target first; when the
active target becomes unavailable, the highest-ranked available backup
(ties: first listed); AUTOSWITCHBACK returns to the preferred target once it
listens again, NOAUTOSWITCHBACK stays; HEALTHSWITCH leaves an unhealthy
active target, NOHEALTHSWITCH stays. The start assumes every target listens
and the preferred one was ready first (with NOAUTOSWITCHBACK a real cold
start may pick whichever listener was ready first).

The distribution is chosen by --dvipa and/or --port; by default the
zowe-gateway one of a record, or the only one in the profiles."""
EXAMPLES = """\
examples:
  zowe-ha failover runbooks/CHG0001 --event SYSA:down --event SYSA:up
  zowe-ha failover runbooks/CHG0001 --event SYSA:server-down --event SYSA:server-up
  zowe-ha failover runbooks/CHG0001 --port 443 --event SYSA:unhealthy --json
  zowe-ha failover --profile sysa.tcpip sysb.tcpip --event 198.51.100.11:down
  zowe-ha failover runbooks/CHG0001 --event SYSA:down --svg timeline.svg

exit codes: 0 done, 2 bad usage, bad event or ambiguous distribution"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", nargs="?", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--profile", metavar="PROFILE", nargs="+", type=options.file_name("a TCP/IP profile file"),
                   help="TCP/IP profile files instead of a record")
    p.add_argument("--dvipa", metavar="IP", type=options.ip_address, help="the distributed DVIPA to model")
    p.add_argument("--port", metavar="N", type=options.port, help="a port of the distribution to model")
    p.add_argument("--include-dir", metavar="DIR", action="append", default=[],
                   type=options.file_name("a folder of INCLUDEd members"),
                   help="with --profile: folder where INCLUDEd members are (repeat)")
    p.add_argument("--event", metavar="TARGET:CHANGE", action="append", default=[],
                   help="down, up, server-down, server-up, unhealthy, healthy, deactivate or reactivate; repeat in order")
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")
    p.add_argument("--svg", metavar="FILE", type=options.file_name("the SVG file to write"),
                   help="also write the timeline picture as SVG")


def run(args: argparse.Namespace) -> int:
    from ..tcpip import choose  # local: fast --help
    from ..tcpip.failover import run as simulate  # local: fast --help

    if bool(args.record) == bool(args.profile):
        raise UsageError("REC/--profile", "give either a change record REC or --profile PROFILE..., not both or neither")
    try:
        if args.record:
            from ..record.load import load_record  # local: fast --help

            model = choose.from_record_choice(load_record(args.record), args.dvipa, args.port)
        else:
            model = choose.from_profiles_choice(args.profile, args.dvipa, args.port, args.include_dir)
    except choose.NoHotStandby as exc:
        raise UsageError("--profile", str(exc)) from None
    except choose.ChoiceError as exc:
        raise UsageError("--dvipa/--port", str(exc)) from None
    try:
        result = simulate(model, args.event)
    except ValueError as exc:
        raise UsageError("--event", str(exc)) from None
    if args.svg:
        from ..runbook.pictures import timeline_svg  # local: fast --help
        from ..util.fsutil import atomic_write  # local: fast --help

        try:
            title = f"Failover timeline of {choose.describe(result['distribution'])}: {', '.join(args.event)}"
            atomic_write(args.svg, timeline_svg(result["timeline"], result["distribution"]["targets"], title))
        except OSError as exc:
            raise InputError(Problem(args.svg, None, "--svg", f"cannot write it: {exc.strerror or exc}")) from None
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    d = result["distribution"]
    switches = ("AUTOSWITCHBACK" if d["autoswitchback"] else "NOAUTOSWITCHBACK") + ", " + (
        "HEALTHSWITCH" if d["healthswitch"] else "NOHEALTHSWITCH")
    print(f"{choose.describe(d)} ({switches})")
    described = []
    for t in d["targets"]:
        if t["role"] == "preferred":
            role = "preferred"
        else:
            role = "backup (no rank coded)" if t["rank"] is None else f"backup rank {t['rank']}"
        described.append(f"{t['system'] + ' ' if t['system'] else ''}{t['destip']} {role}")
    print("targets: " + "; ".join(described))
    stacks = [f"{d['distributor']} owner (VIPADEFINE)"] if d["distributor"] else ["no VIPADEFINE owner"]
    stacks += [f"{b['name']} VIPABACKUP rank {b['rank']}" for b in d["distributor_backups"]]
    print("distributor stacks: " + "; ".join(stacks))
    timeline = result["timeline"]
    width = max(len("event"), *(len(e["event"]) for e in timeline))
    dst = max(len("distributor"), *(len(str(e["distributor"] or "none")) for e in timeline))
    act = max(len("active"), *(len(str(e["active"] or "none")) for e in timeline))
    print(f"{'event':<{width}}  {'distributor':<{dst}}  {'active':<{act}}  why")
    for e in timeline:
        print(f"{e['event']:<{width}}  {e['distributor'] or 'none':<{dst}}  {e['active'] or 'none':<{act}}  {e['reason']}")
        if e["event"] != "start":
            print(f"{'':<{width}}  {'':<{dst}}  {'':<{act}}  distributor: {e['distributor_reason']}")
            print(f"{'':<{width}}  {'':<{dst}}  {'':<{act}}  connections: {e['connections']}")
    return 0
