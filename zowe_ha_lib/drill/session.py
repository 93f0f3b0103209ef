"""One drill from credentials to the written record: the part the command line and the notebook share.

:func:`prepare` checks the set-up (the z/OSMF URL, the CA bundle, the probe
address, that the console does not go through the DVIPA under test) and
returns a :class:`Session`; :meth:`Session.preflight` issues only displays;
:meth:`Session.run` runs the steps and the restore and writes
``REC/drills/<UTC time>-<scenario>/``. Set-up problems raise
:class:`~zowe_ha_lib.util.errors.InputError` (exit 2, nothing issued).

The password lives only in the :class:`~zowe_ha_lib.collect.credentials.Credentials`
object: replies are scrubbed as they arrive, and the record goes through the
report's scrubber (told the password and its basic-auth token, however the
password was given) and its read-back check before it is written.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..collect import endpoint
from ..collect.client import Endpoint, ZosmfClient, tls_context
from ..collect.credentials import Credentials
from ..record.load import display_name
from ..record.tree import refuse_links
from ..report.scrub import Scrubber
from ..util.errors import InputError, Problem
from . import store
from .execute import Console, Drill, DrillResult, Timing, deferred_signals
from .picture import reachability_svg
from .plan import Plan
from .probe import MAX_INTERVAL, Probe, check_health_url, parse_target


@dataclass
class Options:
    """Everything a drill needs besides the plan and the credentials (command-line options, notebook arguments)."""

    url: str
    ca_bundle: str | None = None
    insecure: bool = False
    timeout: float = 30.0
    retries: int = 3
    console: str = "defcn"
    probe: str | None = None  # HOST:PORT; default the DVIPA and the plan's port
    probe_interval: float = MAX_INTERVAL
    health_url: str | None = None
    timing: Timing = field(default_factory=Timing)


def _problem(option: str, message: str) -> InputError:
    return InputError(Problem(option, None, "", message))


def via_dvipa(where: Endpoint, plan: Plan) -> bool:
    """Whether the z/OSMF address is the DVIPA under test or one of its host names."""
    host = where.host.lower()
    names = {plan.distribution.dvipa.lower()}
    names |= {d.hostname.lower() for d in plan.record.distributions if d.dvipa == plan.distribution.dvipa and d.hostname}
    return host in names


@dataclass
class Session:
    plan: Plan
    drill: Drill
    client: ZosmfClient
    scrubber: Scrubber
    folder: Path | None = None

    def preflight(self) -> None:
        self.drill.preflight()

    def run(self) -> tuple[DrillResult, Path]:
        result = self.drill.run()
        with deferred_signals():
            self.folder = write_record(self.drill, self.scrubber)
        return result, self.folder

    def record_json(self) -> dict[str, Any]:
        return self.drill.document()


def prepare(plan: Plan, credentials: Credentials, options: Options, say: Callable[[str], None] | None = None) -> Session:
    """Check the set-up and build the drill; InputError (nothing issued) when something is wrong."""
    # The drill writes REC/drills/ at the end: refuse a linked folder now, before any command is issued.
    refuse_links(plan.record.folder, display_name(plan.record.folder), ["drills"])
    where = endpoint(options.url)
    if via_dvipa(where, plan):
        raise _problem("--zosmf", f"{where.display} goes through DVIPA {plan.distribution.dvipa}, which the drill moves or "
                                  "whose servers it stops: the drill would cut its own console; give a system's own z/OSMF address")
    if options.ca_bundle and not Path(options.ca_bundle).is_file():
        raise _problem(str(options.ca_bundle), "no such CA bundle file (--ca-bundle)")
    try:
        context = tls_context(options.ca_bundle or None, options.insecure)
    except (OSError, ValueError, ssl.SSLError) as exc:
        raise _problem(str(options.ca_bundle), f"cannot load CA bundle: {exc}") from None
    try:
        host, port = parse_target(options.probe) if options.probe else (plan.distribution.dvipa, plan.port)
    except ValueError as exc:
        raise _problem("--probe", str(exc)) from None
    if not 0 < options.probe_interval <= MAX_INTERVAL:
        raise _problem("--probe-interval", f"expected more than 0 and at most {MAX_INTERVAL:g} s (five probes a second)")
    health = None
    if options.health_url:
        try:
            health = check_health_url(options.health_url)
        except ValueError as exc:
            raise _problem("--health-url", str(exc)) from None
    client = ZosmfClient(where, credentials, context=context, timeout=options.timeout, retries=options.retries)
    console = Console(client, options.console, options.timing)
    probe = Probe(host, port, options.probe_interval, health, context)
    drill = Drill(plan, console, probe, options.timing, say)
    return Session(plan, drill, client, scrubber_for(plan, credentials))


def scrubber_for(plan: Plan, credentials: Credentials, environ: dict[str, str] | None = None) -> Scrubber:
    """The report's scrubber for this record, told the z/OSMF password and its basic-auth token too."""
    base = Scrubber.for_run(plan.record.folder, environ=os.environ if environ is None else environ)
    token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
    secrets = dict(base.secrets)
    for value in (credentials.password, token, token.rstrip("=")):
        if value:
            secrets.setdefault(value, "z/OSMF password")
    return Scrubber(secrets, base.paths, base.words)


def outage_words(doc: dict[str, Any]) -> str:
    outage = doc["probe"]["tcp"]["outage"]
    if not outage["failed_samples"]:
        return "No probe failed: no outage was seen from this machine."
    end = "" if outage["ended"] else " and it had not ended when the probe stopped"
    return (f"Longest outage {outage['seconds']:.1f} s ({outage['failed_samples']} failed probes, from "
            f"{outage['from_s']:.1f} s){end}.")


def write_record(drill: Drill, scrubber: Scrubber) -> Path:
    """``REC/drills/<UTC time>-<scenario>/``: drill.json, displays/, probe.csv and reachability.svg."""
    doc = drill.document()
    files: dict[str, str] = {}
    listed = []
    for i, cap in enumerate(drill.result.captures, 1):
        rel = store.display_file(i, cap.label or "step", cap.system, cap.command)
        text = cap.text.replace("\r\n", "\n").replace("\r", "\n")
        files[rel] = f"# zowe-ha drill: {cap.command} on {cap.system} at {cap.time} (step {cap.label})\n{text.rstrip()}\n"
        listed.append(cap.to_json(rel))
    doc["displays"] = listed
    samples = [{"t": s.t, "kind": s.kind, "ok": s.ok} for s in drill.probe.snapshot()]
    marks = [{"t": m.t, "label": m.label} for m in drill.probe.marks]
    title = f"{doc['change']} drill {doc['scenario']}: {doc['verdict'].upper()}"
    files[store.PICTURE] = reachability_svg(samples, marks, title, outage_words(doc))
    files[store.PROBE_CSV] = drill.probe.csv()
    files[store.RECORD] = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    name = store.folder_name(drill.plan.scenario, drill.result.started or None)
    return store.write(drill.plan.record.folder, name, files, scrubber)

