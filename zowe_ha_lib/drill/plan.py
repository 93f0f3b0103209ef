"""Drill plans: the commands of a failover drill, where they run, and what the displays must show.

A scenario is a short list of operator actions on one hot-standby
distribution of a change record. Each action names the failover model's
event it causes (``SYSA:deactivate``, ``SYSA:server-down``), so what the
displays must show after it is the model's answer (:mod:`zowe_ha_lib.tcpip.failover`),
never a second set of rules written here. Each action also carries the
command that undoes it; the restore is "undo, newest first, every change
still outstanding", so a drill stopped after any step knows exactly what to
put back, and a person restoring by hand gets the same list.

Commands and their sources (IBM and Zowe documentation, as named):

* the distributor: ``VARY TCPIP,proc,SYSPLEX,DEACTIVATE,DVIPA=`` makes the
  owner's stack give the DVIPA up so that a VIPABACKUP stack takes it over;
  ``REACTIVATE`` gives it back (IBM, "Manually initiating takeover for an
  individual dynamic VIPA"; CONFIRMED);
* the Zowe gateway: the launcher's ``F <zowe-job>,APPL=STOP(<component>)`` and
  ``APPL=START(<component>)`` (Zowe, "Starting and stopping Zowe"; CONFIRMED),
  with the component ``gateway``, or ``apiml`` where the instance runs
  single-service API ML; how long the gateway takes to stop listening and to
  listen again is UNSURE, hence the drill's settle time;
* z/OSMF: ``P``/``S`` of the IZUPRMxx ``SERVER_PROC`` (default IZUSVR1);
* any other server: the commands given with ``--stop-command`` and
  ``--start-command`` (the kit cannot know them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..evidence.reader import read_evidence
from ..record.model import ChangeRecord, Distribution
from ..record.zowe_yaml import load_zowe_yaml
from ..requirements.releases import single_service_known
from ..tcpip import failover
from ..tcpip.choose import ChoiceError, from_record_choice

DEFAULT_ZOWE_JOB = "ZWE1SV"
DEFAULT_ZOSMF_PROC = "IZUSVR1"
SOURCE_VARY = ("IBM z/OS Communications Server, 'Manually initiating takeover for an individual dynamic VIPA' "
               "and the VARY TCPIP,,SYSPLEX command (CONFIRMED)")
SOURCE_LAUNCHER = ("Zowe docs, 'Starting and stopping Zowe': F <zowe-job>,APPL=STOP(<component>) / APPL=START "
                   "(CONFIRMED); the time the gateway takes to stop and start listening is UNSURE")
SOURCE_ZOSMF = "IBM z/OSMF: the server's started procedure is IZUPRMxx SERVER_PROC (default IZUSVR1); P and S stop and start it"
SOURCE_GIVEN = "given with --stop-command/--start-command"


class PlanError(ValueError):
    """The scenario cannot be drilled on this record (one line saying why and what to do)."""


@dataclass(frozen=True)
class Command:
    """One operator command on one system and the failover model event it causes."""

    system: str
    text: str
    event: str
    what: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"system": self.system, "command": self.text, "event": self.event, "what": self.what, "source": self.source}


@dataclass(frozen=True)
class Check:
    """A display to capture after a step, and what it must show.

    ``system`` None means "on the stack that distributes at that moment".
    """

    key: str  # "sysplex-vipadyn", "vdpt" or "vcrt"
    system: str | None
    command: str
    must_show: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "system": self.system, "command": self.command, "must_show": self.must_show}


@dataclass
class Step:
    """An action of the drill (or of its restore) with what the model says must follow it."""

    label: str  # "1", "2", ... for actions; "R1", "R2", ... for restore steps
    title: str
    command: Command
    expect_distributor: str | None
    expect_active: str | None
    reason: str
    checks: list[Check] = field(default_factory=list)
    undo: Command | None = None
    undoes: str | None = None  # label of the earlier step whose change this one reverts
    restore: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.label, "title": self.title, "restore": self.restore, **self.command.to_json(),
            "expect": {"distributor": self.expect_distributor, "active": self.expect_active, "why": self.reason},
            "displays": [c.to_json() for c in self.checks],
            "undo": self.undo.to_json() if self.undo else None, "undoes": self.undoes,
        }


@dataclass(frozen=True)
class _Action:
    title: str
    command: Command
    undo: Command | None
    undoes: int | None = None  # index of the earlier action this one reverts


@dataclass
class Plan:
    """A scenario on one distribution of a record: steps, the restore, and the model behind them."""

    record: ChangeRecord
    scenario: str
    title: str
    summary: str
    distribution: Distribution
    model: failover.HotStandby
    port: int
    start_distributor: str | None
    start_active: str | None
    steps: list[Step]
    notes: list[str] = field(default_factory=list)
    observer: str = ""

    @property
    def sysplex(self) -> str:
        return self.record.sysplex.name

    @property
    def systems(self) -> tuple[str, ...]:
        return self.record.sysplex.system_names

    @property
    def restore(self) -> list[Step]:
        """The restore after a complete run (what the printed plan shows)."""
        return self.restore_after([s.label for s in self.steps])

    def step(self, label: str) -> Step:
        return next(s for s in self.steps if s.label == label)

    def outstanding(self, issued: list[str]) -> list[Step]:
        """Steps whose change is still in place after ``issued`` (attempted counts: a lost reply may have worked)."""
        open_steps: list[Step] = []
        for label in issued:
            step = self.step(label)
            if step.undoes is not None:
                open_steps = [s for s in open_steps if s.label != step.undoes]
            elif step.undo is not None:
                open_steps.append(step)
        return open_steps

    def restore_after(self, issued: list[str]) -> list[Step]:
        """Restore steps for what ``issued`` left changed, newest change first, with what must follow each."""
        undo = [s.undo for s in reversed(self.outstanding(issued)) if s.undo is not None]
        events = [self.step(label).command.event for label in issued]
        timeline = failover.run(self.model, events + [u.event for u in undo])["timeline"]
        out = []
        for i, command in enumerate(undo):
            entry = timeline[len(events) + i + 1]
            step = Step(f"R{i + 1}", f"restore: {command.what}", command, entry["distributor"], entry["active"],
                        entry["reason"], restore=True)
            step.checks = self.checks(step.expect_distributor, step.expect_active, entry["states"])
            out.append(step)
        return out

    def state_after(self, labels: list[str]) -> tuple[str | None, str | None]:
        """(distributor, active) the model gives after the steps ``labels`` and, for ``R...`` labels, the restore."""
        issued = [label for label in labels if not label.startswith("R")]
        events = [self.step(label).command.event for label in issued]
        events += [s.command.event for s in self.restore_after(issued)][: len([x for x in labels if x.startswith("R")])]
        last = failover.run(self.model, events)["timeline"][-1]
        return last["distributor"], last["active"]

    def restore_commands(self, issued: list[str]) -> list[Command]:
        return [s.command for s in self.restore_after(issued)]

    def checks(self, distributor: str | None, active: str | None, states: dict[str, str]) -> list[Check]:
        """The displays after a step and what each must show, for the model's state there."""
        observer = self.record.system(self.observer)
        dvipa, port = self.distribution.dvipa, self.port
        if distributor:
            shown = f"DVIPA {dvipa}: {distributor} ACTIVE with DIST or BOTH (the distributor)"
        else:
            shown = f"DVIPA {dvipa}: no stack ACTIVE with DIST or BOTH (the model says no stack distributes it)"
        out = [Check("sysplex-vipadyn", observer.name, f"D TCPIP,{observer.tcpip_proc},SYSPLEX,VIPADYN", shown)]
        if distributor:
            proc = self.record.system(distributor).tcpip_proc
            xcf = {t.name: t.destip for t in self.model.targets}
            parts = [f"Dest {dvipa}..{port}: Flg Active on DestXCF {xcf[active]} ({active})" if active
                     else f"Dest {dvipa}..{port}: no entry Flg Active (no target gets new connections)"]
            stopped = [n for n, s in states.items() if s in ("stopped", "down")]
            parts += [f"Rdy 000 on DestXCF {xcf[n]} ({n}: its server is stopped)" for n in stopped]
            ready = [n for n, s in states.items() if s not in ("stopped", "down")]
            if ready:
                parts.append("Rdy 001 or more on " + ", ".join(f"{xcf[n]} ({n})" for n in ready))
            out.append(Check("vdpt", None, f"D TCPIP,{proc},NETSTAT,VDPT", "; ".join(parts) + f" (issued on {distributor})"))
            out.append(Check("vcrt", None, f"D TCPIP,{proc},NETSTAT,VCRT",
                             f"information: the connections {distributor} routes, with the target each goes to"))
        return out

    # ------------------------------------------------------------------ output

    def to_json(self) -> dict[str, Any]:
        d = self.distribution
        return {
            "change": self.record.id,
            "sysplex": self.sysplex,
            "scenario": self.scenario,
            "title": self.title,
            "summary": self.summary,
            "distribution": {"name": d.name, "role": d.role, "dvipa": d.dvipa, "port": self.port, "ports": list(d.ports),
                             "autoswitchback": d.autoswitchback, "healthswitch": d.healthswitch,
                             "distributor": d.distributor, "distributor_backups": list(d.distributor_backups),
                             "preferred": d.preferred, "backups": list(d.backups)},
            "start": {"distributor": self.start_distributor, "active": self.start_active},
            "steps": [s.to_json() for s in self.steps],
            "restore": [s.to_json() for s in self.restore],
            "notes": list(self.notes),
        }

    def text(self) -> str:
        """The plan as a system programmer reads it before the change window."""
        d = self.distribution
        lines = [
            f"Failover drill '{self.scenario}' for {self.record.id} on sysplex {self.sysplex}",
            f"  {self.title}",
            f"  distribution {d.name}: DVIPA {d.dvipa} port {self.port}, preferred {d.preferred}, backups "
            f"{', '.join(d.backups)}; {'AUTOSWITCHBACK' if d.autoswitchback else 'NOAUTOSWITCHBACK'}",
            f"  distributor stacks: {d.distributor} (VIPADEFINE)"
            + "".join(f", {b} (VIPABACKUP)" for b in d.distributor_backups),
            "",
            f"Before: every system answers, the displays parse, and the sysplex is in the model's start state: "
            f"{self.start_distributor or 'no stack'} distributes, {self.start_active or 'no target'} gets new connections.",
            "  " + "; ".join(f"{c.command} on {c.system or self.start_distributor}" for c in
                             self.checks(self.start_distributor, self.start_active, {})),
        ]
        for step in self.steps:
            lines += ["", *self._step_lines(step)]
        lines += ["", "Restore (always runs, also after an error, Ctrl-C or SIGTERM; undoes what is still changed, newest first):"]
        for step in self.restore:
            lines += self._step_lines(step)
        if self.notes:
            lines += ["", "Notes:"] + [f"  - {n}" for n in self.notes]
        return "\n".join(lines) + "\n"

    def _step_lines(self, step: Step) -> list[str]:
        c = step.command
        out = [f"Step {step.label}: {step.title}",
               f"  on {c.system}:  {c.text}",
               f"  model event {c.event}: {step.expect_distributor or 'no stack'} distributes, "
               f"{step.expect_active or 'no target'} gets new connections ({step.reason})",
               f"  source: {c.source}"]
        for check in step.checks:
            where = check.system or step.expect_distributor
            out.append(f"  display on {where}:  {check.command}")
            out.append(f"    must show: {check.must_show}")
        if step.undo is not None and not step.restore:
            out.append(f"  undone by:  {step.undo.text}  (on {step.undo.system})")
        return out


# ---------------------------------------------------------------------- commands


def vary(record: ChangeRecord, dist: Distribution, system: str, verb: str) -> Command:
    """``VARY TCPIP,proc,SYSPLEX,DEACTIVATE|REACTIVATE,DVIPA=`` on ``system``."""
    proc = record.system(system).tcpip_proc
    event = "deactivate" if verb == "DEACTIVATE" else "reactivate"
    what = (f"{system}'s stack gives DVIPA {dist.dvipa} up" if verb == "DEACTIVATE"
            else f"{system}'s stack takes DVIPA {dist.dvipa} back")
    return Command(system, f"VARY TCPIP,{proc},SYSPLEX,{verb},DVIPA={dist.dvipa}", f"{system}:{event}", what, SOURCE_VARY)


@dataclass(frozen=True)
class ServerCommands:
    stop: str
    start: str
    source: str
    server: str  # what is stopped, in words


def _zosmf_procs(record: ChangeRecord) -> dict[str, str]:
    """SERVER_PROC per system from the IZUPRMxx members in the record's evidence."""
    found: dict[str, str] = {}
    for member in read_evidence(record.evidence_dir, record.sysplex.system_names, record.folder).izuprm:
        value = member.get("SERVER_PROC")
        if member.system and value:
            found.setdefault(member.system.upper(), value.upper())
    return found


def server_commands(record: ChangeRecord, dist: Distribution, system: str, stop: str | None = None,
                    start: str | None = None) -> ServerCommands:
    """How the server on ``dist``'s port is stopped and started on ``system``; PlanError when the kit cannot tell."""
    if stop or start:
        if not (stop and start):
            raise PlanError("give both --stop-command and --start-command, or neither")
        return ServerCommands(stop, start, SOURCE_GIVEN, f"the server on port {dist.ports[0]}")
    if dist.role == "zowe-gateway":
        cfg = load_zowe_yaml(record)
        job, component, note = DEFAULT_ZOWE_JOB, "gateway", ""
        if cfg is None:
            note = f"; no zowe.yaml in the record, so the default job {DEFAULT_ZOWE_JOB} and component gateway"
        else:
            job = str(cfg.get("zowe", "job", "name") or DEFAULT_ZOWE_JOB).upper()
            inst = next((i for i in cfg.instances if i.sysname == system), None)
            if inst is not None and cfg.single_service(inst.id, single_service_known(record.zowe_release)):
                component = "apiml"
        return ServerCommands(f"F {job},APPL=STOP({component})", f"F {job},APPL=START({component})",
                              SOURCE_LAUNCHER + note, f"the Zowe {'API ML (single-service)' if component == 'apiml' else 'gateway'}")
    if dist.role == "zosmf":
        proc = _zosmf_procs(record).get(system, DEFAULT_ZOSMF_PROC)
        return ServerCommands(f"P {proc}", f"S {proc}", SOURCE_ZOSMF, f"z/OSMF ({proc})")
    raise PlanError(f"distribution {dist.name} is not the Zowe gateway or z/OSMF: the kit does not know how its server is "
                    "stopped; give --stop-command and --start-command")


def _server(record: ChangeRecord, dist: Distribution, system: str, commands: Callable[[str], ServerCommands]) -> tuple[Command, Command]:
    sc = commands(system)
    down = Command(system, sc.stop, f"{system}:server-down", f"stop {sc.server} on {system}", sc.source)
    up = Command(system, sc.start, f"{system}:server-up", f"start {sc.server} on {system}", sc.source)
    return down, up


# ---------------------------------------------------------------------- scenarios


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    summary: str
    build: Callable[[ChangeRecord, Distribution, Callable[[str], ServerCommands]], list[_Action]]


def _takeover(record: ChangeRecord, dist: Distribution, commands: Callable[[str], ServerCommands]) -> list[_Action]:
    if not dist.distributor_backups:
        raise PlanError(f"distribution {dist.name} has no VIPABACKUP stack (distributor_backups): no stack would take "
                        f"DVIPA {dist.dvipa} over, so the drill would only cut it")
    give = vary(record, dist, dist.distributor, "DEACTIVATE")
    back = vary(record, dist, dist.distributor, "REACTIVATE")
    return [_Action(f"{dist.distributor}'s stack gives the DVIPA up; {dist.distributor_backups[0]} must take it over", give, back)]


def _switch(record: ChangeRecord, dist: Distribution, commands: Callable[[str], ServerCommands]) -> list[_Action]:
    down, up = _server(record, dist, dist.preferred, commands)
    return [_Action(f"the preferred target {dist.preferred} stops listening; {dist.backups[0]} must get new connections",
                    down, up)]


def _backup_fails(record: ChangeRecord, dist: Distribution, commands: Callable[[str], ServerCommands]) -> list[_Action]:
    p_down, p_up = _server(record, dist, dist.preferred, commands)
    b_down, b_up = _server(record, dist, dist.backups[0], commands)
    after_return = ("new connections go back to it (AUTOSWITCHBACK)" if dist.autoswitchback
                    else f"new connections stay on {dist.backups[0]} (NOAUTOSWITCHBACK)")
    return [
        _Action(f"the preferred target {dist.preferred} stops listening; {dist.backups[0]} takes new connections", p_down, p_up),
        _Action(f"{dist.preferred} listens again: {after_return}", p_up, None, undoes=0),
        _Action(f"the active backup {dist.backups[0]} stops listening" if not dist.autoswitchback
                else f"the backup {dist.backups[0]} stops listening while {dist.preferred} is active", b_down, b_up),
    ]


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("distributor-takeover", "the distributor gives the DVIPA up and a VIPABACKUP stack takes it over",
             "VARY ...,SYSPLEX,DEACTIVATE,DVIPA= on the owner's stack; the highest-ranked VIPABACKUP stack must take the "
             "DVIPA over; REACTIVATE gives it back", _takeover),
    Scenario("target-switch", "the preferred target's server stops; the highest-ranked backup target gets new connections",
             "stop the server on the preferred system; the highest-ranked backup target must get new connections; "
             "then start it again", _switch),
    Scenario("backup-target-fails", "after a switch to the backup, the preferred returns and then the backup fails",
             "stop the preferred server, start it again (AUTOSWITCHBACK brings new connections back, NOAUTOSWITCHBACK "
             "keeps them on the backup), then stop the first backup's server: under NOAUTOSWITCHBACK this is when new "
             "connections return to the preferred target", _backup_fails),
)}
ALIASES = {"backup-target-fails-noautoswitchback": "backup-target-fails"}


def scenario_names() -> list[str]:
    return [*SCENARIOS, *ALIASES]


def build(record: ChangeRecord, scenario: str, *, dvipa: str | None = None, port: int | None = None,
          stop_command: str | None = None, start_command: str | None = None) -> Plan:
    """The plan of ``scenario`` on the record's distribution chosen by ``dvipa``/``port`` (default: the Zowe gateway).

    Raises :class:`PlanError` (the scenario does not fit the record) or
    :class:`~zowe_ha_lib.tcpip.choose.ChoiceError` (no or several distributions match).
    """
    name = ALIASES.get(scenario, scenario)
    if name not in SCENARIOS:
        raise PlanError(f"no scenario {scenario!r}; choose one of {', '.join(scenario_names())}")
    model = from_record_choice(record, dvipa, port)
    dist = next(d for d in record.distributions if d.name == model.name)
    chosen_port = port if port is not None else dist.ports[0]
    if chosen_port not in dist.ports:
        raise ChoiceError(f"port {chosen_port} is not a port of {dist.name} ({', '.join(map(str, dist.ports))})")

    def commands(system: str) -> ServerCommands:
        return server_commands(record, dist, system, stop_command, start_command)

    spec = SCENARIOS[name]
    actions = spec.build(record, dist, commands)
    timeline = failover.run(model, [a.command.event for a in actions])["timeline"]
    start = timeline[0]
    plan = Plan(record, name, spec.title, spec.summary, dist, model, chosen_port, start["distributor"], start["active"],
                [], observer=dist.distributor)
    for i, action in enumerate(actions):
        entry = timeline[i + 1]
        step = Step(str(i + 1), action.title, action.command, entry["distributor"], entry["active"], entry["reason"],
                    undo=action.undo, undoes=str(action.undoes + 1) if action.undoes is not None else None)
        step.checks = plan.checks(step.expect_distributor, step.expect_active, entry["states"])
        plan.steps.append(step)
    plan.notes = _notes(plan)
    return plan


def _notes(plan: Plan) -> list[str]:
    d = plan.distribution
    notes = [f"The probe connects to {d.dvipa}:{plan.port} from this machine several times a second; the outage is the "
             "longest run of failed connects."]
    if any(s.command.event.endswith(":deactivate") for s in plan.steps):
        notes.append("UNSURE: the model keeps the owner's server a target after its stack gave the DVIPA up (IBM's page "
                     "does not say); a mismatch on the active target at that step points at this assumption.")
    if any(s.command.event.endswith(("server-down", "server-up")) for s in plan.steps):
        notes.append("The server takes time to stop listening and to listen again (UNSURE how long; Java start-up can "
                     "take minutes): each display is repeated until it shows the expected state or --settle passes.")
        notes.append("Gentler alternative, not used here: VARY TCPIP,,SYSPLEX,QUIESCE,PORT=n on the target stack stops new "
                     "distributed connections without stopping the server (RESUME undoes it).")
    shared = [o.name for o in plan.record.distributions if o.dvipa == d.dvipa and o.name != d.name]
    if shared and any(s.command.event.endswith(":deactivate") for s in plan.steps):
        notes.append(f"DVIPA {d.dvipa} also carries {', '.join(shared)}: the takeover moves their distribution too.")
    if not d.autoswitchback:
        notes.append("NOAUTOSWITCHBACK: IBM makes the first ready listener active, so the start may have a backup active; "
                     "the pre-flight refuses to start unless the preferred target is active, as the model assumes.")
    if d.role == "zosmf":
        notes.append("This drill stops z/OSMF on a system: --zosmf must name a z/OSMF that stays up (not the DVIPA).")
    return notes
