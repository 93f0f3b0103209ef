"""zowe-ha drill: a failover drill, planned (default) or run through z/OSMF (--execute)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..util.errors import UsageError
from . import options

NAME = "drill"
HELP = "plan a failover drill, or run it on the sysplex through z/OSMF (--execute), always restoring"
DESCRIPTION = """\
Prove on the sysplex what 'zowe-ha failover' models. Without --execute,
print the plan and change nothing: every step with the system it runs on,
the operator command, the displays that must follow and what they must
show (from the failover model), and the restore commands.

Scenarios:
  distributor-takeover  VARY TCPIP,,SYSPLEX,DEACTIVATE,DVIPA= on the owner's
                        stack: the highest-ranked VIPABACKUP stack must take
                        the DVIPA over; REACTIVATE gives it back
  target-switch         the preferred target's server stops (Zowe launcher
                        F <job>,APPL=STOP(gateway), or apiml): the
                        highest-ranked backup target must get new
                        connections; then it starts again
  backup-target-fails   the preferred server stops and starts again, then
                        the first backup's server stops (under
                        NOAUTOSWITCHBACK the switch back happens only then);
                        also as backup-target-fails-noautoswitchback

With --execute the plan runs through the z/OSMF console API (credentials as
for 'zowe-ha collect': --user or ZOWE_HA_ZOSMF_USER, the password from
ZOWE_HA_ZOSMF_PASSWORD, a team configuration or a prompt). First a
pre-flight issues only displays: every system must answer, the displays
must parse and the sysplex must be in the model's start state, else exit 2
with nothing issued. On a terminal you then confirm by typing the sysplex
name (--yes skips that, for automation). A probe connects to --probe
(default the DVIPA and its port) at least five times a second from this
machine, optionally with an HTTPS GET of --health-url. The restore steps
always run, also after an error, Ctrl-C or SIGTERM, and displays must prove
them. The record goes to REC/drills/<UTC time>-<scenario>/ (drill.json, the
captured displays, probe.csv, reachability.svg); 'zowe-ha run' puts the
latest one into the signed report."""
EXAMPLES = """\
examples:
  zowe-ha drill runbooks/CHG0001 --scenario distributor-takeover
  zowe-ha drill runbooks/CHG0001 --scenario target-switch --json
  export ZOWE_HA_ZOSMF_PASSWORD   # or be prompted on a terminal
  zowe-ha drill runbooks/CHG0001 --scenario target-switch --execute \\
      --zosmf https://sysb.plex1.example.com:443 --user IBMUSER --ca-bundle plex1-ca.pem

exit codes: 0 the plan was printed, or the drill passed and everything was
restored; 1 the drill ran and failed, or a restore step failed (the
commands to restore by hand are printed); 2 bad usage, bad input or a
set-up problem (pre-flight failed, not confirmed): nothing was issued"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--scenario", required=True, metavar="NAME",
                   help="distributor-takeover, target-switch or backup-target-fails")
    p.add_argument("--dvipa", metavar="IP", type=options.ip_address, help="the distribution's DVIPA (default: the Zowe gateway's)")
    p.add_argument("--port", metavar="N", type=options.port, help="the distribution's port (default: its first)")
    p.add_argument("--stop-command", metavar="CMD", help="how to stop the server on a target (default: from the distribution's role)")
    p.add_argument("--start-command", metavar="CMD", help="how to start it again (with --stop-command)")
    p.add_argument("--json", action="store_true", help="print the plan (or, with --execute, the drill record) as JSON")
    p.add_argument("--execute", action="store_true", help="run the drill on the sysplex through z/OSMF")
    p.add_argument("--yes", action="store_true", help="with --execute: do not ask for confirmation (automation)")
    p.add_argument("--zosmf", metavar="URL", type=options.zosmf_url,
                   help="z/OSMF address, https://HOST:PORT, not through the DVIPA under test (default: the team configuration's)")
    p.add_argument("--user", help="z/OSMF user (default: ZOWE_HA_ZOSMF_USER, then the team configuration)")
    p.add_argument("--ca-bundle", metavar="FILE", type=options.file_path("the PEM file of CA certificates"),
                   help="PEM file of CA certificates to trust in addition to the system's")
    p.add_argument("--insecure", action="store_true", help="do not verify certificates (test systems only)")
    p.add_argument("--zowe-config", metavar="FILE", type=options.file_path("the Zowe team configuration file"),
                   help="Zowe CLI team configuration file (default: found as the Zowe CLI would)")
    p.add_argument("--zowe-profile", metavar="NAME", help="zosmf profile in the team configuration")
    p.add_argument("--console", type=options.console_name, default="defcn", metavar="NAME", help="EMCS console name (default defcn)")
    p.add_argument("--timeout", type=options.seconds_between(0, 3600, low_included=False), default=30.0, metavar="S",
                   help="seconds to wait for each z/OSMF reply (default 30)")
    p.add_argument("--retries", type=options.int_between(0, 10), default=3, metavar="N",
                   help="retries after 5xx, time-outs and dropped connections (default 3)")
    p.add_argument("--probe", metavar="HOST:PORT", help="where the probe connects (default: the DVIPA and the distribution's port)")
    p.add_argument("--probe-interval", type=options.seconds_between(0, 0.2, low_included=False), default=0.2, metavar="S",
                   help="seconds between probes, at most 0.2 (default 0.2: five a second)")
    p.add_argument("--health-url", metavar="URL", help="also GET this https:// URL at each probe (2xx/3xx = up)")
    p.add_argument("--settle", type=options.seconds_between(0, 3600, low_included=False), default=120.0, metavar="S",
                   help="seconds the displays may take to show the expected state after a command (default 120)")
    p.add_argument("--poll", type=options.seconds_between(0, 600, low_included=False), default=3.0, metavar="S",
                   help="seconds between display rounds while waiting (default 3)")
    p.add_argument("--pause", type=options.seconds_between(0, 3600), default=5.0, metavar="S",
                   help="seconds to watch each new state (and the probe) before the next step (default 5)")
    p.add_argument("--recover", type=options.seconds_between(0, 3600, low_included=False), default=60.0, metavar="S",
                   help="seconds the probe may take to reach the DVIPA again after the restore (default 60)")
    p.add_argument("--follow-ups", type=options.int_between(0, 20), default=3, metavar="N",
                   help="follow-up reads of each command's response (default 3)")
    p.add_argument("--poll-interval", type=options.seconds_between(0, 60), default=1.0, metavar="S",
                   help="seconds between follow-up reads (default 1)")


def _say(line: str) -> None:
    print(f"  {line}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from ..drill import plan as planning  # local: fast --help
    from ..record.load import load_record  # local: fast --help
    from ..tcpip.choose import ChoiceError  # local: fast --help

    if planning.ALIASES.get(args.scenario, args.scenario) not in planning.SCENARIOS:
        raise UsageError("--scenario", f"no scenario {args.scenario!r}; choose one of {', '.join(planning.scenario_names())}")
    record = load_record(args.record)
    try:
        plan = planning.build(record, args.scenario, dvipa=args.dvipa, port=args.port,
                              stop_command=args.stop_command, start_command=args.start_command)
    except planning.PlanError as exc:
        raise UsageError(None, str(exc)) from None
    except ChoiceError as exc:
        raise UsageError("--dvipa/--port", str(exc)) from None
    if not args.execute:
        for option in ("yes", "zosmf", "user", "probe", "health_url"):
            if getattr(args, option):
                raise UsageError(f"--{option.replace('_', '-')}", "only with --execute (without it the plan is printed and nothing is issued)")
        print(json.dumps(plan.to_json(), indent=2) if args.json else plan.text(), end="" if not args.json else "\n")
        return 0
    return _execute(args, plan)


def _execute(args: argparse.Namespace, plan: Any) -> int:
    from ..collect.credentials import resolve, team_profile  # local: fast --help
    from ..drill import store  # local: fast --help
    from ..drill.execute import PreflightError, Timing  # local: fast --help
    from ..drill.session import Options, prepare  # local: fast --help

    profile = team_profile(args.zowe_config, args.zowe_profile, url_given=bool(args.zosmf))
    url = args.zosmf or (profile.url if profile else None)
    if not url:
        raise UsageError("--zosmf", "no z/OSMF address: give --zosmf https://HOST:PORT or a team configuration with a zosmf profile")
    if not args.yes and not _tty():
        raise UsageError("--yes", "not on a terminal, so the drill cannot be confirmed: give --yes to run it without asking")
    if args.insecure:
        print("zowe-ha drill: WARNING: --insecure: certificates are not verified", file=sys.stderr)
    credentials = resolve(args.user, profile, target=url)
    timing = Timing(settle=args.settle, poll=args.poll, recover=args.recover, pause=args.pause,
                    follow_ups=args.follow_ups, poll_interval=args.poll_interval)
    opts = Options(url, str(args.ca_bundle) if args.ca_bundle else None, args.insecure, args.timeout, args.retries,
                   args.console, args.probe, args.probe_interval, args.health_url, timing)
    session = prepare(plan, credentials, opts, _say)
    del credentials
    print(f"zowe-ha drill: {plan.record.id}: '{plan.scenario}' on sysplex {plan.sysplex} via {url}; pre-flight (displays only)",
          file=sys.stderr, flush=True)
    try:
        session.preflight()
    except PreflightError as exc:
        raise UsageError(None, str(exc)) from None
    if not args.yes and not _confirm(plan):
        session.drill.probe.stop()
        raise UsageError(None, "not confirmed; nothing was issued")
    result, folder = session.run()
    doc = store.load(folder)  # what was written: scrubbed and read back
    shown = folder.relative_to(plan.record.folder) if folder.is_relative_to(plan.record.folder) else folder
    if result.manual:
        print("zowe-ha drill: THE RESTORE WAS NOT PROVEN. Restore by hand, in this order:", file=sys.stderr)
        for line in result.manual:
            print(f"  {line}", file=sys.stderr)
    for reason in result.reasons:
        print(f"zowe-ha drill: {reason}", file=sys.stderr)
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        print(f"{result.verdict}: {plan.scenario} on {plan.sysplex}; outage {doc['outage_s']:.1f} s; restore "
              f"{'proven' if result.restore_proven else 'NOT proven'}; record {plan.record.id}/{shown}")
    return 0 if result.verdict == "pass" else 1


def _tty() -> bool:
    try:
        return bool(sys.stdin and sys.stdin.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _confirm(plan: Any) -> bool:
    """Ask on the terminal, naming the sysplex and every command; the answer is the sysplex name."""
    print(f"\nThis drill issues these commands on sysplex {plan.sysplex}:", file=sys.stderr)
    for step in plan.steps:
        print(f"  step {step.label} on {step.command.system}: {step.command.text}", file=sys.stderr)
    for step in plan.restore:
        print(f"  restore {step.label} on {step.command.system}: {step.command.text}", file=sys.stderr)
    try:
        answer = input(f"Type the sysplex name ({plan.sysplex}) to run the drill, anything else to stop: ")
    except EOFError:
        return False
    return answer.strip().upper() == plan.sysplex.upper()
