"""zowe-ha collect: gather the evidence the checks need, live, through z/OSMF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..util.errors import UsageError
from ..util.text import safe_terminal as safe
from . import options

NAME = "collect"
HELP = "gather evidence live through the z/OSMF REST console and files APIs"
DESCRIPTION = """\
Issue every display the requirement checks read (D XCF,CF, D XCF,S,ALL,
D ETR, D GRS, RVARY LIST, D SMS,SMSVSAM, D OMVS, $D MASDEF, the TCP/IP
NETSTAT and SYSPLEX displays, ...) to each system of the change record
through the z/OSMF console API, and file the answers in
REC/evidence/<SYSNAME>/collected-*.txt, where 'zowe-ha check' and 'run'
read them. Optionally fetch the zowe.yaml (z/OS UNIX path) and TCP/IP
profile or IZUPRMxx members through the z/OSMF files API.

Credentials: the user from --user, ZOWE_HA_ZOSMF_USER or a Zowe CLI team
configuration (zowe.config.json, zosmf profile); the password from
ZOWE_HA_ZOSMF_PASSWORD, a plain-text password in that team configuration,
or a prompt on a terminal. There is no password option: command lines are
visible to other users. The Zowe CLI secure credential store is not read.
The password is never written to evidence, reports or messages: a server
that echoes it (URL- or HTML-encoded, in base64, cut off) has it replaced by
<redacted>, and every file is read back before it is moved into place.

TLS certificates are verified (system trust store plus --ca-bundle).
Everything is written at the end through a staging folder; a collection
with gaps keeps what arrived and lists what is missing, and why, in
REC/collected/collect-report.json. TCP/IP profile data sets go to
REC/collected/profiles/<SYSNAME>/ (ready for 'zowe-ha lint'); IZUPRMxx
members to the evidence folder. Node.js levels (node --version) cannot be
asked through the console API: capture them by hand."""
EXAMPLES = """\
example:
  export ZOWE_HA_ZOSMF_PASSWORD   # or be prompted on a terminal
  zowe-ha collect runbooks/CHG0001 --zosmf https://zosmf.plex1.example.com:443 \\
      --user IBMUSER --ca-bundle plex1-ca.pem \\
      --zowe-yaml-path /global/zowe/zowe.yaml --profile-dsn SYSA:SYS1.TCPPARMS(PROFA)

exit codes: 0 everything collected, 1 partial or failed (some or all answers
missing, e.g. z/OSMF refused or dropped connections or timed out after the
retries: a state of the server, which collect-report.json records), 2 bad
usage, wrong password (401), not authorised (403 for every service),
untrusted certificate, unknown host, a record folder this user may not
write in or with symbolic links where the answers go, another command
writing the record (set-up problems, found before the first request where
they can be: nothing written)"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("record", metavar="REC", type=options.record, help=options.RECORD_HELP)
    p.add_argument("--zosmf", metavar="URL", type=options.zosmf_url,
                   help="z/OSMF address, https://HOST:PORT (default: the team configuration's zosmf profile)")
    p.add_argument("--user", help="z/OSMF user (default: ZOWE_HA_ZOSMF_USER, then the team configuration)")
    p.add_argument("--ca-bundle", metavar="FILE", type=options.file_path("the PEM file of CA certificates"),
                   help="PEM file of CA certificates to trust in addition to the system's")
    p.add_argument("--insecure", action="store_true", help="do not verify the server certificate (test systems only; prints a warning)")
    p.add_argument("--timeout", type=options.seconds_between(0, 3600, low_included=False), default=30.0, metavar="S",
                   help="seconds to wait for each reply (default 30, at most 3600)")
    p.add_argument("--retries", type=options.int_between(0, 10), default=3, metavar="N",
                   help="retries after 5xx, time-outs and dropped connections, with exponential backoff (default 3, at most 10)")
    p.add_argument("--console", type=options.console_name, default="defcn", metavar="NAME",
                   help="EMCS console name for the console API (default defcn: z/OSMF derives it from the user)")
    p.add_argument("--poll-interval", type=options.seconds_between(0, 60), default=1.0, metavar="S",
                   help="seconds between follow-up reads of a command's response (default 1, at most 60)")
    p.add_argument("--follow-ups", type=options.int_between(0, 20), default=3, metavar="N",
                   help="follow-up reads of each command's response (default 3, at most 20)")
    p.add_argument("--zowe-yaml-path", metavar="PATH", type=options.uss_path,
                   help="z/OS UNIX path of the live zowe.yaml to fetch into the record")
    p.add_argument("--replace-zowe-yaml", action="store_true", help="replace the record's zowe.yaml when the live one differs")
    p.add_argument("--profile-dsn", action="append", default=[], metavar="SYS:DSN(MEMBER)", help="TCP/IP profile data set to fetch for a system (repeatable)")
    p.add_argument("--izuprm", action="append", default=[], metavar="SYS:DSN(MEMBER)", help="z/OSMF IZUPRMxx member to fetch for a system (repeatable)")
    p.add_argument("--zowe-config", metavar="FILE", type=options.file_path("the Zowe team configuration file"),
                   help="Zowe CLI team configuration file (default: zowe.config.json found as the Zowe CLI would)")
    p.add_argument("--zowe-profile", metavar="NAME", help="zosmf profile in the team configuration (default: its default zosmf profile)")


def run(args: argparse.Namespace) -> int:

    from ..collect import REPORT, Settings, collect, endpoint  # local: fast --help
    from ..collect.commands import parse_system_dsn  # local: fast --help
    from ..collect.credentials import resolve, team_profile  # local: fast --help
    from ..record.load import load_record  # local: fast --help

    record = load_record(args.record)
    systems = record.sysplex.system_names
    problems: list[tuple[str | None, str]] = []
    profiles, izuprm = [], []
    for option, values, into in (("--profile-dsn", args.profile_dsn, profiles), ("--izuprm", args.izuprm, izuprm)):
        for value in values:
            try:
                into.append(parse_system_dsn(value, systems))
            except ValueError as exc:
                problems.append((option, str(exc)))
    if problems:
        raise UsageError.several(problems)
    profile = team_profile(args.zowe_config, args.zowe_profile, url_given=bool(args.zosmf))
    url = args.zosmf or (profile.url if profile else None)
    if not url:
        raise UsageError("--zosmf", "no z/OSMF address: give --zosmf https://HOST:PORT or a team configuration with a zosmf profile")
    where = endpoint(url)
    if profile and not profile.reject_unauthorized and not args.insecure:
        print(f"zowe-ha collect: note: profile {safe(profile.name)} sets rejectUnauthorized false; certificates are still verified "
              "unless you give --insecure", file=sys.stderr)
    if args.insecure:
        print(f"zowe-ha collect: WARNING: --insecure: the certificate of {where.display} is not verified; "
              "anyone on the network path could read the password", file=sys.stderr)
    credentials = resolve(args.user, profile, target=where.display)
    settings = Settings(console=args.console, follow_ups=args.follow_ups, poll_interval=args.poll_interval,
                        replace_zowe_yaml=args.replace_zowe_yaml)

    def progress(line: str) -> None:
        print(f"  {safe(line)}", file=sys.stderr, flush=True)  # z/OSMF's words: one line each

    print(f"zowe-ha collect: {record.id}: {len(systems)} system(s) via {where.display} as {safe(credentials.user)}", file=sys.stderr)
    result = collect(record, url, credentials, ca_bundle=args.ca_bundle, insecure=args.insecure, timeout=args.timeout,
                     retries=args.retries, settings=settings, profiles=profiles, izuprm=izuprm,
                     zowe_yaml_path=args.zowe_yaml_path, progress=progress)
    del credentials
    if result.fatal:  # a set-up problem (password, certificate, host): exit 2 like bad usage
        raise UsageError(None, f"{result.fatal}; nothing written")
    report = record.folder / REPORT
    shown = report.relative_to(Path.cwd()) if report.is_relative_to(Path.cwd()) else report
    for miss in result.missing:
        print(f"missing: {miss['system'] or '-'}: {safe(miss['what'])}: {safe(miss['reason'])}", file=sys.stderr)
    for gone in result.removed:
        print(f"removed stale {safe(gone)} (an earlier collection's answer to an item that failed now)", file=sys.stderr)
    for note in result.notes:
        print(f"note: {safe(note)}", file=sys.stderr)
    print(f"{result.status}: {len(result.collected)} collected, {len(result.missing)} missing; report {shown}")
    return 0 if result.status == "complete" else 1
