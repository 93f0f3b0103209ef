"""zowe-ha failover: the hot-standby model, event by event."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..record.addresses import parse_ip
from ..util.errors import InputError, Problem

NAME = "failover"
HELP = "show which hot-standby target gets new connections after each event"
DESCRIPTION = """\
Model a Sysplex Distributor hot-standby distribution (from a change record,
or from TCP/IP profiles with --profile) and print which target gets new
connections at the start and after each --event. A TARGET is a system name
or a DESTIP address; events are TARGET:down, TARGET:up, TARGET:unhealthy
and TARGET:healthy, applied in the order given.

Rules (IBM's): the preferred target first; when the active target becomes
unavailable, the highest-ranked available backup (ties: first listed);
AUTOSWITCHBACK returns to the preferred target once it listens again,
NOAUTOSWITCHBACK stays; HEALTHSWITCH leaves an unhealthy active target,
NOHEALTHSWITCH stays. The start assumes every target listens and the
preferred one was ready first (with NOAUTOSWITCHBACK a real cold start may
pick whichever listener was ready first).

The distribution is chosen by --dvipa and/or --port; by default the
zowe-gateway one of a record, or the only one in the profiles."""
EXAMPLES = """\
examples:
  zowe-ha failover runbooks/CHG0001 --event SYSA:down --event SYSA:up
  zowe-ha failover runbooks/CHG0001 --port 443 --event SYSA:unhealthy --json
  zowe-ha failover --profile sysa.tcpip sysb.tcpip --event 198.51.100.11:down
  zowe-ha failover runbooks/CHG0001 --event SYSA:down --svg timeline.svg

exit codes: 0 done, 2 bad usage, bad event or ambiguous distribution"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", nargs="?", help="change record folder or its change.yaml")
    p.add_argument("--profile", metavar="PROFILE", nargs="+", help="TCP/IP profile files instead of a record")
    p.add_argument("--dvipa", metavar="IP", help="the distributed DVIPA to model")
    p.add_argument("--port", metavar="N", type=int, help="a port of the distribution to model")
    p.add_argument("--event", metavar="TARGET:CHANGE", action="append", default=[],
                   help="down, up, unhealthy or healthy; repeat in order")
    p.add_argument("--json", action="store_true", help="print the timeline as JSON")
    p.add_argument("--svg", metavar="FILE", help="also write the timeline picture as SVG")


def _usage(message: str, where: str = "") -> Exception:
    return InputError(Problem("zowe-ha failover", None, where, message))


def _describe(item: dict[str, Any]) -> str:
    ports = " ".join(str(p) for p in item.get("ports") or []) or "any port"
    name = f"{item['name']} " if item.get("name") else ""
    return f"{name}{item['dvipa']} port {ports}"


def choose(candidates: list[dict[str, Any]], dvipa: str | None, port: int | None, default: int | None) -> int:
    """Index of the distribution the options select; InputError names the choices otherwise."""
    if dvipa is not None:
        try:
            _v, dvipa = parse_ip(dvipa)
        except ValueError as exc:
            raise _usage(str(exc), "--dvipa") from None
    matches = [
        i for i, c in enumerate(candidates)
        if (dvipa is None or c["dvipa"] == dvipa) and (port is None or port in (c.get("ports") or []))
    ]
    choices = "; ".join(_describe(c) for c in candidates) or "none"
    if dvipa is None and port is None:
        if default is not None:
            return default
        if len(candidates) == 1:
            return 0
        raise _usage(f"several hot-standby distributions; choose one with --dvipa/--port: {choices}")
    if not matches:
        raise _usage(f"no hot-standby distribution matches; the choices are: {choices}", "--dvipa/--port")
    if len(matches) > 1:
        names = "; ".join(_describe(candidates[i]) for i in matches)
        raise _usage(f"ambiguous: {names}; add --port (or --dvipa) to choose one", "--dvipa/--port")
    return matches[0]


def _from_record(args: argparse.Namespace):
    from ..record.load import load_record  # local: fast --help
    from ..tcpip.failover import from_record  # local: fast --help
    from ..tcpip.generate import distribution_json  # local: fast --help

    record = load_record(args.record)
    items = [distribution_json(record, d) for d in record.distributions]
    gateway = next((i for i, d in enumerate(record.distributions) if d.role == "zowe-gateway"), None)
    index = choose(items, args.dvipa, args.port, gateway)
    return from_record(record, record.distributions[index])


def _from_profiles(args: argparse.Namespace):
    """Parse profiles with the lint module and model one of their hot-standby distributions."""
    from ..tcpip.failover import from_lint  # local: fast --help

    items = profile_distributions(args.profile)
    items = [i for i in items if str(i.get("method", "HOTSTANDBY")).upper() == "HOTSTANDBY"]
    if not items:
        raise _usage("the profiles define no VIPADISTRIBUTE ... DISTMETHOD HOTSTANDBY", "--profile")
    index = choose(items, args.dvipa, args.port, None)
    return from_lint(items[index])


def profile_distributions(paths: list[str]) -> list[dict[str, Any]]:
    """The effective distributions (contract section 7 shape) that lint finds in the profiles.

    Lint findings are not repeated here (``zowe-ha lint`` prints them); the
    model uses only the statements z/OS would accept.
    """
    from ..tcpip.lint import lint  # local: fast --help
    from ..tcpip.parse import parse_files  # local: fast --help

    return list(lint(parse_files(paths)).distributions)


def run(args: argparse.Namespace) -> int:
    from ..tcpip.failover import run as simulate  # local: fast --help

    if args.svg is not None and not args.svg.strip():
        raise _usage("empty file name; give the SVG file to write", "--svg")
    if bool(args.record) == bool(args.profile):
        raise _usage("give either a change record REC or --profile PROFILE..., not both or neither")
    model = _from_record(args) if args.record else _from_profiles(args)
    try:
        result = simulate(model, args.event)
    except ValueError as exc:
        raise _usage(str(exc), "--event") from None
    if args.svg:
        from ..runbook.pictures import timeline_svg  # local: fast --help
        from ..util.fsutil import atomic_write  # local: fast --help

        try:
            atomic_write(args.svg, timeline_svg(result["timeline"], result["distribution"]["targets"]))
        except OSError as exc:
            raise _usage(f"cannot write {args.svg}: {exc.strerror or exc}", "--svg") from None
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    d = result["distribution"]
    switches = ("AUTOSWITCHBACK" if d["autoswitchback"] else "NOAUTOSWITCHBACK") + ", " + (
        "HEALTHSWITCH" if d["healthswitch"] else "NOHEALTHSWITCH")
    print(f"{_describe(d)} ({switches})")
    described = []
    for t in d["targets"]:
        if t["role"] == "preferred":
            role = "preferred"
        else:
            role = "backup (no rank coded)" if t["rank"] is None else f"backup rank {t['rank']}"
        described.append(f"{t['system'] + ' ' if t['system'] else ''}{t['destip']} {role}")
    print("targets: " + "; ".join(described))
    width = max(len("event"), *(len(e["event"]) for e in result["timeline"]))
    act = max(len("active"), *(len(str(e["active"] or "none")) for e in result["timeline"]))
    print(f"{'event':<{width}}  {'active':<{act}}  why")
    for e in result["timeline"]:
        print(f"{e['event']:<{width}}  {e['active'] or 'none':<{act}}  {e['reason']}")
    return 0
